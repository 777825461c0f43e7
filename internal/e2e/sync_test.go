package e2e

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/store"
)

// Syncing a store between devices with real git: a bare repository on
// disk is the remote, two clones are two devices (each an env of its
// own, with the same key copied, as a person would copy theirs).

// requireGit skips a test that needs git when there is none.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the sync tests need it (.ci/run installs it)")
	}
}

// gitIn runs git in dir with the test's environment, and fails the test
// if git fails.
func (e *env) gitIn(dir string, args ...string) string {
	e.t.Helper()
	c := exec.Command("git", args...)
	c.Dir, c.Env = dir, e.environ()
	out, err := c.CombinedOutput()
	if err != nil {
		e.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// remote makes a bare repository, the remote of the test's devices.
func remote(t *testing.T, e *env) string {
	dir := filepath.Join(t.TempDir(), "remote.git")
	e.gitIn(filepath.Dir(dir), "init", "--quiet", "--bare", dir)
	return dir
}

// device is a second device, set up as a person sets one up: a clone
// of the remote; `attune init --join` there makes the device's own key;
// the first device adds it (`attune key add`) and syncs; then the second
// sets up git (`attune git init`) and syncs.
func device(t *testing.T, first *env, remote string) *env {
	t.Helper()
	d := newEnv(t)
	d.gitIn(d.root, "clone", "--quiet", remote, d.store)
	out := strings.Fields(d.must("init", "--join"))
	if len(out) == 0 || !strings.HasPrefix(out[len(out)-1], "age1") {
		t.Fatalf("init --join printed no public key: %q", out)
	}
	first.must("key", "add", out[len(out)-1], "--label", "second")
	first.must("sync")
	d.must("git", "init")
	d.must("sync")
	return d
}

// boundaryIDs is the id of each boundary of a device's map, by its text.
func boundaryIDs(t *testing.T, e *env) map[string]string {
	t.Helper()
	var m struct {
		Boundaries []struct{ ID, Text, Light string }
	}
	if err := json.Unmarshal([]byte(e.must("list", "--json")), &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, b := range m.Boundaries {
		out[b.Text] = b.ID + " " + b.Light
	}
	return out
}

const (
	syncMarkerA    = "MARKER-sync-laurel-a"
	syncMarkerB    = "MARKER-sync-laurel-b"
	syncMarkerBoth = "MARKER-sync-laurel-both"
	syncPartner    = "Alexandrine"
)

// Two devices each add an entry and change the same boundary, one to GO
// and the other to STOP, and both sync: each lists both new entries with
// different ids, the boundary is STOP on both, and the next command says
// why. Nothing under .git holds an entry's words, and no commit message
// an entry's words or a partner's name.
func TestSyncTwoDevices(t *testing.T) {
	t.Parallel()
	requireGit(t)
	a := newEnv(t)
	a.must("init", "--name", "Sam")
	a.must("add", "boundary", "yellow", "Held from behind "+syncMarkerBoth, "--note", "note "+syncMarkerBoth)
	a.must("partner", "add", syncPartner, alexKeyArg)
	a.must("git", "init")
	rem := remote(t, a)
	a.must("git", "remote", "add", "origin", rem)
	a.must("sync")
	b := device(t, a, rem)

	a.must("add", "boundary", "green", "Holding hands "+syncMarkerA)
	b.must("add", "boundary", "red", "Being woken up "+syncMarkerB)
	a.must("edit", "b1", "--light", "green")
	b.must("edit", "b1", "--light", "red")
	a.must("sync")
	rb := b.run("sync")
	if rb.code != 0 {
		t.Fatalf("sync on the second device: %s", rb.stderr)
	}
	if !strings.Contains(rb.stderr, "merged the changes made there with yours") {
		t.Errorf("the second device's sync does not say it merged:\n%s", rb.stderr)
	}
	a.must("sync")

	ida, idb := boundaryIDs(t, a), boundaryIDs(t, b)
	if !maps_equal(ida, idb) || len(ida) != 3 {
		t.Fatalf("the devices differ after syncing:\n%v\n%v", ida, idb)
	}
	x, y := ida["Holding hands "+syncMarkerA], ida["Being woken up "+syncMarkerB]
	if x == "" || y == "" || strings.Fields(x)[0] == strings.Fields(y)[0] {
		t.Errorf("the entries added on each device: %q and %q", x, y)
	}
	if got := ida["Held from behind "+syncMarkerBoth]; got != "b1 red" {
		t.Errorf("the boundary made GO on one device and STOP on the other is %q, want b1 red", got)
	}
	// The next command on each device says so, until looked at.
	for _, d := range []*env{a, b} {
		r := d.run("list")
		if !strings.Contains(r.stderr, "its light was changed on two devices (● GO and ■ STOP)") &&
			!strings.Contains(r.stderr, "its light was changed on two devices (■ STOP and ● GO)") {
			t.Errorf("list does not say what the merge decided:\n%s", r.stderr)
		}
	}
	shown := b.must("merge", "--show")
	if !strings.Contains(shown, "the more cautious is kept") || !strings.Contains(shown, "(new)") {
		t.Errorf("merge --show:\n%s", shown)
	}
	if r := b.run("list"); strings.Contains(r.stderr, "merged:") {
		t.Errorf("still mentioned after merge --show:\n%s", r.stderr)
	}

	for _, d := range []*env{a, b} {
		checkGitHoldsNoPlaintext(t, d, []string{syncMarkerA, syncMarkerB, syncMarkerBoth}, syncPartner)
		if files := strings.Fields(d.gitIn(d.store, "ls-files")); !slices.Equal(files, []string{".gitattributes", ".gitignore", "config.toml", "map.toml.age"}) {
			t.Errorf("git holds %v", files)
		}
	}
	// The diff driver shows the entries' words, decrypted into the pipe.
	out := a.must("git", "log", "-p", "--", store.MapFile)
	if !strings.Contains(out, syncMarkerB) || !strings.Contains(out, "-b1 ▲ ASK FIRST: Held from behind") {
		t.Errorf("git log -p does not show the change in words:\n%s", out)
	}
	m := a.readMap()
	for _, secret := range []string{m.SigningKey, m.PartnerFileKey, m.Boundaries[0].Key} {
		if strings.Contains(out, secret) {
			t.Errorf("git log -p shows a key of the map:\n%s", out)
		}
	}
}

func maps_equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// checkGitHoldsNoPlaintext reads every file under .git and every object
// git holds (unpacked), and every commit message: none may hold the
// markers or the partner's name.
func checkGitHoldsNoPlaintext(t *testing.T, e *env, markers []string, name string) {
	t.Helper()
	gitDir := filepath.Join(e.store, ".git")
	var blobs [][]byte
	filepath.WalkDir(gitDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			data, _ := os.ReadFile(path)
			blobs = append(blobs, data)
		}
		return err
	})
	c := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	c.Dir, c.Env = e.store, e.environ()
	objects, err := c.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(objects, []byte("attune: ")) {
		t.Fatal("the objects read back hold no commit message: the search is not searching")
	}
	blobs = append(blobs, objects)
	for _, m := range markers {
		for _, b := range blobs {
			if bytes.Contains(b, []byte(m)) {
				t.Errorf("%s is in .git in plaintext", m)
				break
			}
		}
	}
	log := e.gitIn(e.store, "log", "--all", "--format=%B")
	for _, w := range append(markers, name, "Held from behind") {
		if strings.Contains(log, w) {
			t.Errorf("a commit message holds %q:\n%s", w, log)
		}
	}
	if !strings.Contains(log, "attune: add boundary") || !strings.Contains(log, "attune: edit boundary") {
		t.Errorf("the commit messages do not say what changed:\n%s", log)
	}
}

// A sync tool's conflict copy of the map is reported on every command,
// with the fix, and `attune merge FILE --remove` merges it (a change
// made in each copy: both kept) and removes it.
func TestConflictCopy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "yellow", "Held from behind")
	cp := filepath.Join(e.store, "map.toml.sync-conflict-20261201-101010-ABCDEFG.age")
	data, _ := os.ReadFile(filepath.Join(e.store, store.MapFile))
	e.must("edit", "b1", "--note", "only when I ask")
	e.must("add", "boundary", "green", "Holding hands")
	// The copy: the other device's version, with a trigger added and
	// the boundary made STOP.
	os.WriteFile(cp, data, 0o600)
	other := newEnv(t)
	os.CopyFS(other.store, os.DirFS(e.store))
	// The other device has the same key (copied, as a person might).
	os.CopyFS(other.keysRoot(), os.DirFS(e.keysRoot()))
	filepath.WalkDir(other.keysRoot(), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chmod(p, 0o600)
		} else if err == nil {
			os.Chmod(p, 0o700)
		}
		return nil
	})
	os.Remove(filepath.Join(other.store, filepath.Base(cp)))
	os.WriteFile(filepath.Join(other.store, store.MapFile), data, 0o600)
	other.must("add", "trigger", "smells", "Smoke")
	other.must("edit", "b1", "--light", "red")
	copied, _ := os.ReadFile(filepath.Join(other.store, store.MapFile))
	os.WriteFile(cp, copied, 0o600)

	r := e.run("list")
	if !strings.Contains(r.stderr, "looks like a copy of your map that a sync tool made; merge it: attune merge") ||
		!strings.Contains(r.stderr, "--remove") {
		t.Fatalf("the copy is not reported:\n%s", r.stderr)
	}
	r = e.run("merge", cp, "--remove")
	out := r.stdout
	if r.code != 0 || !strings.Contains(out, "Smoke") || !strings.Contains(out, "removed") {
		t.Errorf("merge says (exit %d):\n%s\n%s", r.code, out, r.stderr)
	}
	// With no common version, which side changed is not known: the
	// light is different in the copy, never "changed on two devices".
	if all := out + r.stderr; strings.Contains(all, "two devices") || !strings.Contains(all, "its light is different in the copy (") {
		t.Errorf("merge of a copy claims to know what changed where:\n%s", all)
	}
	if _, err := os.Stat(cp); err == nil {
		t.Error("the copy is still there after --remove")
	}
	m := e.readMap()
	if len(m.Triggers) != 1 || len(m.Boundaries) != 2 || m.Boundaries[0].Light != "red" || m.Boundaries[0].Note != "only when I ask" {
		t.Errorf("after the merge: %+v", m.Boundaries)
	}
	// The other device's changes are not for undo to take back.
	before := snapshot(t, e.store)
	if r := e.run("undo"); r.code != 1 || !strings.Contains(r.stderr, "undo does not take back changes a sync or a merge brought in") {
		t.Errorf("undo after the merge: exit %d\n%s", r.code, r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("undo after the merge changed files: %s", d)
	}
	if r := e.run("list"); strings.Contains(r.stderr, "sync tool") {
		t.Errorf("still reported after the merge:\n%s", r.stderr)
	}
	// The store is shared now: new ids end with this device's tag.
	e.must("add", "curious", "Dancing")
	if id := e.readMap().Curious[0].ID; len(id) != 4 || id[:2] != "c1" {
		t.Errorf("the first id made after a sync tool's copy is %q, want c1 and a tag", id)
	}
}

// The merge driver killed in the middle of a merge — before it writes
// its result, with the result in its temporary file, and with the result
// in place but before it could say so: git's own files say what
// happened, the map is whole (this device's version), the sync says it
// could not merge, and the next sync merges.
func TestMergeDriverCrash(t *testing.T) {
	t.Parallel()
	requireGit(t)
	for i, point := range []string{store.CrashMergeDriver, atomicfile.CrashTempWritten, atomicfile.CrashAfterRename} {
		if testing.Short() && i > 0 {
			continue // the atomic write's own points are killed in every other write's tests
		}
		t.Run(point, func(t *testing.T) {
			a := newEnv(t)
			a.must("init", "--name", "Sam")
			a.must("add", "boundary", "yellow", "Held from behind")
			a.must("git", "init")
			rem := remote(t, a)
			a.must("git", "remote", "add", "origin", rem)
			a.must("sync")
			b := device(t, a, rem)
			a.must("add", "boundary", "green", "Holding hands")
			a.must("sync")
			b.must("add", "boundary", "red", "Being woken up")
			before := b.readMap()

			r := b.runEnv([]string{crashAtEnv + "=" + point}, "sync")
			if r.code == 0 || !strings.Contains(r.stderr, "could not merge the changes from origin, so nothing was changed") {
				t.Fatalf("sync with the driver killed: exit %d\n%s", r.code, r.stderr)
			}
			if got := b.readMap(); !sameMap(got, before) {
				t.Error("the map is not this device's version after the driver was killed")
			}
			if tmp := tempFiles(t, b.store); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			if st := b.gitIn(b.store, "status", "--porcelain"); strings.TrimSpace(st) != "" {
				t.Errorf("git's state after the failed merge:\n%s", st)
			}
			b.must("sync")
			if ids := boundaryIDs(t, b); len(ids) != 3 {
				t.Errorf("after syncing again: %v", ids)
			}
		})
	}
}

// A git operation outside attune that leaves a map that does not
// decrypt: the next command puts back the last commit's, and says so.
func TestRestoredFromLastCommit(t *testing.T) {
	t.Parallel()
	requireGit(t)
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "yellow", "Held from behind")
	e.must("git", "init")
	os.WriteFile(filepath.Join(e.store, store.MapFile), []byte("<<<<<<< HEAD\nnot a map\n>>>>>>> theirs\n"), 0o600)
	r := e.run("list")
	if r.code != 0 || !strings.Contains(r.stderr, "put back the version of the last commit") || !strings.Contains(r.stdout, "Held from behind") {
		t.Fatalf("list after a broken map: exit %d\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	// Removed (git rm), then changed: the change lands on the last commit's.
	os.Remove(filepath.Join(e.store, store.MapFile))
	r = e.run("add", "boundary", "green", "Holding hands")
	if r.code != 0 || !strings.Contains(r.stderr, "put back the version of the last commit") || len(e.readMap().Boundaries) != 2 {
		t.Fatalf("add after the map was removed: exit %d\n%s", r.code, r.stderr)
	}
	// A wrong key reads neither the map nor the last commit's: nothing is
	// put back, and the error is the key's.
	otherKey(e)
	before := snapshot(t, e.store)
	if r := e.run("list"); r.code == 0 || strings.Contains(r.stderr, "put back") {
		t.Errorf("list with another key: exit %d\n%s", r.code, r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("files changed: %s", d)
	}
}

// A partner removed on one device is removed on every device it syncs
// with, and what each device imported from them goes too.
func TestSyncForgetsRemovedPartner(t *testing.T) {
	t.Parallel()
	requireGit(t)
	a := newEnv(t)
	a.must("init", "--name", "Sam")
	a.must("partner", "add", "Alex", alexKeyArg)
	writeExport(validExport)(a)
	a.must("import", exportPath(a))
	imported := filepath.Join(a.store, a.partnerFile("Alex"))
	if _, err := os.Stat(imported); err != nil {
		t.Fatal(err)
	}
	a.must("git", "init")
	rem := remote(t, a)
	a.must("git", "remote", "add", "origin", rem)
	a.must("sync")
	b := device(t, a, rem)
	b.must("partner", "remove", "Alex")
	b.must("sync")
	r := a.run("sync")
	if r.code != 0 || !strings.Contains(r.stderr, "forgot the map you imported from Alex, removed as a partner on another device") {
		t.Fatalf("sync: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(imported); err == nil {
		t.Error("the import from a partner removed on another device is still there")
	}
	if a.readMap().Partner("Alex") != nil {
		t.Error("the partner is still there")
	}
}
