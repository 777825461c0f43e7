package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-dev/attune/internal/testfs"
	attunestore "github.com/attune-dev/attune/store"
)

// tmuxSession drives programs at a real terminal, so prompts that read
// /dev/tty (attune's and the age CLI's) can be answered as a person would.
type tmuxSession struct {
	t      *testing.T
	socket string
	before string // the screen just before the last line was typed
	// log receives everything the pane writes (pipe-pane): the screen is
	// captured again, a tmux process each time, only after it grew or
	// some time passed.
	log         string
	logSize     int64
	lastCapture time.Time
}

// tmuxSessions counts the sessions started, to name their sockets.
var tmuxSessions atomic.Int64

func newTmux(t *testing.T, env []string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (CI installs it): cannot drive a terminal prompt")
	}
	// A socket of its own: a server the last test killed may still be
	// exiting on the previous one.
	s := &tmuxSession{t: t, socket: fmt.Sprintf("attune-test-%d-%d", os.Getpid(), tmuxSessions.Add(1))}
	args := []string{"new-session", "-d", "-x", "200", "-y", "50", "env"}
	args = append(args, env...)
	args = append(args, "bash", "--norc", "--noprofile")
	s.run(args...)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	s.log = filepath.Join(t.TempDir(), "pane.log")
	s.run("pipe-pane", "-o", "cat >> "+shellWord(s.log))
	return s
}

func shellWord(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// waitScreen waits until ok(screen) and returns the screen. It captures
// the screen when the pane wrote something since the last capture, and
// at least every 200 ms (in case tmux writes the log before it draws).
func (s *tmuxSession) waitScreen(timeout time.Duration, ok func(string) bool, failure string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for first := true; ; first = false {
		size := int64(-1)
		if info, err := os.Stat(s.log); err == nil {
			size = info.Size()
		}
		if first || size != s.logSize || time.Since(s.lastCapture) > 200*time.Millisecond {
			s.logSize, s.lastCapture = size, time.Now()
			if screen := s.screen(); ok(screen) {
				return screen
			}
		}
		if time.Now().After(deadline) {
			screen := s.screen()
			s.t.Fatalf("%s; it shows:\n%s", failure, screen)
			return screen
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// typeLine types a line and presses Enter.
func (s *tmuxSession) typeLine(line string) {
	s.before = s.screen()
	s.run("send-keys", "-l", line)
	s.run("send-keys", "Enter")
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-S", "-200") }

// waitFor waits until the screen shows want once more than it did when
// the last line was typed, and returns the screen.
func (s *tmuxSession) waitFor(want string) string {
	s.t.Helper()
	n := strings.Count(s.before, want)
	return s.waitScreen(20*time.Second, func(screen string) bool { return strings.Count(screen, want) > n },
		fmt.Sprintf("the terminal never showed %q", want))
}

// TestTerminalPassphrase creates a passphrase-protected identity by
// answering attune's prompts at a real terminal, uses it, and checks that
// the real age CLI opens the map with it, also asking at the terminal.
func TestTerminalPassphrase(t *testing.T) {
	t.Parallel()
	ageDir, err := ageTools()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	store := filepath.Join(work, "store")
	s := newTmux(t, []string{
		"PATH=" + bin + ":" + ageDir + ":" + os.Getenv("PATH"),
		"ATTUNE_DIR=" + store,
		scryptWorkFactorEnv + "=10",
		"HOME=" + work,
		"PS1=$ ",
		"HISTFILE=/dev/null",
	})
	const pass = "quiet harbour lanterns"

	s.typeLine("attune init --passphrase; echo init-exit=$?")
	s.waitFor("Choose a passphrase")
	s.typeLine(pass)
	s.waitFor("Type it again")
	s.typeLine(pass)
	screen := s.waitFor("init-exit=0")
	if !strings.Contains(screen, "age1") {
		t.Fatalf("init did not succeed:\n%s", screen)
	}

	s.typeLine("attune add boundary green Slow dancing; echo add-exit=$?")
	// The prompt says what it is for, in plain words.
	s.waitFor("Passphrase for your attune key")
	s.typeLine(pass)
	screen = s.waitFor("add-exit=0")
	if !strings.Contains(screen, "added b1") {
		t.Fatalf("add did not succeed:\n%s", screen)
	}
	if strings.Contains(screen, pass) {
		t.Fatalf("the passphrase was echoed to the terminal:\n%s", screen)
	}

	st, err := attunestore.Open(store)
	if err != nil {
		t.Fatal(err)
	}
	st.KeysRoot = attunestore.KeysRoot(func(k string) string { return map[string]string{"HOME": work}[k] })
	s.typeLine("age -d -i " + st.IdentityPath() + " " + filepath.Join(store, "map.toml.age") + "; echo age-exit=$?")
	s.waitFor("passphrase for identity file")
	s.typeLine(pass)
	screen = s.waitFor("age-exit=0")
	if !strings.Contains(screen, `text = "Slow dancing"`) {
		t.Fatalf("the real age CLI did not open the map with the passphrase-protected identity:\n%s", screen)
	}
}

// TestColourAtATerminal: at a real terminal list is coloured, and never
// with NO_COLOR or --no-color; the words are the same either way.
func TestColourAtATerminal(t *testing.T) {
	t.Parallel()
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	s := newTmux(t, []string{
		"PATH=" + bin + ":" + os.Getenv("PATH"),
		"ATTUNE_DIR=" + filepath.Join(work, "store"),
		"HOME=" + work, "HISTFILE=/dev/null", "PS1=$ ", "TERM=xterm-256color", "NO_COLOR=",
	})
	s.typeLine("attune init >/dev/null 2>&1 && attune add boundary red Being held down >/dev/null && echo ready-$?")
	s.waitFor("ready-0")
	screenWithEscapes := func(marker string) string {
		s.waitFor(marker)
		return s.run("capture-pane", "-p", "-e", "-S", "-50")
	}
	s.run("clear-history")
	// $((…)) makes the marker appear only once the command has run,
	// never in the echo of the typed line.
	s.typeLine("clear; attune list; echo coloured-$((40+2))")
	coloured := screenWithEscapes("coloured-42")
	if !strings.Contains(coloured, "\x1b[1;31m") && !strings.Contains(coloured, "\x1b[31") {
		t.Errorf("no colour at a terminal:\n%q", coloured)
	}
	if !strings.Contains(coloured, "■ STOP (red light)") {
		t.Errorf("the words and symbol of STOP are missing at a terminal:\n%s", coloured)
	}
	for i, cmd := range []string{"NO_COLOR=1 attune list", "attune list --no-color"} {
		s.run("clear-history")
		s.typeLine(fmt.Sprintf("clear; %s; echo plain-$((40+%d))", cmd, i))
		plain := screenWithEscapes(fmt.Sprintf("plain-%d", 40+i))
		if strings.Contains(plain, "\x1b[1;31m") || strings.Contains(plain, "\x1b[31") {
			t.Errorf("%s coloured the output:\n%q", cmd, plain)
		}
		if !strings.Contains(plain, "■ STOP (red light)") {
			t.Errorf("%s lost the words:\n%s", cmd, plain)
		}
	}
}

// TestTextNeverInArgv: text typed at attune's prompt, or piped in with
// "-", is never on the command line, so another user's `ps` shows none
// of it while attune waits at the passphrase prompt.
func TestTextNeverInArgv(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps here")
	}
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	const pass = "quiet harbour lanterns"
	env := []string{"ATTUNE_DIR=" + filepath.Join(work, "store"), scryptWorkFactorEnv + "=10", "HOME=" + work}
	initCmd := exec.Command(filepath.Join(bin, "attune"), "init", "--passphrase")
	initCmd.Env = append(os.Environ(), append(env, "ATTUNE_PASSPHRASE="+pass)...)
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	s := newTmux(t, append(env, "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ", "HISTFILE=/dev/null"))
	// waiting is the command line of the attune that waits at the
	// prompt: a whole line of ps, as other tests run attune add too.
	noMarkerInPS := func(waiting, marker string) {
		t.Helper()
		out, err := exec.Command("ps", "-eo", "args").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(strings.Split(string(out), "\n"), func(l string) bool { return l == waiting || strings.HasSuffix(l, "/"+waiting) }) {
			t.Fatalf("ps does not show %q waiting: the check proves nothing\n%s", waiting, out)
		}
		if strings.Contains(string(out), marker) {
			t.Errorf("ps shows the text %q:\n%s", marker, out)
		}
	}

	// Asked at the prompt.
	s.typeLine("attune add boundary red; echo add-exit=$?")
	s.waitFor("Boundary (■ STOP):")
	s.typeLine("Prompted marker lavender")
	s.waitFor("Passphrase for your attune key")
	noMarkerInPS("attune add boundary red", "Prompted marker lavender")
	s.typeLine(pass)
	if screen := s.waitFor("add-exit=0"); !strings.Contains(screen, "added b1 ■ STOP: Prompted marker lavender") {
		t.Fatalf("the prompted text was not added:\n%s", screen)
	}

	// Piped in with "-".
	s.typeLine("printf 'Piped marker heather\\n' | attune add trigger smells -; echo add2-exit=$?")
	s.waitFor("Passphrase for your attune key")
	noMarkerInPS("attune add trigger smells -", "Piped marker heather")
	s.typeLine(pass)
	if screen := s.waitFor("add2-exit=0"); !strings.Contains(screen, "added t1 Smells: Piped marker heather") {
		t.Fatalf("the piped text was not added:\n%s", screen)
	}
}

// TestEditorCtrlC: Ctrl-C while `attune edit` waits for the editor stops
// the editor, and attune removes the file and changes nothing. (attune's
// own copy of the Ctrl-C is dropped while the editor runs: caught, it
// could arrive after the editor's exit and end attune with 130 and no
// message, which a busy machine made happen about once in a hundred
// runs.)
func TestEditorCtrlC(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/shm"); err != nil {
		t.Skip("no /dev/shm: attune edit keeps its file in memory")
	}
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	runtime, err := os.MkdirTemp("/dev/shm", "attune-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(runtime)
	store := filepath.Join(work, "store")
	env := []string{"ATTUNE_DIR=" + store, "HOME=" + work, "XDG_RUNTIME_DIR=" + runtime}
	for _, args := range [][]string{{"init"}, {"add", "boundary", "red", "Being held down"}} {
		c := exec.Command(filepath.Join(bin, "attune"), args...)
		c.Env = append(os.Environ(), env...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	mapBefore, _ := os.ReadFile(filepath.Join(store, "map.toml.age"))
	// The editor: shows the file's name, then waits.
	s := newTmux(t, append(env, "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ", "HISTFILE=/dev/null",
		`EDITOR=sh -c 'echo editing "$1"; sleep 60' ed`))
	s.typeLine("attune edit; echo edit-exit=$?")
	s.waitFor("editing " + runtime)
	entries, _ := os.ReadDir(runtime)
	if len(entries) != 1 {
		t.Fatalf("while editing, %s holds %d entries, want the editor's folder", runtime, len(entries))
	}
	s.run("send-keys", "C-c")
	screen := s.waitFor("edit-exit=1")
	if !strings.Contains(screen, "nothing was changed") {
		t.Errorf("attune did not say that nothing was changed:\n%s", screen)
	}
	if entries, _ := os.ReadDir(runtime); len(entries) != 0 {
		t.Errorf("after Ctrl-C, %s still holds %v", runtime, entries)
	}
	if mapAfter, _ := os.ReadFile(filepath.Join(store, "map.toml.age")); !bytes.Equal(mapBefore, mapAfter) {
		t.Error("the map changed")
	}
}

// TestTerminalPassphraseChange: attune passphrase at a real terminal —
// the current passphrase, then a new one; a short one is warned about
// and asked about, never refused.
func TestTerminalPassphraseChange(t *testing.T) {
	t.Parallel()
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	env := []string{"ATTUNE_DIR=" + filepath.Join(work, "store"), scryptWorkFactorEnv + "=10", "HOME=" + work}
	initCmd := exec.Command(filepath.Join(bin, "attune"), "init", "--passphrase")
	initCmd.Env = append(os.Environ(), append(env, "ATTUNE_PASSPHRASE=first passphrase here")...)
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	s := newTmux(t, append(env, "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ", "HISTFILE=/dev/null"))
	s.typeLine("attune passphrase; echo pass-exit=$?")
	s.waitFor("Current passphrase for your attune key")
	s.typeLine("first passphrase here")
	s.waitFor("New passphrase for your attune key")
	s.typeLine("kiwi")
	s.waitFor("Use it anyway? [y/N]")
	s.typeLine("y")
	s.waitFor("Type it again")
	s.typeLine("kiwi")
	screen := s.waitFor("pass-exit=0")
	if !strings.Contains(screen, "this passphrase is short (4 characters)") || !strings.Contains(screen, "changed the passphrase") {
		t.Fatalf("no warning, or not changed:\n%s", screen)
	}
	if strings.Contains(screen, "first passphrase here") || strings.Contains(screen, "\nkiwi") {
		t.Fatalf("a passphrase was echoed:\n%s", screen)
	}
	s.typeLine("ATTUNE_PASSPHRASE=kiwi attune list; echo list-exit=$?")
	s.waitFor("list-exit=0")
}

// attuneAtTerminal is a terminal with bash, the attune built with test
// hooks on its PATH, and a store folder of its own (returned), plain
// colours and no shell history.
func attuneAtTerminal(t *testing.T) (*tmuxSession, string) {
	t.Helper()
	bin, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	store := filepath.Join(work, "store")
	return newTmux(t, []string{
		"PATH=" + bin + ":" + os.Getenv("PATH"),
		"ATTUNE_DIR=" + store,
		"HOME=" + work, "HISTFILE=/dev/null", "PS1=$ ", "NO_COLOR=1",
	}), store
}

// TestStartAtATerminal answers a starter list as a person would: the
// content note first, keys that say what they mean, q that keeps what was
// answered, and no count of what is left anywhere on the screen.
func TestStartAtATerminal(t *testing.T) {
	t.Parallel()
	s, _ := attuneAtTerminal(t)
	s.typeLine("attune init >/dev/null 2>&1 && echo ready-$((40+2))")
	s.waitFor("ready-42")
	s.typeLine("attune start touch; echo start-exit=$?")
	screen := s.waitFor("Go through this list now?")
	if !strings.Contains(screen, "from everyday touch to sexual touch") {
		t.Fatalf("the content note is not shown before the list:\n%s", screen)
	}
	s.typeLine("")
	s.waitFor("A hand on my shoulder")
	s.typeLine("g")
	s.waitFor("A hand on my back")
	s.typeLine("")
	s.waitFor("Touch on my face")
	s.typeLine("s")
	s.waitFor("Someone playing with my hair")
	s.typeLine("q")
	screen = s.waitFor("start-exit=0")
	for _, want := range []string{"added b1 ● GO: A hand on my shoulder", "added b2 ■ STOP: Touch on my face"} {
		if !strings.Contains(screen, want) {
			t.Errorf("missing %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "A hand on my back (") || regexp.MustCompile(`\b\d+ (of|left|items|to go)\b|%`).MatchString(screen) {
		t.Errorf("a skipped item was added, or something was counted:\n%s", screen)
	}
}

// TestGroundAtATerminal walks attune ground as a person would, one step
// at a time, and checks that no file of the store changed.
func TestGroundAtATerminal(t *testing.T) {
	t.Parallel()
	s, store := attuneAtTerminal(t)
	s.typeLine("attune init >/dev/null 2>&1 && attune set anchor 'The window is open and I am safe' >/dev/null && echo ready-$((40+2))")
	s.waitFor("ready-42")
	before, err := testfs.Snapshot(store)
	if err != nil {
		t.Fatal(err)
	}
	s.typeLine("attune ground; echo ground-exit=$?")
	s.waitFor("The window is open and I am safe")
	for _, step := range []string{"five things you can see", "four things", "three things you can hear", "two things you can smell", "one thing you can taste", "What is different now"} {
		s.waitFor(step)
		s.typeLine("")
	}
	screen := s.waitFor("ground-exit=0")
	if !strings.Contains(screen, "Nothing was saved.") || !strings.Contains(screen, "You are here, now.") {
		t.Errorf("the walk did not reach its end:\n%s", screen)
	}
	after, err := testfs.Snapshot(store)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before, after) {
		t.Errorf("attune ground changed the store")
	}
	// q ends it quietly, at once.
	s.typeLine("attune ground; echo ground2-exit=$?")
	s.waitFor("five things you can see")
	s.typeLine("q")
	screen = s.waitFor("ground2-exit=0")
	if strings.Count(screen, "Nothing was saved.") != 1 {
		t.Errorf("q did not end the walk quietly:\n%s", screen)
	}
}
