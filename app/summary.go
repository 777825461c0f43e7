package app

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/textcheck"
)

func summaryAction(x *ctx) error {
	format, err := summaryFormat(x)
	if err != nil {
		return err
	}
	title, err := summaryTitle(x)
	if err != nil {
		return err
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
		v, err := s.mapFor(partner, from)
		if err != nil {
			return err
		}
		m, own := v.m, v.own
		opt := export.SummaryOptions{Format: format, IncludePrivate: own && x.Bool("include-private"), Now: m.Exported, Since: v.since, Trust: v.trust,
			Title: title, ShowName: x.Bool("show-name"), WithGuide: x.Bool("with-guide")}
		if opt.Now.IsZero() {
			opt.Now = x.io.Now()
		}
		opt.Width = summaryWidth(x, out == "")
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

// summaryTitle is --title, checked as typed text, or "". --show-name
// only goes with it: without one, the name is in the heading already.
func summaryTitle(x *ctx) (string, error) {
	if !x.IsSet("title") {
		if x.Bool("show-name") {
			return "", usage("the name is in the usual heading already; --show-name keeps it on a card headed with --title",
				"--show-name goes with --title")
		}
		return "", nil
	}
	t := x.String("title")
	if err := export.CheckTitle(t); err != nil {
		return "", titleError(err)
	}
	return textcheck.Clean(t), nil
}

// titleError words a refused --title as a mistake on the command line,
// with a hint about headings rather than entries.
func titleError(err error) error {
	hint := ""
	var te *textcheck.TextError
	if errors.As(err, &te) {
		switch te.Kind {
		case textcheck.Empty:
			hint = `write a few words, for example --title "Notes for Alex", or leave out --title for the usual heading`
		case textcheck.TooLong:
			hint = `a few words are enough, for example --title "Notes for Alex"`
		default:
			hint = textHint(te)
		}
	}
	return &userError{msg: err.Error(), hint: hint, code: ExitUsage, err: err}
}

func entries(n int) string {
	if n == 1 {
		return "entry"
	}
	return "entries"
}

// summaryFormat is --format, else what --output's ending says (.html,
// .md, .txt), else text; a --format that contradicts the ending is
// refused, so a card.html never holds plain text.
func summaryFormat(x *ctx) (string, error) {
	out, _ := outputFlag(x)
	byName := export.FormatOfFile(out)
	if !x.IsSet("format") {
		if byName != "" {
			return byName, nil
		}
		return export.FormatText, nil
	}
	f, err := export.ParseFormat(x.String("format"))
	if err != nil {
		return "", typed(err)
	}
	if byName != "" && byName != f {
		return "", usage(fmt.Sprintf("leave out --format, or name the file for %s (for example summary%s)", f, formatExample(f)),
			"--format %s does not match %s, which names a %s file", f, safe(out), byName)
	}
	return f, nil
}

func formatExample(f string) string {
	switch f {
	case export.FormatHTML:
		return ".html"
	case export.FormatMarkdown:
		return ".md"
	}
	return ".txt"
}

// summaryWidth is the width text is wrapped to: --width if given (0:
// never); at a terminal, its width; elsewhere $COLUMNS if set; else no
// wrapping, so a summary pasted into a message never breaks mid-sentence.
func summaryWidth(x *ctx, toStdout bool) int {
	if x.IsSet("width") {
		return max(0, x.Int("width"))
	}
	if toStdout && x.io.OutTTY {
		return x.io.Width
	}
	if c, err := strconv.Atoi(x.io.Getenv("COLUMNS")); err == nil && c > 0 {
		return c
	}
	return 0
}
