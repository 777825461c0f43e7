// Package wordset holds attune's small fixed vocabularies — the lights,
// the trigger categories, the intensities, the summary formats, the
// settings — each declared once as a table. Parsing, did-you-mean, help,
// completion, the man page and every view read the same table, so they
// cannot disagree.
package wordset

import (
	"strings"

	"github.com/attune-dev/attune/internal/textcheck"
)

// Word is one value of a set and the ways a person may type it.
type Word[T ~string] struct {
	Value T
	// Names are the spellings shown in help and offered by completion;
	// the first is the canonical one (what is stored and printed).
	Names []string
	// Hidden are spellings accepted but never offered (ask-first,
	// askfirst): a suggestion for one of them is its offered form.
	Hidden []string
}

// Set is one vocabulary.
type Set[T ~string] struct {
	kind  string // "light", "category": how errors name a value
	words []Word[T]
	index map[string]T
}

// New builds a set. It panics on a spelling used twice: a programming
// error, caught by every test that touches the set.
func New[T ~string](kind string, words ...Word[T]) *Set[T] {
	s := &Set[T]{kind: kind, words: words, index: map[string]T{}}
	for _, w := range words {
		for _, n := range append(append([]string(nil), w.Names...), w.Hidden...) {
			k := Fold(n)
			if _, dup := s.index[k]; dup {
				panic("wordset: " + kind + " spelling used twice: " + n)
			}
			s.index[k] = w.Value
		}
	}
	return s
}

// Fold is the form spellings are compared in: lower case, surrounding
// space trimmed, inner runs of white space one space.
func Fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Kind names the set's values in messages ("light").
func (s *Set[T]) Kind() string { return s.kind }

// Parse reads a spelling. Anything else is a
// *textcheck.UnknownValueError naming the canonical values, with the
// nearest offered spelling as its suggestion.
func (s *Set[T]) Parse(in string) (T, error) {
	if v, ok := s.index[Fold(in)]; ok {
		return v, nil
	}
	var zero T
	return zero, &textcheck.UnknownValueError{Kind: s.kind, Value: in, Valid: s.Canonical(), Suggestion: s.Suggest(in)}
}

// Lookup is Parse without the error.
func (s *Set[T]) Lookup(in string) (T, bool) {
	v, ok := s.index[Fold(in)]
	return v, ok
}

// Suggest is the offered spelling nearest to in, or "".
func (s *Set[T]) Suggest(in string) string {
	// The canonical names first: "smel" is nearest "smell", but the
	// name to learn is "smells".
	if sug := textcheck.Suggest(in, s.Canonical()); sug != "" {
		return sug
	}
	if sug := textcheck.Suggest(in, s.Offered()); sug != "" {
		return sug
	}
	var hidden []string
	owner := map[string]Word[T]{}
	for _, w := range s.words {
		for _, h := range w.Hidden {
			hidden = append(hidden, h)
			owner[h] = w
		}
	}
	h := textcheck.Suggest(in, hidden)
	if h == "" {
		return ""
	}
	// The offered form of a hidden spelling: the name that reads the
	// same without spaces and dashes (askfirst → ask first).
	squash := func(x string) string { return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(Fold(x)) }
	for _, n := range owner[h].Names {
		if squash(n) == squash(h) {
			return n
		}
	}
	return owner[h].Names[0]
}

// Values lists the values in table order.
func (s *Set[T]) Values() []T {
	out := make([]T, len(s.words))
	for i, w := range s.words {
		out[i] = w.Value
	}
	return out
}

// Canonical lists the canonical spelling of each value, in table order.
func (s *Set[T]) Canonical() []string {
	out := make([]string, len(s.words))
	for i, w := range s.words {
		out[i] = w.Names[0]
	}
	return out
}

// Offered lists every offered spelling: the canonical ones first, in
// table order, then the others.
func (s *Set[T]) Offered() []string {
	out := s.Canonical()
	for _, w := range s.words {
		out = append(out, w.Names[1:]...)
	}
	return out
}

// Completions are the offered spellings that are one word (a shell
// completes words; "ask first" is typed in quotes and read by Parse).
func (s *Set[T]) Completions() []string {
	var out []string
	for _, n := range s.Offered() {
		if !strings.ContainsAny(n, " \t") {
			out = append(out, n)
		}
	}
	return out
}

// Names are the offered spellings of v, canonical first.
func (s *Set[T]) Names(v T) []string {
	for _, w := range s.words {
		if w.Value == v {
			return w.Names
		}
	}
	return nil
}

// Valid reports whether v is a value of the set.
func (s *Set[T]) Valid(v T) bool {
	for _, w := range s.words {
		if w.Value == v {
			return true
		}
	}
	return false
}

// Describe lists the values for help text, each with its other
// spellings: "red (or stop, red light); yellow (or ask, ask first);
// green (or go)", or "low, medium or high" when there are none.
func (s *Set[T]) Describe() string {
	if len(s.Offered()) == len(s.words) {
		return OrList(s.Canonical())
	}
	parts := make([]string, len(s.words))
	for i, w := range s.words {
		parts[i] = w.Names[0]
		if len(w.Names) > 1 {
			parts[i] += " (or " + strings.Join(w.Names[1:], ", ") + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// OrList joins words as "a, b or c".
func OrList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// StoredError is the error for a value read from a file that is not a
// canonical name: files hold only canonical names ("red", never "stop"
// or "Red"), so anything else is damage, with the canonical name it is
// closest to as the suggestion.
func (s *Set[T]) StoredError(value string) error {
	sug := ""
	if v, ok := s.Lookup(value); ok {
		sug = s.Names(v)[0]
	} else if near := s.Suggest(value); near != "" {
		if v, ok := s.Lookup(near); ok {
			sug = s.Names(v)[0]
		}
	}
	return &textcheck.UnknownValueError{Kind: s.kind, Value: value, Valid: s.Canonical(), Suggestion: sug}
}

// Has reports whether in is a spelling of the set.
func (s *Set[T]) Has(in string) bool {
	_, ok := s.index[Fold(in)]
	return ok
}
