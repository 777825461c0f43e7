package e2e

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentWriters runs 8 processes at once, each adding 25 entries
// one after the other, while readers list the map in a loop: every add
// must land (exactly 200 new entries, unique ids), and no reader may ever
// see a partial map (it always parses, and the entry count never goes
// down).
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slow: runs hundreds of processes")
	}
	const writers = 8
	perWriter := 25 * stress()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(50))
	start := len(e.readMap().Boundaries) + len(e.readMap().Triggers)

	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter+16)
	var done atomic.Bool
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				args := []string{"add", "boundary", "green", fmt.Sprintf("Writer %d entry %d", w, i)}
				if i%2 == 1 {
					args = []string{"add", "trigger", "sounds", fmt.Sprintf("Writer %d entry %d", w, i)}
				}
				if out, err := e.cmd(args...).CombinedOutput(); err != nil {
					errs <- fmt.Errorf("attune %v: %v\n%s", args, err, out)
				}
			}
		}()
	}
	var readers sync.WaitGroup
	var reads atomic.Int64
	for r := 0; r < 2; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			last := 0
			for !done.Load() {
				out, err := e.cmd("list", "--json").Output()
				if err != nil {
					errs <- fmt.Errorf("list --json: %v", err)
					return
				}
				var m struct {
					Boundaries []json.RawMessage `json:"boundaries"`
					Triggers   []json.RawMessage `json:"triggers"`
				}
				if err := json.Unmarshal(out, &m); err != nil {
					errs <- fmt.Errorf("list --json printed something that does not parse: %v", err)
					return
				}
				n := len(m.Boundaries) + len(m.Triggers)
				if n < last {
					errs <- fmt.Errorf("a reader saw %d entries after %d", n, last)
					return
				}
				last = n
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	m := e.readMap()
	got := len(m.Boundaries) + len(m.Triggers) - start
	if got != writers*perWriter {
		t.Errorf("%d entries were added, want %d", got, writers*perWriter)
	}
	seen := map[string]bool{}
	for _, b := range m.Boundaries {
		if seen[b.ID] {
			t.Errorf("id %s is used twice", b.ID)
		}
		seen[b.ID] = true
	}
	for _, tr := range m.Triggers {
		if seen[tr.ID] {
			t.Errorf("id %s is used twice", tr.ID)
		}
		seen[tr.ID] = true
	}
	t.Logf("%d concurrent adds, %d concurrent reads", writers*perWriter, reads.Load())
}
