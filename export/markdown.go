package export

import (
	"bufio"
	"io"
	"strings"

	"github.com/attune-dev/attune/internal/textcheck"
)

// writeMarkdown writes the summary as Markdown, for pasting into notes or
// a message. Every piece of text from the map goes through mdEscape, so
// it is shown as written and can never become a link, an image, HTML, a
// heading or a list.
func writeMarkdown(w io.Writer, s *summary) error {
	bw := bufio.NewWriter(w)
	line := func(str string) { bw.WriteString(str + "\n") }

	line("# " + mdEscape(s.Title))
	if s.Safeword != "" || s.Signal != "" {
		line("")
		if s.Safeword != "" {
			line("- **Stop word:** " + mdEscape(s.Safeword))
		}
		if s.Signal != "" {
			line("- **Stop signal:** " + mdEscape(s.Signal))
		}
		line("")
		line(stopLine)
	}

	line("")
	line("## Boundaries")
	if len(s.Lights) == 0 {
		line("")
		line(noBoundaries)
	}
	for _, g := range s.Lights {
		line("")
		line("### " + g.Symbol + " " + g.Label + ": " + g.Meaning)
		line("")
		for _, it := range g.Items {
			mdItem(line, it)
		}
	}

	line("")
	line("## Triggers")
	line("")
	if len(s.Groups) == 0 {
		line(noTriggers)
	} else {
		line(triggersLine)
	}
	for _, g := range s.Groups {
		line("")
		line("### " + g.Title)
		line("")
		for _, it := range g.Items {
			mdItem(line, it)
		}
	}
	return bw.Flush()
}

func mdItem(line func(string), it item) {
	text := mdEscape(it.Text)
	if it.Intensity != "" {
		text += " (" + intensityWords(it.Intensity) + ")"
	}
	if it.Private {
		text += " (private)"
	}
	line("- " + text)
	if it.Helps != "" {
		line("  - What helps: " + mdEscape(it.Helps))
	}
	if it.Note != "" {
		line("  - Note: " + mdEscape(it.Note))
	}
}

// mdSpecial are the characters mdEscape puts a backslash before: every
// one that can start or end Markdown markup (emphasis, code, links,
// images, HTML, headings, lists, tables, block quotes, strikethrough,
// entities, maths) or a GitHub-style autolink (the ':' of a URL scheme,
// the '.' of "www." and of a domain, the '@' of an e-mail address). All
// are ASCII punctuation, which CommonMark lets a backslash escape.
const mdSpecial = "\\`*_{}[]()#+-.!|<>~&:@$"

// mdEscape makes s safe to put anywhere in a line of Markdown: terminal
// controls are neutralized, runs of white space become one space (no
// line break, no indented code block), and every special character is
// escaped, so s reads exactly as written.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(textcheck.Neutralize(s)), " ")
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
