package mapfile

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// A map holds five kinds of entry, each a list of its own ([[boundary]],
// [[trigger]], [[sign]], [[aftercare]], [[curious]]), and each kind is a
// section. What is done alike to every kind — ids and their counters,
// hidden keys, validation, copies, comparison, what is shared — is
// written once here, over every section, through entry.Ref; what is
// each kind's own stays in its package.

// Section names one kind of entry.
type Section struct {
	Name   string // "boundary": its [[name]] in TOML, and how messages name one
	Plural string // "boundaries"
	Prefix byte   // 'b': its ids are b1, b2…
}

// The sections, in the order a map's file holds them.
var (
	BoundarySection  = Section{"boundary", "boundaries", 'b'}
	TriggerSection   = Section{"trigger", "triggers", 't'}
	SignSection      = Section{"sign", "signs", 's'}
	AftercareSection = Section{"aftercare", "aftercare", 'a'}
	CuriousSection   = Section{"curious", "curious", 'c'}
)

// sectionOps is a section's list inside a map, for the code that treats
// every kind alike. section[T] is the one implementation.
type sectionOps interface {
	info() Section
	count(m *Map) int
	ref(m *Map, i int) entry.Ref
	seq(m *Map) *int
	validate(m, before *Map, u uniq) error
	validateTyped(m *Map) error
	clone(m *Map)
	equal(a, b *Map) bool
	remove(m *Map, i int)
	sortList(m *Map)
	differing(a, b, da, db *Map)
}

// entryKind is what each kind's record offers: its shared fields, and
// its checks.
type entryKind[T any] interface {
	*T
	Ref() entry.Ref
	Validate() error
	// ValidateTyped is Validate for text a person wrote just now or
	// that comes from someone else: text that shows nothing is refused.
	ValidateTyped() error
}

type section[T any, P entryKind[T]] struct {
	Section
	list  func(m *Map) *[]T
	seqOf func(m *Map) *int
	same  func(a, b T) bool
	// rank orders the section for display (0, 1, 2…), entries of equal
	// rank in the order they were added; nil keeps that order.
	rank func(*T) int
}

var sections = []sectionOps{
	&section[boundaries.Boundary, *boundaries.Boundary]{
		Section: BoundarySection,
		list:    func(m *Map) *[]boundaries.Boundary { return &m.Boundaries },
		seqOf:   func(m *Map) *int { return &m.BoundarySeq },
		same:    boundaries.Boundary.Equal,
		rank:    func(b *boundaries.Boundary) int { return b.Light.Rank() },
	},
	&section[triggers.Trigger, *triggers.Trigger]{
		Section: TriggerSection,
		list:    func(m *Map) *[]triggers.Trigger { return &m.Triggers },
		seqOf:   func(m *Map) *int { return &m.TriggerSeq },
		same:    triggers.Trigger.Equal,
		rank:    triggerRank,
	},
	&section[signs.Sign, *signs.Sign]{
		Section: SignSection,
		list:    func(m *Map) *[]signs.Sign { return &m.Signs },
		seqOf:   func(m *Map) *int { return &m.SignSeq },
		same:    signs.Sign.Equal,
		rank:    func(s *signs.Sign) int { return s.Kind.Rank() },
	},
	&section[aftercare.Care, *aftercare.Care]{
		Section: AftercareSection,
		list:    func(m *Map) *[]aftercare.Care { return &m.Aftercare },
		seqOf:   func(m *Map) *int { return &m.AftercareSeq },
		same:    aftercare.Care.Equal,
		rank:    func(c *aftercare.Care) int { return c.When.Rank() },
	},
	&section[curious.Curiosity, *curious.Curiosity]{
		Section: CuriousSection,
		list:    func(m *Map) *[]curious.Curiosity { return &m.Curious },
		seqOf:   func(m *Map) *int { return &m.CuriousSeq },
		same:    curious.Curiosity.Equal,
	},
}

// triggerRank orders triggers by category, and within a category the
// strongest first: high, then medium, then the rest, each in the order
// they were added.
func triggerRank(t *triggers.Trigger) int {
	in := min(t.Intensity.Rank(), 2)
	return t.Category.Rank()*3 + in
}

// Sections lists every section, in the order a map's file holds them.
func Sections() []Section {
	out := make([]Section, len(sections))
	for i, s := range sections {
		out[i] = s.info()
	}
	return out
}

// SectionOf is the section whose ids begin with the id's letter.
func SectionOf(id string) (Section, bool) {
	if ops := opsOf(id); ops != nil {
		return ops.info(), true
	}
	return Section{}, false
}

func opsOf(id string) sectionOps {
	if id == "" {
		return nil
	}
	for _, s := range sections {
		if s.info().Prefix == id[0] {
			return s
		}
	}
	return nil
}

func (s *section[T, P]) info() Section               { return s.Section }
func (s *section[T, P]) count(m *Map) int            { return len(*s.list(m)) }
func (s *section[T, P]) seq(m *Map) *int             { return s.seqOf(m) }
func (s *section[T, P]) remove(m *Map, i int)        { l := s.list(m); *l = slices.Delete(*l, i, i+1) }
func (s *section[T, P]) ref(m *Map, i int) entry.Ref { return P(&(*s.list(m))[i]).Ref() }

func (s *section[T, P]) validate(m, before *Map, u uniq) error {
	l := *s.list(m)
	var old map[string]*T
	if before != nil {
		bl := *s.list(before)
		old = make(map[string]*T, len(bl))
		for i := range bl {
			old[*P(&bl[i]).Ref().ID] = &bl[i]
		}
	}
	for i := range l {
		r := P(&l[i]).Ref()
		if err := u.check(*r.ID, s.Prefix, *r.Key); err != nil {
			return &EntryError{Where: entryName(s.Name, *r.ID, i), Err: err}
		}
		if prev := old[*r.ID]; prev != nil && s.same(*prev, l[i]) {
			continue
		}
		if err := P(&l[i]).Validate(); err != nil {
			return &EntryError{Where: entryName(s.Name, *r.ID, i), Err: err}
		}
	}
	return nil
}

// validateTyped checks every entry as ValidateTyped does.
func (s *section[T, P]) validateTyped(m *Map) error {
	l := *s.list(m)
	for i := range l {
		if err := P(&l[i]).ValidateTyped(); err != nil {
			return &EntryError{Where: entryName(s.Name, *P(&l[i]).Ref().ID, i), Err: err}
		}
	}
	return nil
}

func (s *section[T, P]) clone(m *Map) {
	l := s.list(m)
	*l = slices.Clone(*l)
	for i := range *l {
		r := P(&(*l)[i]).Ref()
		*r.ShareWith = slices.Clone(*r.ShareWith)
	}
}

func (s *section[T, P]) equal(a, b *Map) bool {
	return slices.EqualFunc(*s.list(a), *s.list(b), s.same)
}

// differing puts in da and db the stretch of a's and b's lists between
// the entries the same at the start and those the same at the end.
func (s *section[T, P]) differing(a, b, da, db *Map) {
	la, lb := *s.list(a), *s.list(b)
	i := 0
	for i < len(la) && i < len(lb) && s.same(la[i], lb[i]) {
		i++
	}
	j := 0
	for j < len(la)-i && j < len(lb)-i && s.same(la[len(la)-1-j], lb[len(lb)-1-j]) {
		j++
	}
	*s.list(da), *s.list(db) = la[i:len(la)-j:len(la)-j], lb[i:len(lb)-j:len(lb)-j]
}

func (s *section[T, P]) sortList(m *Map) {
	if s.rank != nil {
		l := s.list(m)
		*l = stableByRank(*l, s.rank)
	}
}

// Differing is, for comparing two versions of a map entry by entry
// cheaply, the entries of each that may differ from the other's: in
// each section, the entries between those the same, in the same place,
// at the start and at the end of both lists. An entry left out of one
// is left out of the other too. The maps hold entries only, sharing
// a's and b's lists: they are to read, never to change.
func Differing(a, b *Map) (da, db *Map) {
	da, db = &Map{}, &Map{}
	for _, s := range sections {
		s.differing(a, b, da, db)
	}
	return da, db
}

// Count is how many entries the map holds, of every kind.
func (m *Map) Count() int {
	n := 0
	for _, s := range sections {
		n += s.count(m)
	}
	return n
}

// Each calls fn with every entry, section by section in file order, each
// in its list's order; fn may change the entry through the Ref.
func (m *Map) Each(fn func(Section, entry.Ref)) {
	for _, s := range sections {
		for i := range s.count(m) {
			fn(s.info(), s.ref(m, i))
		}
	}
}

// Retain keeps the entries for which keep returns true, and drops the
// others, in every section; keep may change the entry it keeps through
// the Ref.
func (m *Map) Retain(keep func(Section, entry.Ref) bool) {
	for _, s := range sections {
		for i := 0; i < s.count(m); {
			if keep(s.info(), s.ref(m, i)) {
				i++
			} else {
				s.remove(m, i)
			}
		}
	}
}

// Sorted is a copy of m with every section in display order: boundaries
// STOP, ASK FIRST, GO; triggers by category, the strongest first; signs
// of not being OK first; aftercare if we stop, after, the next day. Within
// one rank, entries keep the order they were added.
func (m *Map) Sorted() *Map {
	c := m.Clone()
	for _, s := range sections {
		s.sortList(c)
	}
	return c
}

// Find is the entry with this id: its section and its shared fields.
func (m *Map) Find(id string) (Section, entry.Ref, bool) {
	if s := opsOf(id); s != nil {
		for i := range s.count(m) {
			if r := s.ref(m, i); *r.ID == id {
				return s.info(), r, true
			}
		}
	}
	return Section{}, entry.Ref{}, false
}

// Remove deletes the entry with this id and reports whether it was there.
func (m *Map) Remove(id string) bool {
	if s := opsOf(id); s != nil {
		for i := range s.count(m) {
			if *s.ref(m, i).ID == id {
				s.remove(m, i)
				return true
			}
		}
	}
	return false
}

// NextID hands out the next id of a section and records it: never one
// given before, even to an entry since removed. On a device with a tag
// (SetDeviceTag), the id ends with it: b12kq.
func (m *Map) NextID(sec Section) string {
	for _, s := range sections {
		if s.info() == sec {
			seq := s.seq(m)
			*seq = max(*seq, highest(m, s)) + 1
			return string(sec.Prefix) + strconv.Itoa(*seq) + m.deviceTag
		}
	}
	panic(fmt.Sprintf("mapfile: no section %q", sec.Name))
}

// highest is the highest id number in a section of m.
func highest(m *Map, s sectionOps) int {
	h := 0
	for i := range s.count(m) {
		if n, ok := idNumber(*s.ref(m, i).ID, s.info().Prefix); ok && n > h {
			h = n
		}
	}
	return h
}

// ReserveIDs keeps every id number that other has given out (its counters
// and its highest ids) from being handed out again by m: for a map that
// replaces a newer one (undo).
func (m *Map) ReserveIDs(other *Map) {
	for _, s := range sections {
		*s.seq(m) = max(*s.seq(m), *s.seq(other), highest(other, s))
	}
	if m.PartnerFileKey == "" {
		m.PartnerFileKey = other.PartnerFileKey
	}
}

// entriesUse reports whether any entry has a field set, for the version
// a map needs.
func (m *Map) entriesUse(used func(entry.Ref) bool) bool {
	found := false
	m.Each(func(_ Section, r entry.Ref) { found = found || used(r) })
	return found
}
