// Package entry is what every kind of entry in a map has in common: an
// id, a hidden key, its text and note, who may see it, and when it was
// added — and the checks of that shared part. Each kind (boundaries,
// triggers, signs, aftercare, curious) adds its own fields and hands out
// a Ref to the shared ones, so that code which does the same thing to
// every kind (ids, keys, sharing, what an export keeps) is written once.
package entry

import (
	"slices"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

// Ref points at the fields every entry has, inside one entry.
type Ref struct {
	ID, Key   *string
	Text      *string
	Note      *string
	Private   *bool
	ShareWith *[]string
	Added     *time.Time
}

// Check validates the text (one line, required) and the note (optional,
// may span lines), as stored.
func Check(text, note string) error {
	if err := textcheck.Check("text", text, false); err != nil {
		return err
	}
	return textcheck.CheckLines("note", note, true)
}

// CheckTyped is Check for what a person has just typed or changed: text
// that shows nothing is refused too (textcheck.CheckTyped).
func CheckTyped(text, note string) error {
	if err := textcheck.CheckTyped("text", text, false); err != nil {
		return err
	}
	return textcheck.CheckLinesTyped("note", note, true)
}

// Same reports whether the shared fields of two entries are the same.
func Same(a, b Ref) bool {
	return *a.ID == *b.ID && *a.Key == *b.Key && *a.Text == *b.Text && *a.Note == *b.Note &&
		*a.Private == *b.Private && a.Added.Equal(*b.Added) && slices.Equal(*a.ShareWith, *b.ShareWith)
}
