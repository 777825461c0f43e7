// Package store owns the store folder and every file in it: the map,
// encrypted with age and written atomically under an exclusive lock with
// one encrypted backup; the maps imported from partners; the config and
// the identity; the lock; the temporary files; their permissions (0600,
// folders 0700). Plaintext exists only in memory. Nothing outside this
// package builds a path inside the folder or changes a file there. It
// knows age, TOML and files, nothing of the terminal.
package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"github.com/BurntSushi/toml"
	"github.com/gofrs/flock"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
)

// File names inside the store folder.
const (
	MapFile      = "map.toml.age"
	BackupFile   = "map.toml.age.bak"
	IdentityFile = "identity"
	ConfigFile   = "config.toml"
	LockFile     = ".lock"
	// UndoFile holds the newer version while undo swaps map and backup.
	UndoFile    = "map.toml.age.undo"
	PartnersDir = "partners"
)

const (
	dirPerm  = 0o700
	filePerm = 0o600
	// MaxMapSize bounds the decrypted size of one's own map (10,000
	// entries are about 2 MiB).
	MaxMapSize = 64 << 20
)

// Config is the small plaintext file that says which keys the map is
// encrypted to and where the identity lives. It holds no secret.
type Config struct {
	// Recipient is the one public key of a store made before several
	// keys (see KeyList); Keys replaces it.
	Recipient string `toml:"recipient,omitempty"`
	// Identity is the path of an identity kept outside the store
	// (adopted with init --identity); empty means this device's own
	// (IdentityPath).
	Identity string `toml:"identity,omitempty"`
	// StoreID names the folder of this store's key on each device
	// (DeviceIdentityPath): random, the same on every device.
	StoreID string `toml:"store_id,omitempty"`
	// ShareKey is the public key partners encrypt to (the person key
	// kept in the map, see mapfile.Map.PersonKey), as `attune key`
	// prints it without opening the map; empty when the map has none.
	ShareKey string `toml:"share_key,omitempty"`
	// Keys are the owner's public keys, which every file is encrypted to.
	Keys []Key `toml:"key,omitempty"`
}

// Store is an initialised store folder.
type Store struct {
	Dir    string
	Config Config
	// KeysRoot is where this device keeps its keys (KeysRoot): set by
	// the caller after Open or before Init.
	KeysRoot string

	// Command names the command that changes the map, from attune's
	// command table ("add boundary"), for the message of the commit a
	// change makes in a git store (CommitMessage).
	Command string

	token     string // the lock's token while this Store holds it
	commitErr error  // why the last change was not committed (CommitError)
	// read is the map this Store last read, with the exact bytes of the
	// file it came from: a command that reads the map, then updates it
	// under the lock, decrypts and decodes it once when no one changed
	// the file in between.
	read struct {
		ct, plain []byte
		m         *mapfile.Map
	}
}

// ErrNoStore means the folder holds no attune store yet.
var ErrNoStore = errors.New("no attune store")

// ErrStoreExists means init found a store (or a key) already there.
var ErrStoreExists = errors.New("a store already exists")

// Path returns the path of a file in the store.
func (s *Store) Path(name string) string { return filepath.Join(s.Dir, name) }

// Open opens the store in dir.
func Open(dir string) (*Store, error) {
	data, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoStore
	}
	if err != nil {
		return nil, err
	}
	s := &Store{Dir: dir}
	md, err := toml.Decode(string(data), &s.Config)
	if err != nil {
		return nil, fmt.Errorf("%s is damaged: %w", filepath.Join(dir, ConfigFile), err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s is damaged: unexpected content", filepath.Join(dir, ConfigFile))
	}
	if err := s.Config.validate(); err != nil {
		return nil, fmt.Errorf("%s is damaged: %w", filepath.Join(dir, ConfigFile), err)
	}
	return s, nil
}

// Init creates a store in dir: the folder (0700), the first map
// encrypted to recipient, the identity file when identityFile is not
// nil (0600, outside the folder: DeviceIdentityPath, under keysRoot, by
// cfg's StoreID), and the config, last: until it is there, the folder
// is never taken for a store. It refuses to touch an existing store or
// key, and a folder that holds anything else (ErrFolderInUse); an empty
// folder that exists is made 0700. If it fails, it removes what it
// made.
func Init(dir, keysRoot string, cfg Config, identityFile []byte, m *mapfile.Map, recipient age.Recipient) (_ *Store, err error) {
	if err := prepareWrite(m); err != nil {
		return nil, err
	}
	made := false
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, dirPerm); err != nil {
			return nil, err
		}
		made = true
	} else if err := checkEmptyForInit(dir); err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, dirPerm); err != nil {
		return nil, err
	}
	s := &Store{Dir: dir, Config: cfg, KeysRoot: keysRoot}
	device := s.DeviceIdentityPath()
	if identityFile != nil && device == "" {
		return nil, errors.New("there is no store id, or no folder for keys, to keep the new key in")
	}
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	defer func() {
		if err != nil && !errors.Is(err, ErrStoreExists) {
			for _, name := range []string{ConfigFile, MapFile, BackupFile} {
				os.Remove(s.Path(name))
			}
			if identityFile != nil {
				os.Remove(device)
				os.Remove(filepath.Dir(device))
			}
			if made {
				os.Remove(s.Path(LockFile))
				os.Remove(dir)
			}
		}
	}()
	for _, name := range []string{ConfigFile, MapFile, IdentityFile} {
		if _, err := os.Lstat(s.Path(name)); err == nil {
			return nil, ErrStoreExists
		}
	}
	if identityFile != nil && exists(device) {
		return nil, ErrStoreExists
	}
	if err := s.writeMap(m, []age.Recipient{recipient}); err != nil {
		return nil, err
	}
	if identityFile != nil {
		if err := s.writeDeviceFile(device, identityFile); err != nil {
			return nil, err
		}
	}
	if err := s.writeConfig(cfg); err != nil {
		return nil, err
	}
	return s, nil
}

// ErrFolderInUse means init was pointed at a folder that holds other files.
var ErrFolderInUse = errors.New("the folder holds other files")

// ErrUnfinished means a store folder has a key, a map or a temporary file
// but no config.toml: an init that was interrupted.
var ErrUnfinished = errors.New("an unfinished store")

// CanInit says whether Init may create a store in dir (nil), or why not
// (ErrStoreExists, ErrUnfinished, ErrFolderInUse), before any key is made.
func CanInit(dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return checkEmptyForInit(dir)
}

// checkEmptyForInit accepts a folder that is empty (or holds only the
// lock file), says when it holds an existing or unfinished store, and
// refuses one in use for anything else.
func checkEmptyForInit(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	leftover := false // a temporary file of an init that was killed
	for _, e := range entries {
		names[e.Name()] = true
		leftover = leftover || strings.HasPrefix(e.Name(), atomicfile.TempPrefix)
	}
	switch {
	case names[ConfigFile]:
		return ErrStoreExists
	case names[MapFile] || names[IdentityFile] || leftover:
		return ErrUnfinished
	}
	for name := range names {
		if name != LockFile {
			return ErrFolderInUse
		}
	}
	return nil
}

// lock takes the store's exclusive lock and tidies what an interrupted
// write left behind.
func (s *Store) lock() (func(), error) {
	l := flock.New(s.Path(LockFile), flock.SetPermissions(filePerm))
	if err := l.Lock(); err != nil {
		return nil, fmt.Errorf("locking the store: %w", err)
	}
	atomicfile.Clean(s.Dir)
	atomicfile.Clean(s.Path(PartnersDir))
	if d := s.deviceKeysDir(); d != "" {
		// A key written when the write was killed (a rotation's).
		atomicfile.Clean(d)
	}
	if err := s.finishUndo(); err != nil {
		l.Unlock()
		return nil, err
	}
	return func() { l.Unlock() }, nil
}

// withToken runs fn, which runs git, while the lock file holds a token
// of this holding of the lock: the drivers git runs show it
// (LockTokenEnv) and run inside the lock without taking it again. The
// caller holds the lock. Only what runs git writes a token, so that any
// other command leaves the lock file as it found it, even killed.
func (s *Store) withToken(fn func() error) error {
	s.token = newToken()
	if err := os.WriteFile(s.Path(LockFile), []byte(s.token), filePerm); err != nil {
		s.token = ""
		return err
	}
	defer func() {
		os.WriteFile(s.Path(LockFile), nil, filePerm)
		s.token = ""
	}()
	return fn()
}

// LockedOrHeld runs fn inside the store's lock: the lock the attune
// that gave token holds, when it does (a driver git runs for it), else
// its own.
func (s *Store) LockedOrHeld(token string, fn func() error) error {
	if s.HeldBy(token) {
		s.token = token
		defer func() { s.token = "" }()
		return fn()
	}
	return s.Locked(fn)
}

// finishUndo completes an undo that was interrupted. If the map was
// already replaced, UndoFile is the newer version and becomes the
// backup; if not, UndoFile is one more name of the map (or, where hard
// links fail, a copy of it) and is dropped. When it cannot tell (a file
// that cannot be read), it changes nothing and says so: a wrong guess
// would put the map's own version over the backup, the one earlier
// version there is.
func (s *Store) finishUndo() error {
	undo := s.Path(UndoFile)
	u, err := os.Lstat(undo)
	if err != nil {
		return nil
	}
	same, err := sameContent(undo, s.Path(MapFile), u)
	if err != nil {
		return fmt.Errorf("finishing an interrupted undo: %w", err)
	}
	if same {
		return os.Remove(undo)
	}
	if err := os.Rename(undo, s.Path(BackupFile)); err != nil {
		return fmt.Errorf("finishing an interrupted undo: %w", err)
	}
	return atomicfile.SyncDir(s.Dir)
}

// Locked runs fn while holding the store's exclusive lock.
func (s *Store) Locked(fn func() error) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// sameContent reports whether the file at b is the one at a (info is
// a's): the same file, or a copy of it, as Snapshot makes where hard
// links fail. Two encryptions of a map are never byte-identical, so equal
// bytes mean the same version. A b that does not exist is not the same;
// a file that cannot be read is an error, not a guess.
func sameContent(a, b string, info fs.FileInfo) (bool, error) {
	other, err := os.Lstat(b)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if os.SameFile(info, other) {
		return true, nil
	}
	if info.Size() != other.Size() {
		return false, nil
	}
	return equalFiles(a, b)
}

// equalFiles compares two files of the same size block by block, so
// that memory stays small whatever their size.
func equalFiles(a, b string) (bool, error) {
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	x, y := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, endA, err := readBlock(fa, x)
		if err != nil {
			return false, err
		}
		m, endB, err := readBlock(fb, y)
		if err != nil {
			return false, err
		}
		if !bytes.Equal(x[:n], y[:m]) || endA != endB {
			return false, nil
		}
		if endA {
			return true, nil
		}
	}
}

// readBlock fills buf from f, and says whether f has ended.
func readBlock(f *os.File, buf []byte) (n int, end bool, err error) {
	n, err = io.ReadFull(f, buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, true, nil
	}
	return n, false, err
}

// Owns reports whether writing to path would land in the store: inside
// its folder or this device's folder of its keys (also through a link),
// or on one of its files or the identity (which may live elsewhere), or
// on any of also.
func (s *Store) Owns(path string, also ...string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return true
	}
	if info, err := os.Stat(abs); err == nil {
		for _, p := range append([]string{s.Path(MapFile), s.Path(BackupFile), s.Path(JournalFile), s.Path(IdentityFile), s.Path(ConfigFile),
			s.IdentityPath(), s.DeviceIdentityPath(), s.NextIdentityPath()}, also...) {
			if p == "" {
				continue
			}
			if other, err := os.Stat(p); err == nil && os.SameFile(info, other) {
				return true
			}
		}
	}
	for _, root := range []string{resolve(s.Dir), s.deviceKeysDir()} {
		if root != "" && (within(resolve(filepath.Dir(abs)), root) || within(filepath.Dir(resolve(abs)), root)) {
			return true
		}
	}
	return false
}

// within reports whether dir is root or below it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve follows symbolic links where it can, so a link into the store
// folder is seen for what it is.
func resolve(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return filepath.Clean(path)
}

// ReplaceIdentity puts content in place of the store's own identity
// file, atomically, under the lock: the old file stays until the new one
// is synced, and check (which must show that the new key opens the map)
// runs before the rename; if it fails, nothing changes.
func (s *Store) ReplaceIdentity(content []byte, check func() error) error {
	if s.Config.Identity != "" {
		return errors.New("the identity is not the store's own")
	}
	return s.Locked(func() error {
		if err := check(); err != nil {
			return err
		}
		return atomicfile.WriteBytes(s.IdentityPath(), filePerm, content)
	})
}
