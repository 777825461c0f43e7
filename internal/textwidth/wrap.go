package textwidth

import (
	"strings"
	"unicode/utf8"
)

// minTextWidth is the narrowest column wrapped text gets, however narrow
// the terminal, so a line never shrinks to a word or two.
const minTextWidth = 20

// noWrap is the column of unwrapped text: wider than any line.
const noWrap = int(^uint(0) >> 2)

// Wrap breaks text into lines of at most width columns with a hanging
// indent: the first line starts with first, every other line with rest.
// Lines break only at spaces (see isBreakingSpace), which are collapsed to
// one between words and dropped at the ends of lines. A word wider than
// the text column is cut, at grapheme cluster boundaries. The text column
// is never narrower than 20 columns, so on a very narrow terminal lines
// may be wider than width. A line feed (or CR LF) in text ends a line:
// what follows starts a new line with rest. width <= 0 wraps nothing, but
// still breaks at line feeds. Text with nothing to show gives one line,
// first without its trailing spaces.
//
// text should be neutralized for the terminal (textcheck.Neutralize) but
// for its line feeds: other control characters are not spaces here.
func Wrap(first, rest, text string, width int) []string {
	w := wrapper{width: width, prefix: first, rest: rest}
	w.prefixCols = Width(first)
	// Room for the lines plain text needs, so the slice grows once.
	w.lines = make([]string, 0, strings.Count(text, "\n")+1+len(text)/w.avail())
	for {
		line, after, found := strings.Cut(text, "\n")
		if found {
			line = strings.TrimSuffix(line, "\r") // CR LF is one line break
		}
		w.paragraph(line)
		if !found {
			return w.lines
		}
		text = after
	}
}

// wrapper holds the lines of one Wrap call.
type wrapper struct {
	width      int
	prefix     string // the prefix of the next line
	prefixCols int
	rest       string
	lines      []string
}

// avail is the columns the text of the next line may take.
func (w *wrapper) avail() int {
	if w.width <= 0 {
		return noWrap
	}
	return max(w.width-w.prefixCols, minTextWidth)
}

// emit adds one line: the prefix, then body.
func (w *wrapper) emit(body string) {
	if body == "" {
		w.lines = append(w.lines, strings.TrimRight(w.prefix, " "))
	} else {
		w.lines = append(w.lines, w.prefix+body)
	}
	if w.prefix != w.rest {
		w.prefix, w.prefixCols = w.rest, Width(w.rest)
	}
}

// paragraph wraps text that holds no line feed, into one line or more.
func (w *wrapper) paragraph(p string) {
	// The current line is p[start:end]; while every gap in it is one
	// space (clean), the line is that slice of p, with no copying.
	var (
		start, end, cols int
		clean, open      bool
		emitted          bool
	)
	sc := words{s: p, state: -1}
	for {
		word, at, wl, single, ok := sc.next()
		if !ok {
			break
		}
		if open && cols+1+wl <= w.avail() {
			cols, end, clean = cols+1+wl, at+len(word), clean && single
			continue
		}
		if open {
			w.emit(body(p[start:end], clean))
			emitted = true
		}
		for wl > w.avail() {
			n, hc := cut(word, w.avail(), true)
			w.emit(word[:n])
			emitted = true
			word, at, wl = word[n:], at+n, wl-hc
		}
		open = word != ""
		start, end, cols, clean = at, at+len(word), wl, true
	}
	if open || !emitted {
		w.emit(body(p[start:end], clean))
	}
}

// body is the text of a line from its slice of the paragraph: the slice
// itself when every gap is one space, else its words joined by spaces.
func body(s string, clean bool) string {
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	sc := words{s: s, state: -1}
	for {
		word, _, _, _, ok := sc.next()
		if !ok {
			return b.String()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(word)
	}
}

// words walks the words of a line of text (with no line feed): runs of
// grapheme clusters between breaking spaces.
type words struct {
	s     string
	i     int
	state int
}

// next returns the next word, its byte offset in s, its columns, and
// whether the gap before it was exactly one space; ok is false at the end.
func (sc *words) next() (word string, at, cols int, single, ok bool) {
	gap := sc.i
	for sc.i < len(sc.s) {
		n, _, space, state := sc.peek()
		if !space {
			break
		}
		sc.i, sc.state = sc.i+n, state
	}
	if sc.i == len(sc.s) {
		return "", 0, 0, false, false
	}
	at = sc.i
	for sc.i < len(sc.s) {
		n, w, space, state := sc.peek()
		if space {
			break
		}
		sc.i, sc.state = sc.i+n, state
		cols += w
	}
	return sc.s[at:sc.i], at, cols, sc.s[gap:at] == " ", true
}

// peek reads the cluster at sc.i: its bytes, its columns, whether it is a
// breaking space, and the cluster state for the one after it.
func (sc *words) peek() (n, cols int, space bool, state int) {
	s, i := sc.s, sc.i
	// ASCII before ASCII is a cluster of its own (no line feed here, so
	// no CR LF): the words of most text need no table.
	if c := s[i]; c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
		switch {
		case c == ' ':
			return 1, 0, true, -1
		case c >= 0x20 && c != 0x7f:
			return 1, 1, false, -1
		}
		return 1, 0, false, -1
	}
	cluster, _, cols, state := NextCluster(s[i:], sc.state)
	return len(cluster), cols, isBreakingSpace(cluster), state
}
