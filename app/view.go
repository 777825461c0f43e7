package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
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
	// partner: a view a partner reads (their map, or a preview of what
	// they would receive), with the words every such view says.
	partner bool
	err     error
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
// escaped, except line feeds, which the views indent, and every
// character that shows nothing where it stands written as \u200b (as
// names are), so that no text hides what it holds.
func safe(s string) string { return mapfile.ShowInvisible(textcheck.NeutralizeLines(s)) }

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
	switch {
	case p.partner && m.Safeword == "" && m.Signal == "":
		p.para("  ", "  ", export.NoStopWord, "", "")
	case p.partner:
		p.para("  ", "  ", export.AlwaysCount, "", "")
	case m.Safeword == "" && m.Signal == "":
		p.printf("  No stop word yet: attune set safeword\n")
	}
}

// section writes a heading, then the line that goes with it, if any.
func (p *printer) section(title, line string) {
	p.printf("\n%s\n", p.style(sgrBold, title))
	if line != "" {
		p.para("  ", "  ", line, "", "")
	}
}

// setting writes one of what to do if one freezes or stops, under a
// label, its lines indented.
func (p *printer) setting(label, text, name string) {
	if text != "" {
		p.para("  "+label+": ", strings.Repeat(" ", len(label)+4), safe(text)+p.settingMark(name), "", "")
	}
}

// readMe is how to read the person: the signs that they are not OK, and
// what to do if they freeze. Left out when there is neither.
func (p *printer) readMe(m *mapfile.Map) {
	notOK := kindOf(m.Signs, signs.NotOK)
	if len(notOK) == 0 && m.IfFrozen == "" {
		return
	}
	p.section(export.HeadingReadMe, "")
	if len(notOK) > 0 {
		p.printf("\n  %s\n", p.style(sgrBold, signs.NotOK.Title()))
		p.signEntries(notOK)
	}
	if m.IfFrozen != "" {
		p.printf("\n")
		p.setting(export.HeadingIfFrozen, m.IfFrozen, "if I freeze")
	}
}

// signs writes the signs of one kind, under their heading; the signs of
// enjoying always with "a good sign is not a yes".
func (p *printer) signs(m *mapfile.Map, k signs.Kind) {
	list := kindOf(m.Signs, k)
	if len(list) == 0 {
		return
	}
	line := ""
	if k == signs.OK {
		line = export.NotAYes
	}
	p.section(k.Title(), line)
	p.signEntries(list)
}

func (p *printer) signEntries(list []signs.Sign) {
	for _, s := range list {
		p.entry(s.ID, safe(s.Text)+p.sharingMark(s.Private, s.ShareWith)+p.mark(s.Key, s.ID), [][2]string{{"note", s.Note}})
	}
}

func kindOf(list []signs.Sign, k signs.Kind) []signs.Sign {
	var out []signs.Sign
	for _, s := range list {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}

// care writes what to do if we stop (with whole, the setting too) and the
// aftercare, each time under its heading. Left out when empty.
func (p *printer) care(m *mapfile.Map, whole bool) {
	for _, w := range []aftercare.When{aftercare.AfterStop, aftercare.After, aftercare.NextDay} {
		var list []aftercare.Care
		for _, c := range m.Aftercare {
			if c.When == w {
				list = append(list, c)
			}
		}
		ifWeStop := w == aftercare.AfterStop && whole && m.IfWeStop != ""
		if len(list) == 0 && !ifWeStop {
			continue
		}
		title := export.HeadingAftercare + ": " + w.Phrase()
		if w == aftercare.AfterStop {
			title = export.HeadingIfWeStop
		}
		p.section(title, "")
		if ifWeStop {
			p.setting(export.HeadingRightThen, m.IfWeStop, "if we stop")
		}
		for _, c := range list {
			p.entry(c.ID, safe(c.Text)+p.sharingMark(c.Private, c.ShareWith)+p.mark(c.Key, c.ID), [][2]string{{"note", c.Note}})
		}
	}
}

// curious writes what the person is curious about, with the line that
// asks the partner not to raise it.
func (p *printer) curious(m *mapfile.Map) {
	if len(m.Curious) == 0 {
		return
	}
	p.section(export.HeadingCurious, export.BringUp)
	for _, c := range m.Curious {
		p.entry(c.ID, safe(c.Text)+p.sharingMark(c.Private, c.ShareWith)+p.mark(c.Key, c.ID), [][2]string{{"note", c.Note}})
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
			p.entry(b.ID, safe(b.Text)+p.sharingMark(b.Private, b.ShareWith)+p.mark(b.Key, b.ID), [][2]string{{"only if", b.OnlyIf}, {"note", b.Note}})
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
