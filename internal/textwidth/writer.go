package textwidth

import (
	"bufio"
	"io"
	"strings"
)

// Writer writes plain text wrapped to a width: the summaries, the
// comparison and the guide, which all write paragraphs with hanging
// indents under underlined headings. Errors are kept until Flush.
type Writer struct {
	w     *bufio.Writer
	width int // 0: no wrapping
}

// NewWriter writes to w, wrapping to width columns (0: never).
func NewWriter(w io.Writer, width int) *Writer {
	return &Writer{w: bufio.NewWriter(w), width: width}
}

// Line writes one line as it is.
func (t *Writer) Line(s string) { t.w.WriteString(s + "\n") }

// Para writes text after a first-line prefix, later lines after rest.
func (t *Writer) Para(first, rest, text string) {
	for _, l := range Wrap(first, rest, text, t.width) {
		t.Line(l)
	}
}

// Heading writes a title underlined with rule ("=" or "-"), the rule as
// wide as the title or the width, whichever is less.
func (t *Writer) Heading(title, rule string) {
	t.Para("", "", title)
	n := Width(title)
	if t.width > 0 {
		n = min(n, t.width)
	}
	t.Line(strings.Repeat(rule, n))
}

// Flush writes out what is buffered, and reports the first error.
func (t *Writer) Flush() error { return t.w.Flush() }
