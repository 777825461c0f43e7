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

	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
)

// A config of the single-key form is read as a list of one, and kept in
// that form until a change of keys writes it.
func TestLegacyConfigIsAListOfOne(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ConfigFile), []byte("recipient = \"age1abc\"\n"), 0o600)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Config.Recipients(); len(got) != 1 || got[0] != "age1abc" || !s.Config.Legacy() {
		t.Errorf("recipients %q, legacy %v", got, s.Config.Legacy())
	}
	if !s.IdentityInFolder() {
		t.Errorf("a store from before keeps its key inside the folder, not at %s", s.IdentityPath())
	}
}

func TestConfigRefusals(t *testing.T) {
	long := "age1pq1" + strings.Repeat("q", 1950) // a post-quantum key's length is fine
	for text, want := range map[string]string{
		"": "lists no key",
		"recipient = \"age1a\"\n[[key]]\nrecipient = \"age1b\"\n":                       "both recipient and [[key]]",
		"store_id = \"../../.ssh\"\n[[key]]\nrecipient = \"age1a\"\n":                   "store_id is not",
		"[[key]]\nrecipient = \"age1a\"\n[[key]]\nrecipient = \"AGE1A\"\n":              "listed twice",
		"[[key]]\nrecipient = \"age1\\u001b[2J\"\n":                                     "no valid recipient",
		"[[key]]\nrecipient = \"age1a\"\nlabel = \"" + strings.Repeat("x", 41) + "\"\n": "label",
		"[[key]]\nrecipient = \"age1a\"\ncheck = \"zz\"\n":                              "damaged check",
		"[[key]]\nrecipient = \"" + long + "\"\n":                                       "",
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, ConfigFile), []byte(text), 0o600)
		_, err := Open(dir)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", text, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: got %v, want %q", text, err, want)
		}
	}
}

// Each key attune adds carries a check under the map's config key; a key
// written into config.toml by hand, or a label changed, does not.
func TestCheckConfig(t *testing.T) {
	key := NewConfigKey()
	cfg := WithChecks(Config{Keys: []Key{{Recipient: "age1a", Label: "laptop"}, {Recipient: "age1b", Recovery: true}}}, key)
	s := &Store{Dir: t.TempDir(), Config: cfg}
	if err := s.CheckConfig(key); err != nil {
		t.Fatalf("the checks attune made: %v", err)
	}
	var ue *UnlistedKeyError
	if err := s.CheckConfig(NewConfigKey()); !errors.As(err, &ue) || len(ue.Recipients) != 2 {
		t.Errorf("another config key: %v", err)
	}
	if err := s.CheckConfig(""); !errors.As(err, &ue) {
		t.Errorf("two keys and a map without a config key: %v", err)
	}
	for name, change := range map[string]func(c *Config){
		"a key added by hand":        func(c *Config) { c.Keys = append(c.Keys, Key{Recipient: "age1evil"}) },
		"a key's label changed":      func(c *Config) { c.Keys[0].Label = "phone" },
		"a key made the recovery":    func(c *Config) { c.Keys[0].Recovery = true },
		"a key replaced, same check": func(c *Config) { c.Keys[1].Recipient = "age1evil" },
	} {
		c := cfg
		c.Keys = append([]Key(nil), cfg.Keys...)
		change(&c)
		s.Config = c
		if err := s.CheckConfig(key); !errors.As(err, &ue) || len(ue.Recipients) != 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
	s.Config = Config{Keys: []Key{{Recipient: "age1a"}}}
	if err := s.CheckConfig(""); err != nil {
		t.Errorf("one key, a map from before config keys: %v", err)
	}
}

// newKeyedStore is a store with a map of entries, a journal, a stored
// import and a backup, all encrypted to id.
func newKeyedStore(t *testing.T) (*Store, *age.X25519Identity) {
	t.Helper()
	s, id := newStore(t)
	ids, to := []age.Identity{id}, []age.Recipient{id.Recipient()}
	for _, text := range []string{"Being held down", "Shouting"} {
		if _, err := s.Update(ids, to, add(text)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UpdateJournal(ids, to, func(j *journal.Journal) error {
		j.AddCheckIn(journal.CheckIn{At: time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC), Words: "tired"})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	imported := mapfile.New()
	imported.Name = "Alex"
	if _, _, err := s.SaveImport(ids, to, "Alex", imported, func(*mapfile.Map, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	return s, id
}

// storeFiles are every encrypted file of the store.
func storeFiles(s *Store) []string {
	out := []string{s.Path(MapFile), s.Path(BackupFile), s.Path(JournalFile)}
	entries, _ := os.ReadDir(s.Path(PartnersDir))
	for _, e := range entries {
		out = append(out, filepath.Join(s.Path(PartnersDir), e.Name()))
	}
	return out
}

func opens(path string, id age.Identity) bool {
	_, err := ReadEncrypted(path, []age.Identity{id}, MaxMapSize)
	return err == nil
}

// Rekey encrypts every file to the new set: a key added opens them all, a
// key left out opens none; the map's content is unchanged, its key fields
// are what Change made them, and the backup keeps the same keys.
func TestRekey(t *testing.T) {
	s, id := newKeyedStore(t)
	other, _ := age.GenerateX25519Identity()
	before, _ := s.ReadMap([]age.Identity{id})
	cfg := s.Config
	cfg.Keys = append(cfg.Keys, Key{Recipient: other.Recipient().String(), Label: "phone"})
	left, err := s.Rekey([]age.Identity{id}, Rekeying{
		To:     []age.Recipient{id.Recipient(), other.Recipient()},
		Change: func(m *mapfile.Map) error { m.ConfigKey = NewConfigKey(); return nil },
		Config: func(m *mapfile.Map) (Config, error) { return WithChecks(cfg, m.ConfigKey), nil },
	})
	if err != nil || len(left) > 0 {
		t.Fatalf("rekey: %v %v", err, left)
	}
	files := storeFiles(s)
	if len(files) < 4 {
		t.Fatalf("the store has too few files to check: %v", files)
	}
	for _, f := range files {
		if !opens(f, other) || !opens(f, id) {
			t.Errorf("%s does not open with both keys", f)
		}
	}
	after, _ := s.ReadMap([]age.Identity{other})
	if after.ConfigKey == "" || len(after.Boundaries) != len(before.Boundaries) {
		t.Errorf("the map after: config key %q, %d boundaries", after.ConfigKey, len(after.Boundaries))
	}
	data, _ := ReadEncrypted(s.Path(BackupFile), []age.Identity{other}, MaxMapSize)
	if bak, err := mapfile.Decode(data); err != nil || bak.ConfigKey != after.ConfigKey || bak.Version != mapfile.Version {
		t.Errorf("the backup is not the earlier version with the new keys: %v", err)
	}
	reopened, _ := Open(s.Dir)
	if len(reopened.Config.Keys) != 2 || reopened.CheckConfig(after.ConfigKey) != nil {
		t.Errorf("config.toml after: %+v", reopened.Config)
	}

	// Removing the first key: no file opens with it any more.
	cfg = reopened.Config
	cfg.Keys = cfg.Keys[1:]
	if _, err := s.Rekey([]age.Identity{other}, Rekeying{
		To:     []age.Recipient{other.Recipient()},
		Config: func(m *mapfile.Map) (Config, error) { return WithChecks(cfg, m.ConfigKey), nil },
	}); err != nil {
		t.Fatal(err)
	}
	for _, f := range storeFiles(s) {
		if opens(f, id) || !opens(f, other) {
			t.Errorf("%s: still opens with the removed key, or not with the other", f)
		}
	}
}

// A file that can't be read is left as it was and said; the others are
// re-encrypted.
func TestRekeyLeavesADamagedFile(t *testing.T) {
	s, id := newKeyedStore(t)
	os.WriteFile(s.Path(JournalFile), []byte("age-encryption.org/v1\ndamaged"), 0o600)
	other, _ := age.GenerateX25519Identity()
	left, err := s.Rekey([]age.Identity{id}, Rekeying{
		To:     []age.Recipient{id.Recipient(), other.Recipient()},
		Config: func(m *mapfile.Map) (Config, error) { return s.Config, nil },
	})
	if err != nil || len(left) != 1 || !strings.Contains(left[0].Error(), JournalFile) {
		t.Fatalf("left %v, err %v", left, err)
	}
	if !opens(s.Path(MapFile), other) {
		t.Error("the map was not re-encrypted")
	}
}

// A map that can't be read stops the change before anything is written.
func TestRekeyNeedsTheMap(t *testing.T) {
	s, _ := newKeyedStore(t)
	stranger, _ := age.GenerateX25519Identity()
	before := snapshotDir(t, s.Dir)
	_, err := s.Rekey([]age.Identity{stranger}, Rekeying{To: []age.Recipient{stranger.Recipient()},
		Config: func(m *mapfile.Map) (Config, error) { return s.Config, nil }})
	if err == nil {
		t.Fatal("a key that does not open the map re-encrypted the store")
	}
	if after := snapshotDir(t, s.Dir); after != before {
		t.Error("the store changed")
	}
}

func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(path) != LockFile {
			data, _ := os.ReadFile(path)
			b.WriteString(path + "\x00" + string(data) + "\x00")
		}
		return nil
	})
	return b.String()
}

// key move: the key inside the folder goes to this device's folder of
// keys, checked first; the config gets the store's id; a check that
// fails changes nothing.
func TestMoveIdentity(t *testing.T) {
	root := t.TempDir()
	id, _ := age.GenerateX25519Identity()
	dir := filepath.Join(root, "store")
	// A store from before: key inside, config of one recipient, no id.
	s, err := Init(dir, "", Config{Identity: filepath.Join(dir, IdentityFile), Recipient: id.Recipient().String()}, nil, mapfile.New(), id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.Path(IdentityFile), []byte(id.String()+"\n"), 0o600)
	s.Config.Identity = ""
	s.writeConfig(s.Config)
	s.KeysRoot = filepath.Join(root, "keys")

	before := snapshotDir(t, dir)
	if _, err := s.MoveIdentity(func(string) error { return errors.New("does not open") }); err == nil {
		t.Fatal("a copy that does not open the map was kept")
	}
	if snapshotDir(t, dir) != before {
		t.Error("a failed move changed the store")
	}
	if entries, _ := os.ReadDir(s.KeysRoot); len(entries) > 0 {
		if left, _ := filepath.Glob(filepath.Join(s.KeysRoot, "*", "*")); len(left) > 0 {
			t.Errorf("a failed move left %v", left)
		}
	}

	dest, err := s.MoveIdentity(func(path string) error {
		data, _ := os.ReadFile(path)
		if !bytes.Equal(data, []byte(id.String()+"\n")) {
			return errors.New("not the same key")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if exists(s.Path(IdentityFile)) || !strings.HasPrefix(dest, s.KeysRoot) {
		t.Errorf("moved to %s; the folder still holds it: %v", dest, exists(s.Path(IdentityFile)))
	}
	reopened, _ := Open(dir)
	reopened.KeysRoot = s.KeysRoot
	if reopened.IdentityPath() != dest || !reopened.Config.Legacy() {
		t.Errorf("after the move the store uses %s (legacy form %v)", reopened.IdentityPath(), reopened.Config.Legacy())
	}
	for _, p := range []string{dest, filepath.Dir(dest)} {
		info, _ := os.Stat(p)
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v", p, info.Mode())
		}
	}
	if _, err := reopened.MoveIdentity(func(string) error { return nil }); !errors.Is(err, ErrNotInFolder) {
		t.Errorf("a second move: %v", err)
	}
}

// Two stores under one HOME have a key each; a store whose folder has
// both keeps using this device's own.
func TestIdentityPaths(t *testing.T) {
	a, _ := newStore(t)
	b, _ := newStore(t)
	b.KeysRoot = a.KeysRoot
	if a.IdentityPath() == b.IdentityPath() {
		t.Errorf("two stores share %s", a.IdentityPath())
	}
	os.WriteFile(a.Path(IdentityFile), []byte("AGE-SECRET-KEY-1X\n"), 0o600)
	if a.IdentityInFolder() {
		t.Error("a key inside the folder was taken over this device's own")
	}
	os.Remove(a.DeviceIdentityPath())
	if !a.IdentityInFolder() {
		t.Error("without this device's own key, the one inside the folder is not used")
	}
}

func TestLooksSynced(t *testing.T) {
	root := t.TempDir()
	plain := filepath.Join(root, "plain", "attune")
	os.MkdirAll(plain, 0o700)
	if why := LooksSynced(plain); why != "" {
		t.Errorf("a plain folder looks synced: %s", why)
	}
	for mark, want := range map[string]string{".git": "git", ".stfolder": "Syncthing", ".dropbox": "Dropbox"} {
		dir := filepath.Join(root, strings.TrimPrefix(mark, "."), "notes", "attune")
		os.MkdirAll(dir, 0o700)
		os.Mkdir(filepath.Join(root, strings.TrimPrefix(mark, "."), mark), 0o700)
		if why := LooksSynced(dir); !strings.Contains(why, want) {
			t.Errorf("%s above: %q", mark, why)
		}
	}
	drive := filepath.Join(root, "OneDrive - Personal", "attune")
	os.MkdirAll(drive, 0o700)
	if why := LooksSynced(drive); !strings.Contains(why, "OneDrive") {
		t.Errorf("under OneDrive: %q", why)
	}
}
