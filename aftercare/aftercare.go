// Package aftercare holds the care someone needs after being intimate,
// after a stop, and the next day — written down before it is needed,
// because in the low after a trigger, talking is hard.
package aftercare

import (
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/wordset"
)

// When is the time a piece of care is for.
type When string

// The times, in display order after a stop: right after we stopped,
// after being together, the next day.
const (
	AfterStop When = "after-stop"
	After     When = "after"
	NextDay   When = "next-day"
)

// Words is how times may be typed.
var Words = wordset.New("time",
	wordset.Word[When]{Value: After, Names: []string{"after"}, Hidden: []string{"afterwards"}},
	wordset.Word[When]{Value: AfterStop, Names: []string{"after-stop", "after stop"}, Hidden: []string{"after stopping", "after-stopping"}},
	wordset.Word[When]{Value: NextDay, Names: []string{"next-day", "next day"}, Hidden: []string{"nextday", "tomorrow"}},
)

// Whens lists the times in the order they are offered: after, after-stop,
// next-day.
var Whens = Words.Values()

// ParseWhen reads a time as typed. Otherwise it returns a
// *textcheck.UnknownValueError with the nearest spelling.
func ParseWhen(s string) (When, error) { return Words.Parse(s) }

// Valid reports whether w is a known time.
func (w When) Valid() bool { return Words.Valid(w) }

// Title is the heading for care at this time.
func (w When) Title() string {
	switch w {
	case AfterStop:
		return "If we stop"
	case NextDay:
		return "The next day"
	}
	return "After being together"
}

// Phrase is the time in a few words: "if we stop".
func (w When) Phrase() string {
	switch w {
	case AfterStop:
		return "if we stop"
	case NextDay:
		return "the next day"
	}
	return "after being together"
}

// Shown is how the time reads before a piece of care in one line.
func (w When) Shown() string { return "aftercare (" + w.Phrase() + ")" }

// Rank orders times for display: if we stop, after, the next day.
func (w When) Rank() int {
	switch w {
	case AfterStop:
		return 0
	case After:
		return 1
	}
	return 2
}

// Care is one piece of aftercare.
type Care struct {
	ID  string `toml:"id" json:"id"`
	Key string `toml:"key,omitempty" json:"-"` // hidden unique key (see entry)
	// When: after, after-stop or next-day.
	When      When      `toml:"when" json:"when"`
	Text      string    `toml:"text" json:"text"`
	Note      string    `toml:"note,omitempty" json:"note,omitempty"`
	Private   bool      `toml:"private,omitempty" json:"private"`
	ShareWith []string  `toml:"share_with,omitempty" json:"-"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
}

// Validate checks the time, the text (required) and the note.
func (c Care) Validate() error {
	if !c.When.Valid() {
		return Words.StoredError(string(c.When))
	}
	return entry.Check(c.Text, c.Note)
}

// ValidateTyped is Validate for what a person has just typed.
func (c Care) ValidateTyped() error {
	if err := c.Validate(); err != nil {
		return err
	}
	return entry.CheckTyped(c.Text, c.Note)
}

// Equal reports whether two pieces of care are the same in every field.
func (c Care) Equal(o Care) bool { return c.When == o.When && entry.Same(c.Ref(), o.Ref()) }

// Ref points at the fields every kind of entry has.
func (c *Care) Ref() entry.Ref {
	return entry.Ref{ID: &c.ID, Key: &c.Key, Text: &c.Text, Note: &c.Note, Private: &c.Private, ShareWith: &c.ShareWith, Added: &c.Added}
}
