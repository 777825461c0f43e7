package store

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/gitcmd"
	"github.com/attune-dev/attune/mapfile"
)

// A commit message names the command and counts what changed, in words
// of its own: never an entry's words, a setting's value or a name.
func TestCommitMessage(t *testing.T) {
	before := mapfile.New()
	before.AssignKeys()
	add := func(m *mapfile.Map, text string) *mapfile.Map {
		c := m.Clone()
		c.Boundaries = append(c.Boundaries, boundaries.Boundary{ID: c.NextID(mapfile.BoundarySection), Key: mapfile.NewKey(), Light: boundaries.Red, Text: text})
		return c
	}
	one := add(before, "Secret words")
	two := add(one, "More secret words")
	edited := two.Clone()
	edited.Boundaries[0].Light, edited.Boundaries[1].Note = boundaries.Green, "a secret note"
	edited.Safeword = "pineapple"
	partnered := one.Clone()
	partnered.Partners = []mapfile.Partner{{Name: "Alexandrine", Recipients: []string{"age1x"}}}
	for _, c := range []struct {
		command       string
		before, after *mapfile.Map
		want          string
	}{
		{"add boundary", before, one, "attune: add boundary"},
		{"start", before, two, "attune: start (add 2 entries)"},
		{"edit", two, edited, "attune: edit 2 entries, set stop word"},
		{"review", two, edited, "attune: review (edit 2 entries, set stop word)"},
		{"remove", two, before, "attune: remove 2 entries"},
		{"partner add", one, partnered, "attune: partner add (change partners)"},
		{"export", one, one, "attune: export"},
		{"", one, one, "attune: change the map"},
	} {
		got := CommitMessage(c.command, c.before, c.after)
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.command, got, c.want)
		}
		for _, secret := range []string{"Secret", "secret", "pineapple", "Alexandrine"} {
			if strings.Contains(got, secret) {
				t.Errorf("%q holds %q", got, secret)
			}
		}
	}
}

// Copies of the map another sync tool made are found by name; the map,
// its backup and other files are not.
func TestConflictCopies(t *testing.T) {
	s, _ := newStore(t)
	for _, name := range []string{"map.toml.sync-conflict-20261201-101010-ABCDEFG.age", "map.toml (Sam's conflicted copy 2026-12-01).age",
		"notes.age", "map.toml.age.undo"} {
		os.WriteFile(s.Path(name), nil, 0o600)
	}
	os.Mkdir(s.Path("map.dir.age"), 0o700)
	want := []string{"map.toml (Sam's conflicted copy 2026-12-01).age", "map.toml.sync-conflict-20261201-101010-ABCDEFG.age"}
	if got := s.ConflictCopies(); !slices.Equal(got, want) {
		t.Errorf("ConflictCopies = %q, want %q", got, want)
	}
}

// Every change in a store kept in git is committed, under the lock;
// a store kept in git hands out ids with its device's tag.
func TestChangesCommitted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	s, id := newStore(t)
	t.Setenv("HOME", t.TempDir())
	if err := s.SetUpGit("/no/attune", nil, func(g gitcmd.Git) error { return g.Run("init", "--quiet") }); err != nil {
		t.Fatal(err)
	}
	s.Command = "add boundary"
	if _, err := s.Update([]age.Identity{id}, []age.Recipient{id.Recipient()}, add("Being held down")); err != nil {
		t.Fatal(err)
	}
	if s.CommitError() != nil {
		t.Fatal(s.CommitError())
	}
	log, err := gitcmd.Git{Dir: s.Dir}.Output("log", "--format=%s")
	if err != nil || log != "attune: add boundary\nattune: set up git" {
		t.Errorf("log %q (%v)", log, err)
	}
	m, _ := s.ReadMap([]age.Identity{id})
	if tag := m.Boundaries[0].ID[2:]; !mapfile.ValidDeviceTag(tag) {
		t.Errorf("the first id in a store kept in git is %s", m.Boundaries[0].ID)
	}
	files, _ := gitcmd.Git{Dir: s.Dir}.Output("ls-files")
	if files != ".gitattributes\n.gitignore\nconfig.toml\nmap.toml.age" {
		t.Errorf("committed: %q", files)
	}
}
