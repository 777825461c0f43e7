// Package store keeps an attune map on disk: encrypted with age, written
// atomically under an exclusive lock, with one encrypted backup. Plaintext
// exists only in memory. It knows age, TOML and files, nothing of the
// terminal.
package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"
	"github.com/BurntSushi/toml"
	"github.com/gofrs/flock"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/keys"
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

// Config is the small plaintext file that says which key the map is
// encrypted to and where the identity lives. It holds no secret.
type Config struct {
	// Recipient is the public key the map is encrypted to.
	Recipient string `toml:"recipient"`
	// Identity is the path of an identity kept outside the store
	// (adopted with init --identity); empty means <dir>/identity.
	Identity string `toml:"identity,omitempty"`
}

// Store is an initialised store folder.
type Store struct {
	Dir    string
	Config Config
}

// ErrNoStore means the folder holds no attune store yet.
var ErrNoStore = errors.New("no attune store")

// ErrStoreExists means init found a store (or a key) already there.
var ErrStoreExists = errors.New("a store already exists")

// Path returns the path of a file in the store.
func (s *Store) Path(name string) string { return filepath.Join(s.Dir, name) }

// IdentityPath is where the owner's identity file is.
func (s *Store) IdentityPath() string {
	if s.Config.Identity != "" {
		return s.Config.Identity
	}
	return s.Path(IdentityFile)
}

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
	if und := md.Undecoded(); len(und) > 0 || s.Config.Recipient == "" {
		return nil, fmt.Errorf("%s is damaged: unexpected content", filepath.Join(dir, ConfigFile))
	}
	return s, nil
}

// Init creates a store in dir: the folder (0700), the identity file when
// identityFile is not nil (0600), the first map encrypted to recipient,
// and the config. It refuses to touch an existing store or key, and a
// folder that holds anything else (ErrFolderInUse); an empty folder that
// exists is made 0700. If it fails, it removes what it made.
func Init(dir string, cfg Config, identityFile []byte, m *mapfile.Map, recipient age.Recipient) (_ *Store, err error) {
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
	s := &Store{Dir: dir, Config: cfg}
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	defer func() {
		if err != nil && !errors.Is(err, ErrStoreExists) {
			for _, name := range []string{ConfigFile, MapFile, BackupFile, IdentityFile} {
				os.Remove(s.Path(name))
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
	if identityFile != nil {
		if err := atomicfile.WriteBytes(s.Path(IdentityFile), filePerm, identityFile); err != nil {
			return nil, err
		}
	}
	if err := s.writeMap(m, recipient); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("# attune store settings (no secrets here)\n")
	if err := toml.NewEncoder(&buf).Encode(cfg); err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(s.Path(ConfigFile), filePerm, buf.Bytes()); err != nil {
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
	if err := s.finishUndo(); err != nil {
		l.Unlock()
		return nil, err
	}
	return func() { l.Unlock() }, nil
}

// finishUndo completes an undo that was interrupted. If the map was
// already replaced, UndoFile is the newer version and becomes the
// backup; if not, UndoFile is one more name of the map and is dropped.
func (s *Store) finishUndo() error {
	undo := s.Path(UndoFile)
	u, err := os.Lstat(undo)
	if err != nil {
		return nil
	}
	if m, err := os.Lstat(s.Path(MapFile)); err == nil && os.SameFile(u, m) {
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

// ReadMap decrypts and validates the map. It takes no lock: writes are
// atomic renames, so a reader sees a whole file, old or new.
func (s *Store) ReadMap(ids []age.Identity) (*mapfile.Map, error) {
	data, err := ReadEncrypted(s.Path(MapFile), ids, MaxMapSize)
	if err != nil {
		return nil, err
	}
	m, err := mapfile.Decode(data)
	if err != nil {
		return nil, &FileError{Path: s.Path(MapFile), Err: err}
	}
	return m, nil
}

// Update is a locked read-modify-write of the map: fn changes m; if it
// returns nil the map is validated, encrypted to recipient, the previous
// version kept as the backup, and the new one put in place atomically.
// If fn changed nothing, nothing is written (the backup, the one step
// undo can go back, stays) and Update returns ErrUnchanged.
func (s *Store) Update(ids []age.Identity, recipient age.Recipient, fn func(m *mapfile.Map) error) error {
	return s.Locked(func() error {
		m, err := s.ReadMap(ids)
		if err != nil {
			return err
		}
		before, err := m.Encode()
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		if err := m.Validate(); err != nil {
			return err
		}
		plain, err := m.Encode()
		if err != nil {
			return err
		}
		if bytes.Equal(plain, before) {
			return ErrUnchanged
		}
		return s.writePlain(plain, recipient)
	})
}

// ErrUnchanged means an Update changed nothing, so nothing was written.
var ErrUnchanged = errors.New("the map is unchanged")

// writeMap keeps the current map as the backup and puts m in its place.
// The caller holds the lock.
func (s *Store) writeMap(m *mapfile.Map, recipient age.Recipient) error {
	plain, err := m.Encode()
	if err != nil {
		return err
	}
	return s.writePlain(plain, recipient)
}

// writePlain is writeMap for a map already encoded.
func (s *Store) writePlain(plain []byte, recipient age.Recipient) error {
	// The backup is taken only once the new map is safely written, so a
	// write that fails (a full disk) leaves map and backup as they were.
	backup := func() error {
		if _, err := os.Stat(s.Path(MapFile)); err != nil {
			return nil
		}
		// WriteThen syncs the folder after the rename, which makes this
		// rename durable too.
		if err := atomicfile.SnapshotNoSync(s.Path(MapFile), s.Path(BackupFile), filePerm); err != nil {
			return fmt.Errorf("keeping a backup of the map: %w", err)
		}
		return nil
	}
	return atomicfile.WriteThen(s.Path(MapFile), filePerm, func(w io.Writer) error {
		return Encrypt(w, plain, false, recipient)
	}, backup)
}

// Undo puts the backup back in place of the map: the version before the
// last change. Under the lock it first checks that the backup decrypts
// with ids and is a valid map; if not, nothing is touched. The map it
// replaces becomes the backup, so a second undo brings it back. The id
// counters of the newer version are kept (mapfile.ReserveIDs), so an id
// is never given to a second entry.
//
// The newer version is linked as UndoFile before the map is replaced and
// renamed to the backup after, so a crash at any point loses neither
// version: lock() finishes or drops an interrupted undo. before is nil
// when the current map is unreadable.
func (s *Store) Undo(ids []age.Identity, recipient age.Recipient) (before, after *mapfile.Map, err error) {
	err = s.Locked(func() error {
		cur, bak, undo := s.Path(MapFile), s.Path(BackupFile), s.Path(UndoFile)
		if _, err := os.Lstat(bak); errors.Is(err, fs.ErrNotExist) {
			return ErrNoBackup
		}
		plain, err := ReadEncrypted(bak, ids, MaxMapSize)
		if err != nil {
			return err
		}
		if after, err = mapfile.Decode(plain); err != nil {
			return &FileError{Path: bak, Err: err}
		}
		// A current map that no longer decrypts is exactly what undo is
		// for; before is then nil.
		before, _ = s.ReadMap(ids)
		if before != nil {
			after.ReserveIDs(before)
		}
		restored, err := after.Encode()
		if err != nil {
			return err
		}
		keepNewer := func() error {
			if _, err := os.Lstat(cur); err != nil {
				return nil // no current map: nothing to keep
			}
			if err := os.Link(cur, undo); err != nil {
				return err
			}
			return atomicfile.SyncDir(s.Dir)
		}
		err = atomicfile.WriteThen(cur, filePerm, func(w io.Writer) error {
			return Encrypt(w, restored, false, recipient)
		}, keepNewer)
		if err != nil {
			return err
		}
		// The map is undone now; an error from here on must say so.
		atomicfile.CrashPoint(CrashUndoReplaced)
		if err := s.finishUndo(); err != nil {
			return &atomicfile.UnconfirmedError{Path: cur, Err: err}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// CrashUndoReplaced is the crash point (testhooks.CrashAt) in undo after the
// map is replaced and before the version it replaced becomes the backup.
const CrashUndoReplaced = "undo-replaced"

// ErrNoBackup means there is no earlier version to go back to.
var ErrNoBackup = errors.New("there is no earlier version of the map")

// WriteEncrypted encrypts plain to the recipients and atomically replaces
// path with the result (0600).
func WriteEncrypted(path string, plain []byte, useArmor bool, recipients ...age.Recipient) error {
	return atomicfile.Write(path, filePerm, func(w io.Writer) error {
		return Encrypt(w, plain, useArmor, recipients...)
	})
}

// Encrypt writes plain encrypted to the recipients, armored if asked.
func Encrypt(w io.Writer, plain []byte, useArmor bool, recipients ...age.Recipient) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var out io.Writer = bw
	var aw io.WriteCloser
	if useArmor {
		aw = armor.NewWriter(bw)
		out = aw
	}
	ew, err := age.Encrypt(out, recipients...)
	if err != nil {
		return err
	}
	if _, err := ew.Write(plain); err != nil {
		return err
	}
	if err := ew.Close(); err != nil {
		return err
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadEncrypted reads and decrypts the age file at path (binary or
// armored), refusing more than limit bytes of plaintext.
func ReadEncrypted(path string, ids []age.Identity, limit int64) ([]byte, error) {
	ct, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	plain, err := Decrypt(ct, ids, limit)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return plain, nil
}

// FileError ties a problem to the file it was found in.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// DecryptError says why an age file could not be opened.
type DecryptError struct {
	Reason DecryptReason
	Err    error
}

// DecryptReason classifies a failed decryption for the user.
type DecryptReason int

const (
	NotAge   DecryptReason = iota // not an age file at all
	Empty                         // zero bytes
	WrongKey                      // no identity matches the file
	Damaged                       // header or payload fails authentication, or is cut short
	TooLarge                      // more plaintext than allowed
)

func (e *DecryptError) Error() string {
	switch e.Reason {
	case Empty:
		return "the file is empty"
	case NotAge:
		return "the file is not an age-encrypted file"
	case WrongKey:
		return "the file was not encrypted to your key"
	case TooLarge:
		return "the file is larger than attune accepts"
	default:
		return "the file is damaged: it is cut short or was changed after it was written"
	}
}

func (e *DecryptError) Unwrap() error { return e.Err }

const ageIntro = "age-encryption.org/"

// Decrypt decrypts an age file held in memory.
func Decrypt(ct []byte, ids []age.Identity, limit int64) ([]byte, error) {
	var src io.Reader = bytes.NewReader(ct)
	trimmed := bytes.TrimLeft(ct, " \t\r\n")
	switch {
	case len(ct) == 0:
		return nil, &DecryptError{Reason: Empty}
	case bytes.HasPrefix(trimmed, []byte(armor.Header)):
		src = armor.NewReader(bytes.NewReader(trimmed))
	case !bytes.HasPrefix(ct, []byte(ageIntro)):
		return nil, &DecryptError{Reason: NotAge}
	}
	r, err := age.Decrypt(src, ids...)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			// An identity that failed for a reason of its own (a wrong
			// passphrase, a missing plugin) is worth passing on.
			for _, e := range nomatch.Errors {
				if e != nil && !errors.Is(e, age.ErrIncorrectIdentity) {
					return nil, e
				}
			}
			return nil, &DecryptError{Reason: WrongKey, Err: err}
		}
		if isPassThrough(err) {
			return nil, err
		}
		return nil, &DecryptError{Reason: Damaged, Err: err}
	}
	plain, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &DecryptError{Reason: Damaged, Err: err}
	}
	if int64(len(plain)) > limit {
		return nil, &DecryptError{Reason: TooLarge}
	}
	return plain, nil
}

// PassThrough marks errors from identities (a prompt that was cancelled, a
// plugin that is missing) that must reach the user as they are rather than
// be reported as a damaged file.
type PassThrough interface{ PassThrough() bool }

func isPassThrough(err error) bool {
	var p PassThrough
	var missing *plugin.NotFoundError
	return errors.As(err, &p) || errors.As(err, &missing) || errors.Is(err, keys.ErrWrongPassphrase)
}
