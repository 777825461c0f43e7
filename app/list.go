package app

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
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
	return withSession(c, func(s *session) error {
		m, own, err := s.mapFor(partner, from)
		if err != nil {
			return err
		}
		return showMap(c, m, f, own)
	})
}

// showMap prints a map as JSON or as text. own says whether it is the
// person's own map (ids and private markers matter) or a partner's.
func showMap(c *ctx, m *mapfile.Map, f listFilter, own bool) error {
	bs, ts := f.apply(m)
	if c.Bool("json") {
		return writeJSON(c.out(), m, bs, ts)
	}
	p := newPrinter(c.out(), c.io.Colour())
	p.header(m, own)
	if f.boundaries {
		p.boundaries(bs)
	}
	if f.triggers {
		p.triggers(ts)
	}
	return p.err
}

// jsonMap is the documented, stable JSON shape of `list --json`.
type jsonMap struct {
	Name       string         `json:"name"`
	Safeword   string         `json:"safeword"`
	Signal     string         `json:"signal"`
	Boundaries []jsonBoundary `json:"boundaries"`
	Triggers   []jsonTrigger  `json:"triggers"`
}

type jsonBoundary struct {
	ID      string `json:"id"`
	Light   string `json:"light"`
	Label   string `json:"label"`
	Text    string `json:"text"`
	Note    string `json:"note"`
	Private bool   `json:"private"`
	Added   string `json:"added"`
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
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func writeJSON(w io.Writer, m *mapfile.Map, bs []boundaries.Boundary, ts []triggers.Trigger) error {
	out := jsonMap{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal,
		Boundaries: make([]jsonBoundary, 0, len(bs)), Triggers: make([]jsonTrigger, 0, len(ts))}
	for _, b := range bs {
		out.Boundaries = append(out.Boundaries, jsonBoundary{ID: b.ID, Light: string(b.Light), Label: b.Light.Label(),
			Text: b.Text, Note: b.Note, Private: b.Private, Added: jsonTime(b.Added)})
	}
	for _, t := range ts {
		out.Triggers = append(out.Triggers, jsonTrigger{ID: t.ID, Category: string(t.Category), Text: t.Text,
			Intensity: string(t.Intensity), Helps: t.Helps, Note: t.Note, Private: t.Private, Added: jsonTime(t.Added)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// printer writes the text form of a map. Every piece of text from a map
// goes through textcheck.Neutralize, so nothing in a file — even one a
// partner sent — can drive the terminal.
type printer struct {
	w      io.Writer
	colour bool
	err    error
}

func newPrinter(w io.Writer, colour bool) *printer { return &printer{w: w, colour: colour} }

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
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

func safe(s string) string { return textcheck.Neutralize(s) }

func (p *printer) header(m *mapfile.Map, own bool) {
	title := "Your map"
	if m.Name != "" {
		title = safe(m.Name) + "'s map"
		if own {
			title = "Your map (" + safe(m.Name) + ")"
		}
	}
	p.printf("%s\n", p.style(sgrBold, title))
	if m.Safeword != "" {
		p.printf("  Stop word:   %s\n", safe(m.Safeword))
	}
	if m.Signal != "" {
		p.printf("  Stop signal: %s\n", safe(m.Signal))
	}
	if m.Safeword == "" && m.Signal == "" && own {
		p.printf("  No stop word yet: attune set safeword WORD\n")
	}
}

func (p *printer) boundaries(bs []boundaries.Boundary) {
	p.printf("\n%s\n", p.style(sgrBold, "Boundaries"))
	if len(bs) == 0 {
		p.printf("  none yet\n")
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
			p.printf("    %-4s %s%s\n", b.ID, safe(b.Text), p.privateMark(b.Private))
			if b.Note != "" {
				p.printf("         %s %s\n", p.style(sgrDim, "note:"), safe(b.Note))
			}
		}
	}
}

func (p *printer) triggers(ts []triggers.Trigger) {
	p.printf("\n%s\n", p.style(sgrBold, "Triggers"))
	if len(ts) == 0 {
		p.printf("  none yet\n")
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
		p.printf("    %-4s %s%s%s\n", t.ID, safe(t.Text), intensity, p.privateMark(t.Private))
		if t.Helps != "" {
			p.printf("         %s %s\n", p.style(sgrDim, "what helps:"), safe(t.Helps))
		}
		if t.Note != "" {
			p.printf("         %s %s\n", p.style(sgrDim, "note:"), safe(t.Note))
		}
	}
}

func (p *printer) privateMark(private bool) string {
	if !private {
		return ""
	}
	return "  " + p.style(sgrDim, "(private)")
}
