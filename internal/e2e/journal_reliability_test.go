package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/store"
)

// The journal's writes under the same trials as the map's: killed at
// each step and at random moments, on a full disk, and two at once.

// readJournal decrypts the journal with the store's own key.
func (e *env) readJournal() (*journal.Journal, error) {
	e.t.Helper()
	s, k := e.open()
	return s.ReadJournal(k.ids)
}

// writeJournal replaces the journal (through the store).
func (e *env) writeJournal(j *journal.Journal) {
	e.t.Helper()
	s, k := e.open()
	if _, err := s.UpdateJournal(k.ids, k.rcpts, func(cur *journal.Journal) error { *cur = *j.Clone(); return nil }); err != nil {
		e.t.Fatal(err)
	}
}

// journalIDs are the ids of a journal's records, in order.
func journalIDs(j *journal.Journal) string {
	var ids []string
	for _, r := range j.Records() {
		ids = append(ids, r.ID())
	}
	return strings.Join(ids, " ")
}

// journalOp is one command that writes the journal, and the ids the
// journal holds once it is done (from a journal of j1 … j5).
type journalOp struct {
	name string
	args []string
	want string
	// mapFirst: the command writes the map before the journal, so the
	// journal's write is the second visit of each crash point.
	mapFirst bool
}

var journalOps = []journalOp{
	{name: "checkin", args: []string{"checkin", "--feel", "anxious", "--level", "5", "--note", "Killed while saving", "--save"}, want: "j1 j2 j3 j4 j5 j6"},
	{name: "debrief", args: []string{"debrief", "--trigger", "t1", "--helped", "Open a window", "--before", "7", "--after", "3"}, want: "j1 j2 j3 j4 j5 j6"},
	{name: "debrief-add", args: []string{"debrief", "--good", "Slow kissing", "--add", "--note", "Killed while saving"}, want: "j1 j2 j3 j4 j5 j6", mapFirst: true},
	{name: "forget", args: []string{"journal", "forget", "j2", "j4"}, want: "j1 j3 j5"},
	{name: "forget-all", args: []string{"journal", "forget", "--all"}, want: ""},
}

// journalStore is a store with a map of 20 entries and a journal of five
// records, j1 to j5.
func journalStore(e *env) {
	e.must("init", "--name", "Sam")
	e.writeMap(sampleMap(20))
	for i := range 5 {
		e.must("checkin", "--level", fmt.Sprint(i), "--note", fmt.Sprintf("Record %d", i+1), "--save")
	}
}

// TestJournalCrashPoints kills every command that writes the journal at
// each step of the journal's write: before the rename the journal is the
// old one byte for byte, after it the new one; the map is whole either
// way (a debrief that changes it wrote it first); the next command
// leaves no temporary file.
func TestJournalCrashPoints(t *testing.T) {
	t.Parallel()
	points := []string{atomicfile.CrashTempWritten, atomicfile.CrashBeforeRename, atomicfile.CrashAfterRename}
	for _, op := range journalOps {
		for _, point := range points {
			t.Run(op.name+"/"+point, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				journalStore(e)
				s, _ := e.open()
				oldJournal, _ := os.ReadFile(s.Path(store.JournalFile))
				oldMap := e.readMap()
				at := point
				if op.mapFirst {
					at += "#2"
				}
				e.runKilledAt(at, op.args...)
				newJournal, _ := os.ReadFile(s.Path(store.JournalFile))
				j, err := e.readJournal()
				if err != nil {
					t.Fatalf("killed at %s, the journal does not read: %v", point, err)
				}
				replaced := point == atomicfile.CrashAfterRename
				switch {
				case !replaced && !bytes.Equal(oldJournal, newJournal):
					t.Fatalf("killed at %s, the journal is no longer the old file", point)
				case replaced && journalIDs(j) != op.want:
					t.Fatalf("killed at %s, the journal holds %q, want %q", point, journalIDs(j), op.want)
				}
				m := e.readMap() // fails the test if the map does not decrypt
				if op.mapFirst != !sameMap(m, oldMap) {
					t.Errorf("killed in the journal's write, the map changed: %v, want %v", !sameMap(m, oldMap), op.mapFirst)
				}
				e.must("checkin", "--feel", "relaxed", "--save") // the next locked command
				if left := tempFiles(t, e.store); len(left) > 0 {
					t.Errorf("temporary files left after the next command: %v", left)
				}
			})
		}
	}
}

// TestJournalCrashPointsInTheMapWrite: a debrief that changes the map is
// killed in the map's write, before the journal's: the journal is as it
// was, the map old or new.
func TestJournalCrashPointsInTheMapWrite(t *testing.T) {
	t.Parallel()
	op := journalOps[2]
	for _, point := range []string{atomicfile.CrashTempWritten, atomicfile.CrashBeforeRename, atomicfile.CrashAfterRename} {
		t.Run(point, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			journalStore(e)
			s, _ := e.open()
			oldJournal, _ := os.ReadFile(s.Path(store.JournalFile))
			e.runKilledAt(point+"#1", op.args...)
			if newJournal, _ := os.ReadFile(s.Path(store.JournalFile)); !bytes.Equal(oldJournal, newJournal) {
				t.Fatal("killed in the map's write, the journal changed")
			}
			added := slices.ContainsFunc(e.readMap().Boundaries, func(b boundaries.Boundary) bool { return b.Text == "Slow kissing" })
			if added != (point == atomicfile.CrashAfterRename) {
				t.Errorf("killed at %s, the GO is in the map: %v", point, added)
			}
		})
	}
}

// TestJournalCrash kills `checkin --save` at random moments on a journal
// of thousands of records: after every kill the journal decrypts and is
// exactly the one before or the one after, and temporary files do not
// pile up.
func TestJournalCrash(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slow: runs dozens of processes")
	}
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.writeJournal(testmaps.Journal(3000, nil))
	s, _ := e.open()
	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	var runs []time.Duration
	for range 3 {
		start := time.Now()
		e.must("checkin", "--note", "Timing run", "--save")
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	est := runs[1]
	kills, finished := 0, 0
	for i := 0; kills < 20*stress(); i++ {
		if i > 200*stress() {
			t.Fatalf("after %d runs only %d kills landed", i, kills)
		}
		before, err := e.readJournal()
		if err != nil {
			t.Fatal(err)
		}
		oldCipher, _ := os.ReadFile(s.Path(store.JournalFile))
		c := e.cmd("checkin", "--note", fmt.Sprintf("Random kill %d", i), "--save")
		start := time.Now()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- c.Wait() }()
		select {
		case <-exited:
			est = (3*est + time.Since(start)) / 4
		case <-time.After(est/4 + time.Duration(rng.Int64N(int64(est)))):
			c.Process.Signal(syscall.SIGKILL)
			<-exited
		}
		killed := c.ProcessState.Sys().(syscall.WaitStatus).Signaled()
		after, err := e.readJournal()
		if err != nil {
			t.Fatalf("after a kill (run %d) the journal does not read: %v", i, err)
		}
		switch {
		case !killed:
			finished++
			if after.Len() != before.Len()+1 {
				t.Fatalf("checkin finished but the journal has %d records after %d", after.Len(), before.Len())
			}
		case bytes.Equal(oldCipher, mustRead(t, s.Path(store.JournalFile))):
			kills++
		case after.Len() == before.Len()+1 && after.CheckIns[len(after.CheckIns)-1].Note == fmt.Sprintf("Random kill %d", i):
			kills++
		default:
			t.Fatalf("after a kill (run %d) the journal is neither the old one nor the new one", i)
		}
		if left := tempFiles(t, e.store); len(left) > 1 {
			t.Fatalf("temporary files pile up: %v", left)
		}
	}
	t.Logf("%d kills, %d runs finished first", kills, finished)
}

func mustRead(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestJournalFullDisk: with the disk full, every journal write fails
// with a clear error and changes no file; a debrief whose map change
// fits but whose record does not says that the map was changed.
func TestJournalFullDisk(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, "512k")
	e := newEnv(t)
	e.store = filepath.Join(mnt, "store")
	e.must("init", "--name", "Sam")
	e.must("add", "trigger", "touch", "A belt buckle", "--helps", "Open a window")
	e.writeJournal(testmaps.Journal(400, nil)) // over 100 KB encrypted
	e.must("checkin", "--feel", "relaxed", "--save")
	filler := fillDisk(t, mnt, 0)
	for _, args := range [][]string{
		{"checkin", "--feel", "numb", "--save"},
		{"debrief", "--trigger", "t1", "--helped", "Open a window", "--before", "6", "--after", "2"},
		{"debrief", "--good", "Slow kissing", "--add"},
		{"journal", "forget", "j1"},
		{"journal", "forget", "--all"},
	} {
		checkFailed(t, e, "the disk is full", args...)
	}
	if _, err := e.readJournal(); err != nil {
		t.Fatal(err)
	}
	// Room for the map's change, not for the journal's.
	os.Remove(filler)
	info, _ := os.Stat(filepath.Join(e.store, store.MapFile))
	fillDisk(t, mnt, 2*int(info.Size())+8192)
	journalBefore := mustRead(t, filepath.Join(e.store, store.JournalFile))
	r := e.run("debrief", "--good", "Slow kissing", "--add")
	if r.code != 1 || !strings.Contains(r.stdout, "added b1 ● GO: Slow kissing") ||
		!strings.Contains(r.stderr, "attune: error: your map was changed as shown above, but this debrief could not be kept in your journal: the disk is full\n") {
		t.Errorf("a debrief that fits only in the map: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !bytes.Equal(journalBefore, mustRead(t, filepath.Join(e.store, store.JournalFile))) {
		t.Error("the journal changed")
	}
	if left := tempFiles(t, e.store); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestConcurrentCheckins runs check-ins, debriefs and adds to the map
// all at once, while a reader lists the journal in a loop: every record
// lands with an id of its own, every entry too, and the reader always
// reads a whole journal.
func TestConcurrentCheckins(t *testing.T) {
	t.Parallel()
	const writers, each = 3, 8
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "trigger", "touch", "A belt buckle")
	var wg sync.WaitGroup
	errs := make(chan error, 4*writers*each)
	run := func(args ...string) {
		if out, err := e.cmd(args...).CombinedOutput(); err != nil {
			errs <- fmt.Errorf("attune %v: %v\n%s", args, err, out)
		}
	}
	for w := range writers {
		wg.Add(3)
		go func() {
			defer wg.Done()
			for i := range each * stress() {
				run("checkin", "--level", fmt.Sprint(i%11), "--note", fmt.Sprintf("Writer %d check-in %d", w, i), "--save")
			}
		}()
		go func() {
			defer wg.Done()
			for i := range each * stress() {
				run("debrief", "--trigger", "t1", "--helped", "Open a window", "--note", fmt.Sprintf("Writer %d debrief %d", w, i))
			}
		}()
		go func() {
			defer wg.Done()
			for i := range each * stress() {
				run("add", "boundary", "green", fmt.Sprintf("Writer %d entry %d", w, i))
			}
		}()
	}
	var stop atomic.Bool
	var reader sync.WaitGroup
	reads := 0
	reader.Add(1)
	go func() {
		defer reader.Done()
		for !stop.Load() {
			out, err := e.cmd("journal", "list").CombinedOutput()
			if err != nil {
				errs <- fmt.Errorf("journal list while writing: %v\n%s", err, out)
				return
			}
			reads++
		}
	}()
	wg.Wait()
	stop.Store(true)
	reader.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	j, err := e.readJournal()
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * writers * each * stress(); j.Len() != want || len(j.CheckIns) != want/2 {
		t.Errorf("the journal holds %d records (%d check-ins), want %d", j.Len(), len(j.CheckIns), want)
	}
	seen := map[string]bool{}
	for _, r := range j.Records() {
		if seen[r.ID()] {
			t.Errorf("id %s is used twice", r.ID())
		}
		seen[r.ID()] = true
	}
	if n := len(e.readMap().Boundaries); n != writers*each*stress() {
		t.Errorf("the map holds %d boundaries, want %d", n, writers*each*stress())
	}
	t.Logf("%d records written at once, %d reads", j.Len(), reads)
}
