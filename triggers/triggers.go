// Package triggers holds the trigger map domain: categories, intensities
// and the Trigger record with its validation.
package triggers

import (
	"strings"
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/wordset"
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

// categoryTitles are the headings for each category, in display order.
var categoryTitles = []struct {
	Category Category
	Title    string
}{
	{Positions, "Positions"}, {Movements, "Movements"}, {Activities, "Activities"},
	{Smells, "Smells"}, {Sounds, "Sounds"}, {Textures, "Textures"},
	{Words, "Words"}, {Touch, "Touch"}, {Other, "Other"},
}

// CategoryWords is how categories may be typed: plural or singular.
var CategoryWords = wordset.New("category",
	wordset.Word[Category]{Value: Positions, Names: []string{"positions", "position"}},
	wordset.Word[Category]{Value: Movements, Names: []string{"movements", "movement"}},
	wordset.Word[Category]{Value: Activities, Names: []string{"activities", "activity"}},
	wordset.Word[Category]{Value: Smells, Names: []string{"smells", "smell"}},
	wordset.Word[Category]{Value: Sounds, Names: []string{"sounds", "sound"}},
	wordset.Word[Category]{Value: Textures, Names: []string{"textures", "texture"}},
	wordset.Word[Category]{Value: Words, Names: []string{"words", "word"}},
	wordset.Word[Category]{Value: Touch, Names: []string{"touch"}, Hidden: []string{"touches"}},
	wordset.Word[Category]{Value: Other, Names: []string{"other"}, Hidden: []string{"others"}},
)

// Categories lists every category in display order.
var Categories = CategoryWords.Values()

// ParseCategory reads a category name, ignoring case and surrounding space.
// Singular forms are accepted. Otherwise it returns a
// *textcheck.UnknownValueError.
func ParseCategory(s string) (Category, error) { return CategoryWords.Parse(s) }

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { return CategoryWords.Valid(c) }

// Title is the heading for c, e.g. "Positions". Unknown categories give
// "Unknown".
func (c Category) Title() string {
	for _, t := range categoryTitles {
		if t.Category == c {
			return t.Title
		}
	}
	return "Unknown"
}

// Rank orders categories for display.
func (c Category) Rank() int {
	for i, v := range Categories {
		if v == c {
			return i
		}
	}
	return len(Categories)
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

// IntensityWords is how intensities may be typed.
var IntensityWords = wordset.New("intensity",
	wordset.Word[Intensity]{Value: Low, Names: []string{"low"}},
	wordset.Word[Intensity]{Value: Medium, Names: []string{"medium"}, Hidden: []string{"med", "mid"}},
	wordset.Word[Intensity]{Value: High, Names: []string{"high"}},
)

// Intensities lists the intensities that can be chosen, lowest first.
var Intensities = IntensityWords.Values()

// ParseIntensity reads an intensity, ignoring case and surrounding space.
// It accepts low, medium, high and the aliases med and mid; empty input
// gives Unspecified. Otherwise it returns a *textcheck.UnknownValueError.
func ParseIntensity(s string) (Intensity, error) {
	if strings.TrimSpace(s) == "" {
		return Unspecified, nil
	}
	return IntensityWords.Parse(s)
}

// Valid reports whether i is low, medium, high or Unspecified.
func (i Intensity) Valid() bool {
	return i == Unspecified || IntensityWords.Valid(i)
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
	ID string `toml:"id" json:"id"`
	// Key is the entry's hidden unique key (see boundaries.Boundary.Key).
	Key       string    `toml:"key,omitempty" json:"-"`
	Category  Category  `toml:"category" json:"category"`
	Text      string    `toml:"text" json:"text"`
	Intensity Intensity `toml:"intensity,omitempty" json:"intensity,omitempty"`
	Helps     string    `toml:"helps,omitempty" json:"helps,omitempty"`
	Note      string    `toml:"note,omitempty" json:"note,omitempty"`
	Private   bool      `toml:"private,omitempty" json:"private"`
	// ShareWith names the partners who may see the entry; empty: all.
	ShareWith []string  `toml:"share_with,omitempty" json:"-"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
	// From is the starter-list item the entry answers (see Boundary).
	From string `toml:"from,omitempty" json:"from,omitempty"`
}

// Validate checks, in order, the category, the intensity, the text
// (required), and helps and note (optional). It returns a
// *textcheck.UnknownValueError or *textcheck.TextError as is. It does not
// check the ID.
func (t Trigger) Validate() error {
	if !t.Category.Valid() {
		return CategoryWords.StoredError(string(t.Category))
	}
	if !t.Intensity.Valid() {
		return IntensityWords.StoredError(string(t.Intensity))
	}
	if err := textcheck.Check("text", t.Text, false); err != nil {
		return err
	}
	if err := textcheck.CheckLines("helps", t.Helps, true); err != nil {
		return err
	}
	if err := entry.CheckFrom(t.From); err != nil {
		return err
	}
	return textcheck.CheckLines("note", t.Note, true)
}

// ValidateTyped is Validate for a trigger a person has just typed or
// changed: text that shows nothing is refused too (textcheck.CheckTyped).
func (t Trigger) ValidateTyped() error {
	if err := t.Validate(); err != nil {
		return err
	}
	if err := textcheck.CheckTyped("text", t.Text, false); err != nil {
		return err
	}
	if err := textcheck.CheckLinesTyped("helps", t.Helps, true); err != nil {
		return err
	}
	return textcheck.CheckLinesTyped("note", t.Note, true)
}

// Equal reports whether two triggers are the same in every field.
func (t Trigger) Equal(o Trigger) bool {
	return t.Category == o.Category && t.Intensity == o.Intensity && t.Helps == o.Helps && t.From == o.From && entry.Same(t.Ref(), o.Ref())
}

// Ref points at the fields every kind of entry has.
func (t *Trigger) Ref() entry.Ref {
	return entry.Ref{ID: &t.ID, Key: &t.Key, Text: &t.Text, Note: &t.Note, Private: &t.Private, ShareWith: &t.ShareWith, Added: &t.Added}
}
