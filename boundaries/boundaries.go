// Package boundaries holds the red/yellow/green boundary domain: the three
// lights and the Boundary record with its validation.
package boundaries

import (
	"strings"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
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

// Lights lists the lights in display order: STOP, ASK FIRST, GO.
var Lights = []Light{Red, Yellow, Green}

// lightWords maps every accepted spelling to its light.
var lightWords = map[string]Light{
	"red":       Red,
	"stop":      Red,
	"yellow":    Yellow,
	"amber":     Yellow,
	"ask":       Yellow,
	"ask first": Yellow,
	"ask-first": Yellow,
	"askfirst":  Yellow,
	"green":     Green,
	"go":        Green,
}

// lightSuggestions are the words offered when input is not recognised, in
// order of preference on a tie. The hyphenated and joined forms of
// "ask first" are matched but offered as "ask first".
var lightSuggestions = []string{
	"red", "yellow", "green", "stop", "ask", "ask first", "go", "amber",
	"ask-first", "askfirst",
}

// ParseLight reads a light name, ignoring case and surrounding space. It
// accepts red, yellow, green and the aliases stop, ask, ask first (also
// ask-first, askfirst), amber and go. Otherwise it returns a
// *textcheck.UnknownValueError.
func ParseLight(s string) (Light, error) {
	key := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if l, ok := lightWords[key]; ok {
		return l, nil
	}
	return "", unknownLight(s)
}

// unknownLight builds the error for a word that is not a light.
func unknownLight(s string) error {
	suggestion := textcheck.Suggest(s, lightSuggestions)
	if suggestion == "ask-first" || suggestion == "askfirst" {
		suggestion = "ask first"
	}
	return &textcheck.UnknownValueError{
		Kind:       "light",
		Value:      s,
		Valid:      lightNames(),
		Suggestion: suggestion,
	}
}

func lightNames() []string {
	names := make([]string, len(Lights))
	for i, l := range Lights {
		names[i] = string(l)
	}
	return names
}

// Valid reports whether l is red, yellow or green.
func (l Light) Valid() bool {
	switch l {
	case Red, Yellow, Green:
		return true
	}
	return false
}

// Label is the short heading for l: "STOP", "ASK FIRST" or "GO".
func (l Light) Label() string {
	switch l {
	case Red:
		return "STOP"
	case Yellow:
		return "ASK FIRST"
	case Green:
		return "GO"
	}
	return "UNKNOWN"
}

// Meaning is a short plain phrase for l.
func (l Light) Meaning() string {
	switch l {
	case Red:
		return "please don't"
	case Yellow:
		return "ask me first"
	case Green:
		return "welcome"
	}
	return "not a known light"
}

// Symbol is a single shape for l, so the meaning does not depend on colour:
// a square for red, a triangle for yellow, a circle for green.
func (l Light) Symbol() string {
	switch l {
	case Red:
		return "■"
	case Yellow:
		return "▲"
	case Green:
		return "●"
	}
	return "?"
}

// Rank orders lights for sorting: 0 red, 1 yellow, 2 green. Unknown lights
// rank 3, after all known ones.
func (l Light) Rank() int {
	switch l {
	case Red:
		return 0
	case Yellow:
		return 1
	case Green:
		return 2
	}
	return 3
}

// Boundary is one boundary: a light and what it is about.
type Boundary struct {
	ID      string    `toml:"id" json:"id"`
	Light   Light     `toml:"light" json:"light"`
	Text    string    `toml:"text" json:"text"`
	Note    string    `toml:"note,omitempty" json:"note,omitempty"`
	Private bool      `toml:"private,omitempty" json:"private"`
	Added   time.Time `toml:"added,omitempty" json:"added,omitempty"`
}

// Validate checks the light, the text (required) and the note (optional).
// It returns a *textcheck.UnknownValueError or *textcheck.TextError as is.
// It does not check the ID.
func (b Boundary) Validate() error {
	if !b.Light.Valid() {
		return unknownLight(string(b.Light))
	}
	if err := textcheck.Check("text", b.Text, false); err != nil {
		return err
	}
	return textcheck.Check("note", b.Note, true)
}

// ValidateTyped is Validate for a boundary a person has just typed or
// changed: text that shows nothing is refused too (textcheck.CheckTyped).
func (b Boundary) ValidateTyped() error {
	if err := b.Validate(); err != nil {
		return err
	}
	if err := textcheck.CheckTyped("text", b.Text, false); err != nil {
		return err
	}
	return textcheck.CheckTyped("note", b.Note, true)
}
