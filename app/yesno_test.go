package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/iostreams"
)

// Every yes-or-no question asks again, with the reminder, when the
// answer is neither yes, no nor Enter; an answer meant for another
// question is never taken as no. Then yes is yes.
func TestYesNoQuestionsAskAgain(t *testing.T) {
	cases := []struct {
		name    string
		store   func(*testing.T) *fakeTerm
		setup   func(*fakeTerm)
		args    []string
		answers []string
		done    func(*fakeTerm, string) bool
	}{
		{"checkin: keep it?", journalTerm, nil, []string{"checkin"}, []string{"", "", "", "Keep it, I think", "y", ""},
			func(tm *fakeTerm, _ string) bool { return tm.journal().Len() == 1 }},
		{"debrief: add it?", journalTerm, nil, []string{"debrief"}, []string{"Slow kissing", "sure", "y", "not now"},
			func(tm *fakeTerm, out string) bool { return strings.Contains(out, "added b1 ● GO: Slow kissing") }},
		{"journal forget", journalTerm, func(tm *fakeTerm) {
			tm.run(asking(&iostreams.Scripted{Answers: []string{"", "", "", "y", ""}}), "checkin")
		}, []string{"journal", "forget", "--all"}, []string{"all of it", "yes"},
			func(tm *fakeTerm, _ string) bool { return tm.journal().Len() == 0 }},
		{"review: remove?", reviewStore, nil, []string{"review"}, []string{"r", "remove it", "y", "q"},
			func(tm *fakeTerm, out string) bool { return strings.Contains(out, "removed b1") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := c.store(t)
			if c.setup != nil {
				c.setup(tm)
			}
			ask := &iostreams.Scripted{Answers: c.answers}
			out, errs, code := tm.run(atKeyboard(reviewNow, ask), c.args...)
			if code != 0 || len(ask.Answers) != 0 {
				t.Fatalf("exit %d, answers left %q: %s", code, ask.Answers, errs)
			}
			if !slices.Contains(ask.Said, yesNoAgain) {
				t.Errorf("no reminder; said %q", ask.Said)
			}
			if !c.done(tm, out) {
				t.Errorf("yes, asked again, was not taken:\n%s", out)
			}
		})
	}
}

// "Go through this list now?" asks again too, in its own words (Enter
// begins).
func TestStartBeginAsksAgain(t *testing.T) {
	tm := newTerm(t)
	tm.must("init")
	ask := &iostreams.Scripted{Answers: []string{"maybe later", "n"}}
	out, errs, code := tm.run(asking(ask), "start", "touch")
	if code != 0 || len(ask.Answers) != 0 {
		t.Fatalf("exit %d, answers left %q: %s", code, ask.Answers, errs)
	}
	if !slices.Contains(ask.Said, startAgain) || len(ask.Asked) != 2 || strings.Contains(out, "added b") {
		t.Errorf("asked %q, said %q, out %q", ask.Asked, ask.Said, out)
	}
}

// The words a yes-or-no question takes.
func TestYesNo(t *testing.T) {
	for _, c := range []struct {
		in      string
		enter   bool
		yes, ok bool
	}{
		{"y", false, true, true}, {" YES ", false, true, true}, {"n", false, false, true}, {"No", false, false, true},
		{"", false, false, true}, {"", true, true, true}, {"sure", false, false, false}, {"yes please", false, false, false},
	} {
		if yes, ok := yesNo(c.in, c.enter); yes != c.yes || ok != c.ok {
			t.Errorf("yesNo(%q, %v) = %v, %v; want %v, %v", c.in, c.enter, yes, ok, c.yes, c.ok)
		}
	}
}
