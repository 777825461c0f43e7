package app

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// `attune history [ID]`: when each entry was added, changed (what, from
// what, to what) and looked at again (attune review). It reads one's own
// map only: the history never leaves it.

func historyAction(x *ctx) error {
	id := x.Args().First()
	return withSession(x, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		if id != "" {
			if _, _, ok := m.Find(id); !ok {
				return unknownID(id)
			}
		}
		if m.Count() == 0 {
			fmt.Fprintln(x.out(), "your map has no entries yet, so there is no history to show")
			return nil
		}
		p := newPrinter(x.out(), x.io.Colour(), x.io.Width)
		h := historyView{m: m, events: m.HistoryByKey(), now: x.io.Now(), named: map[string]changes.Entry{}}
		for _, e := range changes.List(m) {
			h.named[e.ID] = e
		}
		first := true
		m.Sorted().Each(func(_ mapfile.Section, r entry.Ref) {
			if id != "" && *r.ID != id {
				return
			}
			if !first {
				p.printf("\n")
			}
			first = false
			h.entry(p, r)
		})
		return p.err
	})
}

// historyView is what the history of every entry is read from, once.
type historyView struct {
	m      *mapfile.Map
	events map[string][]mapfile.HistoryEvent // by hidden key
	named  map[string]changes.Entry          // how each entry is named, by id
	now    time.Time
}

// entry writes one entry, as a change line names it ("b3 ■ STOP: Being
// held down"), then what happened to it, oldest first, a line each.
func (h historyView) entry(p *printer, r entry.Ref) {
	e := h.named[*r.ID]
	p.para("", "    ", safe(e.ID+" "+e.Shown+": "+e.Text)+p.sharingMark(*r.Private, *r.ShareWith), "", "")
	added := "added (the day was not recorded)"
	if !r.Added.IsZero() {
		added = day(*r.Added, h.now) + ": added"
	}
	p.para("  ", "    ", added, "", "")
	if *r.Key == "" {
		return
	}
	for _, ev := range eventsInOrder(h.events[*r.Key]) {
		p.para("  ", "    ", day(ev.At, h.now)+": "+historyWords(ev), "", "")
	}
}

// eventsInOrder is a history oldest first; within one second, a change
// before the look that kept it (review records both at once).
func eventsInOrder(events []mapfile.HistoryEvent) []mapfile.HistoryEvent {
	slices.SortStableFunc(events, func(a, b mapfile.HistoryEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(eventRank(a), eventRank(b))
	})
	return events
}

func eventRank(e mapfile.HistoryEvent) int {
	if e.Event == mapfile.EventReviewed {
		return 1
	}
	return 0
}

// historyWords says what one event was: "light: ▲ ASK FIRST → ■ STOP",
// "note added: a voice first", "looked at again".
func historyWords(e mapfile.HistoryEvent) string {
	if e.Event == mapfile.EventReviewed {
		return "looked at again"
	}
	from, to := oneLineSafe(e.From), oneLineSafe(e.To)
	switch e.Field {
	case "light", "category", "kind", "when", "intensity":
		return e.Field + ": " + orNone(from) + " → " + orNone(to)
	case "private":
		if e.To != "" {
			return "made private"
		}
		return "no longer private"
	case "shared with":
		if e.To == "" {
			return "shared with every partner (was: only " + from + ")"
		}
		return "shared only with " + to
	}
	switch {
	case e.From == "":
		return e.Field + " added: " + to
	case e.To == "":
		return e.Field + " cleared (was: " + from + ")"
	}
	return e.Field + ": " + from + " → " + to
}
