// Package signs holds what a partner can see: the signs that someone is
// not OK (checked out, frozen, going along) and the signs that they are
// enjoying themselves. Someone who freezes may not be able to say the
// stop word; what a partner can see is the last safeguard.
package signs

import (
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/wordset"
)

// Kind is which way a sign points.
type Kind string

// The two kinds of sign.
const (
	NotOK Kind = "not-ok" // signs I'm not OK
	OK    Kind = "ok"     // signs I'm enjoying this
)

// Words is how kinds may be typed.
var Words = wordset.New("kind of sign",
	wordset.Word[Kind]{Value: NotOK, Names: []string{"not-ok", "not ok"}, Hidden: []string{"notok", "not okay", "not-okay"}},
	wordset.Word[Kind]{Value: OK, Names: []string{"ok"}, Hidden: []string{"okay", "enjoying"}},
)

// Kinds lists the kinds in display order: not OK first.
var Kinds = Words.Values()

// ParseKind reads a kind as typed. Otherwise it returns a
// *textcheck.UnknownValueError with the nearest spelling.
func ParseKind(s string) (Kind, error) { return Words.Parse(s) }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return Words.Valid(k) }

// Title is the heading for signs of this kind.
func (k Kind) Title() string {
	if k == OK {
		return "Signs I'm enjoying this"
	}
	return "Signs I'm not OK"
}

// Shown is how the kind reads before a sign in one line.
func (k Kind) Shown() string {
	if k == OK {
		return "sign I'm enjoying this"
	}
	return "sign I'm not OK"
}

// Rank orders kinds for display: not OK first.
func (k Kind) Rank() int {
	if k == OK {
		return 1
	}
	return 0
}

// Sign is one sign a partner can look for.
type Sign struct {
	ID  string `toml:"id" json:"id"`
	Key string `toml:"key,omitempty" json:"-"` // hidden unique key (see entry)
	// Kind: not-ok or ok.
	Kind      Kind      `toml:"kind" json:"kind"`
	Text      string    `toml:"text" json:"text"`
	Note      string    `toml:"note,omitempty" json:"note,omitempty"`
	Private   bool      `toml:"private,omitempty" json:"private"`
	ShareWith []string  `toml:"share_with,omitempty" json:"-"`
	Added     time.Time `toml:"added,omitempty" json:"added,omitempty"`
}

// Validate checks the kind, the text (required) and the note.
func (s Sign) Validate() error {
	if !s.Kind.Valid() {
		return Words.StoredError(string(s.Kind))
	}
	return entry.Check(s.Text, s.Note)
}

// ValidateTyped is Validate for what a person has just typed.
func (s Sign) ValidateTyped() error {
	if err := s.Validate(); err != nil {
		return err
	}
	return entry.CheckTyped(s.Text, s.Note)
}

// Equal reports whether two signs are the same in every field.
func (s Sign) Equal(o Sign) bool { return s.Kind == o.Kind && entry.Same(s.Ref(), o.Ref()) }

// Ref points at the fields every kind of entry has.
func (s *Sign) Ref() entry.Ref {
	return entry.Ref{ID: &s.ID, Key: &s.Key, Text: &s.Text, Note: &s.Note, Private: &s.Private, ShareWith: &s.ShareWith, Added: &s.Added}
}
