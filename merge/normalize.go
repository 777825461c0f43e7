package merge

import (
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// normalize copies the three versions, and gives every entry without a
// hidden key (a map from before keys, which gets them on its first
// write) one that matches it with the same entry in the other versions:
// by its id, which in versions of one map names one entry (an id is
// never given twice). Two devices that each gave a keyless entry a key
// of their own then still meet: theirs takes the key the base's entry
// takes from ours.
func normalize(base, ours, theirs *mapfile.Map) (b, o, t *mapfile.Map) {
	o, t = ours.Clone(), theirs.Clone()
	if base != nil {
		b = base.Clone()
	}
	if !lacksKeys(b) && !lacksKeys(o) && !lacksKeys(t) {
		return b, o, t
	}
	ok, tk := keysByID(o), keysByID(t)
	baseKeyless := map[string]bool{}
	if b != nil {
		b.Each(func(_ mapfile.Section, r entry.Ref) {
			if *r.Key == "" {
				*r.Key = first(ok[*r.ID], tk[*r.ID])
				baseKeyless[*r.ID] = true
			}
		})
	}
	bk := keysByID(b)
	giveKeys(o, bk, tk, nil)
	giveKeys(t, bk, keysByID(o), baseKeyless)
	return b, o, t
}

// giveKeys gives each entry of m without a key the key its id has in
// one of the others, else a new one; and an entry whose id the base
// knew only without a key, the key the base's entry took (realign).
func giveKeys(m *mapfile.Map, bk, other map[string]string, realign map[string]bool) {
	used := map[string]bool{}
	m.Each(func(_ mapfile.Section, r entry.Ref) { used[*r.Key] = true })
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		switch {
		case *r.Key == "":
			k := first(bk[*r.ID], other[*r.ID])
			if used[k] {
				k = mapfile.NewKey()
			}
			*r.Key, used[k] = k, true
		case realign[*r.ID] && bk[*r.ID] != *r.Key && !used[bk[*r.ID]]:
			*r.Key, used[bk[*r.ID]] = bk[*r.ID], true
		}
	})
}

// first is the first key that is not empty, else a new one.
func first(keys ...string) string {
	for _, k := range keys {
		if k != "" {
			return k
		}
	}
	return mapfile.NewKey()
}

func lacksKeys(m *mapfile.Map) bool {
	lacks := false
	if m != nil {
		m.Each(func(_ mapfile.Section, r entry.Ref) { lacks = lacks || *r.Key == "" })
	}
	return lacks
}

// keysByID is the key of each entry that has one, by its id.
func keysByID(m *mapfile.Map) map[string]string {
	out := map[string]string{}
	if m != nil {
		m.Each(func(_ mapfile.Section, r entry.Ref) {
			if *r.Key != "" {
				out[*r.ID] = *r.Key
			}
		})
	}
	return out
}
