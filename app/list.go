package app

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// listFilter is what `list` was asked to show.
type listFilter struct {
	boundaries, triggers bool
	light                boundaries.Light
	category             triggers.Category
}

func parseListFilter(c *ctx) (listFilter, error) {
	f := listFilter{boundaries: true, triggers: true}
	if c.NArg() == 1 {
		what, err := sectionWords.Parse(c.Args().First())
		if err != nil {
			return f, usage("list boundaries, or list triggers, or just list", "there is nothing called %q to list", c.Args().First())
		}
		switch what {
		case sectionBoundaries:
			f.triggers = false
		case sectionTriggers:
			f.boundaries = false
		}
	}
	switch {
	case c.IsSet("light") && !f.boundaries:
		return f, usage("--light chooses boundaries; for triggers use --category", "list triggers has no --light")
	case c.IsSet("category") && !f.triggers:
		return f, usage("--category chooses triggers; for boundaries use --light", "list boundaries has no --category")
	}
	if v := c.String("light"); c.IsSet("light") {
		l, err := boundaries.ParseLight(v)
		if err != nil {
			return f, typed(err)
		}
		f.light, f.triggers = l, c.IsSet("category")
		f.boundaries = true
	}
	if v := c.String("category"); c.IsSet("category") {
		cat, err := triggers.ParseCategory(v)
		if err != nil {
			return f, typed(err)
		}
		f.category, f.boundaries = cat, c.IsSet("light")
		f.triggers = true
	}
	return f, nil
}

// noBoundaries says why no boundary is shown: there are none yet, or
// none has the light asked for (which must never read as an empty map).
func (f listFilter) noBoundaries(m *mapfile.Map) string {
	if f.light != "" && len(m.Boundaries) > 0 {
		return "no boundary has the light " + f.light.Shown()
	}
	return "none yet"
}

// noTriggers says why no trigger is shown.
func (f listFilter) noTriggers(m *mapfile.Map) string {
	if f.category != "" && len(m.Triggers) > 0 {
		return "no trigger is in the category " + f.category.Title()
	}
	return "none yet"
}

// apply returns the entries to show, in display order.
func (f listFilter) apply(m *mapfile.Map) ([]boundaries.Boundary, []triggers.Trigger) {
	var bs []boundaries.Boundary
	var ts []triggers.Trigger
	if f.boundaries {
		for _, b := range m.SortedBoundaries() {
			if f.light == "" || b.Light == f.light {
				bs = append(bs, b)
			}
		}
	}
	if f.triggers {
		for _, t := range m.SortedTriggers() {
			if f.category == "" || t.Category == f.category {
				ts = append(ts, t)
			}
		}
	}
	return bs, ts
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
// what changed since their export before).
func showMap(c *ctx, v shownMap, f listFilter) error {
	m := v.m
	bs, ts := f.apply(m)
	if c.Bool("json") {
		return writeJSON(c.out(), m, bs, ts, v.since, v.trust == "" || v.preview != "")
	}
	p := newPrinter(c.out(), c.io.Colour(), c.io.Width)
	p.since = v.since
	if v.preview != "" {
		p.printf("%s\n", p.style(sgrBold, "What "+oneLineSafe(v.preview)+" would receive (attune export --partner "+shellWord(v.preview)+")"))
	}
	p.header(m, v.own)
	if v.trust != "" {
		p.para("  ", "  ", "("+v.trust+")", "", "")
	}
	p.removedSince()
	if f.boundaries {
		p.boundaries(bs, f.noBoundaries(m))
	}
	if f.triggers {
		p.triggers(ts, f.noTriggers(m))
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
	Boundaries []jsonBoundary `json:"boundaries"`
	Triggers   []jsonTrigger  `json:"triggers"`
	// Removed: in a partner's map, the entries removed since the import
	// before the last one.
	Removed []jsonRemoved `json:"removed"`
}

type jsonRemoved struct {
	Section string `json:"section"`
	ID      string `json:"id"`
	Text    string `json:"text"`
}

type jsonBoundary struct {
	ID      string `json:"id"`
	Light   string `json:"light"`
	Label   string `json:"label"`
	Text    string `json:"text"`
	Note    string `json:"note"`
	Private bool   `json:"private"`
	Added   string `json:"added"`
	jsonChange
}

type jsonTrigger struct {
	ID        string `json:"id"`
	Category  string `json:"category"`
	Text      string `json:"text"`
	Intensity string `json:"intensity"`
	Helps     string `json:"helps"`
	Note      string `json:"note"`
	Private   bool   `json:"private"`
	Added     string `json:"added"`
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

func writeJSON(w io.Writer, m *mapfile.Map, bs []boundaries.Boundary, ts []triggers.Trigger, since changes.Report, verified bool) error {
	out := jsonMap{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, Verified: verified,
		Boundaries: make([]jsonBoundary, 0, len(bs)), Triggers: make([]jsonTrigger, 0, len(ts)), Removed: []jsonRemoved{}}
	for _, b := range bs {
		out.Boundaries = append(out.Boundaries, jsonBoundary{ID: b.ID, Light: string(b.Light), Label: b.Light.Label(),
			Text: b.Text, Note: b.Note, Private: b.Private, Added: jsonTime(b.Added), jsonChange: changeJSON(since, b.Key, b.ID)})
	}
	for _, t := range ts {
		out.Triggers = append(out.Triggers, jsonTrigger{ID: t.ID, Category: string(t.Category), Text: t.Text,
			Intensity: string(t.Intensity), Helps: t.Helps, Note: t.Note, Private: t.Private, Added: jsonTime(t.Added),
			jsonChange: changeJSON(since, t.Key, t.ID)})
	}
	for _, e := range since.Entries {
		if e.Kind == changes.Removed {
			out.Removed = append(out.Removed, jsonRemoved{Section: e.Section, ID: e.ID, Text: e.Text})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
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
