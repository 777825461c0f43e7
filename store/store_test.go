package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
)

func newStore(t *testing.T) (*Store, *age.X25519Identity) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "store")
	s, err := Init(dir, filepath.Join(root, "keys"), testConfig(id), []byte(id.String()+"\n"), mapfile.New(), id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	return s, id
}

// testConfig is a new store's config for id's key.
func testConfig(id *age.X25519Identity) Config {
	return Config{StoreID: NewStoreID(), Keys: []Key{{Recipient: id.Recipient().String()}}}
}

func add(text string) func(m *mapfile.Map) error {
	return func(m *mapfile.Map) error {
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: m.NextID(mapfile.BoundarySection), Light: boundaries.Red, Text: text})
		return nil
	}
}

func TestInitPermissionsAndRefusal(t *testing.T) {
	s, id := newStore(t)
	for name, want := range map[string]os.FileMode{"": 0o700, MapFile: 0o600, s.IdentityPath(): 0o600, filepath.Dir(s.IdentityPath()): 0o700, s.KeysRoot: 0o700, ConfigFile: 0o600} {
		path := name
		if !filepath.IsAbs(name) {
			path = s.Path(name)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", name, got, want)
		}
	}
	if s.IdentityInFolder() || exists(s.Path(IdentityFile)) {
		t.Error("the new key is kept inside the data folder")
	}
	before, _ := os.ReadFile(s.IdentityPath())
	_, err := Init(s.Dir, s.KeysRoot, s.Config, []byte("other"), mapfile.New(), id.Recipient())
	if !errors.Is(err, ErrStoreExists) {
		t.Fatalf("second Init: %v, want ErrStoreExists", err)
	}
	after, _ := os.ReadFile(s.IdentityPath())
	if !bytes.Equal(before, after) {
		t.Error("a second Init changed the identity file")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrNoStore) {
		t.Errorf("Open of an empty folder: %v, want ErrNoStore", err)
	}
}

func TestUpdateKeepsBackupAndFailedUpdateChangesNothing(t *testing.T) {
	s, id := newStore(t)
	ids := []age.Identity{id}
	if err := update(s, ids, id, add("first")); err != nil {
		t.Fatal(err)
	}
	v1, _ := os.ReadFile(s.Path(MapFile))
	if err := update(s, ids, id, add("second")); err != nil {
		t.Fatal(err)
	}
	bak, _ := os.ReadFile(s.Path(BackupFile))
	if !bytes.Equal(bak, v1) {
		t.Error("the backup is not the previous version")
	}
	v2, _ := os.ReadFile(s.Path(MapFile))

	// A change that fails, or that leaves the map invalid, writes nothing.
	boom := errors.New("boom")
	if err := update(s, ids, id, func(*mapfile.Map) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Update error = %v", err)
	}
	invalid := func(m *mapfile.Map) error { m.Boundaries[0].Text = ""; return nil }
	if err := update(s, ids, id, invalid); err == nil {
		t.Fatal("Update wrote an invalid map")
	}
	now, _ := os.ReadFile(s.Path(MapFile))
	bak2, _ := os.ReadFile(s.Path(BackupFile))
	if !bytes.Equal(now, v2) || !bytes.Equal(bak2, v1) {
		t.Error("a failed update changed the map or its backup")
	}

	m, err := s.ReadMap(ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Boundaries) != 2 || m.Boundaries[1].Text != "second" {
		t.Errorf("map after updates: %+v", m.Boundaries)
	}
}

func TestNoPlaintextInStoreFiles(t *testing.T) {
	s, id := newStore(t)
	const marker = "MARKER-plain-chamomile"
	if err := update(s, []age.Identity{id}, id, add(marker)); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(s.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("%s holds the plaintext marker", path)
		}
		return nil
	})
}

func TestLeftoverTempFilesAreCleaned(t *testing.T) {
	s, id := newStore(t)
	stray := s.Path(atomicfile.TempPrefix + "map.toml.age-123")
	if err := os.WriteFile(stray, []byte("half a write"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := update(s, []age.Identity{id}, id, add("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray); !errors.Is(err, os.ErrNotExist) {
		t.Error("a leftover temporary file survived the next locked write")
	}
}

func TestUndoSwapsBackAndForth(t *testing.T) {
	s, id := newStore(t)
	ids := []age.Identity{id}
	update(s, ids, id, add("kept"))
	update(s, ids, id, add("newer"))
	if _, _, err := s.Undo(ids, []age.Recipient{id.Recipient()}); err != nil {
		t.Fatal(err)
	}
	m, _ := s.ReadMap(ids)
	if len(m.Boundaries) != 1 {
		t.Fatalf("after undo: %d boundaries, want 1", len(m.Boundaries))
	}
	if _, _, err := s.Undo(ids, []age.Recipient{id.Recipient()}); err != nil {
		t.Fatal(err)
	}
	m, _ = s.ReadMap(ids)
	if len(m.Boundaries) != 2 {
		t.Fatalf("after undo of undo: %d boundaries, want 2", len(m.Boundaries))
	}
	// After undoing an add, the id it used is not given out again.
	s.Undo(ids, []age.Recipient{id.Recipient()})
	update(s, ids, id, add("another"))
	m, _ = s.ReadMap(ids)
	if got := m.Boundaries[len(m.Boundaries)-1].ID; got != "b3" {
		t.Errorf("the entry added after an undo got id %s, want b3 (b2 was used before)", got)
	}
	if _, err := os.Stat(s.Path(UndoFile)); !errors.Is(err, os.ErrNotExist) {
		t.Error("a finished undo left its link behind")
	}
}

func TestDecryptClassifiesFailures(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	var good bytes.Buffer
	if err := Encrypt(&good, []byte("version = 1\n"), false, id.Recipient()); err != nil {
		t.Fatal(err)
	}
	var armored bytes.Buffer
	Encrypt(&armored, []byte("version = 1\n"), true, id.Recipient())
	flipped := bytes.Clone(good.Bytes())
	flipped[len(flipped)-3] ^= 1
	tests := []struct {
		name string
		data []byte
		ids  []age.Identity
		want DecryptReason
	}{
		{"empty", nil, []age.Identity{id}, Empty},
		{"not age", []byte("version = 1\n"), []age.Identity{id}, NotAge},
		{"armored garbage", []byte("-----BEGIN AGE ENCRYPTED FILE-----\nnot base64!\n-----END AGE ENCRYPTED FILE-----\n"), []age.Identity{id}, Damaged},
		{"wrong key", good.Bytes(), []age.Identity{other}, WrongKey},
		{"truncated", good.Bytes()[:good.Len()-20], []age.Identity{id}, Damaged},
		{"flipped", flipped, []age.Identity{id}, Damaged},
	}
	for _, tt := range tests {
		_, err := Decrypt(tt.data, tt.ids, 1<<20)
		var de *DecryptError
		if !errors.As(err, &de) || de.Reason != tt.want {
			t.Errorf("%s: error %v, want reason %d", tt.name, err, tt.want)
		}
	}
	if plain, err := Decrypt(armored.Bytes(), []age.Identity{id}, 1<<20); err != nil || !strings.HasPrefix(string(plain), "version") {
		t.Errorf("armored file: %q, %v", plain, err)
	}
	if _, err := Decrypt(good.Bytes(), []age.Identity{id}, 4); err == nil {
		t.Error("the size limit was not enforced")
	}
}

// An undo killed between its steps leaves UndoFile: a hard link to the
// map, or where hard links fail (FAT, exFAT, many FUSE and network
// mounts) a copy of it. The next locked command drops it if the map was
// not replaced yet, and makes it the backup if it was.
func TestInterruptedUndoIsFinishedOrDropped(t *testing.T) {
	snapshots := map[string]func(src, dst string) error{
		"link": os.Link,
		"copy": func(src, dst string) error {
			data, err := os.ReadFile(src)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o600)
		},
	}
	for name, snapshot := range snapshots {
		t.Run(name, func(t *testing.T) {
			s, id := newStore(t)
			ids := []age.Identity{id}
			update(s, ids, id, add("older"))
			update(s, ids, id, add("newer"))
			cur, _ := os.ReadFile(s.Path(MapFile))
			bak, _ := os.ReadFile(s.Path(BackupFile))

			// Killed before the map was replaced: UndoFile is dropped,
			// nothing else changes.
			if err := snapshot(s.Path(MapFile), s.Path(UndoFile)); err != nil {
				t.Fatal(err)
			}
			if err := s.Locked(func() error { return nil }); err != nil {
				t.Fatal(err)
			}
			expectFiles(t, s, cur, bak)

			// Killed after: the newer version becomes the backup.
			must(t, snapshot(s.Path(MapFile), s.Path(UndoFile)))
			must(t, os.Rename(s.Path(BackupFile), s.Path(MapFile)))
			if err := s.Locked(func() error { return nil }); err != nil {
				t.Fatal(err)
			}
			expectFiles(t, s, bak, cur)
		})
	}
}

// expectFiles fails the test unless map and backup hold these bytes and
// no UndoFile is left.
func expectFiles(t *testing.T, s *Store, m, bak []byte) {
	t.Helper()
	nowMap, _ := os.ReadFile(s.Path(MapFile))
	nowBak, _ := os.ReadFile(s.Path(BackupFile))
	if !bytes.Equal(nowMap, m) || !bytes.Equal(nowBak, bak) {
		t.Error("map and backup are not the versions they should be")
	}
	if _, err := os.Lstat(s.Path(UndoFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is left", UndoFile)
	}
}

// When finishUndo cannot read what it must compare, it guesses nothing:
// the lock fails with the reason and every file stays as it is (a wrong
// guess would put the map's version over the only earlier one).
func TestInterruptedUndoUnreadable(t *testing.T) {
	s, id := newStore(t)
	ids := []age.Identity{id}
	update(s, ids, id, add("older"))
	bak, _ := os.ReadFile(s.Path(BackupFile))
	// The map is a folder: it cannot be read, and an UndoFile of its
	// size can only be told apart by reading.
	must(t, os.Rename(s.Path(MapFile), s.Path(MapFile)+".moved"))
	must(t, os.Mkdir(s.Path(MapFile), 0o700))
	info, err := os.Lstat(s.Path(MapFile))
	must(t, err)
	undo := bytes.Repeat([]byte("x"), int(info.Size()))
	must(t, os.WriteFile(s.Path(UndoFile), undo, 0o600))

	err = s.Locked(func() error { t.Error("ran while an undo was unfinished"); return nil })
	if err == nil || !strings.Contains(err.Error(), "finishing an interrupted undo") {
		t.Errorf("err = %v, want it to say the interrupted undo could not be finished", err)
	}
	if got, _ := os.ReadFile(s.Path(UndoFile)); !bytes.Equal(got, undo) {
		t.Error("the undo file was changed")
	}
	if got, _ := os.ReadFile(s.Path(BackupFile)); !bytes.Equal(got, bak) {
		t.Error("the backup was changed")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameContent compares by bytes when the files are not one inode: two
// files of the same size that differ anywhere, first or last block, are
// not the same; equal bytes are.
func TestSameContent(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	big := bytes.Repeat([]byte("0123456789abcdef"), 9000) // over two blocks
	must(t, os.WriteFile(a, big, 0o600))
	info, _ := os.Lstat(a)
	for _, tc := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"equal", big, true},
		{"first byte differs", append([]byte("X"), big[1:]...), false},
		{"last byte differs", append(bytes.Clone(big[:len(big)-1]), 'X'), false},
		{"shorter", big[:len(big)-1], false},
	} {
		b := filepath.Join(dir, "b")
		must(t, os.WriteFile(b, tc.b, 0o600))
		if got, err := sameContent(a, b, info); got != tc.want || err != nil {
			t.Errorf("%s: sameContent = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	if got, err := sameContent(a, filepath.Join(dir, "missing"), info); got || err != nil {
		t.Errorf("missing: sameContent = %v, %v; want false, nil", got, err)
	}
}

type failingRecipient struct{}

func (failingRecipient) Wrap([]byte) ([]*age.Stanza, error) { return nil, errors.New("no room") }

func TestFailedInitLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "store")
	keysRoot := filepath.Join(parent, "keys")
	cfg := Config{StoreID: NewStoreID(), Keys: []Key{{Recipient: "age1x"}}}
	_, err := Init(dir, keysRoot, cfg, []byte("AGE-SECRET-KEY-1X\n"), mapfile.New(), failingRecipient{})
	if err == nil {
		t.Fatal("Init succeeded with a recipient that cannot wrap")
	}
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		entries, _ := os.ReadDir(dir)
		t.Errorf("a failed init left %s behind, holding %v", dir, entries)
	}
	// In a folder that existed (empty), the folder stays and is empty again.
	existing := filepath.Join(parent, "existing")
	os.Mkdir(existing, 0o700)
	Init(existing, keysRoot, cfg, []byte("AGE-SECRET-KEY-1X\n"), mapfile.New(), failingRecipient{})
	if left, _ := os.ReadDir(filepath.Join(keysRoot, cfg.StoreID)); len(left) > 0 {
		t.Errorf("a failed init left a key behind: %v", left)
	}
	entries, _ := os.ReadDir(existing)
	for _, e := range entries {
		if e.Name() != LockFile {
			t.Errorf("a failed init left %s in a folder that existed", e.Name())
		}
	}
	if err := CanInit(existing); err != nil {
		t.Errorf("after a failed init, the folder cannot be used again: %v", err)
	}
}

// update is Update with one key, for tests that do not care whether
// anything changed.
func update(s *Store, ids []age.Identity, id *age.X25519Identity, fn func(*mapfile.Map) error) error {
	_, err := s.Update(ids, []age.Recipient{id.Recipient()}, fn)
	return err
}

// UpdateAndRecord hands record the version before and the changed one,
// with every entry's hidden key, only when something changed; what
// record adds is validated and written in the same write, and a bad
// addition writes nothing.
func TestUpdateAndRecord(t *testing.T) {
	s, id := newStore(t)
	ids, rcpts := []age.Identity{id}, []age.Recipient{id.Recipient()}
	calls := 0
	note := func(before, after *mapfile.Map) {
		calls++
		if len(before.Boundaries) != len(after.Boundaries)-1 {
			t.Errorf("record sees %d boundaries before and %d after", len(before.Boundaries), len(after.Boundaries))
		}
		b := after.Boundaries[len(after.Boundaries)-1]
		if b.Key == "" {
			t.Fatal("record sees an entry without its hidden key")
		}
		after.Record(mapfile.HistoryEvent{Key: b.Key, Event: mapfile.EventReviewed}) // no time: refused unless set
	}
	if _, err := s.UpdateAndRecord(ids, rcpts, add("first"), func(before, after *mapfile.Map) {
		note(before, after)
		after.History[0].At = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	}); err != nil {
		t.Fatal(err)
	}
	m, err := s.ReadMap(ids)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(m.History) != 1 || m.History[0].Key != m.Boundaries[0].Key {
		t.Fatalf("%d calls; the history written is %+v", calls, m.History)
	}
	// Nothing changed: record is not called, nothing is written.
	v1, _ := os.ReadFile(s.Path(MapFile))
	if changed, err := s.UpdateAndRecord(ids, rcpts, func(*mapfile.Map) error { return nil }, note); err != nil || changed || calls != 1 {
		t.Errorf("an update that changed nothing: changed %v, %v, %d calls", changed, err, calls)
	}
	// An event record adds is validated: one with no time is refused,
	// and the map stays as it was.
	if _, err := s.UpdateAndRecord(ids, rcpts, add("second"), note); err == nil || !strings.Contains(err.Error(), "history event 2") {
		t.Errorf("a bad event recorded: %v", err)
	}
	if v, _ := os.ReadFile(s.Path(MapFile)); !bytes.Equal(v, v1) {
		t.Error("a refused record changed the map")
	}
}

// A map read twice from the same bytes is decoded once, and each read
// gets its own copy; a file changed in between (by another process, here
// another Store on the same folder) is read again.
func TestReadMapReusesOnlyTheSameBytes(t *testing.T) {
	s, id := newStore(t)
	ids := []age.Identity{id}
	if err := update(s, ids, id, add("first")); err != nil {
		t.Fatal(err)
	}
	m1, err := s.ReadMap(ids)
	if err != nil {
		t.Fatal(err)
	}
	m1.Boundaries[0].Text = "changed in memory only"
	m1.Boundaries = append(m1.Boundaries, m1.Boundaries[0])
	m2, err := s.ReadMap(ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Boundaries) != 1 || m2.Boundaries[0].Text != "first" {
		t.Fatalf("a second read sees the first one's changes: %+v", m2.Boundaries)
	}
	other, err := Open(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	other.KeysRoot = s.KeysRoot
	if err := update(other, ids, id, add("second")); err != nil {
		t.Fatal(err)
	}
	m3, err := s.ReadMap(ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(m3.Boundaries) != 2 {
		t.Fatalf("after another writer, the map read is the old one: %+v", m3.Boundaries)
	}
}
