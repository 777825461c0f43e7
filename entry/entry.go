// Package entry is what every kind of entry in a map has in common: an
// id, a hidden key, its text and note, who may see it, and when it was
// added — and the checks of that shared part. Each kind (boundaries,
// triggers, signs, aftercare, curious) adds its own fields and hands out
// a Ref to the shared ones, so that code which does the same thing to
// every kind (ids, keys, sharing, what an export keeps) is written once.
package entry

import (
	"errors"
	"slices"
	"strings"
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

// CheckFrom checks the key of the starter-list item an entry came from
// ("touch/14", see package start): a short list name, a slash, a
// number. Empty: not from a list.
func CheckFrom(from string) error {
	if from == "" {
		return nil
	}
	name, num, ok := strings.Cut(from, "/")
	if !ok || len(from) > 40 || name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz-") != "" ||
		num == "" || strings.Trim(num, "0123456789") != "" || num[0] == '0' {
		return errors.New("from is not the key of a starter-list item (like touch/14)")
	}
	return nil
}

// Same reports whether the shared fields of two entries are the same.
func Same(a, b Ref) bool {
	return *a.ID == *b.ID && *a.Key == *b.Key && *a.Text == *b.Text && *a.Note == *b.Note &&
		*a.Private == *b.Private && a.Added.Equal(*b.Added) && slices.Equal(*a.ShareWith, *b.ShareWith)
}
