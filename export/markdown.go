package export

import (
	"bufio"
	"io"
	"strings"
	"unicode"

	"github.com/attune-dev/attune/guide"
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
	if s.Subtitle != "" {
		line("")
		line(mdEscape(s.Subtitle))
	}
	if s.Trust != "" {
		line("")
		line("(" + mdEscape(s.Trust) + ")")
	}
	for _, pt := range s.Parts {
		line("")
		line("## " + pt.Heading)
		if len(pt.Pieces) == 0 && pt.Empty != "" {
			line("")
			line(pt.Empty)
		}
		for _, l := range pt.Lines {
			line("")
			line(l)
		}
		labelled := false
		for _, pc := range pt.Pieces {
			if pc.Group == nil {
				if !labelled {
					line("")
				}
				line("- **" + pc.Label + ":** " + mdLines(pc.Text, "  "))
				labelled = true
				continue
			}
			labelled = false
			line("")
			if pc.Group.Title != "" {
				line("### " + pc.Group.Title)
				line("")
			}
			for _, it := range pc.Group.Items {
				mdItem(line, it)
			}
		}
		for _, l := range pt.After {
			line("")
			line(l)
		}
	}
	if t := s.Guide; t != nil {
		line("")
		line("## " + mdEscape(t.Title))
		for _, b := range t.Blocks() {
			line("")
			if b.Para != "" {
				line(mdEscape(b.Para))
			}
			for _, p := range b.Points {
				line("- " + mdEscape(p))
			}
		}
		line("")
		line("### Sources")
		line("")
		for _, src := range t.Sources {
			line("- " + mdEscape(src))
		}
		line("")
		line(mdEscape(guide.NotTherapy))
	}
	return bw.Flush()
}

func mdItem(line func(string), it item) {
	text := mdEscape(it.Text)
	if it.High() {
		text = "**" + text + "** (high intensity)"
	} else if it.Intensity != "" {
		text += " (" + intensityWords(it.Intensity) + ")"
	}
	if it.Private {
		text += " (private)"
	}
	if it.Mark != "" {
		text += " (" + mdEscape(it.Mark) + ")"
	}
	line("- " + text)
	for _, f := range it.Details() {
		line("  - " + f[0] + ": " + mdLines(f[1], "    "))
	}
}

// mdEscape makes one line of text safe to put in a line of Markdown, as
// written: terminal controls are neutralized, runs of white space become
// one space, and a character is escaped only where CommonMark (with
// GitHub's extensions: tables, strikethrough, autolinks) would read it as
// markup there, so ordinary punctuation — "(even 1-2 drinks). Talk
// first: e.g. at dinner." — stays as typed, and pasted into a message or
// a notes app no backslash shows where none is needed.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(textcheck.Neutralize(s)), " ")
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range rs {
		if mdNeedsEscape(rs, i) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdNeedsEscape reports whether rs[i] would be read as markup.
func mdNeedsEscape(rs []rune, i int) bool {
	r := rs[i]
	at := func(j int) rune {
		if j < 0 || j >= len(rs) {
			return 0
		}
		return rs[j]
	}
	word := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }
	switch r {
	case '\\', '`', '*', '[', '<', '~', '|':
		// Escapes, code, emphasis, links and images, HTML and autolinks,
		// strikethrough, tables: markup wherever they stand.
		return true
	case '_':
		// Emphasis, but never inside a word (snake_case).
		return !word(at(i-1)) || !word(at(i+1))
	case '&':
		return mdEntity(rs[i+1:])
	case ':':
		// An autolink's scheme: http://, https://, mailto:…
		return at(i+1) == '/' && at(i+2) == '/' || mdScheme(rs[:i]) == "mailto"
	case '@':
		// An e-mail autolink: a word on each side.
		return word(at(i-1)) && word(at(i+1))
	case '.':
		// A www. autolink, or an ordered list's "1.".
		return i >= 3 && strings.EqualFold(string(rs[i-3:i]), "www") && !word(at(i-4)) || mdOrderedMarker(rs, i)
	}
	if i == mdLineStart(rs) {
		switch r {
		case '#', '-', '+', '>', '=':
			// Headings, lists, block quotes, underlines and rules.
			return true
		}
	}
	return r == ')' && mdOrderedMarker(rs, i)
}

// mdLineStart is where a line's text starts (after leading spaces).
func mdLineStart(rs []rune) int {
	for i, r := range rs {
		if r != ' ' {
			return i
		}
	}
	return 0
}

// mdOrderedMarker: rs[i] ends "1." or "12)" at the start of the line.
func mdOrderedMarker(rs []rune, i int) bool {
	start := mdLineStart(rs)
	if i == start || i-start > 9 {
		return false
	}
	for _, c := range rs[start:i] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// mdEntity reports whether rest (after an "&") reads as an HTML entity:
// a name or a number, then ";".
func mdEntity(rest []rune) bool {
	for i, c := range rest {
		switch {
		case c == ';':
			return i > 0
		case i > 32, !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '#' && i == 0):
			return false
		}
	}
	return false
}

// mdScheme is the word just before a colon, lower case.
func mdScheme(before []rune) string {
	j := len(before)
	for j > 0 && unicode.IsLetter(before[j-1]) {
		j--
	}
	return strings.ToLower(string(before[j:]))
}

// mdLines is mdEscape for text that may hold line breaks: each line is
// escaped on its own, and a break is a Markdown hard break followed by
// indent, so it continues the same list item.
func mdLines(s, indent string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = mdEscape(l)
	}
	return strings.Join(lines, "\\\n"+indent)
}
