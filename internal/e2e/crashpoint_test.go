package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// runKilledAt runs attune with the crash hook set to point and fails the
// test unless the process died there, by SIGKILL.
func (e *env) runKilledAt(point string, args ...string) {
	e.t.Helper()
	c := e.cmd(args...)
	c.Env = append(c.Env, crashAtEnv+"="+point)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	err := c.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() ||
		ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		e.t.Fatalf("attune %s never reached %s (%v)\n%s", strings.Join(args, " "), point, err, stderr.String())
	}
}

// TestCrashPoints kills every writing command at each step of its write,
// exactly there (the random kills of TestCrash seldom land after the
// rename): with the new content synced in its temporary file, with the
// backup taken, and with the new file renamed into place but the folder
// not yet synced; and undo between its two renames.
func TestCrashPoints(t *testing.T) {
	t.Parallel()
	points := []string{atomicfile.CrashTempWritten, atomicfile.CrashBeforeRename, atomicfile.CrashAfterRename}
	for _, op := range crashOps {
		opPoints := points
		if op.name == "undo" {
			opPoints = append(opPoints, store.CrashUndoReplaced)
		}
		for _, point := range opPoints {
			t.Run(strings.ReplaceAll(op.name, " ", "-")+"/"+point, func(t *testing.T) {
				t.Parallel()
				replaced := point == atomicfile.CrashAfterRename || point == store.CrashUndoReplaced
				e := newEnv(t)
				e.must("init", "--name", "Sam")
				checkCrashPoint(e, op, point, replaced)
			})
		}
	}
}

// checkCrashPoint kills op at point in a new store (init done). After
// the kill the file is the old one before the rename (replaced false)
// and the new one after it; the next command cleans up (no temporary or
// undo file) and keeps a backup that is the map as the kill left it.
// For undo the next command is undo again, which shows that the backup
// is still the right version: it puts back the version undo was
// bringing back if the kill came before the map was replaced, and the
// version it replaced if after.
func checkCrashPoint(e *env, op crashOp, point string, replaced bool) {
	t := e.t
	t.Helper()
	e.writeMap(sampleMap(20))
	s, _ := e.open()
	if op.file != nil && len(e.wrap) > 0 {
		// A stored import to replace: without hard links, keeping it
		// as the previous one is a copy, with crash points of its own.
		args, _ := op.prepare(e, e.readMap(), 0)
		e.must(args...)
	}
	args, want := op.prepare(e, e.readMap(), 1)
	file := s.Path(store.MapFile)
	if op.file != nil {
		file = s.Path(op.file(e))
	}
	oldCipher, _ := os.ReadFile(file) // none before a first import
	prev := e.readMap()
	if op.file != nil {
		prev, _ = e.readForeign(file)
	}

	e.runKilledAt(point, args...)

	newCipher, _ := os.ReadFile(file)
	switch {
	case !replaced && !bytes.Equal(oldCipher, newCipher):
		t.Fatalf("killed at %s, %s is no longer the old file", point, file)
	case replaced:
		got, err := e.readForeign(file)
		if err != nil || !sameMap(got, want) {
			t.Fatalf("killed at %s, %s is not the new content (%v)", point, file, err)
		}
		if left := tempFiles(t, filepath.Dir(file)); len(left) > 0 {
			t.Errorf("temporary files left after the rename: %v", left)
		}
	}
	afterKill := e.readMap() // fails the test if the map does not decrypt

	next, wantNext := []string{"add", "boundary", "green", "After the crash"}, (*mapfile.Map)(nil)
	if op.name == "undo" {
		next, wantNext = []string{"undo"}, want
		if replaced {
			wantNext = prev
		}
	}
	e.must(next...)
	if wantNext != nil && !sameMap(e.readMap(), wantNext) {
		t.Fatalf("after undo was killed at %s, undo again does not bring the right version", point)
	}
	for _, dir := range []string{e.store, s.Path(store.PartnersDir)} {
		if left := tempFiles(t, dir); len(left) > 0 {
			t.Errorf("temporary files left in %s after the next command: %v", dir, left)
		}
	}
	if _, err := os.Lstat(s.Path(store.UndoFile)); err == nil {
		t.Errorf("%s is left after the next command", store.UndoFile)
	}
	bak, err := e.readForeign(store.BackupFile)
	if err != nil || !sameMap(bak, afterKill) {
		t.Errorf("the backup is not the map the kill left (%v)", err)
	}
}

// TestInitCrashPoints kills init at every step of each of its three writes
// (identity, map, config). Until the config is in place the folder is
// never taken for a store: init names it as unfinished (a temporary file
// left in it too), and once it is moved away init succeeds.
func TestInitCrashPoints(t *testing.T) {
	t.Parallel()
	points := []string{atomicfile.CrashTempWritten, atomicfile.CrashBeforeRename, atomicfile.CrashAfterRename}
	for write := 1; write <= 3; write++ {
		for _, point := range points {
			point := fmt.Sprintf("%s#%d", point, write)
			t.Run(point, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				e.runKilledAt(point, "init", "--name", "Sam")
				if point == atomicfile.CrashAfterRename+"#3" {
					// The config, written last, is in place: the store is
					// whole, only the folder's sync did not happen.
					e.must("add", "boundary", "red", "Being held down")
					return
				}
				if r := e.run("list"); r.code != 1 || !strings.Contains(r.stderr, "attune: error: there is no attune store in") {
					t.Errorf("list after a killed init: exit %d\n%s", r.code, r.stderr)
				}
				before := snapshot(t, e.root)
				r := e.run("init", "--name", "Sam")
				if r.code != 1 || !strings.Contains(r.stderr, "holds an unfinished store: an earlier init was interrupted") ||
					!strings.Contains(r.stderr, "attune: hint: ") {
					t.Fatalf("init again: exit %d\n%s", r.code, r.stderr)
				}
				if d := diffSnapshots(before, snapshot(t, e.root)); d != "" {
					t.Errorf("the refused init changed files: %s", d)
				}
				// What the killed init left is private: the folder 0700,
				// every file in it 0600 (a temporary identity file holds
				// a secret key).
				filepath.WalkDir(e.store, func(path string, d fs.DirEntry, err error) error {
					must(t, err)
					info, err := d.Info()
					must(t, err)
					if info.Mode().Perm()&0o077 != 0 {
						t.Errorf("%s has mode %v", path, info.Mode())
					}
					return nil
				})
				must(t, os.Rename(e.store, e.store+".old"))
				e.must("init", "--name", "Sam")
				e.must("add", "boundary", "red", "Being held down")
			})
		}
	}
}
