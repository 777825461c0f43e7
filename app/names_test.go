package app

import (
	"os/exec"
	"strings"
	"testing"
)

// A name shown in a hint as a command-line word is read back by the shell
// as exactly that name, bytes and all: a name kept from before names had
// to show all they hold ("Sa\u200bm") is written $'Sa\u200bm', so the
// command names that partner and not the "Sam" it looks like.
func TestShellWordReadsBack(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to read the words back")
	}
	names := []string{
		"Sam", "Sam Lee", "O'Neill", "Sa\u200bm", "Sa\u00adm", "O'Ne\u200bill",
		"Sam\U000E0067\U000E007F", "علی\u200cرضا", "Robin \U0001F469\u200d\U0001F4BB",
	}
	for _, name := range names {
		word := shellWord(name)
		if strings.ContainsAny(word, "\u200b\u00ad") {
			t.Errorf("shellWord(%+q) = %+q holds a character that shows nothing", name, word)
		}
		out, err := exec.Command(bash, "-c", "printf %s "+word).Output()
		if err != nil {
			t.Fatalf("bash -c 'printf %%s %s': %v", word, err)
		}
		if string(out) != name {
			t.Errorf("shellWord(%+q) = %s, which bash reads as %+q", name, word, out)
		}
	}
}
