package store_test

import (
	"fmt"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// benchStore makes a store in a temp folder holding a map of n entries,
// encrypted to a real X25519 key.
func benchStore(b *testing.B, n int) (*store.Store, []age.Identity, age.Recipient) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Init(b.TempDir(), b.TempDir(), store.Config{StoreID: store.NewStoreID(), Keys: []store.Key{{Recipient: id.Recipient().String()}}}, []byte(id.String()+"\n"), testmaps.WithHistory(testmaps.Sample(n)), id.Recipient())
	if err != nil {
		b.Fatal(err)
	}
	return s, []age.Identity{id}, id.Recipient()
}

func BenchmarkReadMap(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, _ := benchStore(b, n)
			for b.Loop() {
				if _, err := s.ReadMap(ids); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdate is a whole locked read-modify-write: what `add` costs
// apart from process start.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, r := benchStore(b, n)
			i := 0
			for b.Loop() {
				i++
				// A different name each time, so that every update writes.
				changed, err := s.Update(ids, []age.Recipient{r}, func(m *mapfile.Map) error {
					m.Name = fmt.Sprintf("Sam %d", i)
					return nil
				})
				if err != nil || !changed {
					b.Fatal(err, changed)
				}
			}
		})
	}
}

// BenchmarkUpdateRecorded is BenchmarkUpdate with what every command's
// change costs besides: an entry's text changed, and the change recorded
// in its history (changes.Record, as the app does), on a map with a
// history.
func BenchmarkUpdateRecorded(b *testing.B) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, r := benchStore(b, n)
			i := 0
			for b.Loop() {
				i++
				changed, err := s.UpdateAndRecord(ids, []age.Recipient{r}, func(m *mapfile.Map) error {
					m.Boundaries[i%len(m.Boundaries)].Text = fmt.Sprintf("Changed text %d", i)
					return nil
				}, func(before, after *mapfile.Map) { changes.Record(before, after, at) })
				if err != nil || !changed {
					b.Fatal(err, changed)
				}
			}
		})
	}
}

// journalStore is benchStore with a journal of records records beside a
// map of 200 entries, its debriefs naming the map's triggers.
func journalStore(b *testing.B, records int) (*store.Store, []age.Identity, age.Recipient) {
	s, ids, r := benchStore(b, 200)
	m, err := s.ReadMap(ids)
	if err != nil {
		b.Fatal(err)
	}
	var keys []string
	for _, t := range m.Triggers {
		keys = append(keys, t.Key)
	}
	j := testmaps.Journal(records, keys)
	if _, err := s.UpdateJournal(ids, []age.Recipient{r}, func(cur *journal.Journal) error { *cur = *j; return nil }); err != nil {
		b.Fatal(err)
	}
	return s, ids, r
}

func BenchmarkReadJournal(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, _ := journalStore(b, n)
			for b.Loop() {
				if j, err := s.ReadJournal(ids); err != nil || j.Len() != n {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdateJournal is what `checkin --save` and `debrief` cost
// for the journal, apart from process start and the map: a whole
// locked read-modify-write adding one record.
func BenchmarkUpdateJournal(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, r := journalStore(b, n)
			for b.Loop() {
				changed, err := s.UpdateJournal(ids, []age.Recipient{r}, func(j *journal.Journal) error {
					j.AddCheckIn(journal.CheckIn{At: time.Now(), Note: "one more"})
					j.CheckIns = j.CheckIns[1:] // the journal stays n records long
					return nil
				})
				if err != nil || !changed {
					b.Fatal(err, changed)
				}
			}
		})
	}
}

// BenchmarkRekey is a change of keys (key add, key remove): the map
// (decoded and encoded, for its key fields), its backup, and the journal
// re-encrypted to two keys, on a map of n entries with a history and a
// journal of n records. Target: under a second at 10,000 of each.
func BenchmarkRekey(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, ids, r := benchStore(b, n)
			m, err := s.ReadMap(ids)
			if err != nil {
				b.Fatal(err)
			}
			var keys []string
			for _, t := range m.Triggers {
				keys = append(keys, t.Key)
			}
			j := testmaps.Journal(n, keys)
			if _, err := s.UpdateJournal(ids, []age.Recipient{r}, func(cur *journal.Journal) error { *cur = *j; return nil }); err != nil {
				b.Fatal(err)
			}
			// A backup as big as the map.
			if _, err := s.Update(ids, []age.Recipient{r}, func(m *mapfile.Map) error { m.Name = "Sam"; return nil }); err != nil {
				b.Fatal(err)
			}
			other, _ := age.GenerateX25519Identity()
			to := []age.Recipient{r, other.Recipient()}
			cfg := s.Config
			cfg.Keys = append(cfg.Keys, store.Key{Recipient: other.Recipient().String()})
			for b.Loop() {
				left, err := s.Rekey(ids, store.Rekeying{To: to,
					Change: func(m *mapfile.Map) error { m.ConfigKey = store.NewConfigKey(); return nil },
					Config: func(m *mapfile.Map) (store.Config, error) { return store.WithChecks(cfg, m.ConfigKey), nil }})
				if err != nil || len(left) > 0 {
					b.Fatal(err, left)
				}
			}
		})
	}
}
