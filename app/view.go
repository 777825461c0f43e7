package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// printer writes the text form of a map, wrapped to the terminal's
// width with hanging indents (not wrapped at all off a terminal). Every
// piece of text from a map goes through safe, so nothing in a file —
// even one a partner sent — can drive the terminal, and a line break in
// a note always continues indented under its entry.
type printer struct {
	w      io.Writer
	colour bool
	width  int // 0: no wrapping
	// since marks, in a partner's map, what changed since the import
	// before the last one.
	since changes.Report
	err   error
}

func newPrinter(w io.Writer, colour bool, width int) *printer {
	return &printer{w: w, colour: colour, width: width}
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// para writes text after a first-line prefix, later lines indented by
// rest. label, if not empty, is the part of first to style.
func (p *printer) para(first, rest, text, label, sgr string) {
	for i, l := range textwidth.Wrap(first, rest, text, p.width) {
		if i == 0 && label != "" && p.colour {
			l = strings.Replace(l, label, p.style(sgr, label), 1)
		}
		p.printf("%s\n", l)
	}
}

// ANSI styles, used only when colour is on; the words carry the meaning.
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrDim    = "\x1b[2m"
	sgrRed    = "\x1b[1;31m"
	sgrYellow = "\x1b[1;33m"
	sgrGreen  = "\x1b[1;32m"
)

func (p *printer) style(sgr, s string) string {
	if !p.colour {
		return s
	}
	return sgr + s + sgrReset
}

func lightStyle(l boundaries.Light) string {
	switch l {
	case boundaries.Red:
		return sgrRed
	case boundaries.Yellow:
		return sgrYellow
	}
	return sgrGreen
}

// safe is text from a map made safe to print: every control character
// escaped, except line feeds, which the views indent.
func safe(s string) string { return textcheck.NeutralizeLines(s) }

// oneLineSafe is text made safe for a place that holds one line (a
// message): line breaks become " / ".
func oneLineSafe(s string) string {
	return strings.ReplaceAll(safe(s), "\n", " / ")
}

func (p *printer) header(m *mapfile.Map, own bool) {
	title := "Your map"
	if m.Name != "" {
		title = oneLineSafe(m.Name) + "'s map"
		if own {
			title = "Your map (" + oneLineSafe(m.Name) + ")"
		}
	}
	p.printf("%s\n", p.style(sgrBold, title))
	if m.Safeword != "" {
		p.para("  Stop word:   ", strings.Repeat(" ", 15), safe(m.Safeword)+p.settingMark("stop word"), "", "")
	}
	if m.Signal != "" {
		p.para("  Stop signal: ", strings.Repeat(" ", 15), safe(m.Signal)+p.settingMark("stop signal"), "", "")
	}
	if m.Safeword == "" && m.Signal == "" && own {
		p.printf("  No stop word yet: attune set safeword WORD\n")
	}
}

// entryIndent is where an entry's text starts: "    b12  ".
const entryIndent = 9

// entry writes one entry: its id, its text and marks, then each of its
// details ("note: …") indented under it.
func (p *printer) entry(id, text string, details [][2]string) {
	first := fmt.Sprintf("    %-4s ", id)
	pad := strings.Repeat(" ", max(entryIndent, len(first)))
	p.para(first, pad, text, "", "")
	for _, d := range details {
		if d[1] == "" {
			continue
		}
		label := d[0] + ":"
		p.para(pad+label+" ", pad+strings.Repeat(" ", len(label)+1), safe(d[1]), label, sgrDim)
	}
}

func (p *printer) boundaries(bs []boundaries.Boundary, none string) {
	p.printf("\n%s\n", p.style(sgrBold, "Boundaries"))
	if len(bs) == 0 {
		p.printf("  %s\n", none)
		return
	}
	i := 0
	for _, l := range boundaries.Lights {
		start := i
		for i < len(bs) && bs[i].Light == l {
			i++
		}
		if start == i {
			continue
		}
		p.printf("\n  %s\n", p.style(lightStyle(l), fmt.Sprintf("%s %s (%s light): %s", l.Symbol(), l.Label(), l, l.Meaning())))
		for _, b := range bs[start:i] {
			p.entry(b.ID, safe(b.Text)+p.sharingMark(b.Private, b.ShareWith)+p.mark(b.Key, b.ID), [][2]string{{"note", b.Note}})
		}
	}
}

func (p *printer) triggers(ts []triggers.Trigger, none string) {
	p.printf("\n%s\n", p.style(sgrBold, "Triggers"))
	if len(ts) == 0 {
		p.printf("  %s\n", none)
		return
	}
	var cat triggers.Category
	for _, t := range ts {
		if t.Category != cat {
			cat = t.Category
			p.printf("\n  %s\n", p.style(sgrBold, cat.Title()))
		}
		intensity := ""
		if t.Intensity != "" {
			intensity = " [" + string(t.Intensity) + "]"
		}
		p.entry(t.ID, safe(t.Text)+intensity+p.sharingMark(t.Private, t.ShareWith)+p.mark(t.Key, t.ID), [][2]string{{"what helps", t.Helps}, {"note", t.Note}})
	}
}

// mark is " (new)" or " (changed: ■ STOP → ● GO)" for an entry of a
// partner's map that changed since the import before the last one.
func (p *printer) mark(key, id string) string {
	if m := p.since.Mark(key, id); m != "" {
		return " (" + m + ")"
	}
	return ""
}

// settingMark marks a stop word or signal of a partner's map that is
// new or changed since the import before the last one.
func (p *printer) settingMark(name string) string {
	for _, s := range p.since.Settings {
		if s.Name != name {
			continue
		}
		if s.From == "" {
			return " (new)"
		}
		return " (changed; was " + safe(s.From) + ")"
	}
	return ""
}

// removedSince lists, in a partner's map, the entries removed since the
// import before the last one.
func (p *printer) removedSince() {
	first := true
	for _, e := range p.since.Entries {
		if e.Kind != changes.Removed {
			continue
		}
		if first {
			p.printf("\n  Removed since their export before this one:\n")
			first = false
		}
		p.entry(e.ID, e.Shown+": "+safe(e.Text), nil)
	}
}

// sharingMark is " (private)" or " (shared with Alex)" for an entry not
// shared with every partner.
func (p *printer) sharingMark(private bool, with []string) string {
	if w := sharingWords(private, with); w != "" {
		return " (" + safe(w) + ")"
	}
	return ""
}
