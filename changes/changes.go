// Package changes compares two versions of a map — a partner's last
// import and the one before it, the map undo puts back and the one it
// replaces, the map before and after an edit — entry by entry and field
// by field, and says which changes ask a partner for more care. Entries
// are matched by their hidden unique key, never by the short id alone
// (ids are reused across copies made before keys existed). It knows the
// map schema and nothing of files or terminals; app words the report.
package changes

import (
	"strings"
	"time"
	"unicode"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// Kind is what happened to an entry.
type Kind int

const (
	Added Kind = iota + 1
	Removed
	Changed
)

// Field is one field that changed, with its value before and after as
// a person reads it ("■ STOP", "high", the text).
type Field struct {
	Name     string // "light", "only if", "category", "intensity", "what helps", "kind", "when", "text", "note"…
	From, To string
	// Careful: this change asks a partner for more care (a light that
	// became less cautious, a lowered intensity, a dropped condition).
	Careful bool
}

// Entry is one entry that was added, removed or changed.
type Entry struct {
	Kind    Kind
	Section string // "boundary", "trigger", "sign", "aftercare" or "curious"
	ID      string // its id (in the newer version; in the older one when removed)
	Key     string // its hidden key
	Text    string // its text (newer; older when removed)
	Shown   string // how its kind reads before the text: "■ STOP", "Smells"
	Fields  []Field
	// Careful: the change asks a partner for more care (see Field), or
	// the entry was a STOP, an ASK FIRST or a trigger and is removed.
	Careful bool
}

// Setting is a change of the name, the stop word or the stop signal.
type Setting struct {
	Name     string // "name", "stop word", "stop signal", "if I freeze", "if we stop"
	From, To string
	Careful  bool // a stop word, a signal, or what to do if I freeze or we stop changed
}

// Report is everything that differs between two versions of a map.
type Report struct {
	// Since is when the older version was exported (zero if unknown).
	Since    time.Time
	Entries  []Entry
	Settings []Setting
}

// None reports whether nothing differs.
func (r Report) None() bool { return len(r.Entries) == 0 && len(r.Settings) == 0 }

// Careful lists the changes that ask for more care, first in any view.
func (r Report) Careful() (settings []Setting, entries []Entry) {
	for _, s := range r.Settings {
		if s.Careful {
			settings = append(settings, s)
		}
	}
	for _, e := range r.Entries {
		if e.Careful {
			entries = append(entries, e)
		}
	}
	return settings, entries
}

// Others lists the changes that are not Careful.
func (r Report) Others() (settings []Setting, entries []Entry) {
	for _, s := range r.Settings {
		if !s.Careful {
			settings = append(settings, s)
		}
	}
	for _, e := range r.Entries {
		if !e.Careful {
			entries = append(entries, e)
		}
	}
	return settings, entries
}

// Of finds the change of the entry with this key, if any.
func (r Report) Of(key, id string) (Entry, bool) {
	for _, e := range r.Entries {
		if e.Kind != Removed && (key != "" && e.Key == key || key == "" && e.ID == id) {
			return e, true
		}
	}
	return Entry{}, false
}

// Compare compares an older version of a map with a newer one.
func Compare(old, new *mapfile.Map) Report {
	r := Report{Since: old.Exported}
	r.Settings = compareSettings(old, new)
	for _, items := range itemsOf {
		r.Entries = append(r.Entries, compareItems(items(old), items(new))...)
	}
	return r
}

// Describe is the entry with this id as a report names it: its section,
// id, key, text and how its kind reads ("■ STOP", "Smells", "sign I'm
// not OK").
func Describe(m *mapfile.Map, id string) (Entry, bool) {
	sec, ok := mapfile.SectionOf(id)
	if !ok {
		return Entry{}, false
	}
	for i, s := range mapfile.Sections() {
		if s != sec {
			continue
		}
		for _, it := range itemsOf[i](m) {
			if it.id == id {
				return it.entry(), true
			}
		}
	}
	return Entry{}, false
}

// List is every entry of m as a report names it, section by section, in
// each section's order.
func List(m *mapfile.Map) []Entry {
	out := make([]Entry, 0, m.Count())
	for _, items := range itemsOf {
		for _, it := range items(m) {
			out = append(out, it.entry())
		}
	}
	return out
}

func (it item) entry() Entry {
	return Entry{Section: it.section, ID: it.id, Key: it.key, Text: it.text, Shown: it.shown}
}

func compareSettings(old, new *mapfile.Map) []Setting {
	var out []Setting
	add := func(name, from, to string, careful bool) {
		if from != to {
			out = append(out, Setting{Name: name, From: from, To: to, Careful: careful})
		}
	}
	add("stop word", old.Safeword, new.Safeword, true)
	add("stop signal", old.Signal, new.Signal, true)
	add("if I freeze", old.IfFrozen, new.IfFrozen, true)
	add("if we stop", old.IfWeStop, new.IfWeStop, true)
	add("anchor", old.Anchor, new.Anchor, false)
	add("name", old.Name, new.Name, false)
	return out
}

// item is an entry of any kind, as compared: its identity, how it reads,
// and its fields in the order they are reported.
type item struct {
	section, id, key, text, shown string
	fields                        []field
	// removedCareful: its removal asks for more care.
	removedCareful bool
}

// field is one field of an item and how to tell whether a change of it
// asks for more care.
type field struct {
	name, value string
	rank        int // for careful: a higher rank is less cautious
	careful     func(from, to field) bool
}

// lessCautious: the rank went up (STOP → GO, high → low).
func lessCautious(from, to field) bool { return to.rank > from.rank }

// itemsOf lists, section by section (in mapfile.Sections' order), the
// items of a map.
var itemsOf = []func(*mapfile.Map) []item{boundaryItems, triggerItems, signItems, careItems, curiousItems}

// newItem is an entry as compared: its own fields first, then those
// every kind has (text, note, who sees it).
func newItem(sec mapfile.Section, r entry.Ref, shown string, removedCareful bool, own ...field) item {
	return item{
		section: sec.Name, id: *r.ID, key: *r.Key, text: *r.Text, shown: shown, removedCareful: removedCareful,
		fields: append(own,
			field{name: "text", value: *r.Text},
			field{name: "note", value: *r.Note},
			field{name: "private", value: yes(*r.Private)},
			field{name: "shared with", value: strings.Join(*r.ShareWith, ", ")},
		),
	}
}

func boundaryItems(m *mapfile.Map) []item {
	out := make([]item, 0, len(m.Boundaries))
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		it := newItem(mapfile.BoundarySection, b.Ref(), b.Light.Shown(), b.Light != boundaries.Green,
			field{name: "light", value: b.Light.Shown(), rank: b.Light.Rank(), careful: lessCautious},
			field{name: "only if", value: b.OnlyIf, careful: conditionLoosened})
		if b.Light == boundaries.Red {
			it.field("text").careful = always
		}
		out = append(out, it)
	}
	return out
}

// field is the item's field of this name.
func (it *item) field(name string) *field {
	for i := range it.fields {
		if it.fields[i].name == name {
			return &it.fields[i]
		}
	}
	panic("changes: no field " + name)
}

// always: a STOP's words are the limit itself, so any change of them
// asks for care.
func always(from, to field) bool { return true }

func triggerItems(m *mapfile.Map) []item {
	out := make([]item, 0, len(m.Triggers))
	for i := range m.Triggers {
		t := &m.Triggers[i]
		out = append(out, newItem(mapfile.TriggerSection, t.Ref(), t.Category.Title(), true,
			field{name: "category", value: t.Category.Title()},
			field{name: "intensity", value: intensityWords(t.Intensity), rank: t.Intensity.Rank(), careful: intensityLowered},
			field{name: "what helps", value: t.Helps}))
	}
	return out
}

// A sign of not being OK that goes, or becomes a sign of enjoying, is
// one less thing a partner watches for.
func signItems(m *mapfile.Map) []item {
	out := make([]item, 0, len(m.Signs))
	for i := range m.Signs {
		s := &m.Signs[i]
		out = append(out, newItem(mapfile.SignSection, s.Ref(), s.Kind.Shown(), s.Kind == signs.NotOK,
			field{name: "kind", value: s.Kind.Shown(), rank: s.Kind.Rank(), careful: lessCautious}))
	}
	return out
}

func careItems(m *mapfile.Map) []item {
	out := make([]item, 0, len(m.Aftercare))
	for i := range m.Aftercare {
		c := &m.Aftercare[i]
		out = append(out, newItem(mapfile.AftercareSection, c.Ref(), c.When.Shown(), false,
			field{name: "when", value: c.When.Phrase()}))
	}
	return out
}

func curiousItems(m *mapfile.Map) []item {
	out := make([]item, 0, len(m.Curious))
	for i := range m.Curious {
		c := &m.Curious[i]
		out = append(out, newItem(mapfile.CuriousSection, c.Ref(), "curious", false))
	}
	return out
}

// conditionLoosened: a condition on an ASK FIRST changed or dropped.
func conditionLoosened(from, to field) bool { return from.value != "" }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// intensityLowered: high → medium → low, or an intensity cleared.
func intensityLowered(from, to field) bool { return to.rank > from.rank }

func intensityWords(i triggers.Intensity) string { return string(i) }

// compareItems matches the items of two versions by hidden key (by id
// only when neither version has keys: maps and exports made before keys
// existed) and reports what was added, removed or changed.
func compareItems(old, new []item) []Entry {
	byKey := len(old) > 0 && old[0].key != "" || len(new) > 0 && new[0].key != ""
	ident := func(it item) string {
		if byKey {
			return "k:" + it.key
		}
		return "i:" + it.id
	}
	prev := make(map[string]item, len(old))
	for _, it := range old {
		prev[ident(it)] = it
	}
	var out []Entry
	seen := map[string]bool{}
	for _, it := range new {
		id := ident(it)
		seen[id] = true
		was, ok := prev[id]
		// Without keys, one id in two copies of a map may be two entries:
		// when the texts have nothing in common, it is one removed and
		// one added, never one entry changing light.
		if ok && !byKey && unrelated(was.text, it.text) {
			ok = false
			delete(prev, id)
			out = append(out, Entry{Kind: Removed, Section: was.section, ID: was.id, Text: was.text, Shown: was.shown, Careful: was.removedCareful})
		}
		if !ok || (byKey && it.key == "") {
			out = append(out, Entry{Kind: Added, Section: it.section, ID: it.id, Key: it.key, Text: it.text, Shown: it.shown})
			continue
		}
		if e, changed := diffItem(was, it); changed {
			out = append(out, e)
		}
	}
	for _, it := range old {
		if _, kept := prev[ident(it)]; kept && !seen[ident(it)] || (byKey && it.key == "") {
			out = append(out, Entry{Kind: Removed, Section: it.section, ID: it.id, Key: it.key, Text: it.text,
				Shown: it.shown, Careful: it.removedCareful})
		}
	}
	return out
}

func diffItem(was, it item) (Entry, bool) {
	e := Entry{Kind: Changed, Section: it.section, ID: it.id, Key: it.key, Text: it.text, Shown: it.shown}
	for i, f := range it.fields {
		from := was.fields[i]
		if from.value == f.value {
			continue
		}
		c := f.careful != nil && f.careful(from, f)
		e.Fields = append(e.Fields, Field{Name: f.name, From: from.value, To: f.value, Careful: c})
		e.Careful = e.Careful || c
	}
	return e, len(e.Fields) > 0
}

// unrelated reports whether two texts share no word of three letters or
// more (case folded): not the same entry reworded.
func unrelated(a, b string) bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(a), notLetter) {
		if len([]rune(w)) >= 3 {
			words[w] = true
		}
	}
	if len(words) == 0 {
		return strings.EqualFold(a, b) == false && strings.TrimSpace(a) != ""
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(b), notLetter) {
		if words[w] {
			return false
		}
	}
	return true
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// Mark is how a view of a partner's map marks an entry that changed
// since the import before the last one: "new", "changed: ■ STOP → ● GO",
// "changed: note"; "" when it did not change.
func (r Report) Mark(key, id string) string {
	e, ok := r.Of(key, id)
	if !ok {
		return ""
	}
	if e.Kind == Added {
		return "new"
	}
	var parts []string
	for _, f := range e.Fields {
		switch f.Name {
		case "light", "category", "kind", "when":
			parts = append(parts, f.From+" → "+f.To)
		case "intensity":
			parts = append(parts, "intensity "+orNone(f.From)+" → "+orNone(f.To))
		default:
			parts = append(parts, f.Name)
		}
	}
	return "changed: " + strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
