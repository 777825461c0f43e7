// Package triggers holds the trigger map domain: categories, intensities
// and the Trigger record with its validation.
package triggers

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

// Category groups triggers by kind.
type Category string

// The trigger categories.
const (
	Positions  Category = "positions"
	Movements  Category = "movements"
	Activities Category = "activities"
	Smells     Category = "smells"
	Sounds     Category = "sounds"
	Textures   Category = "textures"
	Words      Category = "words"
	Touch      Category = "touch"
	Other      Category = "other"
)

// Categories lists every category in display order.
var Categories = []Category{Positions, Movements, Activities, Smells, Sounds, Textures, Words, Touch, Other}

// categoryAliases maps the other accepted spellings to their category.
var categoryAliases = map[string]Category{
	"position": Positions,
	"movement": Movements,
	"activity": Activities,
	"smell":    Smells,
	"sound":    Sounds,
	"texture":  Textures,
	"word":     Words,
	"touches":  Touch,
	"others":   Other,
}

// categoryTitles are the headings for each category.
var categoryTitles = map[Category]string{
	Positions:  "Positions",
	Movements:  "Movements",
	Activities: "Activities",
	Smells:     "Smells",
	Sounds:     "Sounds",
	Textures:   "Textures",
	Words:      "Words",
	Touch:      "Touch",
	Other:      "Other",
}

// ParseCategory reads a category name, ignoring case and surrounding space.
// Singular forms are accepted. Otherwise it returns a
// *textcheck.UnknownValueError.
func ParseCategory(s string) (Category, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if c := Category(key); c.Valid() {
		return c, nil
	}
	if c, ok := categoryAliases[key]; ok {
		return c, nil
	}
	return "", unknownCategory(s)
}

// unknownCategory builds the error for a word that is not a category. The
// suggestion is always a canonical name.
func unknownCategory(s string) error {
	names := make([]string, len(Categories))
	for i, c := range Categories {
		names[i] = string(c)
	}
	suggestion := textcheck.Suggest(s, names)
	if suggestion == "" {
		suggestion = string(categoryAliases[textcheck.Suggest(s, sortedKeys(categoryAliases))])
	}
	return &textcheck.UnknownValueError{Kind: "category", Value: s, Valid: names, Suggestion: suggestion}
}

// sortedKeys returns the keys of an alias map in a fixed order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool {
	_, ok := categoryTitles[c]
	return ok
}

// Title is the heading for c, e.g. "Positions". Unknown categories give
// "Unknown".
func (c Category) Title() string {
	if t, ok := categoryTitles[c]; ok {
		return t
	}
	return "Unknown"
}

// Intensity is how strongly a trigger affects someone.
type Intensity string

// The intensities. Unspecified means none was given.
const (
	Unspecified Intensity = ""
	Low         Intensity = "low"
	Medium      Intensity = "medium"
	High        Intensity = "high"
)

// Intensities lists the intensities that can be chosen, lowest first.
var Intensities = []Intensity{Low, Medium, High}

var intensityAliases = map[string]Intensity{
	"med": Medium,
	"mid": Medium,
}

// ParseIntensity reads an intensity, ignoring case and surrounding space.
// It accepts low, medium, high and the aliases med and mid; empty input
// gives Unspecified. Otherwise it returns a *textcheck.UnknownValueError.
func ParseIntensity(s string) (Intensity, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	switch Intensity(key) {
	case Unspecified, Low, Medium, High:
		return Intensity(key), nil
	}
	if i, ok := intensityAliases[key]; ok {
		return i, nil
	}
	return "", unknownIntensity(s)
}

// unknownIntensity builds the error for a word that is not an intensity.
// The suggestion is always a canonical name.
func unknownIntensity(s string) error {
	names := make([]string, len(Intensities))
	for i, v := range Intensities {
		names[i] = string(v)
	}
	suggestion := textcheck.Suggest(s, names)
	if suggestion == "" {
		suggestion = string(intensityAliases[textcheck.Suggest(s, sortedKeys(intensityAliases))])
	}
	return &textcheck.UnknownValueError{Kind: "intensity", Value: s, Valid: names, Suggestion: suggestion}
}

// Valid reports whether i is low, medium, high or Unspecified.
func (i Intensity) Valid() bool {
	switch i {
	case Unspecified, Low, Medium, High:
		return true
	}
	return false
}

// Rank orders intensities for sorting, strongest first: high 0, medium 1,
// low 2, unspecified 3. Unknown values rank 4.
func (i Intensity) Rank() int {
	switch i {
	case High:
		return 0
	case Medium:
		return 1
	case Low:
		return 2
	case Unspecified:
		return 3
	}
	return 4
}

// Trigger is one entry in the trigger map.
type Trigger struct {
	ID        string    `toml:"id" json:"id"`
	Category  Category  `toml:"category" json:"category"`
	Text      string    `toml:"text" json:"text"`
	Intensity Intensity `toml:"intensity,omitempty" json:"intensity,omitempty"`
	Helps     string    `toml:"helps,omitempty" json:"helps,omitempty"`
	Note      string    `toml:"note,omitempty" json:"note,omitempty"`
	Private   bool      `toml:"private,omitempty" json:"private"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
}

// Validate checks, in order, the category, the intensity, the text
// (required), and helps and note (optional). It returns a
// *textcheck.UnknownValueError or *textcheck.TextError as is. It does not
// check the ID.
func (t Trigger) Validate() error {
	if !t.Category.Valid() {
		return unknownCategory(string(t.Category))
	}
	if !t.Intensity.Valid() {
		return unknownIntensity(string(t.Intensity))
	}
	if err := textcheck.Check("text", t.Text, false); err != nil {
		return err
	}
	if err := textcheck.Check("helps", t.Helps, true); err != nil {
		return err
	}
	return textcheck.Check("note", t.Note, true)
}

// ValidateTyped is Validate for a trigger a person has just typed or
// changed: text that shows nothing is refused too (textcheck.CheckTyped).
func (t Trigger) ValidateTyped() error {
	if err := t.Validate(); err != nil {
		return err
	}
	for _, f := range []struct {
		field, value string
		allowEmpty   bool
	}{{"text", t.Text, false}, {"helps", t.Helps, true}, {"note", t.Note, true}} {
		if err := textcheck.CheckTyped(f.field, f.value, f.allowEmpty); err != nil {
			return err
		}
	}
	return nil
}
