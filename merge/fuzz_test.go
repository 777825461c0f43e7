package merge

import (
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// FuzzMerge changes a base map two ways, as the bytes say (lights,
// intensities, words, notes, conditions, sharing, removals, additions,
// settings, partners, history), and merges the two. The merge never
// panics; its result always validates; a map merged with itself is
// itself; no entry both versions kept has a light or an intensity less
// cautious than either's; and no entry is lost that either version
// changed.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 2, 0}, []byte{0, 1, 2, 0, 2, 2})
	f.Add([]byte{2, 3, 1, 3, 3, 1, 4, 0, 0}, []byte{2, 3, 2, 4, 3, 0, 5, 1, 1})
	f.Add([]byte{6, 0, 1, 7, 1, 0, 8, 2, 1}, []byte{6, 0, 2, 7, 2, 0, 9, 0, 0})
	f.Add([]byte{10, 4, 0, 5, 2, 2, 4, 1, 0}, []byte{11, 4, 0, 5, 2, 2, 1, 1, 0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > 300 || len(b) > 300 {
			return
		}
		base := fuzzBase()
		o, th := edit(base, a, "kq"), edit(base, b, "xy")
		res, _ := MergeWith(base, o, th, Options{At: at, Tag: "kq"})
		if err := res.Validate(); err != nil {
			t.Fatalf("the merge does not validate: %v", err)
		}
		if self, ns := MergeWith(o, o, o, Options{At: at}); !self.Equal(o) || len(ns) > 0 {
			t.Fatalf("a map merged with itself is not itself (%v)\n%s", kinds(ns), diffMaps(self, o))
		}
		checkCautious(t, base, o, th, res)
		checkNothingLost(t, base, o, th, res)
		checkNothingLost(t, base, th, o, res)
		// Without a base, too.
		if res, _ := MergeWith(nil, o, th, Options{At: at, Tag: "kq"}); res.Validate() != nil {
			t.Fatalf("the merge without a base does not validate: %v", res.Validate())
		}
	})
}

func fuzzBase() *mapfile.Map {
	m := base()
	m.Safeword = "pineapple"
	return m
}

var fuzzTexts = []string{"Tickling", "Being woken up", "Loud music", "tickling ", "Hugs", "A text\u00a0with a space"}
var fuzzNotes = []string{"", "gently", "slowly", "only at home\nand only if I ask"}

// edit applies the changes the bytes say to a copy of m, each leaving a
// valid map, as attune's commands would.
func edit(m *mapfile.Map, ops []byte, tag string) *mapfile.Map {
	c := m.Clone()
	c.SetDeviceTag(tag)
	for len(ops) >= 3 {
		op, i, j := ops[0], int(ops[1]), int(ops[2])
		ops = ops[3:]
		var refs []entry.Ref
		c.Each(func(_ mapfile.Section, r entry.Ref) { refs = append(refs, r) })
		switch op % 12 {
		case 0:
			if len(c.Boundaries) > 0 {
				c.Boundaries[i%len(c.Boundaries)].SetLight(boundaries.Lights[j%3])
			}
		case 1:
			if len(c.Triggers) > 0 {
				c.Triggers[i%len(c.Triggers)].Intensity = []triggers.Intensity{"", triggers.Low, triggers.Medium, triggers.High}[j%4]
			}
		case 2:
			if len(refs) > 0 {
				*refs[i%len(refs)].Text = fuzzTexts[j%len(fuzzTexts)]
			}
		case 3:
			if len(refs) > 0 {
				*refs[i%len(refs)].Note = fuzzNotes[j%len(fuzzNotes)]
			}
		case 4:
			if len(refs) > 0 {
				c.Remove(*refs[i%len(refs)].ID)
			}
		case 5:
			c.Boundaries = append(c.Boundaries, boundaries.Boundary{ID: c.NextID(mapfile.BoundarySection), Key: mapfile.NewKey(),
				Light: boundaries.Lights[j%3], Text: fuzzTexts[i%len(fuzzTexts)], Added: at})
		case 6:
			if len(refs) > 0 {
				r := refs[i%len(refs)]
				*r.Private, *r.ShareWith = j%3 == 0, [][]string{nil, nil, {"Alex"}, {"Jo", "Alex"}}[j%4]
				if *r.Private {
					*r.ShareWith = nil
				}
			}
		case 7:
			c.Safeword = []string{"", "marmalade", "custard"}[j%3]
		case 8:
			if len(c.Boundaries) > 0 {
				b := &c.Boundaries[i%len(c.Boundaries)]
				if b.Light == boundaries.Yellow {
					b.OnlyIf = []string{"", "I ask for it", "we are at home"}[j%3]
				}
			}
		case 9:
			if len(c.Partners) > 0 && j%2 == 0 {
				c.Partners = c.Partners[1:]
			} else if c.Partner("Robin") == nil {
				c.Partners = append(c.Partners, mapfile.Partner{Name: "Robin", Recipients: []string{"age1robin"}})
			}
		case 10:
			if len(refs) > 0 {
				c.Record(mapfile.HistoryEvent{Key: *refs[i%len(refs)].Key, At: at.Add(time.Duration(j) * time.Minute), Event: mapfile.EventReviewed})
			}
		case 11:
			c.Name = []string{"Sam", "Sam R", "Samuel"}[j%3]
		}
	}
	c.PruneHistory()
	if err := c.Validate(); err != nil {
		panic("the fuzz edit made a map that does not validate: " + err.Error())
	}
	return c
}

// checkCautious: an entry whose light or intensity both versions
// changed is as cautious as the more cautious of the two.
func checkCautious(t *testing.T, base, o, th, res *mapfile.Map) {
	t.Helper()
	for _, rb := range res.Boundaries {
		bb, ob, tb := boundaryByKey(base, rb.Key), boundaryByKey(o, rb.Key), boundaryByKey(th, rb.Key)
		if bb != nil && ob != nil && tb != nil && ob.Light != bb.Light && tb.Light != bb.Light &&
			rb.Light.Rank() > min(ob.Light.Rank(), tb.Light.Rank()) {
			t.Fatalf("%s: %s here, %s there, merged %s", rb.ID, ob.Light, tb.Light, rb.Light)
		}
	}
	for _, rt := range res.Triggers {
		bt, ot, tt := triggerByKey(base, rt.Key), triggerByKey(o, rt.Key), triggerByKey(th, rt.Key)
		if bt != nil && ot != nil && tt != nil && ot.Intensity != bt.Intensity && tt.Intensity != bt.Intensity &&
			rt.Intensity.Rank() > min(ot.Intensity.Rank(), tt.Intensity.Rank()) {
			t.Fatalf("%s: %q here, %q there, merged %q", rt.ID, ot.Intensity, tt.Intensity, rt.Intensity)
		}
	}
}

// checkNothingLost: every entry of x is in the merge, unless x left it
// as the base had it and y removed it, or y added the same one (which
// the merge made one).
func checkNothingLost(t *testing.T, base, x, y, res *mapfile.Map) {
	t.Helper()
	in := func(m *mapfile.Map, key string) (entry.Ref, bool) {
		var out entry.Ref
		found := false
		m.Each(func(_ mapfile.Section, r entry.Ref) {
			if *r.Key == key {
				out, found = r, true
			}
		})
		return out, found
	}
	x.Each(func(sec mapfile.Section, r entry.Ref) {
		if _, ok := in(res, *r.Key); ok {
			return
		}
		if _, inY := in(y, *r.Key); !inY {
			if b, inBase := in(base, *r.Key); inBase && entry.Same(b, r) {
				return // removed in y, and x left it as it was
			}
		}
		if _, ok := res.SameText(sec, *r.Text, nil); ok {
			return // added in both
		}
		t.Fatalf("%s %q was lost", *r.ID, *r.Text)
	})
}

func triggerByKey(m *mapfile.Map, key string) *triggers.Trigger {
	for i := range m.Triggers {
		if m.Triggers[i].Key == key {
			return &m.Triggers[i]
		}
	}
	return nil
}
