package app

import (
	"maps"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/testfs"
)

// ground on an open map: the date, the anchor, 5-4-3-2-1 one step at a
// time, what helps, what is different now; nothing written.
func TestGroundOpenMap(t *testing.T) {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	tm.must("set", "anchor", "I am in my own flat, and the kettle is on")
	tm.must("add", "trigger", "sounds", "Shouting", "--intensity", "high", "--helps", "Quiet, and my blanket")
	before, err := testfs.Snapshot(tm.store)
	if err != nil {
		t.Fatal(err)
	}
	ask := &iostreams.Scripted{Answers: []string{"", "", "", "", "", ""}}
	out, errs, code := tm.run(func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }, "ground")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out, errs)
	}
	said := strings.Join(ask.Said, "\n")
	for _, want := range []string{"It is Saturday 28 November 2026, ", "I am in my own flat, and the kettle is on",
		groundSteps[0], groundSteps[4], "  - Quiet, and my blanket", "What is different now", "Nothing was saved."} {
		if !strings.Contains(said, want) {
			t.Errorf("missing %q:\n%s", want, said)
		}
	}
	if strings.Index(said, "kettle") > strings.Index(said, groundSteps[0]) {
		t.Errorf("the anchor does not come before the steps:\n%s", said)
	}
	if len(ask.Asked) != 6 {
		t.Errorf("asked %d times, want one a step and one at the end", len(ask.Asked))
	}
	after, _ := testfs.Snapshot(tm.store)
	if !maps.Equal(before, after) {
		t.Error("ground changed the store")
	}
}

// q or Ctrl-C ends it quietly, at any step.
func TestGroundEndsQuietly(t *testing.T) {
	tm := newTerm(t)
	tm.must("init")
	for _, answers := range [][]string{{"q"}, {"", ""}, {"", "", "", "", "", "q"}} {
		ask := &iostreams.Scripted{Answers: answers}
		_, errs, code := tm.run(func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }, "ground")
		if code != 0 || errs != "" {
			t.Errorf("ended after %q: exit %d, %q", answers, code, errs)
		}
		if strings.Contains(strings.Join(ask.Said, "\n"), "Nothing was saved") {
			t.Errorf("ended after %q, but went on to the end", answers)
		}
	}
}

// A map that needs a passphrase: the steps come first, with no question
// of a passphrase; the anchor is offered at the end.
func TestGroundLockedMap(t *testing.T) {
	tm := newTerm(t)
	pass := &iostreams.Scripted{Answers: []string{"harbour lanterns", "harbour lanterns"}}
	withTTY := func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, pass }
	if _, errs, code := tm.run(withTTY, "init", "--passphrase"); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	pass.Answers = []string{"harbour lanterns"}
	if _, errs, code := tm.run(withTTY, "set", "anchor", "It is over; I am safe here"); code != 0 {
		t.Fatalf("set anchor: %s", errs)
	}
	ask := &iostreams.Scripted{Answers: []string{"", "", "", "", "", "", "y", "harbour lanterns"}}
	_, errs, code := tm.run(func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }, "ground")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for i, q := range ask.Asked[:6] {
		if strings.Contains(q, "assphrase") {
			t.Fatalf("question %d asked for the passphrase before the steps: %q", i, q)
		}
	}
	said := strings.Join(ask.Said, "\n")
	if !strings.Contains(said, "It is over; I am safe here") || strings.Index(said, "It is over") < strings.Index(said, groundSteps[4]) {
		t.Errorf("the anchor is not shown after the offer:\n%s", said)
	}
}
