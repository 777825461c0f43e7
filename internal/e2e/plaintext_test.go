package e2e

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// marker is a distinctive text put in entries; it must never be found in
// a file on disk.
const marker = "MARKER-7f3a-lavender"

// plaintextRuns is every command, run in order in one fresh world, each
// carrying the marker where it can. In args, {key} stands for the store's
// own public key (the partner "Mirror" is oneself, so exports can be
// imported back). `summary --output FILE` is the one command whose job is
// to write plaintext: its file must hold the marker (allowPlain), and no
// other file may.
var plaintextRuns = []struct {
	args       []string
	env        []string
	allowPlain []string // files (relative to the root) that must hold the marker
	keyring    bool     // needs the kernel keyring: skipped where there is none
	stdin      string   // standard input of the run
}{
	{args: []string{"init", "--name", "Sam " + marker}},
	{args: []string{"key"}},
	{args: []string{"add", "boundary", "red", "Being held down " + marker, "--note", marker}},
	{args: []string{"add", "boundary", "yellow", "Private " + marker, "--private"}},
	{args: []string{"add", "trigger", "smells", "Smoke " + marker, "--helps", "Fresh air " + marker, "--intensity", "high"}},
	{args: []string{"set", "safeword", "pineapple " + marker}},
	{args: []string{"set", "signal", "two taps " + marker}},
	{args: []string{"edit", "b1", "--text", "Edited " + marker, "--note", "note " + marker}},
	{args: []string{"list"}},
	{args: []string{"list", "--json"}},
	{args: []string{"list", "triggers", "--category", "smells"}},
	{args: []string{"remove", "t1"}},
	{args: []string{"add", "trigger", "words", "Words " + marker}},

	// The journal: every command that reads or writes it.
	{args: []string{"checkin", "--feel", "numb", "--words", "Own words " + marker, "--level", "7", "--state", "shut-down"}},
	{args: []string{"checkin", "--feel", "anxious", "--words", "Own words " + marker, "--note", "Note " + marker, "--save"}},
	{args: []string{"debrief", "--good", "Good " + marker, "--change", "Change " + marker, "--trigger", "t2", "--helped", "Helped " + marker,
		"--before", "7", "--after", "3", "--needed", "Needed " + marker, "--got-it", "yes", "--note", "Note " + marker}},
	{args: []string{"debrief", "--new-trigger", "New trigger " + marker, "--category", "touch", "--helped", "Helped " + marker, "--good", "Added GO " + marker, "--add"}},
	{args: []string{"debrief", "--note", "-"}, stdin: "Piped note " + marker},
	{args: []string{"helped"}},
	{args: []string{"journal", "list"}},
	{args: []string{"journal", "show", "j2"}},
	{args: []string{"journal", "forget", "j1"}},

	// Sharing.
	{args: []string{"partner", "add", "Mirror", "{key}"}},
	{args: []string{"partner", "list"}},
	{args: []string{"export", "--partner", "Mirror", "--output", "export.age"}},
	{args: []string{"export", "--partner", "Mirror", "--armor", "--output", "export.txt"}},
	{args: []string{"export", "--partner", "Mirror"}},
	{args: []string{"export", "--to", "{key}", "--armor"}},
	// Read before the first import puts the signing key on record under
	// the name Mirror (the file says Sam's name: after, it is refused).
	{args: []string{"list", "--from", "export.txt"}},
	{args: []string{"summary", "--from", "export.age", "--format", "html"}},
	{args: []string{"import", "export.age", "--as", "Mirror"}},
	{args: []string{"add", "boundary", "green", "Hand on my back " + marker}},
	{args: []string{"export", "--partner", "Mirror", "--output", "export.age"}},
	{args: []string{"import", "export.age", "--as", "Mirror"}}, // over the earlier import: prints the changes
	{args: []string{"list", "--partner", "Mirror"}},
	{args: []string{"list", "--partner", "Mirror", "--json"}},
	{args: []string{"summary"}},
	{args: []string{"summary", "--format", "markdown", "--include-private"}},
	{args: []string{"summary", "--format", "html"}},
	{args: []string{"summary", "--partner", "Mirror", "--format", "markdown"}},
	{args: []string{"summary", "--format", "html", "--output", "summary.html"}, allowPlain: []string{"summary.html"}},
	{args: []string{"undo"}},
	{args: []string{"undo"}},
	// The whole map in an editor: its file lives in memory and is gone
	// after (checked below); the entry it adds carries the marker.
	{args: []string{"edit"}, env: []string{"EDITOR={editor}"}},
	{args: []string{"add", "boundary", "red", "-"}, stdin: "From standard input " + marker},
	{args: []string{"partner", "remove", "Mirror"}},
	{args: []string{"completion", "bash"}},

	// A second store, protected by a passphrase, kept unlocked for a while.
	{args: []string{"--dir", "store2", "init", "--passphrase", "--name", "Sam " + marker}, env: []string{"ATTUNE_PASSPHRASE=lavender fields"}},
	{args: []string{"--dir", "store2", "add", "boundary", "red", "Unlocked " + marker}, env: []string{"ATTUNE_PASSPHRASE=lavender fields"}},
	{args: []string{"--dir", "store2", "checkin", "--words", "Protected " + marker, "--save"}, env: []string{"ATTUNE_PASSPHRASE=lavender fields"}},
	{args: []string{"--dir", "store2", "unlock", "--for", "1m"}, env: []string{"ATTUNE_PASSPHRASE=lavender fields"}, keyring: true},
	{args: []string{"--dir", "store2", "list"}, keyring: true},
	{args: []string{"--dir", "store2", "summary", "--format", "markdown"}, keyring: true},
	{args: []string{"--dir", "store2", "lock"}, keyring: true},
}

// TestNoPlaintextOnDisk runs every command with the marker in its text,
// with HOME, TMPDIR and the store under one temporary root, and then
// reads every file under that root: none may hold the marker, except the
// summary written with --output, which must.
func TestNoPlaintextOnDisk(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	runtime := memDir(t)
	e.extra = append(e.extra, "XDG_RUNTIME_DIR="+runtime)
	// The editor stand-in holds the marker itself: it lives outside the root.
	editor := filepath.Join(t.TempDir(), "editor.sh")
	script := "#!/bin/sh\nprintf '\\n[[boundary]]\\nlight = \"green\"\\ntext = \"Edited in the editor " + marker + "\"\\n' >> \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	e.extra = append(e.extra, fmt.Sprintf("%s=plaintext-%d:", keyringPrefixEnv, os.Getpid()))
	allowed := map[string]bool{}
	sawMarker, noKeyring := false, false
	for _, run := range plaintextRuns {
		if run.keyring && noKeyring {
			continue
		}
		args := slices.Clone(run.args)
		for i, a := range args {
			if a == "{key}" {
				s, _ := e.open()
				args[i] = s.Config.Recipients()[0]
			}
		}
		env := slices.Clone(run.env)
		for i, v := range env {
			env[i] = strings.ReplaceAll(v, "{editor}", editor)
		}
		r := e.runInput(env, run.stdin, args...)
		if run.keyring && r.code != 0 && strings.Contains(r.stderr, "keyring is not available") {
			t.Logf("no kernel keyring here: unlock and lock are not run (%s)", strings.TrimSpace(r.stderr))
			noKeyring = true
			continue
		}
		if r.code != 0 {
			t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		sawMarker = sawMarker || strings.Contains(r.stdout, marker)
		for _, a := range run.allowPlain {
			allowed[a] = true
		}
	}
	if !sawMarker {
		t.Fatal("the marker never came back out of the map: the test is not testing anything")
	}
	files, held := 0, map[string]bool{}
	err := filepath.WalkDir(e.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(e.root, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if bytes.Contains(data, []byte(marker)) {
			held[rel] = true
			if !allowed[rel] {
				t.Errorf("%s holds the marker in plaintext", rel)
			}
		}
		if strings.Contains(strings.ToLower(rel), strings.ToLower(marker)) {
			t.Errorf("a file name holds the marker: %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(runtime); len(entries) != 0 {
		t.Errorf("the editor's folder was left behind in %s: %v", runtime, entries)
	}
	if out := e.must("list"); !strings.Contains(out, "Edited in the editor") || !strings.Contains(out, "From standard input") {
		t.Errorf("the edit or the piped text did not land:\n%s", out)
	}
	for a := range allowed {
		if !held[a] {
			t.Errorf("%s, the summary written with --output, does not hold the marker: the exception is not tested", a)
		}
	}
	if files < 8 {
		t.Errorf("only %d files under the root; expected the stores' files, the exports and the summary", files)
	}
}

// TestPartnerNameNotInFileNames: an import is kept as
// partners/NAME.toml.age, so the name of the person one shares with (from
// the imported map, or --as) lies on disk in plaintext, in a file name.
func TestPartnerNameNotInFileNames(t *testing.T) {
	t.Parallel()

	e := newEnv(t)
	e.must("init", "--name", "Sam "+marker)
	s, _ := e.open()
	e.must("export", "--to", s.Config.Recipients()[0], "--output", "export.age")
	e.must("import", "export.age")
	filepath.WalkDir(e.root, func(path string, d fs.DirEntry, err error) error {
		if strings.Contains(strings.ToLower(path), strings.ToLower(marker)) {
			t.Errorf("a file name holds the partner's name: %s", path)
		}
		return err
	})
}
