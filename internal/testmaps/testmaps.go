// Package testmaps makes invented maps of any size, for benchmarks, the
// benchmark script's generator and reliability tests.
package testmaps

import (
	"fmt"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// Sample returns a valid map of n entries, half boundaries and half
// triggers, with plain, respectful invented text of realistic length.
func Sample(n int) *mapfile.Map {
	m := mapfile.New()
	m.Name = "Sam"
	m.Safeword = "pineapple"
	m.Signal = "two taps on the shoulder"
	added := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			m.Boundaries = append(m.Boundaries, boundaries.Boundary{
				ID: fmt.Sprintf("b%d", len(m.Boundaries)+1), Light: boundaries.Lights[i%3],
				Text:  fmt.Sprintf("Sample boundary number %d, written in plain words", i),
				Note:  "a short note for your partner",
				Added: added,
			})
		} else {
			m.Triggers = append(m.Triggers, triggers.Trigger{
				ID: fmt.Sprintf("t%d", len(m.Triggers)+1), Category: triggers.Categories[i%len(triggers.Categories)],
				Text:      fmt.Sprintf("Sample trigger number %d", i),
				Intensity: triggers.Medium, Helps: "slow down, check in, offer water",
				Added: added,
			})
		}
	}
	m.BoundarySeq, m.TriggerSeq = len(m.Boundaries), len(m.Triggers)
	return m
}
