package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// crashOp is one kind of writing command the crash test kills: args for
// the command, and the map it should leave when it completes.
type crashOp struct {
	name   string
	args   func(m *mapfile.Map, i int) []string
	expect func(before *mapfile.Map, i int) *mapfile.Map
}

// crashOps are the writing commands. import (and partner add/remove)
// hook in here as further rows once they exist.
var crashOps = []crashOp{
	{
		name: "add boundary",
		args: func(m *mapfile.Map, i int) []string {
			return []string{"add", "boundary", "yellow", fmt.Sprintf("Crash test entry %d", i)}
		},
		expect: func(before *mapfile.Map, i int) *mapfile.Map {
			m := clone(before)
			b := sampleMap(1).Boundaries[0]
			b.ID, b.Light, b.Text, b.Note = m.NextBoundaryID(), "yellow", fmt.Sprintf("Crash test entry %d", i), ""
			m.Boundaries = append(m.Boundaries, b)
			return m
		},
	},
	{
		name: "edit",
		args: func(m *mapfile.Map, i int) []string {
			return []string{"edit", m.Triggers[0].ID, "--text", fmt.Sprintf("Edited in crash test %d", i)}
		},
		expect: func(before *mapfile.Map, i int) *mapfile.Map {
			m := clone(before)
			m.Triggers[0].Text = fmt.Sprintf("Edited in crash test %d", i)
			return m
		},
	},
	{
		name: "remove",
		args: func(m *mapfile.Map, i int) []string { return []string{"remove", m.Boundaries[0].ID} },
		expect: func(before *mapfile.Map, i int) *mapfile.Map {
			m := clone(before)
			m.Boundaries = m.Boundaries[1:]
			return m
		},
	},
}

const crashMapSize = 600

func clone(m *mapfile.Map) *mapfile.Map {
	data, err := m.Encode()
	if err != nil {
		panic(err)
	}
	c, err := mapfile.Decode(data)
	if err != nil {
		panic(err)
	}
	return c
}

// sameMap compares two maps as TOML, ignoring the time stamps of entries
// added by the command under test (their second is not predictable).
func sameMap(a, b *mapfile.Map) bool {
	a, b = clone(a), clone(b)
	for i := range a.Boundaries {
		if i < len(b.Boundaries) && a.Boundaries[i].ID == b.Boundaries[i].ID {
			a.Boundaries[i].Added = b.Boundaries[i].Added
		}
	}
	ea, _ := a.Encode()
	eb, _ := b.Encode()
	return bytes.Equal(ea, eb)
}

// TestCrash kills add, edit and remove with SIGKILL at a random moment
// and checks, after every kill, that the map decrypts and is exactly the
// map before or the map after the command, and that temporary files do
// not pile up (the next locked command removes them).
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs hundreds of processes")
	}
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	// A map of a few hundred entries makes each write take long enough
	// for kills to land in the middle of it, and keeps the test quick.
	e.writeMap(sampleMap(crashMapSize))
	s, _ := e.open()
	kills := 200 * stress()
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	// Time a whole command, so the kills spread over its whole run
	// (process start, decrypt, encrypt, write, rename) on this machine.
	var runs []time.Duration
	for i := 0; i < 5; i++ {
		start := time.Now()
		e.must("add", "trigger", "sounds", "Timing run")
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	window := runs[len(runs)/2]
	// Kill between 25% and 150% of a typical run: the write is in its
	// second half.
	lo, hi := window/4, window*3/2
	var before, midWrite, after, finished int
	cur := e.readMap()
	for i := 0; before+after < kills; i++ {
		if i > 3*kills {
			t.Fatalf("only %d of %d runs were killed while running; the kill timing needs tuning", before+after, i)
		}
		op := crashOps[i%len(crashOps)]
		if len(cur.Boundaries) < 10 {
			cur = sampleMap(crashMapSize)
			e.writeMap(cur)
		}
		oldCipher, err := os.ReadFile(s.Path(store.MapFile))
		if err != nil {
			t.Fatal(err)
		}
		c := e.cmd(op.args(cur, i)...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(lo + time.Duration(rng.Int64N(int64(hi-lo))))
		c.Process.Signal(syscall.SIGKILL)
		err = c.Wait()
		killed := err != nil && c.ProcessState.Sys().(syscall.WaitStatus).Signaled()
		if err != nil && !killed {
			t.Fatalf("%s exited with %v before the kill", op.name, err)
		}

		newCipher, err := os.ReadFile(s.Path(store.MapFile))
		if err != nil {
			t.Fatalf("after killing %s: %v", op.name, err)
		}
		got := e.readMap() // fails the test if the map does not decrypt
		prev := cur
		cur = got
		switch {
		case !killed:
			finished++
			if !sameMap(got, op.expect(prev, i)) {
				t.Fatalf("%s completed but the map is not the expected one", op.name)
			}
		case bytes.Equal(oldCipher, newCipher):
			before++
			if len(tempFiles(t, e.store)) > 0 {
				midWrite++
			}
		case sameMap(got, op.expect(prev, i)):
			after++
		default:
			t.Fatalf("after killing %s (kill %d) the map is neither the old one nor the new one", op.name, i)
		}
		// At most one interrupted write's leftovers can exist: every
		// command that takes the lock removes what the last one left.
		if tmp := tempFiles(t, e.store); len(tmp) > 2 {
			t.Fatalf("temporary files pile up after kill %d: %v", i, tmp)
		}
	}
	t.Logf("%d kills (random delay %v-%v): %d before the new map was in place (%d of them mid-write, a temporary file left), %d after it, %d commands finished before the signal",
		kills, lo.Round(time.Millisecond), hi.Round(time.Millisecond), before, midWrite, after, finished)
	// One more locked command cleans up what the last kill left.
	e.must("set", "signal", "two taps on the shoulder")
	if tmp := tempFiles(t, e.store); len(tmp) > 0 {
		t.Errorf("temporary files left after a clean command: %v", tmp)
	}
}
