// Package boundaries holds the red/yellow/green boundary domain: the three
// lights and the Boundary record with its validation.
package boundaries

import (
	"errors"
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/wordset"
)

// Light is how a boundary is marked: red (stop), yellow (ask first) or
// green (go).
type Light string

// The three lights.
const (
	Red    Light = "red"
	Yellow Light = "yellow"
	Green  Light = "green"
)

// light is one row of the light table: everything attune says about a
// light, in one place.
type light struct {
	Light   Light
	Label   string // the heading: STOP
	Symbol  string // a shape, so the meaning never rests on colour alone
	Meaning string // a plain phrase
}

// table is every light, in display order: STOP, ASK FIRST, GO.
var table = []light{
	{Red, "STOP", "■", "please don't"},
	{Yellow, "ASK FIRST", "▲", "ask me first"},
	{Green, "GO", "●", "welcome, when we both want it"},
}

// Words is how lights may be typed: the colour, the word on the card, the
// colour with "light" (as in "red light"). Help, completion, the man page
// and ParseLight read it.
var Words = wordset.New("light",
	wordset.Word[Light]{Value: Red, Names: []string{"red", "stop", "red light"}},
	wordset.Word[Light]{Value: Yellow, Names: []string{"yellow", "ask", "ask first", "amber", "yellow light"},
		Hidden: []string{"ask-first", "askfirst", "amber light"}},
	wordset.Word[Light]{Value: Green, Names: []string{"green", "go", "green light"}},
)

// Lights lists the lights in display order: STOP, ASK FIRST, GO.
var Lights = Words.Values()

// ParseLight reads a light as typed, ignoring case and surrounding space:
// red, yellow, green, the words on the card (stop, ask first, go), the
// colour with "light", amber. Otherwise it returns a
// *textcheck.UnknownValueError with the nearest spelling.
func ParseLight(s string) (Light, error) { return Words.Parse(s) }

func (l Light) info() (light, bool) {
	for _, row := range table {
		if row.Light == l {
			return row, true
		}
	}
	return light{}, false
}

// Valid reports whether l is red, yellow or green.
func (l Light) Valid() bool {
	_, ok := l.info()
	return ok
}

// Label is the short heading for l: "STOP", "ASK FIRST" or "GO".
func (l Light) Label() string {
	if row, ok := l.info(); ok {
		return row.Label
	}
	return "UNKNOWN"
}

// Meaning is a short plain phrase for l.
func (l Light) Meaning() string {
	if row, ok := l.info(); ok {
		return row.Meaning
	}
	return "not a known light"
}

// Symbol is a single shape for l, so the meaning does not depend on colour:
// a square for red, a triangle for yellow, a circle for green.
func (l Light) Symbol() string {
	if row, ok := l.info(); ok {
		return row.Symbol
	}
	return "?"
}

// Rank orders lights from the most cautious: 0 red, 1 yellow, 2 green.
// Unknown lights rank 3, after all known ones.
func (l Light) Rank() int {
	for i, row := range table {
		if row.Light == l {
			return i
		}
	}
	return len(table)
}

// Shown is how a light reads in one line: "■ STOP".
func (l Light) Shown() string { return l.Symbol() + " " + l.Label() }

// Boundary is one boundary: a light and what it is about.
type Boundary struct {
	ID string `toml:"id" json:"id"`
	// Key is the entry's hidden unique key: random, given when the entry
	// is made, never shown and never given to another entry. Versions,
	// devices and exports match entries by it, never by the short id.
	Key   string `toml:"key,omitempty" json:"-"`
	Light Light  `toml:"light" json:"light"`
	Text  string `toml:"text" json:"text"`
	// OnlyIf is the condition of an ASK FIRST: "only if I hold the
	// blindfold". Only a yellow light has one.
	OnlyIf  string `toml:"only_if,omitempty" json:"only_if,omitempty"`
	Note    string `toml:"note,omitempty" json:"note,omitempty"`
	Private bool   `toml:"private,omitempty" json:"private"`
	// ShareWith names the partners who may see the entry; empty: all.
	ShareWith []string  `toml:"share_with,omitempty" json:"-"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
	// From is the starter-list item the entry answers ("touch/14"), so
	// that two people's maps can be matched item by item.
	From string `toml:"from,omitempty" json:"from,omitempty"`
}

// Validate checks the light, the text (required), the condition (only on
// ASK FIRST) and the note (optional). It returns a
// *textcheck.UnknownValueError or *textcheck.TextError as is. It does not
// check the ID.
func (b Boundary) Validate() error {
	if !b.Light.Valid() {
		// Stored lights are the canonical names only: "stop" or "Red" in
		// a file is a damaged file, not a spelling to forgive.
		return Words.StoredError(string(b.Light))
	}
	if err := entry.Check(b.Text, b.Note); err != nil {
		return err
	}
	if err := entry.CheckFrom(b.From); err != nil {
		return err
	}
	return b.checkCondition(textcheck.Check)
}

// ValidateTyped is Validate for a boundary a person has just typed or
// changed: text that shows nothing is refused too (textcheck.CheckTyped).
func (b Boundary) ValidateTyped() error {
	if err := b.Validate(); err != nil {
		return err
	}
	if err := entry.CheckTyped(b.Text, b.Note); err != nil {
		return err
	}
	return b.checkCondition(textcheck.CheckTyped)
}

// ErrConditionNotAsk is a condition on a STOP or a GO: a STOP has no
// condition under which it becomes a yes, and a GO needs none.
var ErrConditionNotAsk = errors.New("only an ASK FIRST boundary has a condition (only if)")

func (b Boundary) checkCondition(check func(field, s string, allowEmpty bool) error) error {
	if b.OnlyIf == "" {
		return nil
	}
	if b.Light != Yellow {
		return ErrConditionNotAsk
	}
	return check("only if", b.OnlyIf, true)
}

// SetLight changes the light. A condition belongs to ASK FIRST alone, so
// when the boundary leaves it, its condition is not dropped: it moves
// into the note ("When this was ASK FIRST: only if …", worded as the
// past so that on a STOP it never reads as an exception), and SetLight returns it so that the
// person can be told.
func (b *Boundary) SetLight(l Light) (moved string) {
	b.Light = l
	if l == Yellow || b.OnlyIf == "" {
		return ""
	}
	moved, b.OnlyIf = b.OnlyIf, ""
	line := ConditionNote + moved
	if b.Note == "" {
		b.Note = line
	} else {
		b.Note += "\n" + line
	}
	return moved
}

// ConditionNote begins the line of a note that holds a condition moved
// there from only_if.
const ConditionNote = "When this was ASK FIRST: only if "

// Ref points at the fields every kind of entry has.
func (b *Boundary) Ref() entry.Ref {
	return entry.Ref{ID: &b.ID, Key: &b.Key, Text: &b.Text, Note: &b.Note, Private: &b.Private, ShareWith: &b.ShareWith, Added: &b.Added}
}

// Equal reports whether two boundaries are the same in every field.
func (b Boundary) Equal(o Boundary) bool {
	return b.Light == o.Light && b.OnlyIf == o.OnlyIf && b.From == o.From && entry.Same(b.Ref(), o.Ref())
}
