package merge

import (
	"slices"

	"github.com/attune-dev/attune/mapfile"
)

// history merges the histories of entries: the events of both, once
// each (an event one version dropped since the base — its entry removed,
// or too many for one entry — stays dropped), oldest first when theirs
// brought any, under the keys the merge kept.
func (mg *merger) history(b, o, t *mapfile.Map) []mapfile.HistoryEvent {
	var bl []mapfile.HistoryEvent
	if b != nil {
		bl = b.History
	}
	tl := slices.Clone(t.History)
	for i := range tl {
		if k, ok := mg.rekey[tl[i].Key]; ok {
			tl[i].Key = k
		}
	}
	ident := func(e mapfile.HistoryEvent) eventID {
		return eventID{e.Key, e.At.UnixNano(), e.Event, e.Field, e.From, e.To}
	}
	out := mergeSet(mg.hasBase, ids(bl, ident), ids(o.History, ident), ids(tl, ident))
	byID := make(map[eventID]mapfile.HistoryEvent, len(o.History)+len(tl))
	for _, l := range [][]mapfile.HistoryEvent{o.History, tl} {
		for _, e := range l {
			byID[ident(e)] = e
		}
	}
	events := make([]mapfile.HistoryEvent, len(out))
	for i, id := range out {
		events[i] = byID[id]
	}
	if len(events) > len(o.History) {
		slices.SortStableFunc(events, func(a, b mapfile.HistoryEvent) int { return a.At.Compare(b.At) })
	}
	return events
}

type noticeID struct {
	at                                            int64
	what, key, setting, field, ours, theirs, copy string
}

type eventID struct {
	key   string
	at    int64
	event string
	field string
	from  string
	to    string
}

func ids[E any, I comparable](l []E, ident func(E) I) []I {
	out := make([]I, len(l))
	for i, e := range l {
		out[i] = ident(e)
	}
	return out
}

// oldNotices merges the notices both versions already had: those of
// both, once each, seen if either has seen it; one the person dealt with
// in either (a conflict set since) stays gone.
func (mg *merger) oldNotices(b, o, t *mapfile.Map) []mapfile.Notice {
	var bl []mapfile.Notice
	if b != nil {
		bl = b.Notices
	}
	tl := slices.Clone(t.Notices)
	for i := range tl {
		if k, ok := mg.rekey[tl[i].Key]; ok {
			tl[i].Key = k
		}
	}
	ident := func(n mapfile.Notice) noticeID {
		return noticeID{n.At.UnixNano(), n.What, n.Key, n.Setting, n.Field, n.Ours, n.Theirs, n.Copy}
	}
	out := mergeSet(mg.hasBase, ids(bl, ident), ids(o.Notices, ident), ids(tl, ident))
	byID := map[noticeID]mapfile.Notice{}
	for _, l := range [][]mapfile.Notice{o.Notices, tl} {
		for _, n := range l {
			was, ok := byID[ident(n)]
			n.Seen = n.Seen || ok && was.Seen
			byID[ident(n)] = n
		}
	}
	res := make([]mapfile.Notice, len(out))
	for i, id := range out {
		res[i] = byID[id]
	}
	// A new conflict on a setting takes the place of an older one.
	for _, n := range mg.notices {
		if n.What == mapfile.NoticeConflict {
			res = slices.DeleteFunc(res, func(x mapfile.Notice) bool { return x.What == mapfile.NoticeConflict && x.Setting == n.Setting })
		}
	}
	return res
}
