package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/attune-dev/attune/internal/cleanup"
	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/journal"
)

// The questions of `checkin` and `debrief`: one line each, asked at the
// terminal (never a full-screen form, so a screen reader reads them as
// they come), every one skippable with Enter. Answers are only
// collected while asking; nothing is written until the last one, so
// Ctrl-C or the end of input at any question leaves every file as it
// was.

// asker asks at the terminal.
type asker struct {
	term iostreams.Terminal
	// forget unregisters the words said if a signal (Ctrl-C) ends
	// attune while it asks.
	forget func()
}

// interactive reports whether this run can ask questions: standard
// input is a terminal, and there is one to ask at.
func (x *ctx) interactive() bool { return x.io.InTTY && x.io.Terminal != nil }

// newAsker starts asking. Until done is called, Ctrl-C ends attune with
// a word that nothing was saved.
func (x *ctx) newAsker() *asker {
	errw := x.io.Err
	return &asker{
		term:   x.io.Terminal,
		forget: cleanup.Add(func() { fmt.Fprintln(errw, "\nattune: stopped; nothing was saved") }),
	}
}

// done ends the asking, before anything is written.
func (a *asker) done() { a.forget() }

// errStopped is the end of input (Ctrl-D) at a question.
var errStopped = &userError{msg: "stopped before the end; nothing was saved", code: ExitError}

// ask asks one question; the end of input is errStopped.
func (a *asker) ask(prompt string) (string, error) {
	s, err := a.term.Line(prompt)
	if errors.Is(err, iostreams.ErrInterrupted) || errors.Is(err, iostreams.ErrNoTerminal) {
		return "", errStopped
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

// say writes a line at the terminal, between questions.
func (a *asker) say(text string) { a.term.Say(text) }

// text asks for free text, as a field of that name; a blank is "". Text
// that breaks the rules of any text (too long, control characters) is
// explained and asked again.
func (a *asker) text(prompt, field string) (string, error) {
	for {
		s, err := a.ask(prompt)
		if err != nil {
			return "", err
		}
		s = textcheck.Clean(s)
		if err := textcheck.CheckTyped(field, s, true); err != nil {
			a.say("That can't be kept: " + oneLine(err.Error()) + ". Type it again, or press Enter to skip.")
			continue
		}
		return s, nil
	}
}

// level asks for a distress level, 0 to 10; a blank is nil.
func (a *asker) level(prompt, field string) (*int, error) {
	for {
		s, err := a.ask(prompt)
		if err != nil || s == "" {
			return nil, err
		}
		n, err := journal.ParseLevel(field, s)
		if err == nil {
			return &n, nil
		}
		a.say("Please type a number from 0 (none) to 10 (the worst you can imagine), or press Enter to skip.")
	}
}

// word asks for one of a set's words, offered in the question as
// choices, plain words a person says ("settled, revved up, or shut down
// / far away"); a blank is "". Anything else is asked again, with the
// same plain words.
func word[T ~string](a *asker, prompt, choices string, set *wordset.Set[T]) (T, error) {
	for {
		s, err := a.ask(prompt)
		if err != nil || s == "" {
			return "", err
		}
		if v, ok := set.Lookup(s); ok {
			return v, nil
		}
		a.say("Please answer " + choices + ", or press Enter to skip.")
	}
}

// yes asks a yes-or-no question; Enter is no.
func (a *asker) yes(prompt string) (bool, error) { return askYesNo(a.ask, a.say, prompt) }

// notNow reports whether an answer is "not now": a whole answer, which
// ends the questions there.
func notNow(s string) bool {
	f := wordset.Fold(strings.Trim(s, ".!"))
	return f == "not now" || f == "not-now"
}
