package merge

import (
	"slices"
	"strings"
	"time"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// entryKind is what each kind of entry offers the merge.
type entryKind[T any] interface {
	*T
	Ref() entry.Ref
	Validate() error
}

// kind is one section as the merge sees it: its list in a map, its own
// fields, and how two entries compare.
type kind[T any, P entryKind[T]] struct {
	sec    mapfile.Section
	list   func(m *mapfile.Map) *[]T
	fields []field[T]
	equal  func(a, b T) bool
}

// The kinds, in the order of the map's sections.
var (
	boundaryKind = kind[boundaries.Boundary, *boundaries.Boundary]{mapfile.BoundarySection,
		func(m *mapfile.Map) *[]boundaries.Boundary { return &m.Boundaries }, boundaryFields, boundaries.Boundary.Equal}
	triggerKind = kind[triggers.Trigger, *triggers.Trigger]{mapfile.TriggerSection,
		func(m *mapfile.Map) *[]triggers.Trigger { return &m.Triggers }, triggerFields, triggers.Trigger.Equal}
	signKind = kind[signs.Sign, *signs.Sign]{mapfile.SignSection,
		func(m *mapfile.Map) *[]signs.Sign { return &m.Signs }, signFields, signs.Sign.Equal}
	careKind = kind[aftercare.Care, *aftercare.Care]{mapfile.AftercareSection,
		func(m *mapfile.Map) *[]aftercare.Care { return &m.Aftercare }, careFields, aftercare.Care.Equal}
	curiousKind = kind[curious.Curiosity, *curious.Curiosity]{mapfile.CuriousSection,
		func(m *mapfile.Map) *[]curious.Curiosity { return &m.Curious }, curiousFields, curious.Curiosity.Equal}
)

// entries merges every section of b, o and t into res.
func (mg *merger) entries(b, o, t, res *mapfile.Map) {
	mergeKind(mg, b, o, t, res, boundaryKind)
	mergeKind(mg, b, o, t, res, triggerKind)
	mergeKind(mg, b, o, t, res, signKind)
	mergeKind(mg, b, o, t, res, careKind)
	mergeKind(mg, b, o, t, res, curiousKind)
}

// mergeKind merges one section: ours' entries in their order (each
// merged with theirs' version, kept or removed), then those only theirs
// has, in their order.
func mergeKind[T any, P entryKind[T]](mg *merger, b, o, t, res *mapfile.Map, k kind[T, P]) {
	var bl []T
	if b != nil {
		bl = *k.list(b)
	}
	ol, tl := *k.list(o), *k.list(t)
	sm := &sectionMerge[T, P]{mg: mg, k: k, base: index[T, P](bl), ours: index[T, P](ol), theirs: index[T, P](tl),
		out: make([]T, 0, max(len(ol), len(tl)))}
	for i := range ol {
		sm.fromOurs(&ol[i])
	}
	for i := range tl {
		sm.fromTheirs(&tl[i])
	}
	*k.list(res) = sm.out
}

// sectionMerge is the merge of one section under way.
type sectionMerge[T any, P entryKind[T]] struct {
	mg                 *merger
	k                  kind[T, P]
	base, ours, theirs map[string]*T
	out                []T
	// added: the places in out of entries only ours has, which one only
	// theirs has may turn out to be.
	added []int
}

// fromOurs merges an entry of ours: with theirs' version, or kept, or
// (removed there, unchanged here) left out.
func (sm *sectionMerge[T, P]) fromOurs(e *T) {
	key := *P(e).Ref().Key
	be, inBase := sm.base[key]
	te, inTheirs := sm.theirs[key]
	switch {
	case inTheirs:
		sm.out = mergeOne(sm.mg, sm.k, sm.out, be, e, te)
	case inBase && sm.mg.hasBase:
		if sm.k.equal(*be, *e) {
			return // removed there, unchanged here: removed
		}
		sm.out = append(sm.out, cloneEntry[T, P](e))
		sm.mg.note(mapfile.Notice{What: mapfile.NoticeKept, Key: key, Ours: "changed", Theirs: "removed"})
	default:
		sm.added = append(sm.added, len(sm.out))
		sm.out = append(sm.out, cloneEntry[T, P](e))
	}
}

// fromTheirs takes an entry only theirs has: kept (changed there,
// removed here, or added there), left out (removed here, unchanged
// there), or made one with the same entry added here.
func (sm *sectionMerge[T, P]) fromTheirs(e *T) {
	key := *P(e).Ref().Key
	if _, ok := sm.ours[key]; ok {
		return
	}
	if be, inBase := sm.base[key]; inBase && sm.mg.hasBase {
		if sm.k.equal(*be, *e) {
			return // removed here, unchanged there: removed
		}
		sm.mg.note(mapfile.Notice{What: mapfile.NoticeKept, Key: key, Ours: "removed", Theirs: "changed"})
	} else if j := sameAdded[T, P](sm.k, sm.out, sm.added, e); j >= 0 {
		sm.addedOnBoth(j, e)
		return
	}
	sm.mg.theirs[key] = true
	sm.out = append(sm.out, cloneEntry[T, P](e))
}

// addedOnBoth makes one entry, with ours' key, of the entry at j in out
// and e, the same one added on both.
func (sm *sectionMerge[T, P]) addedOnBoth(j int, e *T) {
	sm.added = slices.DeleteFunc(sm.added, func(x int) bool { return x == j })
	sm.mg.rekey[*P(e).Ref().Key] = *P(&sm.out[j]).Ref().Key
	mine := sm.out[j]
	merged := mergeOne(sm.mg, sm.k, nil, nil, &mine, e)
	sm.out = slices.Concat(sm.out[:j], merged, sm.out[j+1:])
	for n := range sm.added {
		if sm.added[n] > j {
			sm.added[n] += len(merged) - 1
		}
	}
}

// sameAdded finds, among the entries only ours has, one that is the same
// as e: the same words (folded), or the same starter-list item.
func sameAdded[T any, P entryKind[T]](k kind[T, P], out []T, added []int, e *T) int {
	text := mapfile.FoldText(*P(e).Ref().Text)
	from := fromOf(k.fields, e)
	for _, j := range added {
		c := &out[j]
		if mapfile.FoldText(*P(c).Ref().Text) == text || from != "" && fromOf(k.fields, c) == from {
			return j
		}
	}
	return -1
}

func index[T any, P entryKind[T]](l []T) map[string]*T {
	out := make(map[string]*T, len(l))
	for i := range l {
		out[*P(&l[i]).Ref().Key] = &l[i]
	}
	return out
}

func cloneEntry[T any, P entryKind[T]](e *T) T {
	c := *e
	r := P(&c).Ref()
	*r.ShareWith = slices.Clone(*r.ShareWith)
	return c
}

// mergeOne appends to out the merge of one entry that ours and theirs
// both have (be is base's version, nil when unknown): one entry, or two
// when both versions' words must be kept.
func mergeOne[T any, P entryKind[T]](mg *merger, k kind[T, P], out []T, be, oe, te *T) []T {
	res, other := mergeEntry(mg, k, be, oe, te, *P(oe).Ref().Key != *P(te).Ref().Key)
	out = append(out, res)
	if other != nil {
		out = append(out, *other)
	}
	return out
}

// mergeEntry merges the fields of one entry. other, when not nil, is a
// second entry that keeps what could not be kept in the first (theirs'
// words, a note too long to join), with a new key: both are for the
// person to look at.
//
// added: ours and theirs are one entry added in both (the same words, or
// the same starter-list item): the words are ours, with a notice when
// they differ beyond case and spaces.
func mergeEntry[T any, P entryKind[T]](mg *merger, k kind[T, P], be, oe, te *T, added bool) (res T, other *T) {
	res = cloneEntry[T, P](oe)
	var zero T
	if be == nil {
		be = &zero
	}
	key := *P(oe).Ref().Key
	// split holds, field by field, theirs' values that res could not
	// keep: they go to the second entry.
	split := map[string][2]string{}
	for _, f := range k.fields {
		bv, ov, tv := f.get(be), f.get(oe), f.get(te)
		v, ok := mg.pick(bv, ov, tv)
		if !ok {
			v = mg.decide(key, f.name, f.rule, ov, tv, f.shown, f.rank, split)
		}
		f.set(&res, v)
	}
	or, tr := P(oe).Ref(), P(te).Ref()
	mg.shared(key, P(be).Ref(), or, tr, P(&res).Ref(), added, split)
	if b, ok := any(&res).(*boundaries.Boundary); ok {
		moveCondition(b, split)
	}
	if len(split) > 0 {
		other = keepBoth(mg, k, key, &res, split)
	}
	if P(&res).Validate() != nil || other != nil && P(other).Validate() != nil {
		// Not reached with valid versions; if it were, both are kept
		// whole rather than a merge that does not read back.
		res = cloneEntry[T, P](oe)
		c := cloneEntry[T, P](te)
		other = &c
		mg.note(mapfile.Notice{What: mapfile.NoticeSplit, Key: key, Copy: mg.newKey(P(other).Ref()), Field: "text",
			Ours: fit(*or.Text), Theirs: fit(*tr.Text)})
	}
	return res, other
}

// shared merges the fields every entry has into rr: the words (kept
// twice, in split, when both changed them), the note, who may see it,
// when it was added.
func (mg *merger) shared(key string, br, or, tr, rr entry.Ref, added bool, split map[string][2]string) {
	switch v, ok := mg.pick(*br.Text, *or.Text, *tr.Text); {
	case ok:
		*rr.Text = v
	case added && mapfile.FoldText(*or.Text) == mapfile.FoldText(*tr.Text):
	case added:
		mg.note(mapfile.Notice{What: mapfile.NoticeOurs, Key: key, Field: "text", Ours: *or.Text, Theirs: *tr.Text})
	default:
		split["text"] = [2]string{*or.Text, *tr.Text}
	}
	if v, ok := mg.pick(*br.Note, *or.Note, *tr.Note); ok {
		*rr.Note = v
	} else {
		*rr.Note = mg.decide(key, "note", join, *or.Note, *tr.Note, same, nil, split)
	}
	mg.sharing(key, br, or, tr, rr)
	*rr.Added = earliest(*or.Added, *tr.Added)
}

// decide is the value of a field both versions changed differently, by
// its rule, with a notice; a joined text too long for one field keeps
// ours and puts theirs in split.
func (mg *merger) decide(key, name string, r rule, ov, tv string, shown func(string) string, rank func(string) int, split map[string][2]string) string {
	n := mapfile.Notice{Key: key, Field: name, Ours: fit(shown(ov)), Theirs: fit(shown(tv))}
	v := ov
	switch r {
	case quiet:
		return ov
	case cautious:
		n.What = mapfile.NoticeCautious
		if rank(tv) < rank(ov) {
			v = tv
		}
	case ours:
		n.What = mapfile.NoticeOurs
	case join, condition:
		n.What = mapfile.NoticeJoined
		v = joined(r, ov, tv)
		if !fits(r, v) {
			split[name] = [2]string{ov, tv}
			return ov
		}
	}
	mg.note(n)
	// The history says where the value came to rest: the other
	// device's last event said it became the value not kept.
	from := tv
	if v == tv {
		from = ov
	}
	if from != v {
		mg.events = append(mg.events, mapfile.HistoryEvent{Key: key, At: mg.at, Event: mapfile.EventChanged,
			Field: name, From: fit(shown(from)), To: fit(shown(v))})
	}
	return v
}

// joined is two texts kept together: a line each, or for a condition
// (one line), both in one.
func joined(r rule, a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case r == condition:
		return a + "; and " + b
	}
	return a + "\n" + b
}

func fits(r rule, v string) bool {
	if r == condition {
		return textcheck.Check("", v, true) == nil
	}
	return textcheck.CheckLines("", v, true) == nil
}

// moveCondition keeps a condition on a boundary that is no longer ASK
// FIRST in its note, as changing the light does (SetLight); when the
// note has no room, the condition goes to the second entry.
func moveCondition(b *boundaries.Boundary, split map[string][2]string) {
	if b.Light == boundaries.Yellow || b.OnlyIf == "" {
		return
	}
	c := *b
	c.SetLight(b.Light)
	if fits(join, c.Note) {
		*b = c
		return
	}
	if _, ok := split["only if"]; !ok {
		split["only if"] = [2]string{b.OnlyIf, b.OnlyIf}
	}
	b.OnlyIf = ""
}

// keepBoth makes the second entry of a merge that could not keep
// everything in one: a copy of res with theirs' values of the fields in
// split, a new key and (later) a new id, and a notice for both.
func keepBoth[T any, P entryKind[T]](mg *merger, k kind[T, P], key string, res *T, split map[string][2]string) *T {
	c := cloneEntry[T, P](res)
	r := P(&c).Ref()
	for _, f := range k.fields {
		if v, ok := split[f.name]; ok {
			f.set(&c, v[1])
		}
	}
	if v, ok := split["text"]; ok {
		*r.Text = v[1]
	}
	if v, ok := split["note"]; ok {
		*r.Note = v[1]
	}
	if b, ok := any(&c).(*boundaries.Boundary); ok && b.OnlyIf != "" {
		b.Light = boundaries.Yellow // a condition is an ASK FIRST's
	}
	n := mapfile.Notice{What: mapfile.NoticeSplit, Key: key, Copy: mg.newKey(r)}
	for _, name := range []string{"text", "note", "only if", "what helps"} {
		if v, ok := split[name]; ok {
			n.Field, n.Ours, n.Theirs = name, fit(v[0]), fit(v[1])
			break
		}
	}
	mg.note(n)
	return &c
}

// newKey gives an entry the merge made a new key, and marks it for an
// id (giveIDs).
func (mg *merger) newKey(r entry.Ref) string {
	*r.Key, *r.ID = mapfile.NewKey(), ""
	mg.fresh[*r.Key] = true
	return *r.Key
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// fit keeps a value a notice shows within what the map stores.
func fit(v string) string {
	if textcheck.CheckLines("", v, true) == nil {
		return v
	}
	r := []rune(strings.ReplaceAll(v, "\n", " "))
	for len(r) > 0 && textcheck.CheckLines("", string(r)+"…", true) != nil {
		r = r[:len(r)*9/10]
	}
	return string(r) + "…"
}
