package app

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/store"
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

// At a terminal 52 columns wide, list wraps long text between words,
// with every continuation line indented under its entry; a line of flags
// is never cut inside a flag.
func TestListWrapsBetweenWords(t *testing.T) {
	tm := newTerm(t)
	tm.must("init")
	long := "Being woken up by touch, even gently, before I have had a moment to see who is there"
	tm.must("add", "boundary", "red", long, "--note", "a voice first, please, and the lights on low so I can see the room")
	flags := strings.Repeat("🇫🇷🇩🇪🇯🇵🇧🇷🇮🇳", 9) // 45 flags, one "word"
	tm.must("add", "trigger", "other", flags)
	plain := func(ios *iostreams.IO) { ios.SetEnv("NO_COLOR", "1") }
	unwrapped, _, _ := tm.run(plain, "list")
	out, _, _ := tm.run(func(ios *iostreams.IO) { plain(ios); ios.OutTTY, ios.Width = true, 52 }, "list")
	if out == unwrapped {
		t.Fatal("nothing was wrapped: the test proves nothing")
	}
	// The words are the same, in the same order: none was cut, but the
	// one word (the flags) longer than a line.
	var got, want []string
	var pieces []string
	for _, w := range strings.Fields(out) {
		if strings.IndexFunc(w, func(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }) >= 0 {
			pieces = append(pieces, w)
			continue
		}
		got = append(got, w)
	}
	for _, w := range strings.Fields(unwrapped) {
		if w != flags {
			want = append(want, w)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("words were cut or moved:\n%s", out)
	}
	if strings.Join(pieces, "") != flags {
		t.Errorf("the flags do not read back whole:\n%s", out)
	}
	for _, w := range pieces {
		if len([]rune(w))%2 != 0 {
			t.Errorf("a line holds half a flag: %q", w)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if textwidth.Width(l) > 52 {
			t.Errorf("line wider than 52 columns: %q", l)
		}
	}
	if !strings.Contains(out, "\n         note: a voice first") || !strings.Contains(out, "\n               ") {
		t.Errorf("the note is not indented under its entry:\n%s", out)
	}
}

// open opens the store of the term's runs, as they see it (their HOME).
func (tm *fakeTerm) open() *store.Store {
	tm.t.Helper()
	s, err := store.Open(tm.store)
	if err != nil {
		tm.t.Fatal(err)
	}
	s.KeysRoot = store.KeysRoot(func(k string) string {
		if k == "HOME" {
			return tm.home
		}
		return ""
	})
	return s
}
