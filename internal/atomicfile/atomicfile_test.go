package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// leftovers lists the temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// A write that fails part-way — an injected error, a full disk (ENOSPC,
// as /dev/full gives) — leaves the target byte-for-byte as it was and no
// temporary file behind, and the error reaches the caller unchanged.
func TestWriteFailureLeavesTargetUntouched(t *testing.T) {
	injected := errors.New("injected failure")
	cases := []struct {
		name  string
		write func(io.Writer) error
		want  error
	}{
		{"error before writing", func(io.Writer) error { return injected }, injected},
		{"error after a partial write", func(w io.Writer) error {
			w.Write(bytes.Repeat([]byte("new content "), 1000))
			return injected
		}, injected},
		{"disk full", func(w io.Writer) error {
			w.Write([]byte("half of the new"))
			return &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
		}, syscall.ENOSPC},
		{"writer on /dev/full", func(w io.Writer) error {
			full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				return &os.PathError{Op: "write", Path: "/dev/full", Err: syscall.ENOSPC}
			}
			defer full.Close()
			_, err = io.Copy(io.MultiWriter(w, full), strings.NewReader("some new content"))
			return err
		}, syscall.ENOSPC},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "map.toml.age")
			old := []byte("the old content, which must survive")
			if err := os.WriteFile(target, old, 0o600); err != nil {
				t.Fatal(err)
			}
			beforeCalled := false
			err := WriteThen(target, 0o600, tc.write, func() error { beforeCalled = true; return nil })
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if beforeCalled {
				t.Error("beforeRename ran although the write failed")
			}
			got, _ := os.ReadFile(target)
			if !bytes.Equal(got, old) {
				t.Errorf("target changed to %q", got)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func TestBeforeRenameFailureLeavesTargetUntouched(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "f")
	os.WriteFile(target, []byte("old"), 0o600)
	injected := errors.New("no backup")
	err := WriteThen(target, 0o600, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err },
		func() error { return injected })
	if !errors.Is(err, injected) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "old" {
		t.Errorf("target = %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// A failure of the last step, the folder sync after the rename, is the one
// failure after which the new content is in place; it is reported as such
// (UnconfirmedError), never as a write that changed nothing. Every other
// failure above is not an UnconfirmedError.
func TestFailedSyncAfterRenameIsUnconfirmed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "f")
	os.WriteFile(target, []byte("old"), 0o600)
	injected := &os.PathError{Op: "sync", Path: dir, Err: syscall.EIO}
	syncDir = func(string) error { return injected }
	t.Cleanup(func() { syncDir = SyncDir })

	err := WriteBytes(target, 0o600, []byte("new"))
	var un *UnconfirmedError
	if !errors.As(err, &un) || un.Path != target || !errors.Is(err, syscall.EIO) {
		t.Fatalf("err = %#v, want an UnconfirmedError for %s wrapping EIO", err, target)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target = %q, want the new content", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}

	// A failure before the rename is never reported as unconfirmed.
	err = WriteThen(target, 0o600, func(io.Writer) error { return syscall.ENOSPC }, nil)
	if err == nil || errors.As(err, &un) {
		t.Errorf("failed write: err = %#v", err)
	}
	// SnapshotNoSync's copy (where hard links are refused) leaves the
	// folder sync to its caller, so it has no such failure of its own.
	bak := filepath.Join(dir, "f.bak")
	if err := copyNoSync(target, bak, 0o600); err != nil {
		t.Errorf("copy: %v", err)
	}
	if got, _ := os.ReadFile(bak); string(got) != "new" {
		t.Errorf("copy = %q", got)
	}
}

func TestWriteReplacesAndSetsMode(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "f")
	os.WriteFile(target, []byte("old"), 0o644)
	if err := WriteBytes(target, 0o600, []byte("new")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(target)
	if got, _ := os.ReadFile(target); string(got) != "new" || info.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v", got, info.Mode())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestCleanRemovesOnlyTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, TempPrefix+"map-123"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "map.toml.age"), []byte("keep"), 0o600)
	Clean(dir)
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left: %v", l)
	}
	if _, err := os.Stat(filepath.Join(dir, "map.toml.age")); err != nil {
		t.Error(err)
	}
}

func TestWriteRemovesAKilledWritesLeftover(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "card.html")
	stale := filepath.Join(dir, TempPrefix+"card.html-12345")
	other := filepath.Join(dir, TempPrefix+"notes.txt-999")
	for _, f := range []string{stale, other} {
		if err := os.WriteFile(f, []byte("left by a killed write"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteBytes(path, 0o600, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the leftover of a killed write to the same file is still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("a temporary file for another path was removed")
	}
}

// noLinks plays a file system that refuses hard links (FAT, exFAT, many
// FUSE, SMB and sync mounts) for the rest of the test.
func noLinks(t *testing.T) {
	t.Helper()
	link = func(old, new string) error { return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EPERM} }
	t.Cleanup(func() { link = os.Link })
}

// Snapshot makes dst the same bytes as src, whether the file system
// allows hard links (dst is then src's inode) or not (a copy with its own
// inode, mode perm); either way src is untouched, an earlier dst is
// replaced, and no temporary file is left.
func TestSnapshotWithAndWithoutHardLinks(t *testing.T) {
	for _, hardLinks := range []bool{true, false} {
		t.Run(map[bool]string{true: "link", false: "copy"}[hardLinks], func(t *testing.T) {
			if !hardLinks {
				noLinks(t)
			}
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "map"), filepath.Join(dir, "map.bak")
			must(t, os.WriteFile(src, []byte("the newer version"), 0o600))
			must(t, os.WriteFile(dst, []byte("an older version, longer"), 0o644))
			must(t, Snapshot(src, dst, 0o600))
			got, _ := os.ReadFile(dst)
			a, _ := os.Stat(src)
			b, _ := os.Stat(dst)
			if string(got) != "the newer version" || b.Mode().Perm() != 0o600 {
				t.Errorf("dst = %q mode %v, want src's bytes, mode 0600", got, b.Mode())
			}
			if os.SameFile(a, b) != hardLinks {
				t.Errorf("dst is src's inode: %v, want %v", os.SameFile(a, b), hardLinks)
			}
			if s, _ := os.ReadFile(src); string(s) != "the newer version" {
				t.Errorf("src changed: %q", s)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// Where hard links fail and the copy fails too (here: src is gone), the
// error is the copy's, and dst is untouched.
func TestSnapshotCopyFailureLeavesDst(t *testing.T) {
	noLinks(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "map.bak")
	must(t, os.WriteFile(dst, []byte("kept"), 0o600))
	err := SnapshotNoSync(filepath.Join(dir, "missing"), dst, 0o600)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want the copy's: src does not exist", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "kept" {
		t.Errorf("dst = %q, want it untouched", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// WriteOutput replaces a file whole, 0600, and leaves no temporary file;
// it never syncs the folder.
func TestWriteOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "card.html")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	synced := false
	defer func(f func(string) error) { syncDir = f }(syncDir)
	syncDir = func(string) error { synced = true; return nil }
	if err := WriteOutput(path, 0o600, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "new" || info.Mode().Perm() != 0o600 || synced {
		t.Errorf("content %q, mode %o, folder synced %v", got, info.Mode().Perm(), synced)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, TempPrefix+"*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
