package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/store"
)

// journalBenchStore is a store with a map of 200 entries and a journal
// of n records whose debriefs name the map's triggers.
func journalBenchStore(b *testing.B, n int) string {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "store")
	m := testmaps.Sample(200)
	// The key is adopted (as init --identity does), so that the runs
	// find it without a home folder.
	idPath := dir + ".identity"
	if err := os.WriteFile(idPath, []byte(id.String()+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	cfg := store.Config{Identity: idPath, StoreID: store.NewStoreID(), Keys: []store.Key{{Recipient: id.Recipient().String()}}}
	s, err := store.Init(dir, "", cfg, nil, m, id.Recipient())
	if err != nil {
		b.Fatal(err)
	}
	var keys []string
	for _, t := range m.Triggers {
		keys = append(keys, t.Key)
	}
	j := testmaps.Journal(n, keys)
	ids, rcpts := []age.Identity{id}, []age.Recipient{id.Recipient()}
	if _, err := s.UpdateJournal(ids, rcpts, func(cur *journal.Journal) error { *cur = *j; return nil }); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchCommand runs one attune command in process, as Main would.
func benchCommand(b *testing.B, dir string, args ...string) {
	ios, _, _, errb := iostreams.Test()
	ios.SetEnv("ATTUNE_DIR", dir)
	if code := Run(append([]string{"attune"}, args...), ios); code != 0 {
		b.Fatalf("attune %v: exit %d\n%s", args, code, errb)
	}
}

// BenchmarkCheckinSave and BenchmarkDebrief are the whole commands,
// but for process start, on journals of 100 to 10,000 records (target at
// 10,000: 250 ms). Each run adds one record.
func BenchmarkCheckinSave(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := journalBenchStore(b, n)
			for b.Loop() {
				benchCommand(b, dir, "checkin", "--feel", "anxious", "--level", "5", "--state", "revved-up", "--save")
			}
		})
	}
}

func BenchmarkDebrief(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := journalBenchStore(b, n)
			for b.Loop() {
				benchCommand(b, dir, "debrief", "--trigger", "t1", "--helped", "Open a window", "--before", "7", "--after", "3", "--note", "slower next time")
			}
		})
	}
}
