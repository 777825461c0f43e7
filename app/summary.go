package app

import (
	"bytes"
	"fmt"

	"github.com/attune-dev/attune/export"
)

func summaryAction(x *ctx) error {
	format := export.FormatText
	if x.IsSet("format") {
		f, err := export.ParseFormat(x.String("format"))
		if err != nil {
			return typed(err)
		}
		format = f
	}
	partner, from, err := whoseMap(x)
	if err != nil {
		return err
	}
	if (partner != "" || from != "") && x.Bool("include-private") {
		return usage("a partner's private entries never leave their machine", "--include-private is only for your own map")
	}
	return withSession(x, func(s *session) error {
		out, checkOut := outputFlag(x)
		if checkOut {
			if err := checkOutput(s, out, "summary", "~/summary.txt"); err != nil {
				return err
			}
		}
		m, own, err := s.mapFor(partner, from)
		if err != nil {
			return err
		}
		opt := export.SummaryOptions{Format: format, IncludePrivate: own && x.Bool("include-private"), Now: m.Exported}
		if opt.Now.IsZero() {
			opt.Now = x.io.Now()
		}
		if out == "" {
			opt.Width = x.io.Width
		}
		var buf bytes.Buffer
		if err := export.WriteSummary(&buf, m, opt); err != nil {
			return err
		}
		if own && !opt.IncludePrivate {
			if n := export.LeftOut(m); n > 0 {
				x.say("left out %d private %s (--include-private adds them)", n, entries(n))
			}
		}
		if out == "" {
			_, err := x.out().Write(buf.Bytes())
			return err
		}
		if err := writeOutput(out, buf.Bytes()); err != nil {
			return fmt.Errorf("writing the summary: %w", err)
		}
		// On stderr, like export's message: --output may be /dev/stdout.
		x.say("wrote %s (not encrypted: keep it somewhere safe, and delete it when you are done)", safe(out))
		return nil
	})
}

func entries(n int) string {
	if n == 1 {
		return "entry"
	}
	return "entries"
}
