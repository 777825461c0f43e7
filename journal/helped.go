package journal

import (
	"cmp"
	"slices"
	"time"

	"github.com/attune-dev/attune/mapfile"
)

// Helper is one thing tried for one trigger, and how it went, from the
// debriefs that record it. It is a count of what the person said, and
// nothing more: attune gives no other score.
type Helper struct {
	Trigger string // the trigger's hidden key
	Text    string // what helped, in the words of the latest debrief
	// Times is how many debriefs record it for this trigger.
	Times int
	// Helped is how many of those had distress after lower than before,
	// or, without both numbers, said it helped (yes or partly).
	Helped int
	// Pairs is how many of those have both numbers; SumBefore and
	// SumAfter add them up, for the averages.
	Pairs               int
	SumBefore, SumAfter int
}

// Averages are the mean distress before and after, over the debriefs
// with both numbers; ok is false when there are none.
func (h Helper) Averages() (before, after float64, ok bool) {
	if h.Pairs == 0 {
		return 0, 0, false
	}
	return float64(h.SumBefore) / float64(h.Pairs), float64(h.SumAfter) / float64(h.Pairs), true
}

// helpedThisTime is whether one debrief says its helper helped.
func (d Debrief) helpedThisTime() bool {
	if d.Before != nil && d.After != nil {
		return *d.After < *d.Before
	}
	return d.ItHelped == Yes || d.ItHelped == Partly
}

// Helped gathers what was tried for each trigger, from every debrief
// that names both a trigger and what helped. The same words in another
// case or spacing are one helper. Helpers come in the order they were
// first recorded.
func (j *Journal) Helped() []Helper {
	type key struct{ trigger, text string }
	at := map[key]int{}
	var out []Helper
	for _, d := range j.byTime() {
		if d.Trigger == "" || d.Helped == "" {
			continue
		}
		k := key{d.Trigger, mapfile.FoldText(d.Helped)}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Helper{Trigger: d.Trigger})
		}
		h := &out[i]
		h.Text = d.Helped
		h.Times++
		if d.helpedThisTime() {
			h.Helped++
		}
		if d.Before != nil && d.After != nil {
			h.Pairs++
			h.SumBefore += *d.Before
			h.SumAfter += *d.After
		}
	}
	return out
}

// HelpedWith is the record of what helped for one trigger with these
// words, and whether there is one.
func HelpedWith(helpers []Helper, trigger, text string) (Helper, bool) {
	f := mapfile.FoldText(text)
	for _, h := range helpers {
		if h.Trigger == trigger && mapfile.FoldText(h.Text) == f {
			return h, true
		}
	}
	return Helper{}, false
}

// byTime is the debriefs, oldest first.
func (j *Journal) byTime() []*Debrief {
	out := make([]*Debrief, len(j.Debriefs))
	for i := range j.Debriefs {
		out[i] = &j.Debriefs[i]
	}
	slices.SortStableFunc(out, func(a, b *Debrief) int { return compareRecords(a.At, a.ID, b.At, b.ID) })
	return out
}

func sortRecords(rs []Record) {
	slices.SortStableFunc(rs, func(a, b Record) int { return compareRecords(a.At(), a.ID(), b.At(), b.ID()) })
}

// compareRecords orders records by time, then by id (within a second).
func compareRecords(atA time.Time, idA string, atB time.Time, idB string) int {
	if c := atA.Compare(atB); c != 0 {
		return c
	}
	a, _ := idNumber(idA)
	b, _ := idNumber(idB)
	return cmp.Compare(a, b)
}
