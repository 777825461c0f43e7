package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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

// checkFailedWrite runs a writing command that must fail, and checks the
// message and that every file in the store is as it was.
func checkFailedWrite(t *testing.T, e *env, want string) {
	t.Helper()
	before := snapshot(t, e.store)
	r := e.run("add", "boundary", "red", "This will not fit "+strings.Repeat("x", 900))
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "attune: error: ") || !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q, want an error saying %q", r.stderr, want)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("files changed by a failed write: %s", d)
	}
	if tmp := tempFiles(t, e.store); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	e.readMap() // still decrypts
}

// TestFullDisk fills a small tmpfs so that the new map cannot be written:
// the old map and its backup stay byte-for-byte, with a clear error.
func TestFullDisk(t *testing.T) {
	mnt := mountTmpfs(t, "256k")
	e := newEnv(t)
	e.store = filepath.Join(mnt, "store")
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(200))                            // about 30 KB encrypted
	e.must("add", "boundary", "green", "Hugs when asked") // there is a backup now
	fill(t, filepath.Join(mnt, "filler"))
	checkFailedWrite(t, e, "the disk is full")
	// Once there is room again, the same command works.
	os.Remove(filepath.Join(mnt, "filler"))
	e.must("add", "boundary", "red", "This fits now")
}

// TestReadOnlyStore makes the store unwritable: chmod 500 for an ordinary
// user; as root (whom chmod does not stop) a tmpfs remounted read-only.
func TestReadOnlyStore(t *testing.T) {
	e := newEnv(t)
	if os.Geteuid() == 0 {
		mnt := mountTmpfs(t, "1m")
		e.store = filepath.Join(mnt, "store")
		e.must("init", "--name", "Sam")
		e.must("add", "boundary", "green", "Hugs when asked")
		if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v %s", err, out)
		}
		checkFailedWrite(t, e, "read-only")
		return
	}
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "green", "Hugs when asked")
	if err := os.Chmod(e.store, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(e.store, 0o700)
	checkFailedWrite(t, e, "permission denied")
}

// TestFullDiskOutput fills a small tmpfs that holds only the --output
// file: the error names that file's folder, never the store's disk, and
// leaves no temporary file (a summary's would be plaintext).
func TestFullDiskOutput(t *testing.T) {
	mnt := mountTmpfs(t, "64k")
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(200)) // a summary of tens of KB
	fill(t, filepath.Join(mnt, "filler"))
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

// fill writes to path until the disk is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			return
		}
	}
}
