package export

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/attune-dev/attune/internal/textcheck"
)

// minTextWidth is the narrowest column wrapped text gets, however narrow
// the terminal, so a line never shrinks to a word or two.
const minTextWidth = 20

// writeText writes the plain-text summary, wrapped to width columns with
// hanging indents. Every string from the map goes through
// textcheck.Neutralize: nothing in a map can drive the terminal.
func writeText(w io.Writer, s *summary, width int) error {
	bw := bufio.NewWriter(w)
	line := func(str string) { bw.WriteString(str + "\n") }
	para := func(first, rest, text string) {
		for _, l := range wrap(first, rest, text, width) {
			line(l)
		}
	}
	heading := func(title, rule string) {
		para("", "", title)
		n := min(displayWidth(title), width)
		line(strings.Repeat(rule, n))
	}

	heading(textcheck.Neutralize(s.Title), "=")
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
	para("  - ", "    ", text)
	if it.Helps != "" {
		para("    What helps: ", "                ", textcheck.Neutralize(it.Helps))
	}
	if it.Note != "" {
		para("    Note: ", "          ", textcheck.Neutralize(it.Note))
	}
}

// wrap breaks text into lines of at most width columns: the first line
// starts with first, the others with rest (a hanging indent). Words longer
// than a line are cut. The text column is never narrower than
// minTextWidth, so on a very narrow terminal lines may be longer than
// width.
func wrap(first, rest, text string, width int) []string {
	var lines []string
	prefix := first
	var cur strings.Builder
	curLen := 0
	avail := func() int { return max(width-displayWidth(prefix), minTextWidth) }
	flush := func() {
		lines = append(lines, strings.TrimRight(prefix+cur.String(), " "))
		cur.Reset()
		curLen = 0
		prefix = rest
	}
	for _, word := range strings.Fields(text) {
		wl := displayWidth(word)
		if curLen > 0 && curLen+1+wl > avail() {
			flush()
		}
		for wl > avail() && curLen == 0 {
			head, tail := cutWidth(word, avail())
			cur.WriteString(head)
			curLen = displayWidth(head)
			flush()
			word, wl = tail, displayWidth(tail)
		}
		if wl == 0 {
			continue
		}
		if curLen > 0 {
			cur.WriteByte(' ')
			curLen++
		}
		cur.WriteString(word)
		curLen += wl
	}
	if curLen > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// displayWidth counts the terminal columns s takes. attune's text holds
// no control characters (textcheck), so this is the sum of runeWidth.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is the columns one character takes at a terminal: two for
// East Asian wide and fullwidth characters (CJK, most emoji), none for
// combining marks, joiners and variation selectors, one otherwise.
func runeWidth(r rune) int {
	if r < utf8.RuneSelf {
		return 1 // ASCII, most text: no table lookups
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cutWidth splits s after at most n columns, keeping combining marks with
// the character they belong to. It always takes at least one character,
// so a caller cutting a long word in a loop goes forward.
func cutWidth(s string, n int) (string, string) {
	i, cols := 0, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := runeWidth(r)
		if w > 0 && cols+w > n && i > 0 {
			break
		}
		cols += w
		i += size
	}
	return s[:i], s[i:]
}
