package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestPastedLinesAtAQuestion: two lines pasted (or typed at once) at a
// one-line question are neither kept nor left waiting: attune says it
// was more than one line and asks again, the next question does not
// take the second line as its answer, and the shell never runs it or
// keeps it in its history once attune ends.
func TestPastedLinesAtAQuestion(t *testing.T) {
	t.Parallel()
	s, _ := attuneAtTerminal(t)
	s.typeLine("attune init >/dev/null 2>&1 && echo ready-$((40+2))")
	s.waitFor("ready-42")
	const first, second = "Being read to", "slowly at night"
	paste := func(text string) func() {
		return func() {
			s.run("set-buffer", text)
			s.run("paste-buffer", "-p")
		}
	}
	pastes := []struct {
		how  string
		send func()
	}{
		{"typed at once", func() { s.run("send-keys", first, "Enter", second, "Enter") }},
		{"pasted", paste(first + "\n" + second + "\n")},
		{"pasted, the last line without its end", paste(first + "\n" + second)},
	}
	for i, p := range pastes {
		s.clear()
		s.typeLine(fmt.Sprintf("attune add curious; echo add-%d-exit=$?", i))
		s.waitFor("Something you're curious about:")
		s.before = s.screen()
		p.send()
		s.waitFor("more than one line")
		want := fmt.Sprintf("Stories read aloud %d", i)
		s.typeLine(want)
		if screen := s.waitFor(fmt.Sprintf("add-%d-exit=", i)); !strings.Contains(screen, "added c") ||
			!strings.Contains(screen, ": "+want) || strings.Contains(screen, fmt.Sprintf("add-%d-exit=1", i)) {
			t.Fatalf("%s: the line typed again was not added:\n%s", p.how, screen)
		}
	}

	// At checkin's first question, the second line is not the answer to
	// the next.
	s.clear()
	s.typeLine("attune checkin; echo checkin-exit=$?")
	s.waitFor("How are you feeling right now?")
	s.before = s.screen()
	paste(first + "\n" + second + "\n")()
	s.waitFor("more than one line")
	screen := s.waitFor("How are you feeling right now?")
	if strings.Contains(screen, "How much distress") || strings.Contains(screen, "Please type a number") {
		t.Fatalf("the second line went on to the next question:\n%s", screen)
	}
	s.run("send-keys", "C-c")
	s.waitFor("checkin-exit=130")

	// At a passphrase prompt, too: the passphrase is not taken from a
	// paste with a line after it.
	s.clear()
	const pass = "quiet harbour lanterns"
	s.typeLine("export " + scryptWorkFactorEnv + "=10 ATTUNE_DIR=$HOME/locked; ATTUNE_PASSPHRASE='" + pass +
		"' attune init --passphrase >/dev/null 2>&1 && echo locked-$((40+2))")
	s.waitFor("locked-42")
	s.typeLine("attune add curious Long walks; echo locked-add-exit=$?")
	s.waitFor("Passphrase for your attune key")
	s.before = s.screen()
	paste(pass + "\n" + second + "\n")()
	s.waitFor("more than one line")
	s.typeLine(pass)
	screen = s.waitFor("locked-add-exit=")
	if _, asked, _ := strings.Cut(screen, "Passphrase for"); !strings.Contains(asked, "locked-add-exit=0") || strings.Contains(asked, pass) || strings.Contains(asked, second) {
		t.Fatalf("the passphrase typed again was not taken, or was shown:\n%s", screen)
	}

	s.clear()
	s.typeLine("history; ATTUNE_DIR=$HOME/store attune list curious; echo done-$((40+2))")
	screen = s.waitFor("done-42")
	for _, text := range []string{first, second} {
		if strings.Contains(screen, text) {
			t.Errorf("%q reached the shell's history or the map:\n%s", text, screen)
		}
	}
	if !strings.Contains(screen, "attune add curious") || !strings.Contains(screen, "Stories read aloud 2") {
		t.Fatalf("history or the list is not shown, so the check above proves nothing:\n%s", screen)
	}
}
