package store

import (
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
)

// CrashMergeDriver is the crash point (testhooks.CrashAt) in the merge
// driver after the merge is made and before its result replaces git's
// file of ours.
const CrashMergeDriver = "merge-driver"

// MergeFn merges three versions of the map (base nil when git knows no
// common one) made on this device's tag.
type MergeFn func(base, ours, theirs *mapfile.Map, tag string) *mapfile.Map

// MergeVersions is git's merge driver for the map: it reads the three
// versions git gives (the common one, ours, theirs: files named by git,
// base empty when there is none), merges them with merge, and writes
// the result in place of ours — encrypted to recipients, atomically,
// so that git finds either ours or the whole merge there, never part
// of one. It runs inside the lock of the attune that runs git (token),
// else takes the lock itself (git run by hand). Any error leaves ours
// as it was, and git then leaves the file unmerged.
func (s *Store) MergeVersions(token string, ids []age.Identity, recipients []age.Recipient, base, ours, theirs string, merge MergeFn) error {
	return s.LockedOrHeld(token, func() error {
		var maps [3]*mapfile.Map
		for i, path := range []string{base, ours, theirs} {
			if info, err := os.Stat(path); i == 0 && err == nil && info.Size() == 0 {
				continue // no common version
			}
			plain, err := ReadEncrypted(path, ids, MaxMapSize)
			if err != nil {
				return err
			}
			if maps[i], err = mapfile.Decode(plain); err != nil {
				return &FileError{Path: path, Err: err}
			}
		}
		tag, keepTag := s.deviceTag(maps[1])
		res := merge(maps[0], maps[1], maps[2], tag)
		if err := prepareWrite(res); err != nil {
			return err
		}
		if err := res.Validate(); err != nil {
			return err
		}
		plain, err := res.Encode()
		if err != nil {
			return err
		}
		atomicfile.CrashPoint(CrashMergeDriver)
		err = atomicfile.Write(ours, filePerm, func(w io.Writer) error {
			return Encrypt(w, plain, false, recipients...)
		})
		if err == nil {
			keepTag()
		}
		return err
	})
}

// MergeCopy merges a copy of the map that another sync tool left (path)
// into the map, as Update changes it (committed in a git store), and,
// when remove is set, removes the copy once the merge is written. merge
// gets the map and the copy, and may refuse the copy (one that is not
// a version of this map). Errors reading the copy are *FileError for
// path.
func (s *Store) MergeCopy(ids []age.Identity, recipients []age.Recipient, path string, remove bool,
	merge func(m, copyMap *mapfile.Map) (*mapfile.Map, error)) (changed bool, err error) {
	plain, err := ReadEncrypted(path, ids, MaxMapSize)
	if err != nil {
		return false, err
	}
	copyMap, err := mapfile.Decode(plain)
	if err != nil {
		return false, &FileError{Path: path, Err: err}
	}
	changed, err = s.Update(ids, recipients, func(m *mapfile.Map) error {
		res, err := merge(m, copyMap)
		if err != nil {
			return err
		}
		*m = *res
		return nil
	})
	if err != nil {
		return changed, err
	}
	return changed, s.Locked(func() error {
		if changed {
			// Brought in from another device: not for undo to take back.
			s.keepAsBackup()
		}
		if !remove {
			return nil
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		return atomicfile.SyncDir(filepath.Dir(path))
	})
}
