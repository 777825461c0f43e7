package mapfile_test

import (
	"errors"
	"runtime"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/mapfile"
)

// maxUntrustedAlloc is the memory any input up to MaxForeignBytes may
// cost DecodeUntrusted.
const maxUntrustedAlloc = 64 << 20

// allocatedBy returns the bytes f allocates. TotalAlloc counts every
// allocation, freed or not, so it bounds the peak heap f needs and does
// not depend on when the collector runs. (A test running in parallel
// could only add to it: no test here calls t.Parallel.)
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every hostile shape at 1 MiB costs DecodeUntrusted less than 64 MiB,
// and is refused where it should be. (Its time is held by
// BenchmarkDecodeUntrusted: a timed test would fail on a busy machine.)
func TestHostileShapesMemory(t *testing.T) {
	for _, s := range hostileShapes {
		data := s.build(mapfile.MaxForeignBytes)
		if len(data) > mapfile.MaxForeignBytes {
			t.Fatalf("%s: built %d bytes, more than the limit", s.name, len(data))
		}
		var err error
		n := allocatedBy(func() { _, err = mapfile.DecodeUntrusted(data, mapfile.Limits{}) })
		t.Logf("%-30s %7d KiB in, %6d KiB allocatedBy: %v", s.name, len(data)>>10, n>>10, err)
		if n > maxUntrustedAlloc {
			t.Errorf("%s: DecodeUntrusted allocatedBy %d MiB, more than %d MiB", s.name, n>>20, maxUntrustedAlloc>>20)
		}
		if got := verdictOf(err); got != s.verdict {
			t.Errorf("%s: verdict %d (%v), want %d", s.name, got, err, s.verdict)
		}
	}
}

func verdictOf(err error) verdict {
	var (
		shape   *mapfile.ShapeError
		entries *mapfile.TooManyEntriesError
		items   *mapfile.TooManyListItemsError
	)
	switch {
	case errors.As(err, &shape):
		return byScan
	case errors.As(err, &entries), errors.As(err, &items):
		return byLimit
	}
	return byDecoder
}

// The measure sees what the scan prevents: the TOML decoder alone (what
// Decode was before the scan) on 6 KB of nested inline tables allocates
// more than the whole budget.
func TestMemoryMeasureSeesNesting(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a slow shape on purpose")
	}
	data := hostileShapes[0].build(6_000)
	var m mapfile.Map
	n := allocatedBy(func() { _, _ = toml.Decode(string(data), &m) })
	if n <= maxUntrustedAlloc {
		t.Fatalf("Decode of %d bytes of nesting allocatedBy only %d MiB; the measure cannot see the problem", len(data), n>>20)
	}
	t.Logf("Decode of %d bytes of nested inline tables allocatedBy %d MiB", len(data), n>>20)
}

// BenchmarkDecodeUntrusted holds the time bound: every shape at 1 MiB
// is read or refused in well under 100 ms.
func BenchmarkDecodeUntrusted(b *testing.B) {
	for _, s := range hostileShapes {
		data := s.build(mapfile.MaxForeignBytes)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = mapfile.DecodeUntrusted(data, mapfile.Limits{})
			}
		})
	}
}

// BenchmarkPrescan is the scan alone, at 1 MiB.
func BenchmarkPrescan(b *testing.B) {
	for _, s := range hostileShapes {
		data := s.build(mapfile.MaxForeignBytes)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = mapfile.Prescan(data)
			}
		})
	}
}

// BenchmarkHostileOldPath compares, at 16 KiB (where the old path still
// ends), Decode alone with DecodeUntrusted.
func BenchmarkHostileOldPath(b *testing.B) {
	for _, s := range hostileShapes {
		data := s.build(16 << 10)
		for _, p := range []struct {
			name   string
			decode func([]byte) (*mapfile.Map, error)
		}{
			{"Decode", mapfile.Decode},
			{"DecodeUntrusted", func(d []byte) (*mapfile.Map, error) { return mapfile.DecodeUntrusted(d, mapfile.Limits{}) }},
		} {
			b.Run(s.name+"/"+p.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = p.decode(data)
				}
			})
		}
	}
}
