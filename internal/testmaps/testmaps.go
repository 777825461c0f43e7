// Package testmaps makes invented maps and journals of any size, for
// benchmarks, the benchmark script's generator and reliability tests.
package testmaps

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// Sample returns a valid map of n entries with plain, respectful
// invented text of realistic length: boundaries and triggers in turn,
// with every tenth pair a sign, and then aftercare or a curiosity, so
// that every part of the schema is there from n = 10 on.
func Sample(n int) *mapfile.Map {
	m := mapfile.New()
	m.Name = "Sam"
	m.Safeword = "pineapple"
	m.Signal = "two taps on the shoulder"
	m.IfFrozen = "Stop, sit beside me, and say my name softly"
	m.IfWeStop = "Let go of me, stay close, and ask what I need"
	added := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < n; i++ {
		switch {
		case i%10 == 8:
			m.Signs = append(m.Signs, signs.Sign{
				ID: fmt.Sprintf("s%d", len(m.Signs)+1), Kind: signs.Kinds[len(m.Signs)%2],
				Text: fmt.Sprintf("Sample sign number %d", i), Added: added,
			})
		case i%20 == 9:
			m.Aftercare = append(m.Aftercare, aftercare.Care{
				ID: fmt.Sprintf("a%d", len(m.Aftercare)+1), When: aftercare.Whens[len(m.Aftercare)%3],
				Text: fmt.Sprintf("Sample aftercare number %d: a blanket and some water", i), Added: added,
			})
		case i%10 == 9:
			m.Curious = append(m.Curious, curious.Curiosity{
				ID: fmt.Sprintf("c%d", len(m.Curious)+1), Text: fmt.Sprintf("Sample curiosity number %d", i), Added: added,
			})
		case i%2 == 0:
			b := boundaries.Boundary{
				ID: fmt.Sprintf("b%d", len(m.Boundaries)+1), Light: boundaries.Lights[i%3],
				Text:  fmt.Sprintf("Sample boundary number %d, written in plain words", i),
				Note:  "a short note for your partner",
				Added: added,
			}
			if b.Light == boundaries.Yellow && len(m.Boundaries)%2 == 0 {
				b.OnlyIf = "we have talked about it first"
			}
			m.Boundaries = append(m.Boundaries, b)
		default:
			m.Triggers = append(m.Triggers, triggers.Trigger{
				ID: fmt.Sprintf("t%d", len(m.Triggers)+1), Category: triggers.Categories[i%len(triggers.Categories)],
				Text:      fmt.Sprintf("Sample trigger number %d", i),
				Intensity: triggers.Medium, Helps: "slow down, check in, offer water",
				Added: added,
			})
		}
	}
	m.BoundarySeq, m.TriggerSeq = len(m.Boundaries), len(m.Triggers)
	m.SignSeq, m.AftercareSeq, m.CuriousSeq = len(m.Signs), len(m.Aftercare), len(m.Curious)
	return m
}

// WithHistory gives every entry of m a hidden key (made from its place,
// so that the same map is made every time) and a history as attune
// review and edit leave one: every third entry looked at again a month
// after it was added, every fifth with its text changed, every fourth
// boundary with its light changed. It returns m.
func WithHistory(m *mapfile.Map) *mapfile.Map {
	var events []mapfile.HistoryEvent
	i := 0
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		i++
		if *r.Key == "" {
			*r.Key = key(i)
		}
		at := r.Added.AddDate(0, 1, 0)
		if i%5 == 0 {
			events = append(events, mapfile.HistoryEvent{Key: *r.Key, At: at, Event: mapfile.EventChanged, Field: "text", From: "Earlier words for it", To: *r.Text})
		}
		if i%3 == 0 {
			events = append(events, mapfile.HistoryEvent{Key: *r.Key, At: at.Add(time.Hour), Event: mapfile.EventReviewed})
		}
	})
	for j, b := range m.Boundaries {
		if j%4 == 3 {
			events = append(events, mapfile.HistoryEvent{Key: b.Key, At: b.Added.AddDate(0, 2, 0), Event: mapfile.EventChanged,
				Field: "light", From: boundaries.Lights[(b.Light.Rank()+1)%3].Shown(), To: b.Light.Shown()})
		}
	}
	m.Record(events...)
	return m
}

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// key is a hidden entry key made from a number.
func key(n int) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[8:], uint64(n))
	return strings.ToLower(keyEncoding.EncodeToString(b[:]))
}

// Journal returns a valid journal of n invented records, check-ins and
// debriefs in turn, of realistic length; the debriefs name the triggers
// whose hidden keys are given (none: no trigger) and what helped, with
// distress before and after, so that every field of the schema is
// there from n = 4 on.
func Journal(n int, triggerKeys []string) *journal.Journal {
	j := journal.New()
	at := time.Date(2026, 1, 2, 20, 0, 0, 0, time.UTC)
	level := func(v int) *int { return &v }
	helpers := []string{"Open a window", "Name five things I can see", "A glass of water, and time"}
	for i := 0; i < n; i++ {
		at = at.Add(7 * time.Hour)
		if i%2 == 0 {
			j.AddCheckIn(journal.CheckIn{
				At: at, Feelings: []journal.Feeling{journal.FeelingWords.Values()[i%6], journal.Relaxed},
				Words: "a little tired after work", Distress: level(i % 11), State: journal.StateWords.Values()[i%3],
				Note: fmt.Sprintf("Sample check-in number %d, in plain words", i),
			})
			continue
		}
		d := journal.Debrief{
			At: at, Good: "Going slowly, and being asked", Change: "Less talking at the start",
			Helped: helpers[i%3], Before: level(4 + i%7), After: level(i % 6),
			Needed: "A blanket and some quiet", GotIt: journal.AnswerWords.Values()[i%3],
			Note: fmt.Sprintf("Sample debrief number %d: remember to ask for water", i),
		}
		if len(triggerKeys) > 0 {
			d.Trigger = triggerKeys[i%len(triggerKeys)]
		}
		j.AddDebrief(d)
	}
	return j
}

// Changed is a copy of m with k changes made on a device with tag, as
// two devices change one map apart before they sync: lights, triggers'
// intensities, notes, boundaries added and triggers removed, spread over
// the map; side (0 or 1) shifts which entries, so that two sides change
// some of the same ones, differently.
func Changed(m *mapfile.Map, k, side int, tag string) *mapfile.Map {
	c := m.Clone()
	c.SetDeviceTag(tag)
	added := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	for i := 0; i < k; i++ {
		bi := (i*7 + side*3) % len(c.Boundaries)
		ti := (i*5 + side) % len(c.Triggers)
		switch i % 5 {
		case 0:
			c.Boundaries[bi].SetLight(boundaries.Lights[(i+side)%3])
		case 1:
			c.Triggers[ti].Intensity = []triggers.Intensity{triggers.Low, triggers.High}[side%2]
		case 2:
			c.Boundaries[bi].Note = []string{"gently", "slowly"}[side%2]
		case 3:
			c.Boundaries = append(c.Boundaries, boundaries.Boundary{ID: c.NextID(mapfile.BoundarySection), Key: key(1_000_000*(side+1) + i),
				Light: boundaries.Red, Text: fmt.Sprintf("Something new, number %d from side %d", i, side), Added: added})
		case 4:
			c.Remove(c.Triggers[ti].ID)
		}
	}
	c.PruneHistory()
	return c
}
