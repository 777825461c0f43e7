package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/store"
)

// jmarker is text only ever written into the journal: it must never
// come out of an export, a summary or any view of the map, one's own
// or a partner's.
const jmarker = "JOURNAL-ONLY-9c41-heather"

// TestJournalNeverLeaves fills the journal with jmarker in every field
// a check-in or a debrief has (a debrief naming a trigger that is
// shared), then runs every command that shows or sends the map, and
// reads every export made: none may hold it. The journal's own views
// must, or the test tests nothing.
func TestJournalNeverLeaves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("set", "safeword", "pineapple")
	e.must("add", "boundary", "red", "Being held down")
	e.must("add", "trigger", "touch", "A belt buckle", "--helps", "Open a window")
	s, k := e.open()
	e.must("partner", "add", "Mirror", s.Config.Recipients()[0])
	e.must("checkin", "--feel", "numb", "--words", jmarker+" words", "--level", "7", "--state", "shut-down", "--note", jmarker+" note", "--save")
	e.must("debrief", "--good", jmarker+" good", "--change", jmarker+" change", "--trigger", "t1", "--helped", jmarker+" helped",
		"--it-helped", "yes", "--needed", jmarker+" needed", "--got-it", "partly", "--note", jmarker+" note")
	if out := e.must("journal", "show", "j2"); strings.Count(out, jmarker) != 5 {
		t.Fatalf("the journal does not hold the marker in every field:\n%s", out)
	}
	if out := e.must("helped"); !strings.Contains(out, jmarker) {
		t.Fatalf("helped does not show what helped:\n%s", out)
	}

	exports := []string{"export.age", "export.txt"}
	runs := [][]string{
		{"list"}, {"list", "--json"}, {"list", "triggers"}, {"list", "--for", "Mirror"},
		{"summary"}, {"summary", "--format", "markdown", "--include-private"}, {"summary", "--format", "html"},
		{"summary", "--format", "html", "--output", "card.html"},
		{"export", "--partner", "Mirror", "--output", "export.age"},
		{"export", "--partner", "Mirror", "--armor", "--output", "export.txt"},
		{"export", "--to", s.Config.Recipients()[0], "--armor"},
		{"list", "--from", "export.age"},
		{"summary", "--from", "export.txt", "--format", "markdown"},
		{"import", "export.age", "--as", "Mirror"},
		{"list", "--partner", "Mirror"}, {"list", "--partner", "Mirror", "--json"},
		{"summary", "--partner", "Mirror", "--format", "html"},
		{"partner", "list"}, {"undo"}, {"undo"},
	}
	for _, args := range runs {
		r := e.run(args...)
		if r.code != 0 {
			t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, jmarker) {
			t.Errorf("attune %s shows journal text:\n%s%s", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
	// What an export carries, decrypted; the card written to a file; the
	// map itself and the import kept from the partner, decrypted.
	for _, f := range exports {
		plain, err := store.ReadEncrypted(filepath.Join(e.root, f), k.ids, store.MaxMapSize)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Contains(plain, []byte("Being held down")) || bytes.Contains(plain, []byte(jmarker)) {
			t.Errorf("%s carries journal text (or not the map at all)", f)
		}
	}
	if card, _ := os.ReadFile(filepath.Join(e.root, "card.html")); !bytes.Contains(card, []byte("Being held down")) || bytes.Contains(card, []byte(jmarker)) {
		t.Error("the summary card carries journal text (or not the map at all)")
	}
	for _, f := range []string{store.MapFile, store.BackupFile, e.partnerFile("Mirror")} {
		plain, err := store.ReadEncrypted(filepath.Join(e.store, f), k.ids, store.MaxMapSize)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if bytes.Contains(plain, []byte(jmarker)) {
			t.Errorf("%s holds journal text", f)
		}
	}
}

// TestForgetAllLeavesNoTrace: after `journal forget --all`, no file
// under the test's root (the store, HOME, TMPDIR, the working folder)
// holds any of the journal's text, read as it is and, for every age
// file, decrypted; not even a temporary file that a killed write left.
func TestForgetAllLeavesNoTrace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "trigger", "touch", "A belt buckle", "--helps", "Open a window")
	e.must("checkin", "--feel", "numb", "--words", jmarker+" words", "--note", jmarker+" note", "--save")
	e.must("debrief", "--good", jmarker+" good", "--change", jmarker+" change", "--trigger", "t1", "--helped", jmarker+" helped",
		"--needed", jmarker+" needed", "--note", jmarker+" note")
	// A write killed with its temporary file (ciphertext) in the store.
	e.runKilledAt(atomicfile.CrashTempWritten, "checkin", "--note", jmarker+" killed", "--save")
	if left := tempFiles(t, e.store); len(left) != 1 {
		t.Fatalf("the killed write left %v, want one temporary file", left)
	}
	if n := tracesOf(t, e, jmarker); n < 2 {
		t.Fatalf("before forgetting, the marker is found in %d files (journal, its killed write): the search finds nothing", n)
	}
	e.must("journal", "forget", "--all")
	if n := tracesOf(t, e, jmarker); n > 0 {
		t.Errorf("after forget --all, %d files still hold the journal's text", n)
	}
	if out := e.must("journal", "list"); !strings.Contains(out, "Your journal is empty") {
		t.Errorf("journal list: %s", out)
	}
}

// tracesOf counts the files under the root that hold text: as they are
// or, for age files, decrypted with the store's key. Each is named.
func tracesOf(t *testing.T, e *env, text string) int {
	t.Helper()
	_, k := e.open()
	n := 0
	err := filepath.WalkDir(e.root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found := bytes.Contains(data, []byte(text)) || strings.Contains(path, text)
		if plain, err := store.Decrypt(data, k.ids, 1<<30); err == nil && bytes.Contains(plain, []byte(text)) {
			found = true
		}
		if found {
			t.Logf("%s holds %q", path, text)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
