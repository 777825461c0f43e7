package export

import (
	"strings"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// Changes is what changed between two exports of the same person's map.
// Entries are matched by id, which stays with an entry for life.
type Changes struct {
	// Since is when the earlier version was exported (zero if unknown).
	Since time.Time

	NewBoundaries     map[boundaries.Light]int
	NewTriggers       int
	RemovedBoundaries int
	RemovedTriggers   int
	ChangedBoundaries int // changed, light the same
	ChangedTriggers   int
	// LightChanges counts boundaries whose light changed, by the lights
	// before and after: a STOP that became a GO is said as such, never
	// folded into "1 boundary changed".
	LightChanges map[LightChange]int

	Name, Safeword, Signal bool // whether each changed
}

// LightChange is a boundary's light before and after.
type LightChange struct{ From, To boundaries.Light }

// Diff compares an earlier version of a map with a newer one.
func Diff(old, new *mapfile.Map) Changes {
	c := Changes{Since: old.Exported, NewBoundaries: map[boundaries.Light]int{}, LightChanges: map[LightChange]int{}}
	oldB := make(map[string]boundaries.Boundary, len(old.Boundaries))
	for _, b := range old.Boundaries {
		oldB[b.ID] = b
	}
	for _, b := range new.Boundaries {
		prev, ok := oldB[b.ID]
		switch {
		case !ok:
			c.NewBoundaries[b.Light]++
		case prev.Light != b.Light:
			c.LightChanges[LightChange{prev.Light, b.Light}]++
		case !sameBoundary(prev, b):
			c.ChangedBoundaries++
		}
		delete(oldB, b.ID)
	}
	c.RemovedBoundaries = len(oldB)

	oldT := make(map[string]triggers.Trigger, len(old.Triggers))
	for _, t := range old.Triggers {
		oldT[t.ID] = t
	}
	for _, t := range new.Triggers {
		prev, ok := oldT[t.ID]
		switch {
		case !ok:
			c.NewTriggers++
		case !sameTrigger(prev, t):
			c.ChangedTriggers++
		}
		delete(oldT, t.ID)
	}
	c.RemovedTriggers = len(oldT)

	c.Name = old.Name != new.Name
	c.Safeword = old.Safeword != new.Safeword
	c.Signal = old.Signal != new.Signal
	return c
}

// sameBoundary compares what a partner sees of a boundary (not when it
// was added).
func sameBoundary(a, b boundaries.Boundary) bool {
	return a.Light == b.Light && a.Text == b.Text && a.Note == b.Note && a.Private == b.Private
}

func sameTrigger(a, b triggers.Trigger) bool {
	return a.Category == b.Category && a.Text == b.Text && a.Intensity == b.Intensity &&
		a.Helps == b.Helps && a.Note == b.Note && a.Private == b.Private
}

// None reports whether nothing changed.
func (c Changes) None() bool {
	return len(c.items()) == 0
}

func (c Changes) items() []string {
	var out []string
	// Changes of light first: they matter most.
	for _, from := range boundaries.Lights {
		for _, to := range boundaries.Lights {
			if n := c.LightChanges[LightChange{from, to}]; n > 0 {
				out = append(out, Count(n, "boundary", "boundaries")+" changed light: "+from.Label()+" → "+to.Label())
			}
		}
	}
	for _, l := range boundaries.Lights {
		if n := c.NewBoundaries[l]; n > 0 {
			out = append(out, Count(n, "new "+string(l)+" light", "new "+string(l)+" lights"))
		}
	}
	if c.NewTriggers > 0 {
		out = append(out, Count(c.NewTriggers, "new trigger", "new triggers"))
	}
	if c.RemovedBoundaries > 0 {
		out = append(out, Count(c.RemovedBoundaries, "boundary", "boundaries")+" removed")
	}
	if c.RemovedTriggers > 0 {
		out = append(out, Count(c.RemovedTriggers, "trigger", "triggers")+" removed")
	}
	if c.ChangedBoundaries > 0 {
		out = append(out, Count(c.ChangedBoundaries, "boundary", "boundaries")+" changed")
	}
	if c.ChangedTriggers > 0 {
		out = append(out, Count(c.ChangedTriggers, "trigger", "triggers")+" changed")
	}
	if c.Safeword {
		out = append(out, "stop word changed")
	}
	if c.Signal {
		out = append(out, "stop signal changed")
	}
	if c.Name {
		out = append(out, "name changed")
	}
	return out
}

// now is the clock Summary reads to decide whether to print the year.
var now = time.Now

// Summary says what changed in one line, e.g. "since 3 October: 2 new
// red lights, 1 trigger removed, 1 boundary changed", or "no changes
// since 3 October".
func (c Changes) Summary() string {
	since := "since the last import"
	if !c.Since.IsZero() {
		since = "since " + Day(c.Since)
	}
	items := c.items()
	if len(items) == 0 {
		return "no changes " + since
	}
	return since + ": " + strings.Join(items, ", ")
}

// Day says the local day of t: "3 October", with the year when it is not
// this year ("3 October 2025").
func Day(t time.Time) string {
	t = t.Local()
	if t.Year() == now().Year() {
		return t.Format("2 January")
	}
	return t.Format("2 January 2006")
}
