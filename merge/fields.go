package merge

import (
	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// rule is what a merge does with a field both versions changed
// differently.
type rule int

const (
	// cautious keeps the value of the lower rank: the more cautious.
	cautious rule = iota
	// join keeps both texts, a line each (a note, what helps).
	join
	// condition keeps both conditions of an ASK FIRST, in one line.
	condition
	// ours keeps ours, with a notice (a category, a kind, a time).
	ours
	// quiet keeps ours without a word: a field no command changes (the
	// starter-list item an entry answers).
	quiet
)

// field is one field of an entry kind besides those every entry has,
// read and written as text.
type field[T any] struct {
	name  string // as HistoryFields name it: "light"
	rule  rule
	get   func(*T) string
	set   func(*T, string)
	shown func(string) string // how a person reads the value, for notices
	rank  func(string) int    // for cautious: the lower, the more cautious
}

func same(s string) string { return s }

var boundaryFields = []field[boundaries.Boundary]{
	{name: "light", rule: cautious,
		get:   func(b *boundaries.Boundary) string { return string(b.Light) },
		set:   func(b *boundaries.Boundary, v string) { b.Light = boundaries.Light(v) },
		shown: func(v string) string { return boundaries.Light(v).Shown() },
		rank:  func(v string) int { return boundaries.Light(v).Rank() }},
	{name: "only if", rule: condition,
		get: func(b *boundaries.Boundary) string { return b.OnlyIf }, set: func(b *boundaries.Boundary, v string) { b.OnlyIf = v }, shown: same},
	{name: "from", rule: quiet,
		get: func(b *boundaries.Boundary) string { return b.From }, set: func(b *boundaries.Boundary, v string) { b.From = v }, shown: same},
}

var triggerFields = []field[triggers.Trigger]{
	{name: "category", rule: ours,
		get:   func(t *triggers.Trigger) string { return string(t.Category) },
		set:   func(t *triggers.Trigger, v string) { t.Category = triggers.Category(v) },
		shown: func(v string) string { return triggers.Category(v).Title() }},
	{name: "intensity", rule: cautious,
		get:   func(t *triggers.Trigger) string { return string(t.Intensity) },
		set:   func(t *triggers.Trigger, v string) { t.Intensity = triggers.Intensity(v) },
		shown: same,
		rank:  func(v string) int { return triggers.Intensity(v).Rank() }},
	{name: "what helps", rule: join,
		get: func(t *triggers.Trigger) string { return t.Helps }, set: func(t *triggers.Trigger, v string) { t.Helps = v }, shown: same},
	{name: "from", rule: quiet,
		get: func(t *triggers.Trigger) string { return t.From }, set: func(t *triggers.Trigger, v string) { t.From = v }, shown: same},
}

var signFields = []field[signs.Sign]{
	{name: "kind", rule: ours,
		get:   func(s *signs.Sign) string { return string(s.Kind) },
		set:   func(s *signs.Sign, v string) { s.Kind = signs.Kind(v) },
		shown: func(v string) string { return signs.Kind(v).Shown() }},
}

var careFields = []field[aftercare.Care]{
	{name: "when", rule: ours,
		get:   func(c *aftercare.Care) string { return string(c.When) },
		set:   func(c *aftercare.Care, v string) { c.When = aftercare.When(v) },
		shown: func(v string) string { return aftercare.When(v).Phrase() }},
}

var curiousFields = []field[curious.Curiosity]{
	{name: "from", rule: quiet,
		get: func(c *curious.Curiosity) string { return c.From }, set: func(c *curious.Curiosity, v string) { c.From = v }, shown: same},
}

// fromOf is the starter-list item an entry answers, if its kind has one.
func fromOf[T any](fs []field[T], e *T) string {
	for _, f := range fs {
		if f.name == "from" {
			return f.get(e)
		}
	}
	return ""
}
