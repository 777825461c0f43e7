package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/store"
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
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			e := newEnv(t)
			runtime := memDir(t)
			e.must("init")
			e.must("add", "boundary", "red", "Being held down")
			before := snapshot(t, e.store)
			// The editor marks that it runs: attune passes signals on from
			// just before it starts the editor, not yet when the file
			// appears.
			started := filepath.Join(e.root, "editor-started")
			c := e.cmd("edit")
			c.Env = append(c.Env, "XDG_RUNTIME_DIR="+runtime, `EDITOR=sh -c ': > "$0"; exec sleep 60' `+started)
			var stderr bytes.Buffer
			c.Stderr = &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			waitForFile(t, runtime, "map.toml")
			waitForFile(t, e.root, "editor-started")
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

// startPaused runs attune paused at a point of its write (a test hook)
// and returns once it is there.
func (e *env) startPaused(point string, args ...string) (*exec.Cmd, *syncBuffer) {
	e.t.Helper()
	c := e.cmd(args...)
	c.Env = append(c.Env, pauseAtEnv+"="+point)
	stderr := &syncBuffer{}
	c.Stderr = stderr
	if err := c.Start(); err != nil {
		e.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "paused at "+point) {
		if time.Now().After(deadline) {
			c.Process.Kill()
			e.t.Fatalf("attune %v never reached %s:\n%s", args, point, stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return c, stderr
}

// syncBuffer is a bytes.Buffer safe to read while a process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestInterruptLeavesNothing: Ctrl-C, SIGTERM or SIGHUP at each step of
// a write — a summary's plaintext written beside its target, a change
// to the map — remove the temporary file before attune exits, and
// change nothing.
func TestInterruptLeavesNothing(t *testing.T) {
	t.Parallel()
	ops := []struct {
		name string
		args []string
		dir  func(e *env) string // where the temporary file is
	}{
		{"summary --output", []string{"summary", "--output", "out/card.txt"}, func(e *env) string { return filepath.Join(e.root, "out") }},
		{"add", []string{"add", "boundary", "green", "Holding hands"}, func(e *env) string { return e.store }},
	}
	for _, op := range ops {
		for _, point := range []string{"temp-written", "before-rename"} {
			for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
				t.Run(op.name+"/"+point+"/"+sig.String(), func(t *testing.T) {
					t.Parallel()
					e := newEnv(t)
					e.must("init")
					e.must("add", "boundary", "red", "Being held down "+marker)
					os.MkdirAll(filepath.Join(e.root, "out"), 0o700)
					before := snapshot(t, e.root)
					c, stderr := e.startPaused(point, op.args...)
					if temps := tempFiles(t, op.dir(e)); len(temps) != 1 {
						t.Fatalf("paused at %s, %d temporary files in %s: the test proves nothing", point, len(temps), op.dir(e))
					}
					c.Process.Signal(sig)
					err := c.Wait()
					var ee *exec.ExitError
					if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
						t.Errorf("exit %v, want %d\n%s", err, 128+int(sig), stderr.String())
					}
					if temps := tempFiles(t, op.dir(e)); len(temps) != 0 {
						t.Errorf("left behind: %v", temps)
					}
					after := snapshot(t, e.root)
					// Stopped after the backup was taken (before-rename),
					// the backup is the map as it still is: nothing lost.
					bak := "store/" + store.BackupFile
					if point == atomicfile.CrashBeforeRename && op.dir(e) == e.store && after[bak] != before[bak] {
						m, _ := os.ReadFile(filepath.Join(e.store, store.MapFile))
						b, _ := os.ReadFile(filepath.Join(e.store, store.BackupFile))
						if !bytes.Equal(m, b) {
							t.Errorf("the backup changed, and is not the map")
						}
						after[bak] = before[bak]
					}
					if d := diffSnapshots(before, after); d != "" {
						t.Errorf("files changed: %s", d)
					}
				})
			}
		}
	}
}
