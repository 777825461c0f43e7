package store

import (
	"errors"
	"os"
	"strings"
	"testing"

	"filippo.io/age"
)

// asGitStore makes s look like a store kept in git (IsGit asks only
// whether .git is there); commits then fail, which a write only notes.
func asGitStore(t *testing.T, s *Store) {
	t.Helper()
	if err := os.Mkdir(s.Path(gitDir), 0o700); err != nil {
		t.Fatal(err)
	}
}

// rewriteMap puts a new encryption of the map in its place, as git does
// when it checks out another version: not a write of attune's.
func rewriteMap(t *testing.T, s *Store, id *age.X25519Identity) {
	t.Helper()
	plain, err := ReadEncrypted(s.Path(MapFile), []age.Identity{id}, MaxMapSize)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteEncrypted(s.Path(MapFile), plain, false, id.Recipient()); err != nil {
		t.Fatal(err)
	}
}

// Every map attune writes in a git store is recorded, with the one it
// replaced; a map rewritten outside attune is then told apart, and undo
// refuses it, changing nothing. The next write of attune's is recorded
// again, and undo takes it back.
func TestChangedOutsideAttune(t *testing.T) {
	s, id := newStore(t)
	ids, to := []age.Identity{id}, []age.Recipient{id.Recipient()}
	asGitStore(t, s)
	must(t, update(s, ids, id, add("first")))
	must(t, update(s, ids, id, add("second")))
	data, err := os.ReadFile(s.GitPath(WrittenFile))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Fields(string(data)); len(lines) != 2 || lines[0] == lines[1] {
		t.Errorf("the record after a write: %q", data)
	}
	if s.changedOutside() {
		t.Fatal("a map attune wrote is taken as changed outside it")
	}

	rewriteMap(t, s, id)
	if !s.changedOutside() {
		t.Fatal("a map rewritten outside attune is not told apart")
	}
	m, _ := os.ReadFile(s.Path(MapFile))
	bak, _ := os.ReadFile(s.Path(BackupFile))
	if _, _, err := s.Undo(ids, to); !errors.Is(err, ErrChangedOutside) {
		t.Fatalf("undo of a map changed outside attune: %v", err)
	}
	expectFiles(t, s, m, bak)

	must(t, update(s, ids, id, add("third")))
	if _, _, err := s.Undo(ids, to); err != nil {
		t.Fatalf("undo of a change made after: %v", err)
	}
	if got, _ := s.ReadMap(ids); len(got.Boundaries) != 2 {
		t.Errorf("undo took back %d entries' worth, want the one added last", 3-len(got.Boundaries))
	}
}

// A record that is not there, or does not read (damaged, too long),
// says nothing, and undo goes by the backup alone, as before there was
// one; outside git, none is kept.
func TestNoRecordIsTheOldRule(t *testing.T) {
	s, id := newStore(t)
	ids := []age.Identity{id}
	must(t, update(s, ids, id, add("first")))
	if _, err := os.Lstat(s.GitPath(WrittenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a store not kept in git has a record: %v", err)
	}
	asGitStore(t, s)
	rewriteMap(t, s, id)
	for _, record := range []string{"", "not hex\n", strings.Repeat("ab", 200) + "\n", strings.Repeat("ab", 100) + "\n", strings.Repeat(strings.Repeat("0", 64)+"\n", 5)} {
		if record != "" {
			must(t, os.WriteFile(s.GitPath(WrittenFile), []byte(record), 0o600))
		}
		if s.changedOutside() {
			t.Errorf("record %.20q: taken as a sign of a change outside attune", record)
		}
	}
}
