package changes

import (
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
)

// Change compares two versions of one's own map, before and after one
// change, as Compare does, but cheaply: only the entries that may differ
// are compared (mapfile.Differing), a change being most often one entry
// of many. An entry of before without a hidden key (a map from before
// keys, on the write that gives them) is matched by its id, which is the
// same entry's within one change.
func Change(before, after *mapfile.Map) Report {
	b, a := mapfile.Differing(before, after)
	if b.Count() > 0 && lacksKeys(b) {
		b = withKeysOf(b, after)
	}
	r := Compare(b, a)
	r.Since, r.Settings = before.Exported, compareSettings(before, after)
	return r
}

// Record adds to after's history what changed in each entry since
// before (Change) — one "changed" event a field, at time at, with its
// values as a report words them — and forgets the history of the
// entries removed. after's entries all have their hidden keys.
func Record(before, after *mapfile.Map, at time.Time) {
	var events []mapfile.HistoryEvent
	removed := false
	for _, e := range Change(before, after).Entries {
		removed = removed || e.Kind == Removed
		if e.Kind != Changed || e.Key == "" {
			continue
		}
		for _, f := range e.Fields {
			events = append(events, mapfile.HistoryEvent{Key: e.Key, At: at, Event: mapfile.EventChanged,
				Field: f.Name, From: fit(f.From), To: fit(f.To)})
		}
	}
	after.Record(events...)
	if removed {
		after.PruneHistory()
	}
}

func lacksKeys(m *mapfile.Map) bool {
	lacks := false
	m.Each(func(_ mapfile.Section, r entry.Ref) { lacks = lacks || *r.Key == "" })
	return lacks
}

// withKeysOf is a copy of before whose entries without a hidden key have
// the key of the entry with the same id in after.
func withKeysOf(before, after *mapfile.Map) *mapfile.Map {
	keys := make(map[string]string, after.Count())
	after.Each(func(_ mapfile.Section, r entry.Ref) { keys[*r.ID] = *r.Key })
	c := before.Clone()
	c.Each(func(_ mapfile.Section, r entry.Ref) {
		if *r.Key == "" {
			*r.Key = keys[*r.ID]
		}
	})
	return c
}

// fit keeps a value within what a history may hold: every field's value
// is stored text already, but a list of partners an entry is shared with
// may be longer than one field.
func fit(v string) string {
	if textcheck.CheckLines("", v, true) == nil {
		return v
	}
	v = textwidth.Truncate(v, textcheck.MaxLen)
	if textcheck.CheckLines("", v, true) != nil {
		return ""
	}
	return v
}
