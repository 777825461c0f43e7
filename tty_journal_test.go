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

	"github.com/attune-dev/attune/internal/testfs"
)

// The questions of checkin and debrief at a real terminal: a line each,
// answered as a person would; Ctrl-C at any of them keeps nothing.

// journalTTY is a store with a stop word and a trigger with what helps,
// and a terminal to answer at.
func journalTTY(t *testing.T) (*tmuxSession, string) {
	t.Helper()
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	store := filepath.Join(work, "store")
	env := []string{"ATTUNE_DIR=" + store, "HOME=" + work, "NO_COLOR=1"}
	for _, args := range [][]string{
		{"init", "--name", "Sam"}, {"set", "safeword", "pineapple"},
		{"add", "trigger", "touch", "A belt buckle", "--helps", "Open a window"},
	} {
		c := exec.Command(filepath.Join(bin, "attune"), args...)
		c.Env = append(os.Environ(), env...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	s := newTmux(t, append(env, "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ", "HISTFILE=/dev/null"))
	return s, store
}

// answer waits for a question, then types the answer.
func (s *tmuxSession) answer(question, line string) {
	s.t.Helper()
	s.waitFor(question)
	s.typeLine(line)
}

// freshScreen clears the screen and its history, so that waitFor counts
// what comes next only.
func (s *tmuxSession) freshScreen() {
	s.t.Helper()
	s.typeLine("clear")
	s.waitScreen(10*time.Second, func(screen string) bool { return strings.TrimSpace(screen) == "$" }, "the screen does not clear")
	s.run("clear-history")
}

func storeSnapshot(t *testing.T, store string) string {
	t.Helper()
	snap, err := testfs.Snapshot(store)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(snap)
}

// Questions of a check-in, in order, with an answer to each.
var checkinQA = [][2]string{
	{"How are you feeling right now?", "numb"},
	{"How much distress right now", "7"},
	{"do you feel settled, revved up, or shut down / far away?", "shut down"},
	{"Keep this check-in in your journal", ""},
}

// Questions of a debrief that adds a trigger, in order.
var debriefQA = [][2]string{
	{"What felt good?", ""},
	{"Anything you'd like to change, or not do again?", ""},
	{"Did anything bring something up?", "new"},
	{"What kind of trigger?", "sounds"},
	{"In a few words, what was it?", "A door slamming"},
	{"What helped?", "Counting backwards"},
	{"Distress before", "8"},
	{"And after?", "3"},
	{"Add it to your map as a trigger (Sounds: A door slamming, what helps: Counting backwards)?", "y"},
	{"What did you need afterwards?", ""},
	{"A note for next time?", ""},
}

// TestTerminalCheckin: numb, 7, shut down at a terminal: it may be best
// to wait, with the stop word and the person's own what helps; nothing
// kept when asked.
func TestTerminalCheckin(t *testing.T) {
	t.Parallel()
	s, store := journalTTY(t)
	before := storeSnapshot(t, store)
	s.typeLine("attune checkin; echo checkin-exit=$?")
	s.waitFor("Press Enter to skip any question")
	for _, qa := range checkinQA {
		s.answer(qa[0], qa[1])
	}
	screen := s.waitFor("checkin-exit=0")
	for _, want := range []string{
		"You said: numb, shut down / far away, distress 7. With that, it may be best to wait until you feel more settled.",
		"Waiting is fine, and pausing is okay.", "Your stop word: pineapple", "• Open a window (for t1, A belt buckle)",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen does not say %q:\n%s", want, screen)
		}
	}
	if storeSnapshot(t, store) != before {
		t.Error("a check-in not kept changed the store")
	}
}

// TestTerminalDebrief: a debrief that adds a trigger and what helped:
// the map is as it was until the yes, and `helped` shows it after.
func TestTerminalDebrief(t *testing.T) {
	t.Parallel()
	s, store := journalTTY(t)
	mapBefore, _ := os.ReadFile(filepath.Join(store, "map.toml.age"))
	s.typeLine("attune debrief; echo debrief-exit=$?")
	for i, qa := range debriefQA {
		if i == 8 {
			s.waitFor(qa[0])
			if now, _ := os.ReadFile(filepath.Join(store, "map.toml.age")); !bytes.Equal(now, mapBefore) {
				t.Fatal("the map changed before the yes")
			}
			if _, err := os.Stat(filepath.Join(store, "journal.toml.age")); err == nil {
				t.Fatal("the journal was written before the last question")
			}
		}
		s.answer(qa[0], qa[1])
	}
	screen := s.waitFor("debrief-exit=0")
	if !strings.Contains(screen, "added t2 Sounds: A door slamming") || !strings.Contains(screen, "kept this debrief in your journal as j1") {
		t.Fatalf("the debrief did not add the trigger or keep the record:\n%s", screen)
	}
	s.typeLine("attune helped; echo helped-exit=$?")
	screen = s.waitFor("helped-exit=0")
	if !strings.Contains(screen, `t2 A door slamming — "Counting backwards": helped 1 of 1 time, distress 8 → 3 on average`) {
		t.Errorf("helped does not show the debrief:\n%s", screen)
	}
}

// TestTerminalCtrlC: Ctrl-C at each question of a check-in (about to be
// kept) and of a debrief (about to change the map) ends attune with a
// word that nothing was saved, and leaves every file as it was.
func TestTerminalCtrlC(t *testing.T) {
	t.Parallel()
	s, store := journalTTY(t)
	keep := append([][2]string{}, checkinQA...)
	keep[3][1] = "y"
	keep = append(keep, [2]string{"A note to keep with it?", "a note"})
	for _, c := range []struct {
		cmd string
		qa  [][2]string
	}{{"checkin", keep}, {"debrief", debriefQA}} {
		for stop := range c.qa {
			before := storeSnapshot(t, store)
			s.freshScreen()
			s.typeLine(fmt.Sprintf("attune %s; echo %s-%d-exit=$?", c.cmd, c.cmd, stop))
			for _, qa := range c.qa[:stop] {
				s.answer(qa[0], qa[1])
			}
			s.waitFor(c.qa[stop][0])
			s.before = s.screen()
			s.run("send-keys", "C-c")
			screen := s.waitFor(fmt.Sprintf("%s-%d-exit=130", c.cmd, stop))
			if !strings.Contains(screen, "attune: stopped; nothing was saved") {
				t.Errorf("%s, Ctrl-C at %q: no word that nothing was saved:\n%s", c.cmd, c.qa[stop][0], screen)
			}
			if storeSnapshot(t, store) != before {
				t.Fatalf("%s, Ctrl-C at %q changed the store", c.cmd, c.qa[stop][0])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(store, "journal.toml.age")); err == nil {
		t.Error("a journal was written")
	}
}
