package e2e

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/store"
)

// A store kept in git: key changes are committed as every change is,
// and what git did is told apart from what attune did.

// gitStatus is what git says is not committed in e's store.
func (e *env) gitStatus() string {
	e.t.Helper()
	return strings.TrimSpace(e.gitIn(e.store, "status", "--porcelain"))
}

// Each change of keys is committed at once. After this device's key is
// removed with the recovery key, the map is one this device cannot
// open: the next command says so and puts nothing back, and the
// recovery key still opens the map.
func TestKeyChangesCommitted(t *testing.T) {
	t.Parallel()
	requireGit(t)
	e := newEnv(t)
	e.must("init", "--name", "Sam", "--git")
	e.must("add", "boundary", "red", "Being held down")
	rec := filepath.Join(e.root, "rec.txt")
	e.must("key", "recovery", "--output", rec)
	if st := e.gitStatus(); st != "" {
		t.Fatalf("key recovery left changes not committed:\n%s", st)
	}
	dev := strings.TrimSpace(e.must("key"))
	e.must("--identity", rec, "key", "remove", dev)
	if st := e.gitStatus(); st != "" {
		t.Fatalf("key remove left changes not committed:\n%s", st)
	}
	if log := e.gitIn(e.store, "log", "--format=%s"); !strings.Contains(log, "attune: key remove\n") || !strings.Contains(log, "attune: key recovery\n") {
		t.Errorf("the commits do not name the key changes:\n%s", log)
	}

	listNotRestored(t, e, rec, "attune: error: this device's key is not one your map is encrypted to")
}

// listNotRestored: list on a device whose key no longer opens the map
// fails, says want, puts nothing back and changes no file; the recovery
// key rec still opens the map.
func listNotRestored(t *testing.T, e *env, rec, want string) {
	t.Helper()
	before := snapshot(t, e.store)
	r := e.run("list")
	if r.code != 1 || strings.Contains(r.stderr, "put back") || !strings.Contains(r.stderr, want) {
		t.Errorf("list on the device whose key was removed: exit %d\n%s", r.code, r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("files changed: %s", d)
	}
	if !opensWith(t, filepath.Join(e.store, store.MapFile), rec) {
		t.Error("the recovery key no longer opens the map")
	}
}

// A map that is only encrypted to other keys than this device's, and
// not yet committed (a change of keys an older attune left), is not
// replaced by the last commit's: that would take the change back.
func TestWrongKeyNotRestored(t *testing.T) {
	t.Parallel()
	requireGit(t)
	e := newEnv(t)
	e.must("init", "--name", "Sam", "--git")
	e.must("add", "boundary", "red", "Being held down")
	rec := filepath.Join(e.root, "rec.txt")
	e.must("key", "recovery", "--output", rec)
	dev := strings.TrimSpace(e.must("key"))
	e.must("--identity", rec, "key", "remove", dev)
	// As an older attune left it: the key change made, HEAD before it.
	e.gitIn(e.store, "reset", "--quiet", "--soft", "HEAD~1")
	e.gitIn(e.store, "reset", "--quiet")
	if e.gitStatus() == "" {
		t.Fatal("the key change is still committed")
	}
	listNotRestored(t, e, rec, "attune: error: ")
}

// attune git log | head: git, stopped by SIGPIPE when what it writes to
// is closed, is no failure: attune says nothing and ends as a shell
// says git itself ended (141).
func TestGitBrokenPipeQuiet(t *testing.T) {
	t.Parallel()
	requireGit(t)
	e := newEnv(t)
	e.must("init", "--name", "Sam", "--git")
	e.must("add", "boundary", "red", "Being held down")
	// Far more than a pipe holds: git is still writing when it closes.
	c := e.cmd("git", "log", "--format="+strings.Repeat("%H", 5000))
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 40)
	if _, err := io.ReadFull(out, buf); err != nil {
		t.Fatal(err)
	}
	out.Close()
	c.Wait()
	if code := c.ProcessState.ExitCode(); code != 141 || stderr.String() != "" {
		t.Errorf("attune git log into a closed pipe: exit %d\n%s", code, stderr.String())
	}
}

// notPrivate lists what under dir the group or others may read, write
// or enter (links are not followed).
func notPrivate(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink == 0 && info.Mode().Perm()&0o077 != 0 {
			out = append(out, fmt.Sprintf("%s %v", path, info.Mode().Perm()))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loosen gives everything under dir the modes a clone made under umask
// 022 has: 0755 folders, 0644 files.
func loosen(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case d.IsDir():
			os.Chmod(path, 0o755)
		case d.Type().IsRegular():
			os.Chmod(path, 0o644)
		}
		return nil
	})
}

// The store is the owner's alone (0600 files, 0700 folders), .git too:
// after git init, after a sync, and on a device that joined from a
// clone made with looser modes. A link in the store is not followed.
func TestGitStoreModes(t *testing.T) {
	t.Parallel()
	requireGit(t)
	a := newEnv(t)
	a.must("init", "--name", "Sam")
	a.must("add", "boundary", "red", "Being held down")
	a.must("git", "init")
	if bad := notPrivate(t, a.store); len(bad) > 0 {
		t.Errorf("after git init:\n%s", strings.Join(bad, "\n"))
	}
	rem := remote(t, a)
	a.must("git", "remote", "add", "origin", rem)
	outside := filepath.Join(a.root, "outside.txt")
	must(t, os.WriteFile(outside, []byte("not the store's\n"), 0o644))
	must(t, os.Chmod(outside, 0o644))
	must(t, os.Symlink(outside, filepath.Join(a.store, "link-out")))
	loosen(t, filepath.Join(a.store, ".git"))
	a.must("sync")
	if bad := notPrivate(t, a.store); len(bad) > 0 {
		t.Errorf("after sync:\n%s", strings.Join(bad, "\n"))
	}
	if info, err := os.Stat(outside); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("a file outside the store, linked from it, was changed: %v %v", info.Mode(), err)
	}

	b := newEnv(t)
	b.gitIn(b.root, "clone", "--quiet", rem, b.store)
	loosen(t, b.store)
	b.must("init", "--join")
	if bad := notPrivate(t, b.store); len(bad) > 0 {
		t.Errorf("after init --join:\n%s", strings.Join(bad, "\n"))
	}
	loosen(t, b.store)
	b.must("git", "init")
	if bad := notPrivate(t, b.store); len(bad) > 0 {
		t.Errorf("after git init on the joined device:\n%s", strings.Join(bad, "\n"))
	}
}

// undo after a sync that brought in another device's change does not
// take that change back (which the next sync would spread): it refuses,
// changing nothing. A change made here after the sync is undone as
// usual, and the other device's entry stays.
func TestUndoAfterSync(t *testing.T) {
	t.Parallel()
	requireGit(t)
	a := newEnv(t)
	a.must("init", "--name", "Sam", "--git")
	a.must("add", "boundary", "yellow", "Held from behind")
	rem := remote(t, a)
	a.must("git", "remote", "add", "origin", rem)
	a.must("sync")
	b := device(t, a, rem)

	a.must("add", "boundary", "green", "LOCAL-Y")
	b.must("add", "boundary", "red", "REMOTE-X")
	b.must("sync")
	a.must("sync")
	undoRefusedBothKept(t, a, b, "undo does not take back changes a sync or a merge brought in")

	// A change of keys is not what undo takes back: still nothing to undo.
	a.must("key", "recovery", "--output", filepath.Join(a.root, "rec.txt"))
	if r := a.run("undo"); r.code != 1 || !strings.Contains(r.stderr, "undo does not take back changes a sync") {
		t.Errorf("undo after a sync and a change of keys: exit %d\n%s", r.code, r.stderr)
	}

	// A change made here since: undo takes back that one only.
	a.must("add", "boundary", "green", "LATER-Z")
	a.must("undo")
	ids := boundaryIDs(t, a)
	if ids["LATER-Z"] != "" || ids["REMOTE-X"] == "" || ids["LOCAL-Y"] == "" {
		t.Errorf("undo of a change made after the sync: %v", ids)
	}
}

// A pull run with git itself, outside attune (git runs attune's merge
// driver, or only moves the branch on), is not this device's change
// either: undo refuses it, changes nothing, and the other device's
// entry stays on both devices after the next syncs. A change made here
// after it is undone as usual.
func TestUndoAfterPlainGitPull(t *testing.T) {
	t.Parallel()
	requireGit(t)
	for _, tc := range []struct {
		name string
		// mine adds an entry on the first device before the pull (a
		// merge), or not (a fast forward).
		mine bool
	}{{"merge", true}, {"fast forward", false}} {
		t.Run(tc.name, func(t *testing.T) {
			a := newEnv(t)
			a.must("init", "--name", "Sam", "--git")
			a.must("add", "boundary", "yellow", "Held from behind")
			rem := remote(t, a)
			a.must("git", "remote", "add", "origin", rem)
			a.must("sync")
			b := device(t, a, rem)
			a.must("sync")

			if !tc.mine {
				// A change of a's own, synced, so that undo has a
				// backup to go back to and the pull only moves on.
				a.must("add", "boundary", "green", "LOCAL-Y")
				a.must("sync")
				b.must("sync")
			}
			b.must("add", "boundary", "red", "REMOTE-X")
			b.must("sync")
			if tc.mine {
				a.must("add", "boundary", "green", "LOCAL-Y")
			}
			a.gitIn(a.store, "-c", "user.name=Sam", "-c", "user.email=sam@example.invalid", "pull", "--no-rebase", "--quiet")
			if ids := boundaryIDs(t, a); ids["REMOTE-X"] == "" || ids["LOCAL-Y"] == "" {
				t.Fatalf("after git pull: %v", ids)
			}
			undoRefusedBothKept(t, a, b, "your map was changed outside attune")

			a.must("add", "boundary", "green", "LATER-Z")
			a.must("undo")
			if ids := boundaryIDs(t, a); ids["LATER-Z"] != "" || ids["REMOTE-X"] == "" || ids["LOCAL-Y"] == "" {
				t.Errorf("undo of a change made after the pull: %v", ids)
			}
		})
	}
}

// A change killed while its map is written, in a git store: before the
// new map is in place (the record of it already written) and after. The
// map left is attune's own either way, so undo takes back the change
// that is there rather than refusing it as changed outside attune.
func TestUndoAfterKilledWriteInGit(t *testing.T) {
	t.Parallel()
	requireGit(t)
	// The record of the new map is the first file put in place (its
	// own points are #1), the map the second. (Killed just before the
	// map's rename, the backup is already a second name of the map, and
	// undo refuses as after a sync: that comes from how the backup is
	// taken, not from the record.)
	for _, point := range []string{atomicfile.CrashAfterRename + "#1", atomicfile.CrashAfterRename + "#2"} {
		t.Run(point, func(t *testing.T) {
			t.Parallel()
			landed := point == atomicfile.CrashAfterRename+"#2"
			e := newEnv(t)
			e.must("init", "--name", "Sam", "--git")
			e.must("add", "boundary", "yellow", "MINE-1")
			e.runKilledAt(point, "add", "boundary", "green", "MINE-2")
			if ids := boundaryIDs(t, e); (ids["MINE-2"] != "") != landed {
				t.Fatalf("after the kill at %s: %v", point, ids)
			}
			if r := e.run("undo"); r.code != 0 {
				t.Fatalf("undo after the kill at %s: exit %d\n%s", point, r.code, r.stderr)
			}
			ids := boundaryIDs(t, e)
			if ids["MINE-2"] != "" || (ids["MINE-1"] != "") != landed {
				t.Errorf("undo after the kill at %s: %v", point, ids)
			}
		})
	}
}

// undoRefusedBothKept: undo on device a refuses with an error that
// starts with want, one line and a hint, and changes no file; after both
// devices sync, each still holds LOCAL-Y (a's) and REMOTE-X (b's).
func undoRefusedBothKept(t *testing.T, a, b *env, want string) {
	t.Helper()
	before := snapshot(t, a.store)
	r := a.run("undo")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "attune: error: "+want) ||
		strings.Count(r.stderr, "\n") != 2 || !strings.Contains(r.stderr, "\nattune: hint: ") {
		t.Errorf("undo: exit %d\n%s", r.code, r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, a.store)); d != "" {
		t.Errorf("files changed: %s", d)
	}
	a.must("sync")
	b.must("sync")
	for _, d := range []*env{a, b} {
		if ids := boundaryIDs(t, d); ids["REMOTE-X"] == "" || ids["LOCAL-Y"] == "" {
			t.Errorf("after undo and sync, a device holds %v", ids)
		}
	}
}

// A write killed after taking its backup and before putting the new map
// in place leaves the backup alike the map, as a sync does; but nothing
// was brought in, so undo is never refused as if it had been (in a git
// store and in a plain one).
func TestUndoAfterKilledWriteIsNotBroughtIn(t *testing.T) {
	t.Parallel()
	for _, git := range []bool{false, true} {
		e := newEnv(t)
		args := []string{"init", "--name", "Sam"}
		if git {
			requireGit(t)
			args = append(args, "--git")
		}
		e.must(args...)
		e.must("add", "boundary", "red", "Being held down")
		if !e.runMaybeKilledAt(atomicfile.CrashBeforeRename, "add", "boundary", "green", "Holding hands") {
			t.Fatal("the add was not killed")
		}
		if r := e.run("undo"); r.code != 0 || strings.Contains(r.stderr, "brought in") {
			t.Errorf("git %v: undo after a killed write: exit %d\n%s", git, r.code, r.stderr)
		}
	}
}
