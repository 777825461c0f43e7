package mapfile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

// keyed is sample() with a hidden key on every entry, as every map
// attune has written holds.
func keyed() *Map {
	m := sample()
	m.AssignKeys()
	return m
}

var historyDay = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func changedLight(key string, at time.Time) HistoryEvent {
	return HistoryEvent{Key: key, At: at, Event: EventChanged, Field: "light", From: "▲ ASK FIRST", To: "■ STOP"}
}

// History is kept through an encode and a decode, in order, and read back
// by key.
func TestHistoryRoundTrip(t *testing.T) {
	m := keyed()
	b := m.Boundaries[1].Key
	m.Record(changedLight(b, historyDay),
		HistoryEvent{Key: b, At: historyDay.Add(time.Hour), Event: EventReviewed},
		HistoryEvent{Key: m.Triggers[0].Key, At: historyDay, Event: EventChanged, Field: "note", From: "", To: "two\nlines"})
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !got.Equal(m) {
		t.Fatalf("the history changed in the round trip:\n%s", data)
	}
	if h := got.HistoryOf(b); len(h) != 2 || h[0].Field != "light" || h[1].Event != EventReviewed {
		t.Errorf("HistoryOf(b2) = %+v", h)
	}
	if last := got.LastReviewed(); !last[b].Equal(historyDay.Add(time.Hour)) || len(last) != 1 {
		t.Errorf("LastReviewed = %v", last)
	}
	if got.MinVersion() != 2 {
		t.Errorf("a map with history needs version %d, want 2", got.MinVersion())
	}
}

// At most MaxHistoryPerEntry events are kept for one entry: the oldest go
// first, and other entries' events stay.
func TestRecordKeepsTheNewestEvents(t *testing.T) {
	m := keyed()
	a, b := m.Boundaries[0].Key, m.Boundaries[1].Key
	m.Record(HistoryEvent{Key: b, At: historyDay, Event: EventReviewed})
	for i := range MaxHistoryPerEntry + 5 {
		m.Record(changedLight(a, historyDay.Add(time.Duration(i)*time.Minute)))
	}
	h := m.HistoryOf(a)
	if len(h) != MaxHistoryPerEntry {
		t.Fatalf("%d events kept, want %d", len(h), MaxHistoryPerEntry)
	}
	if !h[0].At.Equal(historyDay.Add(5*time.Minute)) || !h[len(h)-1].At.Equal(historyDay.Add((MaxHistoryPerEntry+4)*time.Minute)) {
		t.Errorf("kept from %v to %v: not the newest", h[0].At, h[len(h)-1].At)
	}
	if len(m.HistoryOf(b)) != 1 {
		t.Error("another entry's event was dropped")
	}
	if err := m.Validate(); err != nil {
		t.Errorf("the bounded history does not validate: %v", err)
	}
}

// An entry removed takes its history with it.
func TestPruneHistory(t *testing.T) {
	m := keyed()
	gone, stays := m.Boundaries[0], m.Boundaries[1]
	m.Record(changedLight(gone.Key, historyDay), changedLight(stays.Key, historyDay))
	m.Remove(gone.ID)
	if err := m.Validate(); err == nil {
		t.Fatal("a history event of a removed entry validates: the test proves nothing")
	}
	m.PruneHistory()
	if len(m.HistoryOf(gone.Key)) != 0 || len(m.HistoryOf(stays.Key)) != 1 {
		t.Errorf("after pruning: %+v", m.History)
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}

// A damaged history is refused by name, and the message never carries a
// raw control character from the file.
func TestHistoryRefusals(t *testing.T) {
	m := keyed()
	key := m.Boundaries[0].Key
	other := NewKey()
	ok := changedLight(key, historyDay)
	tests := []struct {
		name string
		ev   HistoryEvent
		want string
	}{
		{"unknown event", HistoryEvent{Key: key, At: historyDay, Event: "moved"}, `unknown event "moved"`},
		{"escape in the event", HistoryEvent{Key: key, At: historyDay, Event: "\x1b[2J"}, `unknown event "\x1b[2J"`},
		{"key of no entry", HistoryEvent{Key: other, At: historyDay, Event: EventReviewed}, "not the key of an entry"},
		{"malformed key", HistoryEvent{Key: "b1", At: historyDay, Event: EventReviewed}, "not an attune entry key"},
		{"no key", HistoryEvent{At: historyDay, Event: EventReviewed}, "not an attune entry key"},
		{"no time", HistoryEvent{Key: key, Event: EventReviewed}, "no time"},
		{"unknown field", HistoryEvent{Key: key, At: historyDay, Event: EventChanged, Field: "colour"}, `unknown field "colour"`},
		{"no field", HistoryEvent{Key: key, At: historyDay, Event: EventChanged}, `unknown field ""`},
		{"escape in from", HistoryEvent{Key: key, At: historyDay, Event: EventChanged, Field: "text", From: "a\x1b[2Jb"}, "from contains a control character"},
		{"too long to", HistoryEvent{Key: key, At: historyDay, Event: EventChanged, Field: "text", To: strings.Repeat("x", 1001)}, "to is longer than 1000"},
		{"a review with a field", HistoryEvent{Key: key, At: historyDay, Event: EventReviewed, Field: "light"}, "a review names no field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := m.Clone()
			c.History = []HistoryEvent{ok, tt.ev}
			err := c.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			var ee *EntryError
			if !errors.As(err, &ee) || ee.Where != "history event 2" {
				t.Errorf("error %v does not name the event", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if strings.ContainsRune(err.Error(), 0x1b) {
				t.Errorf("raw escape in %q", err)
			}
		})
	}
	var te *textcheck.TextError
	c := m.Clone()
	c.History = []HistoryEvent{{Key: key, At: historyDay, Event: EventChanged, Field: "text", From: "a\x07"}}
	if err := c.Validate(); !errors.As(err, &te) {
		t.Errorf("a control character in a value is %T, want a text error", err)
	}
	// More than the bound, written by hand.
	c.History = nil
	for range MaxHistoryPerEntry + 1 {
		c.History = append(c.History, ok)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "more than 50 events") {
		t.Errorf("an entry with %d events: %v", MaxHistoryPerEntry+1, err)
	}
}

// A file that says version 1 but holds a history is refused, as any newer
// part is.
func TestHistoryNeedsVersion2(t *testing.T) {
	m := keyed()
	m.Record(changedLight(m.Boundaries[0].Key, historyDay))
	m.Version = 1
	for i := range m.Boundaries { // keys are version 2 as well: only history left
		m.Boundaries[i].Key = ""
	}
	err := m.Validate()
	if err == nil || !strings.Contains(err.Error(), "[[history]] (version 2)") {
		t.Errorf("Validate = %v", err)
	}
}

// What leaves the machine never carries the history: the shareable copy
// has none, and a partner's file that holds any is refused.
func TestHistoryNeverShared(t *testing.T) {
	m := keyed()
	m.Record(changedLight(m.Boundaries[0].Key, historyDay))
	s, _ := m.Shareable()
	if len(s.History) != 0 {
		t.Fatalf("the shareable copy holds the history: %+v", s.History)
	}
	s.Boundaries[0].Key = m.Boundaries[0].Key
	s.History = m.History[:1]
	data, _ := s.Encode()
	if _, err := DecodeShared(data); !errors.Is(err, ErrHistoryShared) {
		t.Errorf("DecodeShared of a file with a history: %v", err)
	}
	s.History = nil
	data, _ = s.Encode()
	if _, err := DecodeShared(data); err != nil {
		t.Errorf("the same file without it: %v", err)
	}
}
