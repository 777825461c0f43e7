package changes

import (
	"fmt"
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
)

// BenchmarkRecord is what every change adds to a command: comparing the
// map before and after entry by entry, and recording what changed (one
// entry's text, in a map with a history; the copy made for the change is
// counted too, as store.Update makes one anyway).
func BenchmarkRecord(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		before := testmaps.WithHistory(testmaps.Sample(n))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				after := before.Clone()
				after.Boundaries[len(after.Boundaries)/2].Text = "Changed"
				Record(before, after, at)
			}
		})
	}
}
