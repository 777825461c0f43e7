package store

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/journal"
)

func addCheckIn(note string) func(j *journal.Journal) error {
	return func(j *journal.Journal) error {
		j.AddCheckIn(journal.CheckIn{At: time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC), Note: note})
		return nil
	}
}

// The journal is a second file, encrypted to the owner's key, written
// only when something changed, and never with an earlier version kept.
func TestJournalReadWrite(t *testing.T) {
	s, id := newStore(t)
	ids, rcpts := []age.Identity{id}, []age.Recipient{id.Recipient()}
	j, err := s.ReadJournal(ids)
	if err != nil || j.Len() != 0 {
		t.Fatalf("a store without a journal: %v, %d records", err, j.Len())
	}
	if _, err := os.Stat(s.Path(JournalFile)); !os.IsNotExist(err) {
		t.Fatal("reading made a journal file")
	}
	mapBefore, _ := os.ReadFile(s.Path(MapFile))

	changed, err := s.UpdateJournal(ids, rcpts, addCheckIn("only mine"))
	if err != nil || !changed {
		t.Fatalf("first record: %v %v", changed, err)
	}
	raw, _ := os.ReadFile(s.Path(JournalFile))
	if bytes.Contains(raw, []byte("only mine")) || !bytes.HasPrefix(raw, []byte("age-encryption.org/v1")) {
		t.Fatal("the journal is not an age file, or holds its text in the clear")
	}
	if info, _ := os.Stat(s.Path(JournalFile)); info.Mode().Perm() != 0o600 {
		t.Errorf("the journal has mode %o", info.Mode().Perm())
	}
	j, err = s.ReadJournal(ids)
	if err != nil || j.Len() != 1 || j.CheckIns[0].Note != "only mine" {
		t.Fatalf("read back: %v %+v", err, j)
	}

	// Nothing changed: nothing written.
	changed, err = s.UpdateJournal(ids, rcpts, func(*journal.Journal) error { return nil })
	if err != nil || changed {
		t.Fatalf("an update that changes nothing: %v %v", changed, err)
	}
	if again, _ := os.ReadFile(s.Path(JournalFile)); !bytes.Equal(again, raw) {
		t.Error("an update that changed nothing rewrote the journal")
	}
	// A change that fails, or is invalid, writes nothing.
	boom := errors.New("boom")
	if _, err := s.UpdateJournal(ids, rcpts, func(j *journal.Journal) error { addCheckIn("x")(j); return boom }); err != boom {
		t.Fatalf("fn's error: %v", err)
	}
	bad := func(j *journal.Journal) error {
		ten := 11
		j.AddCheckIn(journal.CheckIn{At: time.Now(), Distress: &ten})
		return nil
	}
	if _, err := s.UpdateJournal(ids, rcpts, bad); err == nil || !strings.Contains(err.Error(), "distress") {
		t.Fatalf("an invalid record: %v", err)
	}
	if again, _ := os.ReadFile(s.Path(JournalFile)); !bytes.Equal(again, raw) {
		t.Error("a failed update changed the journal")
	}

	// Forgetting leaves no earlier version anywhere in the store, and
	// the map is never touched.
	if _, err := s.UpdateJournal(ids, rcpts, func(j *journal.Journal) error { j.ForgetAll(); return nil }); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if e.Name() != MapFile && e.Name() != JournalFile && e.Name() != IdentityFile && e.Name() != ConfigFile && e.Name() != LockFile {
			t.Errorf("the store holds %s after the journal was written", e.Name())
		}
	}
	if mapAfter, _ := os.ReadFile(s.Path(MapFile)); !bytes.Equal(mapAfter, mapBefore) {
		t.Error("writing the journal touched the map")
	}
}

// A journal encrypted to another key, damaged, or holding what no
// journal holds is refused with the file named; nothing is written.
func TestJournalRefused(t *testing.T) {
	s, id := newStore(t)
	ids, rcpts := []age.Identity{id}, []age.Recipient{id.Recipient()}
	other, _ := age.GenerateX25519Identity()
	for _, c := range []struct {
		name  string
		write func()
		want  string
	}{
		{"another key", func() { WriteEncrypted(s.Path(JournalFile), []byte("version = 1\n"), false, other.Recipient()) }, "was not encrypted to your key"},
		{"not age", func() { os.WriteFile(s.Path(JournalFile), []byte("version = 1\n"), 0o600) }, "not an age-encrypted file"},
		{"bad TOML", func() { WriteEncrypted(s.Path(JournalFile), []byte("version = 1\nnote = \n"), false, id.Recipient()) }, "the journal is not valid TOML"},
		{"a map", func() {
			WriteEncrypted(s.Path(JournalFile), []byte("version = 2\n[[boundary]]\nid = \"b1\"\n"), false, id.Recipient())
		}, "not part of an attune journal"},
	} {
		c.write()
		before, _ := os.ReadFile(s.Path(JournalFile))
		_, err := s.ReadJournal(ids)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), JournalFile) {
			t.Errorf("%s: read: %v, want %q and the file named", c.name, err, c.want)
		}
		if _, err := s.UpdateJournal(ids, rcpts, addCheckIn("x")); err == nil {
			t.Errorf("%s: an update went ahead", c.name)
		}
		if after, _ := os.ReadFile(s.Path(JournalFile)); !bytes.Equal(before, after) {
			t.Errorf("%s: the journal changed", c.name)
		}
	}
}

// A journal that is damaged can be given up for lost; one another key
// opens, or a newer attune wrote, never is.
func TestIsDamagedAndReset(t *testing.T) {
	s, id := newStore(t)
	ids, rcpts := []age.Identity{id}, []age.Recipient{id.Recipient()}
	other, _ := age.GenerateX25519Identity()
	for _, c := range []struct {
		name    string
		write   func()
		damaged bool
	}{
		{"cut short", func() {
			WriteEncrypted(s.Path(JournalFile), journal.New().Encode(), false, id.Recipient())
			os.Truncate(s.Path(JournalFile), 60)
		}, true},
		{"not age", func() { os.WriteFile(s.Path(JournalFile), []byte("x"), 0o600) }, true},
		{"invalid inside", func() { WriteEncrypted(s.Path(JournalFile), []byte("version = 1\nseq = -1\n"), false, id.Recipient()) }, true},
		{"another key", func() { WriteEncrypted(s.Path(JournalFile), []byte("version = 1\n"), false, other.Recipient()) }, false},
		{"newer", func() { WriteEncrypted(s.Path(JournalFile), []byte("version = 7\n"), false, id.Recipient()) }, false},
	} {
		c.write()
		_, err := s.ReadJournal(ids)
		if err == nil || IsDamaged(err) != c.damaged {
			t.Errorf("%s: %v, damaged %v, want %v", c.name, err, IsDamaged(err), c.damaged)
		}
	}
	if err := s.ResetJournal(rcpts); err != nil {
		t.Fatal(err)
	}
	if j, err := s.ReadJournal(ids); err != nil || j.Len() != 0 {
		t.Errorf("after a reset: %v", err)
	}
}
