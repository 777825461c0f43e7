package app

import (
	"fmt"
	"github.com/attune-dev/attune/internal/jsonw"
	"io"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// listFilter is what `list` was asked to show.
type listFilter struct {
	// only is the one section asked for ("boundaries"); "" shows all.
	only     string
	light    boundaries.Light
	category triggers.Category
}

func parseListFilter(c *ctx) (listFilter, error) {
	var f listFilter
	if c.NArg() == 1 {
		what, err := sectionWords.Parse(c.Args().First())
		if err != nil {
			return f, usage("list "+orList(sectionWords.Canonical())+", or just list", "there is nothing called %q to list", c.Args().First())
		}
		f.only = what
	}
	switch {
	case c.IsSet("light") && f.only != "" && f.only != sectionBoundaries:
		return f, usage("--light chooses boundaries; for triggers use --category", "list %s has no --light", f.only)
	case c.IsSet("category") && f.only != "" && f.only != sectionTriggers:
		return f, usage("--category chooses triggers; for boundaries use --light", "list %s has no --category", f.only)
	}
	if v := c.String("light"); c.IsSet("light") {
		l, err := boundaries.ParseLight(v)
		if err != nil {
			return f, typed(err)
		}
		f.light = l
	}
	if v := c.String("category"); c.IsSet("category") {
		cat, err := triggers.ParseCategory(v)
		if err != nil {
			return f, typed(err)
		}
		f.category = cat
	}
	if f.only == "" && (f.light != "") != (f.category != "") {
		// --light alone shows boundaries; --category alone triggers.
		f.only = sectionBoundaries
		if f.category != "" {
			f.only = sectionTriggers
		}
	}
	return f, nil
}

// shows reports whether the view shows a section (by its list word).
func (f listFilter) shows(section string) bool {
	switch {
	case f.only == "":
		return f.light == "" && f.category == "" || section == sectionBoundaries || section == sectionTriggers
	}
	return f.only == section
}

// noBoundaries says why no boundary is shown: there are none yet, or
// none has the light asked for (which must never read as an empty map).
// A partner reads the words every view of theirs says: none is not a yes.
func (f listFilter) noBoundaries(m *mapfile.Map, partner bool) string {
	switch {
	case f.light != "" && len(m.Boundaries) > 0:
		return "no boundary has the light " + f.light.Shown()
	case partner:
		return export.NoBoundaries
	}
	return "none yet"
}

// noTriggers says why no trigger is shown.
func (f listFilter) noTriggers(m *mapfile.Map, partner bool) string {
	switch {
	case f.category != "" && len(m.Triggers) > 0:
		return "no trigger is in the category " + f.category.Title()
	case partner:
		return export.NoTriggers
	}
	return "none yet"
}

// listWord is the word `list` has for a section.
var listWord = map[mapfile.Section]string{
	mapfile.BoundarySection:  sectionBoundaries,
	mapfile.TriggerSection:   sectionTriggers,
	mapfile.SignSection:      sectionSigns,
	mapfile.AftercareSection: sectionAftercare,
	mapfile.CuriousSection:   sectionCurious,
}

// apply returns a copy of m with the entries to show, in display order.
func (f listFilter) apply(m *mapfile.Map) *mapfile.Map {
	v := m.Sorted()
	v.Retain(func(sec mapfile.Section, r entry.Ref) bool {
		switch {
		case !f.shows(listWord[sec]):
			return false
		case sec == mapfile.BoundarySection && f.light != "":
			return v.Boundary(*r.ID).Light == f.light
		case sec == mapfile.TriggerSection && f.category != "":
			return v.Trigger(*r.ID).Category == f.category
		}
		return true
	})
	return v
}

func listAction(c *ctx) error {
	f, err := parseListFilter(c)
	if err != nil {
		return err
	}
	partner, from, err := whoseMap(c)
	if err != nil {
		return err
	}
	if c.IsSet("for") && (partner != "" || from != "") {
		return usage("--for previews your own export for a partner; --partner and --from show a partner's map", "--for cannot be used with --partner or --from")
	}
	return withSession(c, func(s *session) error {
		if c.IsSet("for") {
			v, err := s.previewFor(c.String("for"))
			if err != nil {
				return err
			}
			return showMap(c, v, f)
		}
		v, err := s.mapFor(partner, from)
		if err != nil {
			return err
		}
		return showMap(c, v, f)
	})
}

// showMap prints a map as JSON or as text: the person's own (ids and
// private markers matter) or a partner's (how sure it is theirs, and
// what changed since their export before), in the order of the card: how
// to stop, how to read them, boundaries, triggers, if we stop and
// aftercare, signs of enjoying, curiosities.
func showMap(c *ctx, v shownMap, f listFilter) error {
	m := v.m
	shown := f.apply(m)
	if c.Bool("json") {
		return writeJSON(c.out(), shown, v.since, v.trust == "" || v.preview != "")
	}
	p := newPrinter(c.out(), c.io.Colour(), c.io.Width)
	p.since = v.since
	p.partner = !v.own
	if v.preview != "" {
		p.printf("%s\n", p.style(sgrBold, "What "+oneLineSafe(v.preview)+" would receive (attune export --partner "+shellWord(v.preview)+")"))
		p.printf("%s\n", "The ids are the ones "+oneLineSafe(v.preview)+" sees, not yours: attune list shows yours, for attune edit.")
	}
	p.header(m, v.own)
	if v.trust != "" {
		p.para("  ", "  ", "("+v.trust+")", "", "")
	}
	p.removedSince()
	whole := f.only == "" && f.light == "" && f.category == ""
	switch {
	case whole:
		p.readMe(shown)
	case f.only == sectionSigns:
		p.signs(shown, signs.NotOK)
	}
	if f.shows(sectionBoundaries) {
		p.boundaries(shown.Boundaries, f.noBoundaries(m, p.partner))
	}
	if f.shows(sectionTriggers) {
		p.triggers(shown.Triggers, f.noTriggers(m, p.partner))
	}
	if f.shows(sectionAftercare) {
		p.care(shown, whole)
	}
	if f.shows(sectionSigns) {
		p.signs(shown, signs.OK)
	}
	if f.shows(sectionCurious) {
		p.curious(shown)
	}
	return p.err
}

// jsonMap is the documented, stable JSON shape of `list --json`.
type jsonMap struct {
	Name string `json:"name"`
	// Verified: one's own map, or a partner's whose keys were checked
	// in person (partner verify).
	Verified   bool           `json:"verified"`
	Safeword   string         `json:"safeword"`
	Signal     string         `json:"signal"`
	IfFrozen   string         `json:"if_frozen"`
	IfWeStop   string         `json:"if_we_stop"`
	Boundaries []jsonBoundary `json:"boundaries"`
	Triggers   []jsonTrigger  `json:"triggers"`
	Signs      []jsonSign     `json:"signs"`
	Aftercare  []jsonCare     `json:"aftercare"`
	Curious    []jsonEntry    `json:"curious"`
	// Removed: in a partner's map, the entries removed since the import
	// before the last one.
	Removed []jsonRemoved `json:"removed"`
}

type jsonRemoved struct {
	Section string `json:"section"`
	ID      string `json:"id"`
	Text    string `json:"text"`
}

// jsonEntry is a curiosity: what every entry has.
type jsonEntry struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	jsonEntryRest
}

type jsonBoundary struct {
	ID     string `json:"id"`
	Light  string `json:"light"`
	Label  string `json:"label"`
	Text   string `json:"text"`
	OnlyIf string `json:"only_if"`
	jsonEntryRest
}

type jsonTrigger struct {
	ID        string `json:"id"`
	Category  string `json:"category"`
	Text      string `json:"text"`
	Intensity string `json:"intensity"`
	Helps     string `json:"helps"`
	jsonEntryRest
}

type jsonSign struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Text  string `json:"text"`
	jsonEntryRest
}

type jsonCare struct {
	ID    string `json:"id"`
	When  string `json:"when"`
	Label string `json:"label"`
	Text  string `json:"text"`
	jsonEntryRest
}

// jsonEntryRest is what follows an entry's own fields in every section.
type jsonEntryRest struct {
	Note string `json:"note"`
	// From: the starter-list item the entry answers ("touch/14"), or "".
	From    string `json:"from"`
	Private bool   `json:"private"`
	Added   string `json:"added"`
	jsonChange
}

// jsonChange says, in a partner's map, what changed in an entry since
// the import before the last one: "change" is "", "new" or "changed",
// and "changed" names each field that changed, with its values as a
// person reads them.
type jsonChange struct {
	Change  string      `json:"change"`
	Changed []jsonField `json:"changed"`
}

type jsonField struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

func changeJSON(since changes.Report, key, id string) jsonChange {
	out := jsonChange{Changed: []jsonField{}}
	e, ok := since.Of(key, id)
	switch {
	case !ok:
	case e.Kind == changes.Added:
		out.Change = "new"
	default:
		out.Change = "changed"
		for _, f := range e.Fields {
			out.Changed = append(out.Changed, jsonField{Field: f.Name, From: f.From, To: f.To})
		}
	}
	return out
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// rest is the tail every entry's JSON shares.
func rest(r entry.Ref, from string, since changes.Report) jsonEntryRest {
	return jsonEntryRest{Note: *r.Note, From: from, Private: *r.Private, Added: jsonTime(*r.Added), jsonChange: changeJSON(since, *r.Key, *r.ID)}
}

// writeJSON writes the entries of m (already chosen and in order).
func writeJSON(w io.Writer, m *mapfile.Map, since changes.Report, verified bool) error {
	n := len(m.Boundaries) + len(m.Triggers) + len(m.Signs) + len(m.Aftercare) + len(m.Curious)
	_, err := w.Write(jsonOf(m, since, verified).appendTo(jsonw.New(1024 + 320*n)).Bytes())
	return err
}

// jsonOf is the JSON shape of m.
func jsonOf(m *mapfile.Map, since changes.Report, verified bool) jsonMap {
	out := jsonMap{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, IfFrozen: m.IfFrozen, IfWeStop: m.IfWeStop, Verified: verified,
		Boundaries: make([]jsonBoundary, 0, len(m.Boundaries)), Triggers: make([]jsonTrigger, 0, len(m.Triggers)),
		Signs: make([]jsonSign, 0, len(m.Signs)), Aftercare: make([]jsonCare, 0, len(m.Aftercare)), Curious: make([]jsonEntry, 0, len(m.Curious)),
		Removed: []jsonRemoved{}}
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		out.Boundaries = append(out.Boundaries, jsonBoundary{ID: b.ID, Light: string(b.Light), Label: b.Light.Label(),
			Text: b.Text, OnlyIf: b.OnlyIf, jsonEntryRest: rest(b.Ref(), b.From, since)})
	}
	for i := range m.Triggers {
		t := &m.Triggers[i]
		out.Triggers = append(out.Triggers, jsonTrigger{ID: t.ID, Category: string(t.Category), Text: t.Text,
			Intensity: string(t.Intensity), Helps: t.Helps, jsonEntryRest: rest(t.Ref(), t.From, since)})
	}
	for i := range m.Signs {
		s := &m.Signs[i]
		out.Signs = append(out.Signs, jsonSign{ID: s.ID, Kind: string(s.Kind), Label: s.Kind.Title(), Text: s.Text, jsonEntryRest: rest(s.Ref(), "", since)})
	}
	for i := range m.Aftercare {
		c := &m.Aftercare[i]
		out.Aftercare = append(out.Aftercare, jsonCare{ID: c.ID, When: string(c.When), Label: c.When.Title(), Text: c.Text, jsonEntryRest: rest(c.Ref(), "", since)})
	}
	for i := range m.Curious {
		c := &m.Curious[i]
		out.Curious = append(out.Curious, jsonEntry{ID: c.ID, Text: c.Text, jsonEntryRest: rest(c.Ref(), c.From, since)})
	}
	for _, e := range since.Entries {
		if e.Kind == changes.Removed {
			out.Removed = append(out.Removed, jsonRemoved{Section: e.Section, ID: e.ID, Text: e.Text})
		}
	}
	return out
}

// appendTo writes the shape member by member, in the order and with the
// names of its json tags, as encoding/json would (TestListJSONWriter
// holds it to that, byte for byte).
func (m jsonMap) appendTo(w *jsonw.W) *jsonw.W {
	w.Open('{')
	w.KeyString("name", m.Name)
	w.KeyBool("verified", m.Verified)
	w.KeyString("safeword", m.Safeword)
	w.KeyString("signal", m.Signal)
	w.KeyString("if_frozen", m.IfFrozen)
	w.KeyString("if_we_stop", m.IfWeStop)
	jsonList(w, "boundaries", m.Boundaries, func(b *jsonBoundary) {
		w.KeyString("id", b.ID)
		w.KeyString("light", b.Light)
		w.KeyString("label", b.Label)
		w.KeyString("text", b.Text)
		w.KeyString("only_if", b.OnlyIf)
		b.jsonEntryRest.appendTo(w)
	})
	jsonList(w, "triggers", m.Triggers, func(t *jsonTrigger) {
		w.KeyString("id", t.ID)
		w.KeyString("category", t.Category)
		w.KeyString("text", t.Text)
		w.KeyString("intensity", t.Intensity)
		w.KeyString("helps", t.Helps)
		t.jsonEntryRest.appendTo(w)
	})
	jsonList(w, "signs", m.Signs, func(s *jsonSign) {
		w.KeyString("id", s.ID)
		w.KeyString("kind", s.Kind)
		w.KeyString("label", s.Label)
		w.KeyString("text", s.Text)
		s.jsonEntryRest.appendTo(w)
	})
	jsonList(w, "aftercare", m.Aftercare, func(c *jsonCare) {
		w.KeyString("id", c.ID)
		w.KeyString("when", c.When)
		w.KeyString("label", c.Label)
		w.KeyString("text", c.Text)
		c.jsonEntryRest.appendTo(w)
	})
	jsonList(w, "curious", m.Curious, func(c *jsonEntry) {
		w.KeyString("id", c.ID)
		w.KeyString("text", c.Text)
		c.jsonEntryRest.appendTo(w)
	})
	jsonList(w, "removed", m.Removed, func(r *jsonRemoved) {
		w.KeyString("section", r.Section)
		w.KeyString("id", r.ID)
		w.KeyString("text", r.Text)
	})
	w.Close('}')
	return w
}

func (r *jsonEntryRest) appendTo(w *jsonw.W) {
	w.KeyString("note", r.Note)
	w.KeyString("from", r.From)
	w.KeyBool("private", r.Private)
	w.KeyString("added", r.Added)
	w.KeyString("change", r.Change)
	jsonList(w, "changed", r.Changed, func(f *jsonField) {
		w.KeyString("field", f.Field)
		w.KeyString("from", f.From)
		w.KeyString("to", f.To)
	})
}

// jsonList writes the member key: an array of objects, each written by
// members.
func jsonList[T any](w *jsonw.W, key string, items []T, members func(*T)) {
	w.Key(key)
	w.Open('[')
	for i := range items {
		w.Open('{')
		members(&items[i])
		w.Close('}')
	}
	w.Close(']')
}

// previewFor is exactly what `attune export --partner NAME` would send:
// the entries they may see, with the ids they know them by (the ids not
// handed out yet shown as they would be, and not kept).
func (s *session) previewFor(name string) (shownMap, error) {
	m, err := s.readMap()
	if err != nil {
		return shownMap{}, err
	}
	p := m.Partner(name)
	if p == nil || len(p.Recipients) == 0 {
		return shownMap{}, unknownPartner(m, name)
	}
	out, _, kept := export.Plan(m.Clone(), export.Audience{Partner: p, Recipients: p.Recipients}, s.x.io.Now())
	out.Name = m.Name
	v := shownMap{m: out, preview: p.Name}
	if n := kept.Total(); n > 0 {
		v.trust = fmt.Sprintf("%s kept back from %s", export.Count(n, "entry", "entries"), p.Name)
	}
	return v, nil
}
