package app

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
)

// `attune helped [ID]`: what was tried for each trigger, and how it
// went, from the debriefs. "Helped N of M" counts the debriefs that
// record a helper for a trigger (M) and, of those, the ones where
// distress went down, or that said it helped (N); with the averages
// before and after. No other score, no percentages: it never leaves the
// machine, and it is there to help choose, not to grade.

func helpedAction(x *ctx) error {
	id := x.Args().First()
	return withSession(x, func(s *session) error {
		m, j, err := openJournal(s)
		if err != nil {
			return err
		}
		key := ""
		if id != "" {
			t := m.Trigger(id)
			if t == nil {
				return notATrigger(m, id)
			}
			key = t.Key
		}
		lines := helpedLines(m, j.Helped(), key)
		if len(lines) == 0 {
			what := "any trigger"
			if id != "" {
				what = id
			}
			fmt.Fprintf(x.out(), "Nothing recorded yet for %s. When a debrief names a trigger and what helped, it shows here.\n", what)
			return nil
		}
		for _, l := range lines {
			x.reporter().line("", l)
		}
		return nil
	})
}

// notATrigger refuses an id that is no trigger of the map.
func notATrigger(m *mapfile.Map, id string) error {
	if sec, _, ok := m.Find(id); ok {
		return fail("`attune list triggers` shows your triggers with their ids", "%s is a %s, not a trigger", safe(id), sec.Name)
	}
	return fail("`attune list triggers` shows your triggers with their ids", "there is no trigger with the id %q", oneLine(id))
}

// helpedLines are the helpers of every trigger (or of the trigger with
// key only), the triggers in the map's order and those no longer in the
// map last, each trigger's helpers the most helpful first.
func helpedLines(m *mapfile.Map, helpers []journal.Helper, only string) []string {
	order := map[string]int{}
	for i, t := range m.SortedTriggers() {
		if t.Key != "" {
			order[t.Key] = i
		}
	}
	rank := func(h journal.Helper) int {
		if i, ok := order[h.Trigger]; ok {
			return i
		}
		return len(order)
	}
	hs := slices.DeleteFunc(slices.Clone(helpers), func(h journal.Helper) bool { return only != "" && h.Trigger != only })
	slices.SortStableFunc(hs, func(a, b journal.Helper) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(b.Helped, a.Helped), cmp.Compare(a.Times, b.Times))
	})
	var out []string
	for _, h := range hs {
		out = append(out, helperLine(m, h))
	}
	return out
}

// helperLine is `t3 A belt buckle — "Open a window": helped 3 of 4
// times, distress 7 → 3 on average`.
func helperLine(m *mapfile.Map, h journal.Helper) string {
	times := "times"
	if h.Times == 1 {
		times = "time"
	}
	s := fmt.Sprintf("%s — \"%s\": helped %d of %d %s", triggerName(m, h.Trigger), oneLineSafe(h.Text), h.Helped, h.Times, times)
	if before, after, ok := h.Averages(); ok {
		s += ", distress " + average(before) + " → " + average(after) + " on average"
	}
	return s
}

// average is a mean to one decimal, without ".0": 7, 6.5.
func average(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}
