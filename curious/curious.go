// Package curious holds what someone may want to explore, and will bring
// up themselves when they are ready: a partner reads it and does not
// raise it for them.
package curious

import (
	"time"

	"github.com/attune-dev/attune/entry"
)

// Curiosity is one thing someone is curious about.
type Curiosity struct {
	ID        string    `toml:"id" json:"id"`
	Key       string    `toml:"key,omitempty" json:"-"` // hidden unique key (see entry)
	Text      string    `toml:"text" json:"text"`
	Note      string    `toml:"note,omitempty" json:"note,omitempty"`
	Private   bool      `toml:"private,omitempty" json:"private"`
	ShareWith []string  `toml:"share_with,omitempty" json:"-"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
	// From is the starter-list item the entry answers (see
	// boundaries.Boundary).
	From string `toml:"from,omitempty" json:"from,omitempty"`
}

// Validate checks the text (required) and the note.
func (c Curiosity) Validate() error {
	if err := entry.Check(c.Text, c.Note); err != nil {
		return err
	}
	return entry.CheckFrom(c.From)
}

// ValidateTyped is Validate for what a person has just typed.
func (c Curiosity) ValidateTyped() error {
	if err := c.Validate(); err != nil {
		return err
	}
	return entry.CheckTyped(c.Text, c.Note)
}

// Equal reports whether two curiosities are the same in every field.
func (c Curiosity) Equal(o Curiosity) bool { return c.From == o.From && entry.Same(c.Ref(), o.Ref()) }

// Ref points at the fields every kind of entry has.
func (c *Curiosity) Ref() entry.Ref {
	return entry.Ref{ID: &c.ID, Key: &c.Key, Text: &c.Text, Note: &c.Note, Private: &c.Private, ShareWith: &c.ShareWith, Added: &c.Added}
}
