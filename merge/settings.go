package merge

import (
	"github.com/attune-dev/attune/mapfile"
)

// setting is one of the map's own settings, by its TOML name.
type setting struct {
	name string
	get  func(m *mapfile.Map) *string
	// conflict: two different values are for the person to choose
	// between (the stop word, the signal, what to do if one freezes or
	// stops), not for the merge.
	conflict bool
}

var settings = []setting{
	{"name", func(m *mapfile.Map) *string { return &m.Name }, false},
	{"safeword", func(m *mapfile.Map) *string { return &m.Safeword }, true},
	{"signal", func(m *mapfile.Map) *string { return &m.Signal }, true},
	{"if_frozen", func(m *mapfile.Map) *string { return &m.IfFrozen }, true},
	{"if_we_stop", func(m *mapfile.Map) *string { return &m.IfWeStop }, true},
	{"anchor", func(m *mapfile.Map) *string { return &m.Anchor }, false},
}

// settings merges the map's settings into res (a copy of o), and the
// keys that are the same on every device (the signing key, the key that
// names partners' files): the version that changed them, else ours.
func (mg *merger) settings(b, o, t, res *mapfile.Map) {
	bm := b
	if bm == nil {
		bm = &mapfile.Map{}
	}
	for _, s := range settings {
		v, ok := mg.pick(*s.get(bm), *s.get(o), *s.get(t))
		*s.get(res) = v
		if ok {
			continue
		}
		what := mapfile.NoticeOurs
		if s.conflict {
			what = mapfile.NoticeConflict
		}
		mg.note(mapfile.Notice{What: what, Setting: s.name, Ours: *s.get(o), Theirs: *s.get(t)})
	}
	res.SigningKey, _ = mg.pick(bm.SigningKey, o.SigningKey, t.SigningKey)
	res.PartnerFileKey, _ = mg.pick(bm.PartnerFileKey, o.PartnerFileKey, t.PartnerFileKey)
	if t.Exported.After(o.Exported) {
		res.Exported = t.Exported
	}
}
