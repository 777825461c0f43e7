package export

import (
	"bufio"
	"io"
	"strings"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
)

// writeText writes the plain-text summary, wrapped to width columns with
// hanging indents (textwidth.Wrap). Every string from the map goes through
// textcheck.Neutralize: nothing in a map can drive the terminal.
func writeText(w io.Writer, s *summary, width int) error {
	bw := bufio.NewWriter(w)
	line := func(str string) { bw.WriteString(str + "\n") }
	para := func(first, rest, text string) {
		for _, l := range textwidth.Wrap(first, rest, text, width) {
			line(l)
		}
	}
	heading := func(title, rule string) {
		para("", "", title)
		n := textwidth.Width(title)
		if width > 0 {
			n = min(n, width)
		}
		line(strings.Repeat(rule, n))
	}

	heading(textcheck.Neutralize(s.Title), "=")
	if s.Trust != "" {
		para("", "", "("+s.Trust+")")
	}
	if s.Safeword != "" || s.Signal != "" {
		line("")
		if s.Safeword != "" {
			para("Stop word: ", "           ", textcheck.Neutralize(s.Safeword))
		}
		if s.Signal != "" {
			para("Stop signal: ", "             ", textcheck.Neutralize(s.Signal))
		}
		para("", "", stopLine)
	}

	line("")
	heading("Boundaries", "-")
	if len(s.Lights) == 0 {
		line("")
		para("", "", noBoundaries)
	}
	for _, g := range s.Lights {
		line("")
		para("", "  ", g.Symbol+" "+g.Label+": "+g.Meaning)
		for _, it := range g.Items {
			textItem(para, it)
		}
	}

	line("")
	heading("Triggers", "-")
	line("")
	if len(s.Groups) == 0 {
		para("", "", noTriggers)
	} else {
		para("", "", triggersLine)
	}
	for _, g := range s.Groups {
		line("")
		para("", "  ", g.Title)
		for _, it := range g.Items {
			textItem(para, it)
		}
	}
	return bw.Flush()
}

func textItem(para func(first, rest, text string), it item) {
	text := textcheck.Neutralize(it.Text)
	if it.Intensity != "" {
		text += " (" + intensityWords(it.Intensity) + ")"
	}
	if it.Private {
		text += " (private)"
	}
	if it.Mark != "" {
		text += " (" + it.Mark + ")"
	}
	para("  - ", "    ", text)
	if it.Helps != "" {
		para("    What helps: ", "                ", textcheck.NeutralizeLines(it.Helps))
	}
	if it.Note != "" {
		para("    Note: ", "          ", textcheck.NeutralizeLines(it.Note))
	}
}
