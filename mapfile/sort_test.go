package mapfile

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/triggers"
)

// The display order is the one a stable sort by light, or by category
// and then the strongest first (high, medium, the rest), gives, unknown
// lights and categories included.
func TestSortedMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lights := append([]boundaries.Light{"", "amber"}, boundaries.Lights...)
	cats := append([]triggers.Category{"", "colours"}, triggers.Categories...)
	intensities := append([]triggers.Intensity{"", "fierce"}, triggers.Intensities...)
	m := New()
	for i := range 500 {
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: fmt.Sprint("b", i), Light: lights[r.IntN(len(lights))]})
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: fmt.Sprint("t", i), Category: cats[r.IntN(len(cats))],
			Intensity: intensities[r.IntN(len(intensities))]})
	}
	wantB := append([]boundaries.Boundary(nil), m.Boundaries...)
	sort.SliceStable(wantB, func(i, j int) bool { return wantB[i].Light.Rank() < wantB[j].Light.Rank() })
	strength := map[triggers.Intensity]int{triggers.High: 0, triggers.Medium: 1}
	less := func(a, b triggers.Trigger) bool {
		if a.Category.Rank() != b.Category.Rank() {
			return a.Category.Rank() < b.Category.Rank()
		}
		sa, oka := strength[a.Intensity]
		sb, okb := strength[b.Intensity]
		if !oka {
			sa = 2
		}
		if !okb {
			sb = 2
		}
		return sa < sb
	}
	wantT := append([]triggers.Trigger(nil), m.Triggers...)
	sort.SliceStable(wantT, func(i, j int) bool { return less(wantT[i], wantT[j]) })
	if got := m.SortedBoundaries(); !reflect.DeepEqual(got, wantB) {
		t.Errorf("boundaries out of order: %v", got[:10])
	}
	if got := m.SortedTriggers(); !reflect.DeepEqual(got, wantT) {
		t.Errorf("triggers out of order: %v", got[:10])
	}
	if New().SortedBoundaries() != nil || New().SortedTriggers() != nil {
		t.Error("an empty map's sorted entries are not nil")
	}
}
