package changes

import (
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

func keyed() *mapfile.Map {
	m := mapfile.New()
	m.Safeword = "pineapple"
	m.Boundaries = []boundaries.Boundary{
		{ID: "b1", Key: "aaaaaaaaaaaaaaaaaaaaaaaaaa", Light: boundaries.Red, Text: "Being woken up by touch"},
		{ID: "b2", Key: "bbbbbbbbbbbbbbbbbbbbbbbbbb", Light: boundaries.Red, Text: "Oral sex"},
		{ID: "b3", Key: "cccccccccccccccccccccccccc", Light: boundaries.Green, Text: "Holding hands"},
	}
	m.Triggers = []triggers.Trigger{
		{ID: "t1", Key: "dddddddddddddddddddddddddd", Category: triggers.Sounds, Text: "Shouting", Intensity: triggers.High},
	}
	return m
}

// A STOP that became a GO, a removed STOP, a lowered intensity and a
// changed stop word ask for more care; an added GO and a removed GO do
// not.
func TestCompareCareful(t *testing.T) {
	old, cur := keyed(), keyed()
	cur.Boundaries[0].Light = boundaries.Green
	cur.Boundaries = append(cur.Boundaries[:1], cur.Boundaries[2:]...) // b2 removed
	cur.Boundaries = append(cur.Boundaries, boundaries.Boundary{ID: "b4", Key: "eeeeeeeeeeeeeeeeeeeeeeeeee", Light: boundaries.Green, Text: "Slow dancing"})
	cur.Triggers[0].Intensity = triggers.Low
	cur.Safeword = "mango"
	rep := Compare(old, cur)
	cs, ce := rep.Careful()
	if len(cs) != 1 || cs[0].Name != "stop word" || cs[0].From != "pineapple" || cs[0].To != "mango" {
		t.Errorf("careful settings %+v", cs)
	}
	want := map[string]Kind{"b1": Changed, "b2": Removed, "t1": Changed}
	if len(ce) != len(want) {
		t.Fatalf("careful entries %+v", ce)
	}
	for _, e := range ce {
		if want[e.ID] != e.Kind {
			t.Errorf("careful %s: %v", e.ID, e.Kind)
		}
	}
	_, oe := rep.Others()
	if len(oe) != 1 || oe[0].ID != "b4" || oe[0].Kind != Added {
		t.Errorf("other entries %+v", oe)
	}
	if e, ok := rep.Of("aaaaaaaaaaaaaaaaaaaaaaaaaa", "b1"); !ok || e.Fields[0].From != "■ STOP" || e.Fields[0].To != "● GO" || !e.Fields[0].Careful {
		t.Errorf("b1: %+v", e)
	}
	// More cautious is not careful: GO → STOP.
	back := Compare(cur, old)
	if e, _ := back.Of("aaaaaaaaaaaaaaaaaaaaaaaaaa", "b1"); e.Careful {
		t.Errorf("GO → STOP marked careful: %+v", e)
	}
}

// Entries are matched by hidden key: two different entries that share
// an id (copies of a map made before keys existed) are a removal and an
// addition, never one entry changing light.
func TestCompareMatchesByKey(t *testing.T) {
	old, cur := keyed(), keyed()
	cur.Boundaries[1] = boundaries.Boundary{ID: "b2", Key: "ffffffffffffffffffffffffff", Light: boundaries.Green, Text: "Massage"}
	rep := Compare(old, cur)
	var added, removed int
	for _, e := range rep.Entries {
		switch e.Kind {
		case Added:
			added++
		case Removed:
			removed++
		case Changed:
			t.Errorf("reported as a change: %+v", e)
		}
	}
	if added != 1 || removed != 1 {
		t.Errorf("added %d, removed %d: %+v", added, removed, rep.Entries)
	}
	// Without keys (an export made before them), ids match.
	for _, m := range []*mapfile.Map{old, cur} {
		for i := range m.Boundaries {
			m.Boundaries[i].Key = ""
		}
		for i := range m.Triggers {
			m.Triggers[i].Key = ""
		}
	}
	// ... and texts with nothing in common are two entries.
	if rep := Compare(old, cur); len(rep.Entries) != 2 || rep.Entries[0].Kind != Removed || rep.Entries[1].Kind != Added {
		t.Errorf("without keys, reused id: %+v", rep.Entries)
	}
	cur.Boundaries[1].Text = "Oral sex, for now"
	if rep := Compare(old, cur); len(rep.Entries) != 1 || rep.Entries[0].Kind != Changed {
		t.Errorf("without keys, reworded: %+v", rep.Entries)
	}
	if !Compare(old, old).None() {
		t.Error("a map differs from itself")
	}
}

// A STOP's words are the limit itself: a change of them asks for care.
// A GO's or an ASK FIRST's reworded does not.
func TestStopTextCareful(t *testing.T) {
	old, cur := keyed(), keyed()
	cur.Boundaries[1].Text = "Oral sex, giving or receiving"
	cur.Boundaries[2].Text = "Holding hands in public"
	rep := Compare(old, cur)
	_, ce := rep.Careful()
	if len(ce) != 1 || ce[0].ID != "b2" || len(ce[0].Fields) != 1 || ce[0].Fields[0].Name != "text" || !ce[0].Fields[0].Careful || ce[0].Fields[0].From != "Oral sex" {
		t.Errorf("careful entries %+v", ce)
	}
	_, oe := rep.Others()
	if len(oe) != 1 || oe[0].ID != "b3" {
		t.Errorf("other entries %+v", oe)
	}
}
