package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// marker is a distinctive text put in entries; it must never be found in
// a file on disk.
const marker = "MARKER-7f3a-lavender"

// plaintextRuns is every command, run in order in one fresh world, each
// carrying the marker where it can. export, import and summary join the
// table when they land; `summary --output FILE` is the one command whose
// job is to write plaintext, so its output file is excluded (allowPlain).
var plaintextRuns = []struct {
	args       []string
	allowPlain []string // files (relative to the root) allowed to hold the marker
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
	// TODO: export, import, partner add, summary (with allowPlain for --output).
}

// TestNoPlaintextOnDisk runs every command with the marker in its text,
// with HOME, TMPDIR and the store under one temporary root, and then
// reads every file under that root: none may hold the marker.
func TestNoPlaintextOnDisk(t *testing.T) {
	e := newEnv(t)
	allowed := map[string]bool{}
	sawMarker := false
	for _, run := range plaintextRuns {
		out := e.must(run.args...)
		sawMarker = sawMarker || strings.Contains(out, marker)
		for _, a := range run.allowPlain {
			allowed[a] = true
		}
	}
	if !sawMarker {
		t.Fatal("the marker never came back out of the map: the test is not testing anything")
	}
	files := 0
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
		if !allowed[rel] && bytes.Contains(data, []byte(marker)) {
			t.Errorf("%s holds the marker in plaintext", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 {
		t.Errorf("only %d files under the root; expected the store's files", files)
	}
}
