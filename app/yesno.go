package app

import (
	"strings"

	"github.com/attune-dev/attune/internal/iostreams"
)

// Every yes-or-no question of attune takes y, yes, n or no, and Enter
// for its default; anything else is asked again after a short reminder,
// so that an answer meant for another question is never taken as one.

// yesNoAgain is the reminder for a question whose Enter means no.
const yesNoAgain = "Please answer y or n (Enter is no)."

// yesNo reads an answer; ok is false when it is not one.
func yesNo(answer string, enter bool) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "":
		return enter, true
	case "y", "yes":
		return true, true
	case "n", "no":
		return false, true
	}
	return false, false
}

// askYesNo asks until the answer is yes, no or Enter (no).
func askYesNo(ask func(string) (string, error), say func(string), prompt string) (bool, error) {
	for {
		a, err := ask(prompt)
		if err != nil {
			return false, err
		}
		if yes, ok := yesNo(a, false); ok {
			return yes, nil
		}
		say(yesNoAgain)
	}
}

// confirm asks a yes-or-no question at the terminal; without one, or
// stopped, the answer is no.
func confirm(ios *iostreams.IO, question string) (bool, error) {
	if ios.Terminal == nil {
		return false, nil
	}
	yes, err := askYesNo(ios.Terminal.Line, func(s string) { ios.Terminal.Say(s) }, question)
	if err != nil {
		return false, nil
	}
	return yes, nil
}
