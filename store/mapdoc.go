package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// ReadMap decrypts and validates the map. It takes no lock: writes are
// atomic renames, so a reader sees a whole file, old or new.
func (s *Store) ReadMap(ids []age.Identity) (*mapfile.Map, error) {
	m, _, err := s.readMap(ids)
	return m, err
}

// readMap is ReadMap, also returning the decrypted bytes.
func (s *Store) readMap(ids []age.Identity) (*mapfile.Map, []byte, error) {
	path := s.Path(MapFile)
	ct, err := readCiphertext(path, MaxMapSize)
	if err != nil {
		return nil, nil, err
	}
	// The same bytes as the last read in this process (which these ids
	// opened): the same map, without a second decrypt and decode.
	if s.read.m != nil && bytes.Equal(ct, s.read.ct) {
		return s.read.m.Clone(), s.read.plain, nil
	}
	data, err := decryptFile(path, ct, ids, MaxMapSize)
	if err != nil {
		return nil, nil, err
	}
	m, err := mapfile.Decode(data)
	if err != nil {
		return nil, nil, &FileError{Path: path, Err: err}
	}
	s.read.ct, s.read.plain, s.read.m = ct, data, m.Clone()
	return m, data, nil
}

// Update is a locked read-modify-write of the map: fn changes m; if it
// returns nil, every entry without a hidden key gets one, what changed
// is validated, and the map is encrypted to the recipients, the previous
// version kept as the backup, and the new one put in place atomically.
// If fn changed nothing, nothing is written (the backup, the one step
// undo can go back, stays) and changed is false.
//
// One request is one decrypt, one decode, one validation of what
// changed, one encode and one encrypt.
func (s *Store) Update(ids []age.Identity, recipients []age.Recipient, fn func(m *mapfile.Map) error) (changed bool, err error) {
	return s.UpdateAndRecord(ids, recipients, fn, nil)
}

// UpdateAndRecord is Update, and when fn changed the map, record (if not
// nil) is given the version fn started from and the changed one, every
// entry of it with its hidden key, before what changed is validated:
// what record adds to the map (the history of the change) is checked and
// written with it, in the same atomic write. before must not be changed.
// It reuses the copy Update makes anyway.
func (s *Store) UpdateAndRecord(ids []age.Identity, recipients []age.Recipient, fn func(m *mapfile.Map) error,
	record func(before, after *mapfile.Map)) (changed bool, err error) {
	err = s.Locked(func() error {
		m, _, err := s.readMap(ids)
		if err != nil {
			return err
		}
		// On a device that shares the map, new ids end with its tag.
		tag, keepTag := s.deviceTag(m)
		m.SetDeviceTag(tag)
		before := m.Clone()
		if err := fn(m); err != nil {
			return err
		}
		if m.Equal(before) {
			return nil
		}
		// Written at this program's version: a map of an older one that
		// now holds something newer is checked as the newer version.
		if err := prepareWrite(m); err != nil {
			return err
		}
		if record != nil {
			record(before, m)
		}
		if err := m.ValidateChange(before); err != nil {
			return err
		}
		changed = true
		if err := s.writeMap(m, recipients); err != nil {
			return err
		}
		keepTag()
		s.committed(func() string { return CommitMessage(s.Command, before, m) })
		return nil
	})
	return changed, err
}

// writeMap keeps the current map as the backup and puts m in its place.
// The caller holds the lock.
func (s *Store) writeMap(m *mapfile.Map, recipients []age.Recipient) error {
	plain, err := m.Encode()
	if err != nil {
		return err
	}
	// The backup is taken only once the new map is safely written, so a
	// write that fails (a full disk) leaves map and backup as they were.
	// The new map is recorded as attune's before the backup is taken and
	// it is put in place (recordPending).
	var sum digest
	backup := func() error {
		s.recordPending(sum)
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
		return encryptSummed(w, &sum, plain, recipients...)
	}, backup)
}

// Undo puts the backup back in place of the map: the version before the
// last change. Under the lock it first checks that the backup decrypts
// with ids and is a valid map; if not, nothing is touched. The map it
// replaces becomes the backup, so a second undo brings it back. The id
// counters of the newer version are kept (mapfile.ReserveIDs), so an id
// is never given to a second entry.
//
// The newer version is linked as UndoFile (copied, where the file system
// has no hard links) before the map is replaced and renamed to the
// backup after, so a crash at any point loses neither
// version: lock() finishes or drops an interrupted undo. before is nil
// when the current map is unreadable.
func (s *Store) Undo(ids []age.Identity, recipients []age.Recipient) (before, after *mapfile.Map, err error) {
	err = s.Locked(func() error {
		cur, bak, undo := s.Path(MapFile), s.Path(BackupFile), s.Path(UndoFile)
		if _, err := os.Lstat(bak); errors.Is(err, fs.ErrNotExist) {
			return ErrNoBackup
		}
		// A current map that no longer decrypts is exactly what undo is
		// for; before is then nil. One that reads and that git changed
		// outside attune is not this device's change to take back.
		before, _ = s.ReadMap(ids)
		if before != nil && s.changedOutside() {
			return ErrChangedOutside
		}
		if s.broughtIn() {
			return ErrBroughtIn
		}
		plain, err := ReadEncrypted(bak, ids, MaxMapSize)
		if err != nil {
			return &BackupError{Err: err}
		}
		if after, err = mapfile.Decode(plain); err != nil {
			return &BackupError{Err: &FileError{Path: bak, Err: err}}
		}
		if before != nil {
			after.ReserveIDs(before)
			// The keys are not what undo takes back: a key made
			// since (a person key, a new signing key) stays.
			after.KeepKeys(before)
			if after.MinVersion() > after.Version {
				after.Version = mapfile.Version
			}
		}
		restored, err := after.Encode()
		if err != nil {
			return err
		}
		var sum digest
		keepNewer := func() error {
			s.recordPending(sum)
			if _, err := os.Lstat(cur); err != nil {
				return nil // no current map: nothing to keep
			}
			if err := atomicfile.Snapshot(cur, undo, filePerm); err != nil {
				return err
			}
			return nil
		}
		err = atomicfile.WriteThen(cur, filePerm, func(w io.Writer) error {
			return encryptSummed(w, &sum, restored, recipients...)
		}, keepNewer)
		if err != nil {
			return err
		}
		// The map is undone now; an error from here on must say so.
		atomicfile.CrashPoint(CrashUndoReplaced)
		if err := s.finishUndo(); err != nil {
			return &atomicfile.UnconfirmedError{Path: cur, Err: err}
		}
		s.committed(func() string { return "attune: undo" })
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// BackupError means the earlier version (the backup) could not be read:
// undo changed nothing.
type BackupError struct{ Err error }

func (e *BackupError) Error() string { return "the earlier version cannot be used: " + e.Err.Error() }
func (e *BackupError) Unwrap() error { return e.Err }

// CrashUndoReplaced is the crash point (testhooks.CrashAt) in undo after the
// map is replaced and before the version it replaced becomes the backup.
const CrashUndoReplaced = "undo-replaced"

// ErrNoBackup means there is no earlier version to go back to.
var ErrNoBackup = errors.New("there is no earlier version of the map")

// prepareWrite brings a map to what this version writes: every entry
// has a hidden key, the owner a signing key, the version is this one's.
// A map from before gets them on its first write, without a word.
func prepareWrite(m *mapfile.Map) error {
	m.AssignKeys()
	if m.SigningKey == "" {
		k, err := keys.NewSigningKey()
		if err != nil {
			return err
		}
		m.SigningKey = k.String()
	}
	m.Version = mapfile.Version
	return nil
}
