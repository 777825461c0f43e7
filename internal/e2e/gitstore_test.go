package e2e

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

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

	before := snapshot(t, e.store)
	r := e.run("list")
	if r.code != 1 || strings.Contains(r.stderr, "put back") ||
		!strings.Contains(r.stderr, "attune: error: this device's key is not one your map is encrypted to") {
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
	before := snapshot(t, e.store)
	r := e.run("list")
	if r.code != 1 || strings.Contains(r.stderr, "put back") {
		t.Errorf("list: exit %d\n%s", r.code, r.stderr)
	}
	if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
		t.Errorf("files changed: %s", d)
	}
	if !opensWith(t, filepath.Join(e.store, store.MapFile), rec) {
		t.Error("the recovery key no longer opens the map")
	}
}

// attune git log | head: git, stopped by SIGPIPE when what it writes to
// is closed, is no failure: attune says nothing and ends as a shell
// says git itself ended (141).
func TestGitBrokenPipeQuiet(t *testing.T) {
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
