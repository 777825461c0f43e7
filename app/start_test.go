package app

import (
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/iostreams"
)

// The walk at a terminal: the content note first; each item asked once,
// with what each key means and no count of what is left; Enter skips; a
// word that is no answer asks again; q keeps what was answered; an item
// already in the map is named, not asked.
func TestStartAtTheTerminal(t *testing.T) {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	tm.must("add", "curious", "Hugs")
	ask := &iostreams.Scripted{Answers: []string{"", "g", "", "maybe", "s", "c", "a", "q"}}
	atTTY := func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }
	out, errs, code := tm.run(atTTY, "start", "basics")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	said := strings.Join(ask.Said, "\n")
	if !strings.HasPrefix(said, "The basics\nThis list is about closeness") {
		t.Errorf("the content note does not come first:\n%s", said)
	}
	if !strings.Contains(said, "\n"+startShared+"\n") {
		t.Errorf("it does not say, before the first item, that answers are shared:\n%s", said)
	}
	if !strings.Contains(said, "\n"+lightRetry+"\n") || !strings.Contains(lightRetry, "q stops here") {
		t.Errorf("an answer not read is not followed by the plain list of answers:\n%s", said)
	}
	if !strings.Contains(said, "Hugs: already in your map (c1 curious: Hugs)") {
		t.Errorf("an item already in the map is not named:\n%s", said)
	}
	for _, a := range ask.Asked {
		if strings.ContainsAny(a, "0123456789%") {
			t.Errorf("a question counts something: %q", a)
		}
	}
	for _, want := range []string{"added b1 ● GO: Holding hands", "added b2 ■ STOP: Kissing on the lips",
		"added c2 curious: Kissing on the neck", "added b3 ▲ ASK FIRST: A kiss on the forehead"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Cuddling") {
		t.Errorf("a skipped item was added:\n%s", out)
	}
	if n := strings.Count(strings.Join(ask.Asked, "\n"), lightQuestion); n != 7 {
		t.Errorf("the item question was asked %d times, want 7 (one again after a word that is no answer)", n)
	}
}

// Ctrl-C at any question, or no to the whole list, changes nothing.
func TestStartStoppedChangesNothing(t *testing.T) {
	for _, answers := range [][]string{{}, {""}, {"", "g"}, {"", "g", "s"}, {"n"}} {
		tm := newTerm(t)
		tm.must("init", "--name", "Sam")
		before := tm.must("list", "--json")
		ask := &iostreams.Scripted{Answers: answers}
		_, _, code := tm.run(func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }, "start", "touch")
		if len(answers) == 1 && answers[0] == "n" {
			if code != 0 {
				t.Errorf("no to the whole list: exit %d", code)
			}
		} else if code != ExitError {
			t.Errorf("Ctrl-C after %q: exit %d, want %d", answers, code, ExitError)
		}
		if after := tm.must("list", "--json"); after != before {
			t.Errorf("stopped after %q, and the map changed", answers)
		}
	}
}
