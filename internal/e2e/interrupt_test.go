package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// memDir is a fresh folder on /dev/shm (a tmpfs), or the test is skipped.
func memDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "attune-test-")
	if err != nil {
		t.Skip("no /dev/shm: attune edit keeps its file in memory")
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// waitForFile waits until dir holds a file (at any depth) named name.
func waitForFile(t *testing.T, dir, name string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		found := false
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			found = found || err == nil && d.Name() == name
			return nil
		})
		if found {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never appeared in %s", name, dir)
}

// SIGTERM or SIGHUP while `attune edit` waits for the editor: attune
// passes it on, waits for the editor, removes the file, changes nothing.
func TestEditorSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			e := newEnv(t)
			runtime := memDir(t)
			e.must("init")
			e.must("add", "boundary", "red", "Being held down")
			before := snapshot(t, e.store)
			c := e.cmd("edit")
			c.Env = append(c.Env, "XDG_RUNTIME_DIR="+runtime, `EDITOR=sh -c 'exec sleep 60' ed`)
			var stderr bytes.Buffer
			c.Stderr = &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			waitForFile(t, runtime, "map.toml")
			c.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- c.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				c.Process.Kill()
				t.Fatal("attune did not stop")
			}
			if c.ProcessState.ExitCode() == 0 {
				t.Errorf("exit code 0 after %v", sig)
			}
			if !strings.Contains(stderr.String(), "nothing was changed") {
				t.Errorf("stderr: %q", stderr.String())
			}
			if entries, _ := os.ReadDir(runtime); len(entries) != 0 {
				t.Errorf("after %v, %s still holds %v", sig, runtime, entries)
			}
			if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
				t.Errorf("the store changed: %s", d)
			}
		})
	}
}
