package app

import (
	"bytes"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
)

func summaryFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "partner", Usage: "summarise the map last imported from partner `NAME`"},
		&cli.StringFlag{Name: "from", Usage: "summarise an export `FILE` a partner sent you", TakesFile: true},
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: export.FormatText, Usage: "text, markdown or html (a printable one-page card)"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of the screen; the file is NOT encrypted", TakesFile: true},
		&cli.BoolFlag{Name: "include-private", Usage: "include your entries marked private, marked \"(private)\""},
	}
}

const summaryDescription = "Writes your boundaries and triggers in a form to read, print or paste: your name,\n" +
	"stop word and signal; STOP, ASK FIRST and GO; then triggers by category with what helps.\n" +
	"Entries marked private are left out unless --include-private.\n\n" +
	"Formats: text (for the terminal), markdown (for notes or a message), html (a card that\n" +
	"prints on one A4 or Letter page).\n\n" +
	"A summary you write to a file with --output is NOT encrypted: it is the one place attune\n" +
	"puts your map on disk in plain text. Keep it somewhere safe and delete it when you are done."

func summaryAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usage("use --partner NAME or --from FILE to choose whose map", "summary takes no arguments (got %q)", c.Args().First())
	}
	format, err := export.ParseFormat(c.String("format"))
	if err != nil {
		return typed(err)
	}
	partner, from, err := whoseMap(c)
	if err != nil {
		return err
	}
	if (partner != "" || from != "") && c.Bool("include-private") {
		return usage("a partner's private entries never leave their machine", "--include-private is only for your own map")
	}
	return withSession(func(s *session) error {
		out, checkOut := outputFlag(c)
		if checkOut {
			if err := checkOutput(s, out, "summary", "~/summary.txt"); err != nil {
				return err
			}
		}
		m, own, err := s.mapFor(partner, from)
		if err != nil {
			return err
		}
		opt := export.SummaryOptions{Format: format, IncludePrivate: own && c.Bool("include-private"), Now: m.Exported}
		if opt.Now.IsZero() {
			opt.Now = time.Now()
		}
		if out == "" {
			opt.Width = terminalWidth(c.App.Writer)
		}
		var buf bytes.Buffer
		if err := export.WriteSummary(&buf, m, opt); err != nil {
			return err
		}
		if own && !opt.IncludePrivate {
			if n := export.LeftOut(m); n > 0 {
				fmt.Fprintf(c.App.ErrWriter, "attune: left out %d private %s (--include-private adds them)\n", n, entries(n))
			}
		}
		if out == "" {
			_, err := c.App.Writer.Write(buf.Bytes())
			return err
		}
		if err := writeOutput(out, buf.Bytes()); err != nil {
			return fmt.Errorf("writing the summary: %w", err)
		}
		// On stderr, like export's message: --output may be /dev/stdout.
		fmt.Fprintf(c.App.ErrWriter, "attune: wrote %s (not encrypted: keep it somewhere safe, and delete it when you are done)\n", safe(out))
		return nil
	})(c)
}

func entries(n int) string {
	if n == 1 {
		return "entry"
	}
	return "entries"
}
