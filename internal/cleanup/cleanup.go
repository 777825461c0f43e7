// Package cleanup makes sure nothing is left behind when attune is
// interrupted: while a plaintext or temporary file exists (a summary
// being written, the file of `attune edit`, a temporary file of the
// store) it is registered here, and SIGINT, SIGTERM or SIGHUP remove it
// (and put the terminal back) before attune exits. A SIGKILL cannot be
// caught: the store's temporary files hold only ciphertext and are
// removed by the next command; the others live in memory file systems
// or next to their target, where the next write to it removes them.
package cleanup

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

var (
	mu      sync.Mutex
	next    int
	actions = map[int]func(){}
	divert  chan<- os.Signal
	caught  = make(chan os.Signal, 4)
	once    sync.Once
)

// Signals are the signals that end attune after cleaning up.
var Signals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// Catch starts catching Signals for the life of the process. Only the
// program's main calls it (tests that run attune in process do not).
func Catch() {
	once.Do(func() {
		signal.Notify(caught, Signals...)
		go func() {
			for sig := range caught {
				mu.Lock()
				d := divert
				mu.Unlock()
				if d != nil {
					d <- sig
					continue
				}
				RunAll()
				exitFor(sig)
			}
		}()
	})
}

// exitFor ends the process as the signal would have: 128 + its number.
func exitFor(sig os.Signal) {
	n := 1
	if s, ok := sig.(syscall.Signal); ok {
		n = int(s)
	}
	os.Exit(128 + n)
}

// Add registers fn to run if a signal ends attune; the returned func
// unregisters it (call it once the file is renamed into place or gone).
func Add(fn func()) (done func()) {
	mu.Lock()
	defer mu.Unlock()
	next++
	id := next
	actions[id] = fn
	return func() {
		mu.Lock()
		defer mu.Unlock()
		delete(actions, id)
	}
}

// Remove registers path to be removed if a signal ends attune.
func Remove(path string) (done func()) {
	return Add(func() { os.Remove(path) })
}

// RunAll runs every registered action (newest first) and forgets them.
func RunAll() {
	mu.Lock()
	ids := make([]int, 0, len(actions))
	for id := range actions {
		ids = append(ids, id)
	}
	fns := actions
	actions = map[int]func(){}
	mu.Unlock()
	for i := len(ids) - 1; i >= 0; i-- {
		// Map order is random: run the newest first.
		maxID, at := -1, -1
		for j, id := range ids {
			if id > maxID {
				maxID, at = id, j
			}
		}
		fns[maxID]()
		ids = append(ids[:at], ids[at+1:]...)
	}
}

// IgnoreInterrupt has the kernel drop SIGINT for attune until the
// returned func is called. While an editor runs, a Ctrl-C reaches the
// editor and attune at once; caught and ignored, attune's copy could
// still be on its way when the editor's exit is seen, and be taken, once
// signals end attune again, for a second Ctrl-C. Dropped, it never
// arrives. Call it after the editor has started: a child starts with
// the signals its parent ignores ignored too.
func IgnoreInterrupt() (restore func()) {
	Catch()
	signal.Ignore(syscall.SIGINT)
	return func() { signal.Notify(caught, syscall.SIGINT) }
}

// Divert sends the signals to ch instead of ending attune, until the
// returned func is called: while an editor runs, attune waits for it
// (SIGINT is the editor's to handle; SIGTERM and SIGHUP are passed on).
func Divert(ch chan<- os.Signal) (restore func()) {
	Catch()
	mu.Lock()
	divert = ch
	mu.Unlock()
	return func() {
		mu.Lock()
		divert = nil
		mu.Unlock()
	}
}
