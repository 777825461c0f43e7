package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// The words of changes: what add, edit, remove, set and undo say they
// did, and what an import says changed. One line per entry, with the
// light's word and symbol, and the entry's text, so a wrong id, light or
// word shows at once; cut to one terminal line with "…".

// reporter writes change lines to the terminal.
type reporter struct {
	x     *ctx
	width int // 0: no cutting (not a terminal)
}

func (x *ctx) reporter() reporter {
	r := reporter{x: x}
	if x.io.OutTTY {
		r.width = x.io.Width
	}
	return r
}

// line prints one line, cut to the terminal's width.
func (r reporter) line(indent, s string) {
	s = oneLineSafe(s)
	if r.width > 0 {
		s = textwidth.Truncate(indent+s, r.width)
	} else {
		s = indent + s
	}
	fmt.Fprintln(r.x.out(), s)
}

// triggerLine is "t2 Smells: Smoke [high]", the intensity as list shows it.
func triggerLine(t triggers.Trigger) string {
	s := t.ID + " " + t.Category.Title() + ": " + t.Text
	if t.Intensity != "" {
		s += " [" + string(t.Intensity) + "]"
	}
	return s
}

// entryLine is "added b3 ● GO: Kissing", "removed t2 Smells: Smoke",
// "changed b4: ■ STOP → ● GO — Being woken up by touch".
func entryLine(e changes.Entry) string {
	switch e.Kind {
	case changes.Added:
		return "added " + e.ID + " " + e.Shown + ": " + e.Text
	case changes.Removed:
		return "removed " + e.ID + " " + e.Shown + ": " + e.Text
	}
	return "changed " + e.ID + ": " + fieldsWords(e.Fields) + " — " + e.Text
}

// fieldsWords says which fields changed: a light, category or intensity
// with its values, the others by name.
func fieldsWords(fs []changes.Field) string {
	var out []string
	for _, f := range fs {
		out = append(out, fieldWords(f))
	}
	return strings.Join(out, ", ")
}

func fieldWords(f changes.Field) string {
	switch f.Name {
	case "light", "category", "kind":
		return f.From + " → " + f.To
	case "when":
		return "when: " + f.From + " → " + f.To
	case "intensity":
		return "intensity " + orNone(f.From) + " → " + orNone(f.To)
	case "private":
		if f.To == "yes" {
			return "now private"
		}
		return "now shared"
	case "shared with":
		if f.To == "" {
			return "now shared with every partner"
		}
		return "now shared with " + f.To + " only"
	}
	return f.Name
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// settingSubject names a setting in a sentence, one's own (own) or a
// partner's: "your stop word", "what to do if they freeze".
func settingSubject(name string, own bool) string {
	switch {
	case name == "if I freeze" && own:
		return "what to do if you freeze"
	case name == "if I freeze":
		return "what to do if they freeze"
	case name == "if we stop":
		return "what to do right then if you stop"
	case own:
		return "your " + name
	}
	return name
}

// settingLine is "set your stop word: pineapple → mango".
func settingLine(s changes.Setting) string {
	subject := settingSubject(s.Name, true)
	switch {
	case s.From == "":
		return "set " + subject + ": " + s.To
	case s.To == "":
		return "cleared " + subject + " (was " + s.From + ")"
	}
	return "set " + subject + ": " + s.From + " → " + s.To
}

// maxReportLines bounds the lines undo prints.
const maxReportLines = 20

// report prints every change between two versions of one's own map,
// up to maxReportLines, then how many more.
func (r reporter) report(indent string, rep changes.Report) {
	var lines []string
	for _, s := range rep.Settings {
		lines = append(lines, settingLine(s))
	}
	for _, e := range rep.Entries {
		lines = append(lines, entryLine(e))
	}
	for i, l := range lines {
		if i == maxReportLines && len(lines) > maxReportLines+1 {
			r.line(indent, fmt.Sprintf("and %d more", len(lines)-i))
			return
		}
		r.line(indent, l)
	}
}

// compareEntry compares one entry before and after an edit.
func compareEntry(before, after *mapfile.Map) changes.Report {
	return changes.Compare(before, after)
}

// day says the local day of t: "3 October", with the year when it is
// not this year ("3 October 2025").
func day(t, now time.Time) string {
	t = t.Local()
	if t.Year() == now.Year() {
		return t.Format("2 January")
	}
	return t.Format("2 January 2006")
}

// importReport says everything that changed since a partner's last
// export: the changes that ask for more care first, under a calm
// heading, then the others.
func (r reporter) importReport(rep changes.Report, now time.Time) {
	since := "since their last export"
	if !rep.Since.IsZero() {
		since = "since their export of " + day(rep.Since, now)
	}
	if rep.None() {
		r.line("", "no changes "+since)
		return
	}
	r.line("", "changes "+since+":")
	cs, ce := rep.Careful()
	os, oe := rep.Others()
	if len(cs)+len(ce) > 0 {
		r.line("  ", "read these first:")
		for _, s := range cs {
			r.line("    ", carefulSettingLine(s))
		}
		for _, e := range ce {
			r.line("    ", carefulEntryLine(e))
		}
		if len(os)+len(oe) > 0 {
			r.line("  ", "also:")
		}
	}
	for _, s := range os {
		r.line("    ", s.Name+" is now "+s.To+" (was "+orNone(s.From)+")")
	}
	for _, e := range oe {
		r.line("    ", theirEntryLine(e))
	}
}

// carefulSettingLine: "stop word is now mango (was pineapple)", "stop
// signal cleared (was two taps)".
func carefulSettingLine(s changes.Setting) string {
	subject := settingSubject(s.Name, false)
	switch {
	case s.To == "":
		return subject + " cleared (was " + s.From + "): no, stop, or going still always count"
	case s.From == "":
		return subject + " is now " + s.To
	}
	return subject + " is now " + s.To + " (was " + s.From + ")"
}

// carefulEntryLine puts the change first: "b4 Being woken up by touch:
// now ● GO (was ■ STOP)", "removed b2 ■ STOP: Oral sex", and names the
// light of a boundary whose light did not change: "b1 ■ STOP Being held
// down: text changed (was "Being held")".
func carefulEntryLine(e changes.Entry) string {
	if e.Kind == changes.Removed {
		return "removed " + e.ID + " " + e.Shown + ": " + e.Text
	}
	what := e.ID + " " + e.Text
	if e.Section == mapfile.BoundarySection.Name && !slices.ContainsFunc(e.Fields, func(f changes.Field) bool { return f.Name == "light" }) {
		what = e.ID + " " + e.Shown + " " + e.Text
	}
	var parts []string
	for _, f := range e.Fields {
		if f.Careful {
			parts = append(parts, carefulField(f))
		}
	}
	for _, f := range e.Fields {
		if !f.Careful {
			parts = append(parts, theirField(f))
		}
	}
	return what + ": " + strings.Join(parts, "; ")
}

func carefulField(f changes.Field) string {
	switch f.Name {
	case "light":
		return "now " + f.To + " (was " + f.From + ")"
	case "intensity":
		return "intensity now " + orNone(f.To) + " (was " + orNone(f.From) + ")"
	case "text":
		return theirField(f)
	}
	if f.To == "" {
		return f.Name + " removed (was " + f.From + ")"
	}
	return f.Name + " now " + orNone(f.To) + " (was " + orNone(f.From) + ")"
}

// theirEntryLine is one change in a partner's map that is not careful:
// "new b7 ● GO: Slow dancing", "b4 Being woken up by touch: light ●
// GO → ■ STOP; note changed".
func theirEntryLine(e changes.Entry) string {
	switch e.Kind {
	case changes.Added:
		return "new " + e.ID + " " + e.Shown + ": " + e.Text
	case changes.Removed:
		return "removed " + e.ID + " " + e.Shown + ": " + e.Text
	}
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, theirField(f))
	}
	return e.ID + " " + e.Text + ": " + strings.Join(parts, "; ")
}

func theirField(f changes.Field) string {
	switch f.Name {
	case "light", "category", "kind", "when":
		return f.Name + " " + f.From + " → " + f.To
	case "intensity":
		return "intensity " + orNone(f.From) + " → " + orNone(f.To)
	case "text":
		return "text changed (was \"" + f.From + "\")"
	}
	if f.To == "" {
		return f.Name + " removed"
	}
	return f.Name + " now \"" + f.To + "\""
}
