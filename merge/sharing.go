package merge

import (
	"slices"
	"strings"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// Who may see an entry, as one value the three-way choice can compare:
// "" is every partner, "private" no one, and "with" followed by names,
// the partners named.
const (
	everyone  = ""
	private   = "private"
	withNames = "with"
	sep       = "\x00"
)

func sharingOf(r entry.Ref) string {
	switch {
	case *r.Private:
		return private
	case len(*r.ShareWith) > 0:
		return withNames + sep + strings.Join(*r.ShareWith, sep)
	}
	return everyone
}

func setSharing(r entry.Ref, v string) {
	*r.Private, *r.ShareWith = v == private, nil
	if rest, ok := strings.CutPrefix(v, withNames+sep); ok {
		*r.ShareWith = strings.Split(rest, sep)
	}
}

// sharing merges who may see an entry into res: the version that
// changed it; when both changed it differently, the more private — no
// one over some partners over every partner, and of two lists of
// partners only those both name (none: no one).
func (mg *merger) sharing(key string, b, o, t, res entry.Ref) {
	bv, ov, tv := sharingOf(b), sharingOf(o), sharingOf(t)
	v, ok := mg.pick(bv, ov, tv)
	if !ok {
		v = morePrivate(o, t)
		mg.note(mapfile.Notice{What: mapfile.NoticePrivate, Key: key, Field: "shared with",
			Ours: fit(sharingWords(ov)), Theirs: fit(sharingWords(tv))})
	}
	setSharing(res, v)
}

func morePrivate(o, t entry.Ref) string {
	switch {
	case *o.Private || *t.Private:
		return private
	case len(*o.ShareWith) == 0:
		return sharingOf(t)
	case len(*t.ShareWith) == 0:
		return sharingOf(o)
	}
	var both []string
	for _, n := range *o.ShareWith {
		if slices.ContainsFunc(*t.ShareWith, func(m string) bool { return mapfile.SamePartnerName(n, m) }) {
			both = append(both, n)
		}
	}
	if len(both) == 0 {
		return private
	}
	return withNames + sep + strings.Join(both, sep)
}

// sharingWords says who may see an entry, for a notice.
func sharingWords(v string) string {
	switch v {
	case everyone:
		return "every partner"
	case private:
		return "no one (private)"
	}
	names := strings.Split(strings.TrimPrefix(v, withNames+sep), sep)
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
