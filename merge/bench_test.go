package merge

import (
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// BenchmarkMerge merges two 1,000-entry maps with 50 changes on each
// side since their base (lights, intensities, notes, words, removals,
// additions; some on the same entries): the target is well under a
// second (the whole driver, decryption and encryption included, is
// measured end to end in internal/e2e).
func BenchmarkMerge(b *testing.B) {
	base, ours, theirs := benchVersions(1000, 50)
	b.ReportAllocs()
	for b.Loop() {
		res, _ := MergeWith(base, ours, theirs, Options{At: at, Tag: "kq"})
		if res.Count() < 1000 {
			b.Fatal("entries lost")
		}
	}
}

// benchVersions is a map of n entries with a history and partners, and
// two versions of it with k changes each.
func benchVersions(n, k int) (base, ours, theirs *mapfile.Map) {
	base = testmaps.WithHistory(testmaps.Sample(n))
	base.Partners = []mapfile.Partner{{Name: "Alex", Recipients: []string{"age1alex"}}}
	return base, changed(base, k, 0, "kq"), changed(base, k, 1, "xy")
}

// changed makes k changes to a copy of m, spread over it; side shifts
// which entries, so that the two versions change some of the same.
func changed(m *mapfile.Map, k, side int, tag string) *mapfile.Map {
	c := m.Clone()
	c.SetDeviceTag(tag)
	for i := 0; i < k; i++ {
		bi := (i*7 + side*3) % len(c.Boundaries)
		ti := (i*5 + side) % len(c.Triggers)
		switch i % 5 {
		case 0:
			c.Boundaries[bi].SetLight(boundaries.Lights[(i+side)%3])
		case 1:
			c.Triggers[ti].Intensity = []triggers.Intensity{triggers.Low, triggers.High}[side]
		case 2:
			c.Boundaries[bi].Note = []string{"gently", "slowly"}[side]
		case 3:
			c.Boundaries = append(c.Boundaries, boundaries.Boundary{ID: c.NextID(mapfile.BoundarySection), Key: mapfile.NewKey(),
				Light: boundaries.Red, Text: []string{"Something new here", "Something new there"}[side], Added: at})
		case 4:
			c.Remove(c.Triggers[ti].ID)
		}
	}
	c.PruneHistory()
	return c
}
