package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reviewQuestions are the questions of one review of b1 (an ASK FIRST)
// and t1 (a trigger) at a real terminal, each with the answer that leads
// to the next: a new light for b1, new words for t1.
var reviewQuestions = []struct{ prompt, answer string }{
	{"Still true? k keep, l light", "l"},
	{"New light: red", "red"},
	{"Still true? k keep, i intensity", "e"},
	{"New text (Enter keeps it)", "Shouting nearby"},
	{"A note (Enter for none)", "a hand on my shoulder helps"},
}

// TestReviewCtrlCAtEachQuestion: `attune review` at a real terminal, its
// questions answered line by line; Ctrl-C at any question, or Ctrl-D,
// ends it with the map and its backup as they were; answered to the end,
// it writes the changes, and history shows them.
func TestReviewCtrlCAtEachQuestion(t *testing.T) {
	t.Parallel()
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	store := filepath.Join(work, "store")
	env := []string{"ATTUNE_DIR=" + store, "HOME=" + work, "NO_COLOR=1"}
	for _, args := range [][]string{{"init"}, {"add", "boundary", "yellow", "Blindfolds"}, {"add", "trigger", "sounds", "Shouting"}} {
		c := exec.Command(filepath.Join(bin, "attune"), args...)
		c.Env = append(os.Environ(), env...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	files := func() []byte {
		m, _ := os.ReadFile(filepath.Join(store, "map.toml.age"))
		b, _ := os.ReadFile(filepath.Join(store, "map.toml.age.bak"))
		return append(m, b...)
	}
	before := files()
	s := newTmux(t, append(env, "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ", "HISTFILE=/dev/null"))
	// Everything is due: the entries were added a moment ago.
	start := func(run int) string {
		s.clear()
		s.typeLine(fmt.Sprintf("attune review --older-than 0d; echo review-%d-exit=$?", run))
		return fmt.Sprintf("review-%d-exit=", run)
	}
	for k := range reviewQuestions {
		for _, key := range []string{"C-c", "C-d"} {
			done := start(2*k + len(key))
			for _, q := range reviewQuestions[:k] {
				s.waitFor(q.prompt)
				s.typeLine(q.answer)
			}
			s.waitFor(reviewQuestions[k].prompt)
			s.before = s.screen()
			s.run("send-keys", key)
			want := done + "130"
			if key == "C-d" {
				want = done + "1"
			}
			screen := s.waitFor(want)
			if key == "C-d" && !strings.Contains(screen, "nothing was changed") {
				t.Errorf("Ctrl-D at question %d: attune did not say that nothing was changed:\n%s", k+1, screen)
			}
			if !bytes.Equal(before, files()) {
				t.Fatalf("%s at question %d (%q) changed the map:\n%s", key, k+1, reviewQuestions[k].prompt, screen)
			}
		}
	}
	done := start(99)
	for _, q := range reviewQuestions {
		s.waitFor(q.prompt)
		s.typeLine(q.answer)
	}
	screen := s.waitFor(done + "0")
	if !strings.Contains(screen, "changed b1: ▲ ASK FIRST → ■ STOP — Blindfolds") || !strings.Contains(screen, "changed t1: text, note — Shouting nearby") {
		t.Fatalf("answered to the end, review did not say what it changed:\n%s", screen)
	}
	if bytes.Equal(before, files()) {
		t.Fatal("answered to the end, review changed nothing")
	}
	s.clear()
	s.typeLine("attune history b1; echo history-exit=$((40+2))")
	if screen := s.waitFor("history-exit=42"); !strings.Contains(screen, "light: ▲ ASK FIRST → ■ STOP") || !strings.Contains(screen, "looked at again") {
		t.Errorf("history does not show the review:\n%s", screen)
	}
}

// clear empties the screen and its history, and waits until it is empty,
// so that what a run shows is counted from nothing.
func (s *tmuxSession) clear() {
	s.t.Helper()
	s.run("send-keys", "-l", "clear")
	s.run("send-keys", "Enter")
	s.waitScreen(20*time.Second, func(screen string) bool {
		return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(screen), "$")) == ""
	}, "the screen never cleared")
	s.run("clear-history")
	s.before = ""
}
