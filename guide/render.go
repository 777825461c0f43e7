package guide

import (
	"bufio"
	"io"
	"strings"

	"github.com/attune-dev/attune/internal/roff"
	"github.com/attune-dev/attune/internal/textwidth"
)

// WriteText writes a page as text, wrapped to width columns (0: no
// wrapping).
func WriteText(w io.Writer, t *Topic, width int) error {
	tw := textwidth.NewWriter(w, width)
	line, para := tw.Line, tw.Para
	tw.Heading(t.Title, "=")
	for _, b := range t.Blocks() {
		line("")
		if b.Para != "" {
			para("", "", b.Para)
		}
		for _, p := range b.Points {
			para("  - ", "    ", p)
		}
	}
	line("")
	line("Sources")
	for _, s := range t.Sources {
		para("  - ", "    ", s)
	}
	line("")
	para("", "", NotTherapy)
	return tw.Flush()
}

// WriteMan writes every page as one manual page, attune-guide(7), in
// roff: a section per topic.
func WriteMan(w io.Writer, version string) error {
	bw := bufio.NewWriter(w)
	line := func(s string) { bw.WriteString(s + "\n") }
	line(`.TH ATTUNE-GUIDE 7 "" "attune ` + roffQuote(version) + `" "attune guide"`)
	line(".SH NAME")
	line(`attune-guide \- a short guide for survivors and their partners`)
	line(".SH DESCRIPTION")
	line(roffText("The same pages as `attune guide TOPIC`, for reading with man. Topics: " + strings.Join(order, ", ") + "."))
	for _, t := range Topics() {
		line(".SH " + roffText(strings.ToUpper(t.Title)))
		for _, b := range t.Blocks() {
			if b.Para != "" {
				line(".PP")
				line(roffText(b.Para))
			}
			for _, p := range b.Points {
				line(`.IP \(bu 2`)
				line(roffText(p))
			}
		}
		line(".PP")
		line(`.B Sources`)
		for _, s := range t.Sources {
			line(`.IP \(bu 2`)
			line(roffText(s))
		}
	}
	line(".SH NOTE")
	line(roffText(NotTherapy))
	line(".SH SEE ALSO")
	line(`.BR attune (1)`)
	return bw.Flush()
}

func roffText(s string) string { return roff.Text(s) }

func roffQuote(s string) string { return roff.Quoted(s) }
