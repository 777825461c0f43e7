package merge

import (
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
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
	return base, testmaps.Changed(base, k, 0, "kq"), testmaps.Changed(base, k, 1, "xy")
}
