// Package atomicfile replaces files so that a reader, or a crash, only ever
// sees the old content or the new content, never a mix.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/attune-dev/attune/internal/cleanup"
)

// TempPrefix starts the name of every temporary file this package makes.
// Files with it are never read as data; Clean removes leftovers.
const TempPrefix = ".attune-tmp-"

// Write replaces path with what write produces. The bytes go to a new file
// (mode perm) in the same folder, which is synced, renamed over path, and
// then the folder is synced, so the rename itself survives a crash. If
// write or any step up to the rename fails, path is untouched and the
// temporary file is removed; if only the last folder sync fails, the
// error is an *UnconfirmedError.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	return WriteThen(path, perm, write, nil)
}

// WriteThen is Write with a step run after the new content is safely on
// disk and just before it replaces path (store uses it to keep a backup
// of the old version only once the new one is written, so a write that
// fails — a full disk — changes nothing at all). If beforeRename fails,
// path is untouched and the temporary file is removed.
//
// An error after the rename, when the new content is already in place, is
// an *UnconfirmedError; any other error means path is as it was.
func WriteThen(path string, perm os.FileMode, write func(io.Writer) error, beforeRename func() error) error {
	return writeThen(path, perm, write, beforeRename, true)
}

// writeThen is WriteThen; syncAfter false leaves the folder sync to the
// caller.
func writeThen(path string, perm os.FileMode, write func(io.Writer) error, beforeRename func() error, syncAfter bool) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// A write to this path that was killed may have left its temporary
	// file (for a summary, plaintext) outside any folder Clean tidies.
	if stale, err := filepath.Glob(filepath.Join(dir, TempPrefix+base+"-*")); err == nil {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	f, err := os.CreateTemp(dir, TempPrefix+base+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// Interrupted (Ctrl-C, SIGTERM, SIGHUP), the temporary file goes too.
	forget := cleanup.Remove(tmp)
	defer forget()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	CrashPoint(CrashTempWritten)
	if beforeRename != nil {
		if err = beforeRename(); err != nil {
			return err
		}
	}
	CrashPoint(CrashBeforeRename)
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	CrashPoint(CrashAfterRename)
	if !syncAfter {
		return nil
	}
	if err := syncDir(dir); err != nil {
		return &UnconfirmedError{Path: path, Err: err}
	}
	return nil
}

// UnconfirmedError means the new content is in place (readers see it),
// but the folder sync that makes the rename survive a power cut failed.
// Unlike every other error here, the change was made.
type UnconfirmedError struct {
	Path string
	Err  error
}

func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("%s was replaced, but the disk reported an error right after: %v", e.Path, e.Err)
}
func (e *UnconfirmedError) Unwrap() error { return e.Err }

// syncDir is SyncDir; tests replace it to make the last step fail.
var syncDir = SyncDir

// WriteBytes is Write for content already in memory.
func WriteBytes(path string, perm os.FileMode, data []byte) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteOutput is WriteBytes for a file a person asked for (an export, a
// summary), outside the store: the content is synced before the rename,
// so the file is whole or not there, but the folder is not synced after
// it. A power cut right after may leave the earlier file in its place,
// whole; nothing else in attune reads it. (The folder sync was a third
// of the time of writing one.)
func WriteOutput(path string, perm os.FileMode, data []byte) error {
	return writeThen(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, nil, false)
}

// Snapshot makes dst an exact copy of src, atomically: a hard link where
// the file system allows (no bytes copied), a synced copy elsewhere.
func Snapshot(src, dst string, perm os.FileMode) error {
	if err := SnapshotNoSync(src, dst, perm); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(dst))
}

// SnapshotNoSync is Snapshot without the final folder sync, for a caller
// that syncs the same folder right after (WriteThen does): one fsync less.
func SnapshotNoSync(src, dst string, perm os.FileMode) error {
	dir := filepath.Dir(dst)
	// Already one file (a write killed between taking its backup and
	// putting the new version in place): the copy is there. rename(2)
	// would do nothing and leave the link behind.
	if a, err := os.Stat(src); err == nil {
		if b, err := os.Stat(dst); err == nil && os.SameFile(a, b) {
			return nil
		}
	}
	tmp := filepath.Join(dir, fmt.Sprintf("%s%s-link-%d", TempPrefix, filepath.Base(dst), os.Getpid()))
	os.Remove(tmp)
	// Any failure of link(2) falls back to a copy: FAT, exFAT, many FUSE,
	// SMB and sync mounts refuse hard links (EPERM, ENOTSUP, ENOSYS, ...),
	// and where the cause is real (a full or read-only disk) the copy
	// meets it too and reports it.
	if err := link(src, tmp); err == nil {
		if err := os.Rename(tmp, dst); err != nil {
			os.Remove(tmp)
			return err
		}
		return nil
	}
	return copyNoSync(src, dst, perm)
}

// link is os.Link; tests replace it to play a file system without hard
// links.
var link = os.Link

// copyNoSync atomically replaces dst with a copy of src, leaving the
// folder sync to the caller.
func copyNoSync(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeThen(dst, perm, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	}, nil, false)
}

// SyncDir flushes a folder's entries (new names, renames) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	return nil
}

// Clean removes temporary files left in dir by an interrupted write. Call
// it only while holding the lock that writers take.
func Clean(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
