// Package merge brings together two versions of one's own map that were
// changed apart — on two devices since they last synced, or in a copy a
// sync tool made beside the map — so that every change made on either
// is kept. It is a three-way merge against the version both started
// from (the base), field by field, with entries matched by their hidden
// keys; where both changed the same field differently, it never makes
// the map less cautious than either version, never loses words, and
// records a Notice for the person to look at. It is pure: no files, no
// git, no terminal.
package merge

import (
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// Options are what a merge needs beside the three versions.
type Options struct {
	// At is when the merge is made, the time of its notices (zero: now).
	At time.Time
	// Tag is this device's tag (mapfile.SetDeviceTag), for the ids the
	// merge hands out: to an entry kept twice, and to one from the other
	// version whose id is taken.
	Tag string
}

// Merge merges ours and theirs, two versions of one's own map changed
// apart since base, and returns the merged map and what it decided that
// the person should look at (also recorded in the map's Notices). base
// may be nil when no common version is known (a copy a sync tool made):
// then nothing counts as removed, and a value one version has and the
// other lacks is taken.
//
// The three maps are only read. The result holds every entry and
// setting of both, as these rules keep them:
//
//   - A field only one version changed: that version's.
//   - Both changed it to the same: that.
//   - Both changed it differently: a light or an intensity, the more
//     cautious (STOP over ASK FIRST over GO; high over medium over low);
//     a note, a condition or what helps, both, joined; who may see the
//     entry, the more private (private over some partners over all, and
//     only the partners both name); a category, a kind or a time, ours;
//     the words of the entry, both, as two entries. Each is a notice.
//   - An entry removed in one and changed in the other is kept, with a
//     notice; removed in one and unchanged in the other, removed.
//   - An entry added in both, with the same words (or from the same
//     starter-list item) in the same section, becomes one.
//   - The name or the anchor changed differently: ours, with a notice;
//     the stop word, the signal, or what to do if one freezes or stops:
//     ours for now, and a conflict that export waits on until it is set.
//   - A partner removed in one is removed; one added in either is kept;
//     keys changed differently: ours, with a notice.
//   - Id counters: the higher. History and notices: both, once.
func Merge(base, ours, theirs *mapfile.Map) (*mapfile.Map, []mapfile.Notice) {
	return MergeWith(base, ours, theirs, Options{})
}

// MergeWith is Merge with options.
func MergeWith(base, ours, theirs *mapfile.Map, opt Options) (*mapfile.Map, []mapfile.Notice) {
	mg := &merger{at: opt.At, tag: opt.Tag, hasBase: base != nil, rekey: map[string]string{}, fresh: map[string]bool{}, theirs: map[string]bool{}}
	if mg.at.IsZero() {
		mg.at = time.Now()
	}
	mg.at = mg.at.UTC().Truncate(time.Second)
	b, o, t := normalize(base, ours, theirs)
	res := o.Clone()
	mg.settings(b, o, t, res)
	// The person's keys go together, from the side that changed them
	// last (a rotation, or the first move of the keys into the map):
	// never a signing key of one side with the person key of the other.
	if t.KeysChanged.After(o.KeysChanged) || o.PersonKey == "" && t.PersonKey != "" {
		res.KeepKeys(t)
	} else {
		res.KeepKeys(o)
	}
	mg.entries(b, o, t, res)
	res.BoundarySeq = max(o.BoundarySeq, t.BoundarySeq)
	res.TriggerSeq = max(o.TriggerSeq, t.TriggerSeq)
	res.SignSeq = max(o.SignSeq, t.SignSeq)
	res.AftercareSeq = max(o.AftercareSeq, t.AftercareSeq)
	res.CuriousSeq = max(o.CuriousSeq, t.CuriousSeq)
	res.Version = max(o.Version, t.Version)
	mg.giveIDs(res)
	res.Partners = mg.partners(b, o, t)
	res.History = nil
	res.Record(mg.history(b, o, t)...)
	res.Record(mg.events...)
	res.PruneHistory()
	res.Notices = mg.oldNotices(b, o, t)
	res.AddNotices(mg.notices...)
	res.SetDeviceTag(ours.DeviceTag())
	return res, mg.notices
}

// merger is one merge under way.
type merger struct {
	at      time.Time
	tag     string
	hasBase bool
	notices []mapfile.Notice
	// events are the history of what the merge decided for a field
	// both versions changed.
	events []mapfile.HistoryEvent
	// rekey maps the key of an entry of theirs that became one with an
	// entry of ours (added in both) to ours' key.
	rekey map[string]string
	// fresh: entries (by key) made by the merge, which need an id;
	// theirs: entries (by key) that came from theirs alone, whose id
	// may be taken.
	fresh, theirs map[string]bool
}

func (mg *merger) note(n mapfile.Notice) {
	n.At, n.NoBase = mg.at, !mg.hasBase
	mg.notices = append(mg.notices, n)
}

// pick is the three-way choice of one value: the version that changed
// it, or ours and false when both changed it differently. Without a
// base, a value only one version has is taken.
func (mg *merger) pick(b, o, t string) (string, bool) {
	switch {
	case o == t:
		return o, true
	case mg.hasBase && o == b:
		return t, true
	case mg.hasBase && t == b:
		return o, true
	case !mg.hasBase && o == "":
		return t, true
	case !mg.hasBase && t == "":
		return o, true
	}
	return o, false
}

// giveIDs gives an id to every entry the merge made, and a new one to
// every entry from theirs whose id an entry of ours has: ours come first
// in each list, so they keep theirs.
func (mg *merger) giveIDs(res *mapfile.Map) {
	if len(mg.fresh) == 0 && len(mg.theirs) == 0 {
		return
	}
	res.SetDeviceTag(mg.tag)
	seen := make(map[string]bool, res.Count())
	type renumber struct {
		sec mapfile.Section
		r   entry.Ref
	}
	var later []renumber
	res.Each(func(sec mapfile.Section, r entry.Ref) {
		switch {
		case mg.fresh[*r.Key]:
			later = append(later, renumber{sec, r})
		case seen[*r.ID] && mg.theirs[*r.Key]:
			later = append(later, renumber{sec, r})
		default:
			seen[*r.ID] = true
		}
	})
	for _, x := range later {
		old := *x.r.ID
		*x.r.ID = res.NextID(x.sec)
		if !mg.fresh[*x.r.Key] {
			mg.note(mapfile.Notice{What: mapfile.NoticeRenumbered, Key: *x.r.Key, Ours: *x.r.ID, Theirs: old})
		}
	}
}
