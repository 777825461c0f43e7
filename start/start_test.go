package start

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
)

// Every embedded list loads and keeps the rules of package start; its
// keys are keys an entry can carry; its words are text attune accepts.
func TestListsLoad(t *testing.T) {
	ls := Lists()
	if len(ls) != len(order) {
		t.Fatalf("%d lists, want %d", len(ls), len(order))
	}
	for _, l := range ls {
		if n := len(l.Items); n < 15 || n > 40 {
			t.Errorf("%s has %d items; a list holds 15 to 40", l.Name, n)
		}
		for _, it := range l.Items {
			if err := entry.CheckFrom(l.Key(it)); err != nil {
				t.Errorf("%s: %v", l.Key(it), err)
			}
			if err := textcheck.CheckTyped("text", it.Text, false); err != nil {
				t.Errorf("%s: %v", l.Key(it), err)
			}
			if got, _, ok := ItemOf(l.Key(it)); !ok || got != l {
				t.Errorf("ItemOf(%s) does not find it", l.Key(it))
			}
		}
		if err := textcheck.CheckTyped("note", l.Note, false); err != nil || utf8.RuneCountInString(l.Note) > 400 {
			t.Errorf("%s: the content note: %v", l.Name, err)
		}
	}
}

// check refuses what would make keys ambiguous or lists unanswerable.
func TestCheckRefuses(t *testing.T) {
	good := func() List {
		return List{Version: 1, Name: "x", Title: "X", About: "x", Note: "n", Answer: AnswerLight, Items: []Item{{N: 1, Text: "a"}}}
	}
	for name, change := range map[string]func(*List){
		"no version":           func(l *List) { l.Version = 0 },
		"another name":         func(l *List) { l.Name = "y" },
		"no content note":      func(l *List) { l.Note = "" },
		"unknown answer":       func(l *List) { l.Answer = "maybe" },
		"a number twice":       func(l *List) { l.Items = append(l.Items, Item{N: 1, Text: "b"}) },
		"number zero":          func(l *List) { l.Items[0].N = 0 },
		"a retired number":     func(l *List) { l.Retired = []int{1} },
		"trigger, no category": func(l *List) { l.Answer = AnswerTrigger },
	} {
		l := good()
		if err := l.check("x"); err != nil {
			t.Fatalf("the good list is refused: %v", err)
		}
		change(&l)
		if err := l.check("x"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The words never count what is left or push to finish: no list's note
// says how many items it has.
func TestNotesHoldNoCounts(t *testing.T) {
	for _, l := range Lists() {
		if strings.ContainsAny(l.Note, "0123456789") {
			t.Errorf("%s's note holds a number: %q", l.Name, l.Note)
		}
	}
}
