package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/store"
)

// mountTmpfs mounts a tmpfs of the given size (with extra options) at a
// new folder, or skips the test when mounting is not allowed.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// failingWrites are the commands the full-disk and read-only tests run:
// one that writes a new map, and undo, which writes the earlier version
// back. An undo that fails for the disk must say so, never blame the
// earlier version.
var failingWrites = [][]string{
	{"add", "boundary", "red", "This will not fit " + strings.Repeat("x", 900)},
	{"undo"},
}

// checkFailedWrite runs each of failingWrites, which must fail, and
// checks the message (one error line saying want, and a hint) and that
// every file in the store is as it was.
func checkFailedWrite(t *testing.T, e *env, want string) {
	t.Helper()
	for _, args := range failingWrites {
		checkFailed(t, e, want, args...)
	}
}

// checkFailed runs one command that must fail for the reason want.
func checkFailed(t *testing.T, e *env, want string, args ...string) {
	t.Helper()
	before := snapshot(t, e.store)
	r := e.run(args...)
	if r.code != 1 {
		t.Fatalf("%s: exit code %d, want 1; stderr: %s", args[0], r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "attune: error: ") || !strings.Contains(lines[0], want) ||
		!strings.HasPrefix(lines[1], "attune: hint: ") {
		t.Errorf("%s: stderr = %q, want one error line saying %q and a hint", args[0], r.stderr, want)
	}
	if strings.Contains(r.stderr, "earlier version cannot be used") {
		t.Errorf("%s: the message blames the earlier version: %q", args[0], r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("%s: files changed by a failed write: %s", args[0], d)
	}
	if tmp := tempFiles(t, e.store); len(tmp) > 0 {
		t.Errorf("%s: temporary files left: %v", args[0], tmp)
	}
	e.readMap() // still decrypts
}

// fillDisk fills the file system of mnt with one file, leaving room
// for at least room bytes, in whole pages (the unit tmpfs counts in),
// and returns the file.
func fillDisk(t *testing.T, mnt string, room int) string {
	t.Helper()
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := os.Getpagesize()
	buf := make([]byte, page)
	size := 0
	for {
		n, err := f.Write(buf)
		size += n
		if err != nil {
			break
		}
	}
	pages := (room + page - 1) / page
	must(t, f.Truncate(int64(max(size-pages*page, 0))))
	return filler
}

// TestFullDisk fills a small tmpfs so that the new map cannot be written:
// the old map and its backup stay byte-for-byte, with a clear error.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, "256k")
	e := newEnv(t)
	e.store = filepath.Join(mnt, "store")
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(200))                            // about 30 KB encrypted
	e.must("add", "boundary", "green", "Hugs when asked") // there is a backup now
	filler := fillDisk(t, mnt, 0)
	checkFailedWrite(t, e, "the disk is full")
	// Once there is room again, the same commands work.
	os.Remove(filler)
	e.must("add", "boundary", "red", "This fits now")
	e.must("undo")
}

// TestFullDiskWithoutHardLinks: where link(2) fails, the backup (and
// undo's copy of the newer version) takes room of its own. With room for
// the new map but not for that copy, the command fails as on any full
// disk: a clear message, and nothing changed.
func TestFullDiskWithoutHardLinks(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, "512k")
	e := newEnv(t)
	e.store = filepath.Join(mnt, "store")
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(20))  // the backup: under 4 KB encrypted
	e.writeMap(sampleMap(200)) // the map: about 30 KB, 8 pages
	refused := e.noLinks()
	// Room for the earlier version, with a little to spare for a change
	// in its size, not for a copy of the map as well.
	bak, err := os.Stat(filepath.Join(e.store, store.BackupFile))
	must(t, err)
	fillDisk(t, mnt, int(bak.Size())+512)
	checkFailed(t, e, "the disk is full", "undo")
	if !refused() {
		t.Fatal("undo did not try a link: the fault was not injected")
	}
	// With a link, which takes no room, the same undo fits: it was the
	// copy that did not.
	e.wrap = nil
	e.must("undo")
}

// TestReadOnlyStore puts the store on a tmpfs remounted read-only (root
// only: mounting needs it).
func TestReadOnlyStore(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, "1m")
	e := newEnv(t)
	e.store = filepath.Join(mnt, "store")
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "green", "Hugs when asked")
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	checkFailedWrite(t, e, "read-only")
}

// TestUnwritableStore takes the write permission off the store folder
// (chmod 500). Root, whom permissions do not stop, runs attune without
// its capabilities (setpriv, util-linux), so that they do.
func TestUnwritableStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "green", "Hugs when asked")
	if os.Geteuid() == 0 {
		if out, err := exec.Command("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", "true").CombinedOutput(); err != nil {
			t.Skipf("cannot run attune without root's capabilities (setpriv): %v %s", err, out)
		}
		e.wrap = []string{"setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"}
	}
	must(t, os.Chmod(e.store, 0o500))
	defer os.Chmod(e.store, 0o700)
	checkFailedWrite(t, e, "permission denied")
}

// TestFullDiskOutput fills a small tmpfs that holds only the --output
// file: the error names that file's folder, never the store's disk, and
// leaves no temporary file (a summary's would be plaintext).
func TestFullDiskOutput(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, "64k")
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(200)) // a summary of tens of KB
	fillDisk(t, mnt, 0)
	for _, args := range [][]string{
		{"summary", "--output", filepath.Join(mnt, "card.txt")},
		{"export", "--to", alexKeyArg, "--armor", "--output", filepath.Join(mnt, "card.txt")},
	} {
		before := snapshot(t, e.root)
		r := e.run(args...)
		want := "attune: error: the disk that holds " + mnt + " is full, so " + filepath.Join(mnt, "card.txt") + " was not written\n" +
			"attune: hint: free some space there, or choose another place for --output\n"
		if r.code != 1 || r.stderr != want {
			t.Errorf("%s: exit %d\n%s\nwant exit 1\n%s", args[0], r.code, r.stderr, want)
		}
		if entries, _ := os.ReadDir(mnt); len(entries) != 1 {
			t.Errorf("%s: files left on the full disk: %v", args[0], entries)
		}
		if d := diffSnapshots(before, snapshot(t, e.root)); d != "" {
			t.Errorf("%s: files changed: %s", args[0], d)
		}
	}
}
