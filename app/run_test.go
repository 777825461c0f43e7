package app

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/iostreams"
)

// fakeTerm is one in-process run of attune on a fake terminal.
type fakeTerm struct {
	t     *testing.T
	store string
	home  string
}

func newTerm(t *testing.T) *fakeTerm {
	root := t.TempDir()
	return &fakeTerm{t: t, store: filepath.Join(root, "store"), home: root}
}

// run runs attune in this process, as Main would, with the given
// terminal settings; it returns what was printed and the exit code.
func (tm *fakeTerm) run(setup func(ios *iostreams.IO), args ...string) (stdout, stderr string, code int) {
	tm.t.Helper()
	ios, _, out, errb := iostreams.Test()
	ios.SetEnv("ATTUNE_DIR", tm.store)
	ios.SetEnv("HOME", tm.home)
	if setup != nil {
		setup(ios)
	}
	code = Run(append([]string{"attune"}, args...), ios)
	return out.String(), errb.String(), code
}

func (tm *fakeTerm) must(args ...string) string {
	tm.t.Helper()
	out, errs, code := tm.run(nil, args...)
	if code != 0 {
		tm.t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

// Commands run in process, on a fake terminal: the seam decides colour
// once, from the terminal and the environment, and every command uses it.
func TestRunInProcess(t *testing.T) {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	if out := tm.must("add", "boundary", "red", "Being held down"); !strings.Contains(out, "added b1") {
		t.Fatalf("add printed %q", out)
	}
	atTerminal := func(ios *iostreams.IO) { ios.OutTTY, ios.Width = true, 80 }
	out, _, code := tm.run(atTerminal, "list")
	if code != 0 || !strings.Contains(out, "\x1b[") {
		t.Errorf("list at a terminal is not coloured (exit %d):\n%q", code, out)
	}
	out, _, _ = tm.run(func(ios *iostreams.IO) { atTerminal(ios); ios.SetEnv("NO_COLOR", "1") }, "list")
	if strings.Contains(out, "\x1b[") || !strings.Contains(out, "■ STOP") {
		t.Errorf("NO_COLOR: %q", out)
	}
	out, _, _ = tm.run(nil, "list")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("coloured off a terminal: %q", out)
	}
	// Usage mistakes come back as exit 2 and one line, in process too.
	_, errs, code := tm.run(nil, "add", "boundary", "green", "Kissing", "--note", "not", "on", "the", "neck")
	if code != ExitUsage || !strings.HasPrefix(errs, "attune: error: \"on the neck\" follows --note's value") {
		t.Errorf("exit %d: %q", code, errs)
	}
}

// A passphrase is asked at the terminal the seam provides, in plain
// words; with no terminal, attune says so instead of hanging.
func TestPassphraseAtTheSeam(t *testing.T) {
	tm := newTerm(t)
	ask := &iostreams.Scripted{Answers: []string{"harbour lanterns", "harbour lanterns"}}
	withTTY := func(ios *iostreams.IO) { ios.Terminal = ask }
	if _, errs, code := tm.run(withTTY, "init", "--passphrase"); code != 0 {
		t.Fatalf("init --passphrase: %d %s", code, errs)
	}
	ask.Answers = []string{"harbour lanterns"}
	ask.Asked = nil
	if _, errs, code := tm.run(withTTY, "list"); code != 0 {
		t.Fatalf("list: %d %s", code, errs)
	}
	if len(ask.Asked) != 1 || ask.Asked[0] != "Passphrase for your attune key: " {
		t.Errorf("asked %q", ask.Asked)
	}
	_, errs, code := tm.run(nil, "list")
	if code != ExitError || !strings.Contains(errs, "there is no terminal to ask for it") {
		t.Errorf("with no terminal: exit %d %q", code, errs)
	}
}
