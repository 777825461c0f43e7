package changes

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

var at = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// Each field that changed is one event, with its values as a report
// words them; an entry removed takes its history with it; an entry added
// has none.
func TestRecordChanges(t *testing.T) {
	old := keyed()
	old.Record(mapfile.HistoryEvent{Key: old.Boundaries[1].Key, At: at.Add(-time.Hour), Event: mapfile.EventReviewed})
	cur := old.Clone()
	cur.Boundaries[0].Light = boundaries.Yellow
	cur.Boundaries[0].Note = "a voice first"
	cur.Triggers[0].Intensity = triggers.Medium
	cur.Remove("b2")
	cur.Boundaries = append(cur.Boundaries, boundaries.Boundary{ID: "b4", Key: "eeeeeeeeeeeeeeeeeeeeeeeeee", Light: boundaries.Green, Text: "Slow dancing"})
	Record(old, cur, at)
	want := []mapfile.HistoryEvent{
		{Key: old.Boundaries[0].Key, At: at, Event: mapfile.EventChanged, Field: "light", From: "■ STOP", To: "▲ ASK FIRST"},
		{Key: old.Boundaries[0].Key, At: at, Event: mapfile.EventChanged, Field: "note", From: "", To: "a voice first"},
		{Key: old.Triggers[0].Key, At: at, Event: mapfile.EventChanged, Field: "intensity", From: "high", To: "medium"},
	}
	if !slices.EqualFunc(cur.History, want, mapfile.HistoryEvent.Equal) {
		t.Errorf("history %+v\nwant %+v", cur.History, want)
	}
	if err := cur.Validate(); err != nil {
		t.Error(err)
	}
	if len(old.History) != 1 {
		t.Error("Record changed the version before")
	}
}

// A map from before keys gets them on its first write: its changes are
// recorded all the same, under the new keys.
func TestRecordFirstWriteOfAnUnkeyedMap(t *testing.T) {
	old := keyed()
	old.Each(func(_ mapfile.Section, r entry.Ref) { *r.Key = "" })
	cur := old.Clone()
	cur.Boundaries[2].Text = "Holding hands in public"
	cur.AssignKeys()
	Record(old, cur, at)
	if len(cur.History) != 1 || cur.History[0].Key != cur.Boundaries[2].Key || cur.History[0].Field != "text" ||
		cur.History[0].From != "Holding hands" || cur.History[0].To != "Holding hands in public" {
		t.Errorf("history %+v", cur.History)
	}
	if old.Boundaries[2].Key != "" {
		t.Error("Record gave keys to the version before")
	}
}

// A value longer than a field may hold (a long list of partners) is cut
// to fit, so a change is never refused for its history.
func TestRecordFitsLongValues(t *testing.T) {
	old := keyed()
	cur := old.Clone()
	for i := range 120 {
		cur.Boundaries[0].ShareWith = append(cur.Boundaries[0].ShareWith, "Partner number "+strings.Repeat("x", i%7))
	}
	Record(old, cur, at)
	if len(cur.History) != 1 || cur.History[0].Field != "shared with" || !strings.HasSuffix(cur.History[0].To, "…") {
		t.Fatalf("history %+v", cur.History)
	}
	if err := cur.Validate(); err != nil {
		t.Error(err)
	}
}

// The fields Compare names are exactly those a history may hold.
func TestHistoryFieldsAreCompareFields(t *testing.T) {
	m := testmaps.Sample(20)
	seen := map[string]bool{}
	for _, items := range itemsOf {
		list := items(m)
		if len(list) == 0 {
			t.Fatal("the sample lacks a kind of entry: the test proves nothing")
		}
		for _, f := range list[0].fields {
			seen[f.name] = true
			if !slices.Contains(mapfile.HistoryFields, f.name) {
				t.Errorf("Compare names the field %q, which a history refuses", f.name)
			}
		}
	}
	for _, f := range mapfile.HistoryFields {
		if !seen[f] {
			t.Errorf("a history may name %q, which Compare never does", f)
		}
	}
}

// Change, comparing only the entries mapfile.Differing keeps, finds every
// change that comparing the whole maps finds: entries changed, added,
// removed and moved, at the start, the middle and the end of each list,
// and settings.
func TestDifferingFindsEveryChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	base := testmaps.WithHistory(testmaps.Sample(60))
	for round := range 300 {
		cur := base.Clone()
		for range 1 + rng.IntN(4) {
			switch n := len(cur.Boundaries); rng.IntN(5) {
			case 0:
				cur.Boundaries[rng.IntN(n)].Text += " changed"
			case 1:
				cur.Remove(cur.Boundaries[rng.IntN(n)].ID)
			case 2:
				cur.Boundaries = append(cur.Boundaries, boundaries.Boundary{ID: cur.NextID(mapfile.BoundarySection), Key: mapfile.NewKey(),
					Light: boundaries.Green, Text: "New"})
			case 3:
				i, j := rng.IntN(n), rng.IntN(n)
				cur.Boundaries[i], cur.Boundaries[j] = cur.Boundaries[j], cur.Boundaries[i]
			case 4:
				cur.Triggers[rng.IntN(len(cur.Triggers))].Intensity = triggers.Low
			}
		}
		if round%3 == 0 {
			cur.Safeword = fmt.Sprint("word ", round)
		}
		full, change := Compare(base, cur), Change(base, cur)
		if !slices.Equal(full.Settings, change.Settings) {
			t.Fatalf("round %d: settings %v, want %v", round, change.Settings, full.Settings)
		}
		whole, part := full.Entries, change.Entries
		key := func(e Entry) string { return fmt.Sprint(e.Kind, e.Key, e.Fields) }
		ws, ps := make([]string, len(whole)), make([]string, len(part))
		for i, e := range whole {
			ws[i] = key(e)
		}
		for i, e := range part {
			ps[i] = key(e)
		}
		slices.Sort(ws)
		slices.Sort(ps)
		if !slices.Equal(ws, ps) {
			t.Fatalf("round %d: the whole maps differ by %v, the entries kept by %v", round, ws, ps)
		}
	}
	// What is the same is left out.
	cur := base.Clone()
	cur.Boundaries[len(cur.Boundaries)/2].Text = "changed"
	if a, b := mapfile.Differing(base, cur); a.Count() != 1 || b.Count() != 1 {
		t.Errorf("one entry changed: Differing kept %d and %d", a.Count(), b.Count())
	}
}
