package atomicfile

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/attune-dev/attune/internal/testhooks"
)

// Crash points are for attune's crash tests only (internal/e2e). When
// testhooks.CrashAt names a point, optionally with "#N" for its Nth visit
// (as in "after-rename#2"), attune kills itself with SIGKILL when it gets
// there: a real process stopped at an exact step of a write, where a kill
// at a random moment seldom lands.

// The points of a write, in order.
const (
	CrashTempWritten  = "temp-written"  // the new content is synced in its temporary file
	CrashBeforeRename = "before-rename" // and the step before the rename (the backup) is done
	CrashAfterRename  = "after-rename"  // the new file is in place; the folder is not synced yet
)

var crash struct {
	once   sync.Once
	point  string
	visit  int // which visit of point kills; 1 is the first
	visits int
	mu     sync.Mutex
}

// CrashPoint kills this process if testhooks.CrashAt names this visit of
// point. With the hook off it does nothing.
func CrashPoint(point string) {
	if testhooks.PauseAt != "" && testhooks.PauseAt == point {
		fmt.Fprintf(os.Stderr, "attune: test: paused at %s\n", point)
		time.Sleep(time.Minute) // a signal from the test ends it
	}
	crash.once.Do(func() {
		spec := testhooks.CrashAt
		crash.point, crash.visit = spec, 1
		if name, n, ok := strings.Cut(spec, "#"); ok {
			crash.point = name
			crash.visit, _ = strconv.Atoi(n)
		}
	})
	if crash.point != point {
		return
	}
	crash.mu.Lock()
	defer crash.mu.Unlock()
	crash.visits++
	if crash.visits != crash.visit {
		return
	}
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Kill()
	}
	time.Sleep(time.Minute) // the signal is on its way
	os.Exit(137)
}
