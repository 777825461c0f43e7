package mapfile

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
)

// History is what happened to each entry of one's own map after it was
// added: when a field changed (from what, to what), and when the person
// looked at it again and found it still true (attune review). It is kept
// inside the map, so that a change and its record are one atomic write,
// and it is the owner's alone: an export, a summary and a partner's view
// are built as fresh maps without it, and a partner's file that holds
// any is refused (ErrHistoryShared).
//
// It is a top-level list keyed by each entry's hidden key, not a table
// inside entries: the schema has no tables inside tables (prescan).

// HistoryEvent is one thing that happened to one entry.
type HistoryEvent struct {
	Key   string    `toml:"key"`   // the entry's hidden key
	At    time.Time `toml:"at"`    // when, in UTC, to the second
	Event string    `toml:"event"` // EventChanged or EventReviewed
	// Field, From and To, for a change only: which field, and its values
	// as a person reads them ("■ STOP", "high", the text), as
	// changes.Field names and words them.
	Field string `toml:"field,omitempty"`
	From  string `toml:"from,omitempty"`
	To    string `toml:"to,omitempty"`
}

// The events. "added" needs no record: the entry's own added time says it.
const (
	EventChanged  = "changed"
	EventReviewed = "reviewed"
)

// MaxHistoryPerEntry bounds the events kept for one entry: when a new
// one comes, the oldest goes.
const MaxHistoryPerEntry = 50

// HistoryFields are the fields a change may name: changes.Compare's
// names for them (a test there holds the two lists together).
var HistoryFields = []string{
	"light", "only if", "category", "intensity", "what helps", "kind", "when",
	"text", "note", "private", "shared with",
}

// Equal reports whether two events are the same in every field.
func (e HistoryEvent) Equal(o HistoryEvent) bool {
	return e.Key == o.Key && e.At.Equal(o.At) && e.Event == o.Event && e.Field == o.Field && e.From == o.From && e.To == o.To
}

// ErrHistoryShared is a shared map that holds the history of its
// entries, which only its owner's own map keeps.
var ErrHistoryShared = errors.New("the file holds the history of its entries, which a shared map never does")

// Record adds events to the history, and drops the oldest events of an
// entry that would have more than MaxHistoryPerEntry.
func (m *Map) Record(events ...HistoryEvent) {
	if len(events) == 0 {
		return
	}
	m.History = append(m.History, events...)
	over := map[string]int{}
	for _, e := range events {
		over[e.Key] = 0
	}
	if len(over) == 1 { // one entry changed: the common case, without a lookup an event
		k := events[0].Key
		for _, e := range m.History {
			if e.Key == k {
				over[k]++
			}
		}
	} else {
		for _, e := range m.History {
			if _, ok := over[e.Key]; ok {
				over[e.Key]++
			}
		}
	}
	drop := false
	for k, n := range over {
		over[k] = n - MaxHistoryPerEntry
		drop = drop || n > MaxHistoryPerEntry
	}
	if !drop {
		return
	}
	m.History = slices.DeleteFunc(m.History, func(e HistoryEvent) bool {
		if over[e.Key] > 0 {
			over[e.Key]--
			return true
		}
		return false
	})
}

// PruneHistory forgets the history of entries that are no longer in the
// map: removing an entry means forgetting it (undo brings back the
// earlier map, history and all).
func (m *Map) PruneHistory() {
	if len(m.History) == 0 {
		return
	}
	keys := m.entryKeys()
	m.History = slices.DeleteFunc(m.History, func(e HistoryEvent) bool { return !keys[e.Key] })
}

// HistoryOf is the history of the entry with this hidden key, in the
// order it was recorded (a copy).
func (m *Map) HistoryOf(key string) []HistoryEvent {
	var out []HistoryEvent
	if key == "" {
		return nil
	}
	for _, e := range m.History {
		if e.Key == key {
			out = append(out, e)
		}
	}
	return out
}

// HistoryByKey is the history of every entry that has one, by hidden
// key, each in the order it was recorded: for reading many entries'
// histories at once.
func (m *Map) HistoryByKey() map[string][]HistoryEvent {
	out := map[string][]HistoryEvent{}
	for _, e := range m.History {
		out[e.Key] = append(out[e.Key], e)
	}
	return out
}

// LastReviewed is, for every entry that has been looked at again, the
// last time it was, by hidden key.
func (m *Map) LastReviewed() map[string]time.Time {
	out := map[string]time.Time{}
	for _, e := range m.History {
		if e.Event == EventReviewed && e.At.After(out[e.Key]) {
			out[e.Key] = e.At
		}
	}
	return out
}

// entryKeys is the set of the entries' hidden keys.
func (m *Map) entryKeys() map[string]bool {
	keys := make(map[string]bool, m.Count())
	m.Each(func(_ Section, r entry.Ref) {
		if *r.Key != "" {
			keys[*r.Key] = true
		}
	})
	return keys
}

// validateHistory checks every event: a known event, the key of an entry
// of the map (keys, from the entries' validation), a time, a known field
// and values as stored text for a change, nothing else for a review, and
// at most MaxHistoryPerEntry events for one entry.
func (m *Map) validateHistory(keys map[string]bool) error {
	if len(m.History) == 0 {
		return nil
	}
	count := make(map[string]int, min(len(m.History), len(keys)))
	for i, e := range m.History {
		err := e.validate()
		if err == nil && !keys[e.Key] {
			err = errors.New("the key is not the key of an entry of the map")
		}
		if err == nil {
			if count[e.Key]++; count[e.Key] > MaxHistoryPerEntry {
				err = fmt.Errorf("the entry has more than %d events", MaxHistoryPerEntry)
			}
		}
		if err != nil {
			return &EntryError{Where: fmt.Sprintf("history event %d", i+1), Err: err}
		}
	}
	return nil
}

func (e HistoryEvent) validate() error {
	if e.Key == "" || checkKey(e.Key) != nil {
		return errors.New("the key is not an attune entry key")
	}
	if e.At.IsZero() {
		return errors.New("it has no time (at)")
	}
	switch e.Event {
	case EventReviewed:
		if e.Field != "" || e.From != "" || e.To != "" {
			return errors.New("a review names no field, from or to")
		}
		return nil
	case EventChanged:
		if !slices.Contains(HistoryFields, e.Field) {
			return fmt.Errorf("unknown field \"%s\"", textcheck.Neutralize(cut(e.Field, 40)))
		}
		if err := textcheck.CheckLines("from", e.From, true); err != nil {
			return err
		}
		return textcheck.CheckLines("to", e.To, true)
	}
	return fmt.Errorf("unknown event \"%s\" (%s or %s)", textcheck.Neutralize(cut(e.Event, 40)), EventChanged, EventReviewed)
}

// cut keeps a message short, whatever a file holds.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
