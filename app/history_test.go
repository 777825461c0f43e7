package app

import (
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/mapfile"
)

// Every change made by a command is in the history: what, from, to, and
// the day (with the year when it is not this one), in display order.
func TestHistoryOfEdits(t *testing.T) {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	if out := tm.must("history"); out != "your map has no entries yet, so there is no history to show\n" {
		t.Errorf("history of an empty map: %q", out)
	}
	alex := newTerm(t)
	alex.must("init", "--name", "Alex")
	tm.must("partner", "add", "Alex", strings.TrimSpace(alex.must("key", "share")))
	steps := []struct {
		day  time.Time
		args []string
	}{
		{longAgo, []string{"add", "boundary", "yellow", "Blindfolds", "--only-if", "I hold it"}},
		{longAgo, []string{"add", "trigger", "sounds", "Shouting"}},
		{time.Date(2025, 12, 3, 9, 0, 0, 0, time.UTC), []string{"edit", "b1", "--light", "red"}},
		{time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC), []string{"edit", "t1", "--helps", "A quiet voice", "--intensity", "low"}},
		{time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC), []string{"edit", "t1", "--share-with", "Alex"}},
		{time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC), []string{"edit", "t1", "--private"}},
	}
	for _, s := range steps {
		if _, errs, code := tm.run(at(s.day), s.args...); code != 0 {
			t.Fatalf("%v: %s", s.args, errs)
		}
	}
	want := "b1 ■ STOP: Blindfolds\n" +
		"  10 January 2025: added\n" +
		"  3 December 2025: light: ▲ ASK FIRST → ■ STOP\n" +
		"  3 December 2025: only if cleared (was: I hold it)\n" +
		"  3 December 2025: note added: When this was ASK FIRST: only if I hold it\n" +
		"\n" +
		"t1 Sounds: Shouting (private)\n" +
		"  10 January 2025: added\n" +
		"  4 March: intensity: none → low\n" +
		"  4 March: what helps added: A quiet voice\n" +
		"  6 May: shared only with Alex\n" +
		"  7 May: made private\n" +
		"  7 May: shared with every partner (was: only Alex)\n"
	out, _, _ := tm.run(at(reviewNow), "history")
	if out != want {
		t.Errorf("history:\n%s\nwant:\n%s", out, want)
	}
	if out, _, _ := tm.run(at(reviewNow), "history", "t1"); !strings.HasPrefix(out, "t1 Sounds") || strings.Contains(out, "b1") {
		t.Errorf("history t1:\n%s", out)
	}
	// A history never drives the terminal: its values are shown safe.
	if w := historyWords(mapfile.HistoryEvent{Event: mapfile.EventChanged, Field: "text", From: "a\x1b[2Jb", To: "two\nlines"}); w != `text: a\x1b[2Jb → two / lines` {
		t.Errorf("historyWords = %q", w)
	}
}
