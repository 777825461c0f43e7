package mapfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/triggers"
)

// The schema's versions. One rule for every change of the schema: a new
// field bumps the version. A map is written at Version; an export at the
// lowest version that holds its content (MinVersion), so that a partner
// with an older attune can read it when it holds nothing new; and a
// program that meets a version newer than its own refuses it, saying to
// update (NewerVersionError).
//
//	1: name, safeword, signal, boundaries, triggers, partners.
//	2: every entry's hidden unique key (key); signed exports (the
//	   export's encrypted_to; the owner's signing_key; a partner's id,
//	   signing_key, verified, export_ids); sharing with named partners
//	   (share_with); what to do if one freezes (if_frozen) or stops
//	   (if_we_stop); conditions on ASK FIRST (only_if); signs ([[sign]]),
//	   aftercare ([[aftercare]]) and curiosities ([[curious]]), with
//	   their id counters; the starter-list item an entry answers (from);
//	   one's own anchor sentence (anchor); the history of entries
//	   ([[history]]); what merging two copies decided ([[notice]]);
//	   ids made on a device that syncs, which end with its tag (b12kq);
//	   the person's own keys for partners (person_key,
//	   previous_person_key, previous_signing_key, keys_changed) and the
//	   key that checks config.toml's list of keys (config_key); the
//	   signed notice of a change of keys in an export ([[key_change]]).
const Version = 2

// since names the fields each version added, for MinVersion and for the
// error when a file says an older version than its content needs.
var since = []struct {
	version int
	field   string
	used    func(m *Map) bool
}{
	{2, "encrypted_to", func(m *Map) bool { return len(m.EncryptedTo) > 0 }},
	{2, "signing_key", func(m *Map) bool { return m.SigningKey != "" }},
	{2, "a partner's id, signing_key, verified or export_ids", func(m *Map) bool {
		for _, p := range m.Partners {
			if p.ID != "" || p.SigningKey != "" || !p.Verified.IsZero() || len(p.ExportIDs) > 0 {
				return true
			}
		}
		return false
	}},
	{2, "share_with", func(m *Map) bool { return m.entriesUse(func(r entry.Ref) bool { return len(*r.ShareWith) > 0 }) }},
	{2, "key", func(m *Map) bool { return m.entriesUse(func(r entry.Ref) bool { return *r.Key != "" }) }},
	{2, "if_frozen", func(m *Map) bool { return m.IfFrozen != "" }},
	{2, "if_we_stop", func(m *Map) bool { return m.IfWeStop != "" }},
	{2, "only_if", func(m *Map) bool {
		return slices.ContainsFunc(m.Boundaries, func(b boundaries.Boundary) bool { return b.OnlyIf != "" })
	}},
	{2, "anchor", func(m *Map) bool { return m.Anchor != "" }},
	{2, "from", func(m *Map) bool {
		return slices.ContainsFunc(m.Boundaries, func(b boundaries.Boundary) bool { return b.From != "" }) ||
			slices.ContainsFunc(m.Triggers, func(t triggers.Trigger) bool { return t.From != "" }) ||
			slices.ContainsFunc(m.Curious, func(c curious.Curiosity) bool { return c.From != "" })
	}},
	{2, "[[sign]]", func(m *Map) bool { return len(m.Signs) > 0 || m.SignSeq > 0 }},
	{2, "[[aftercare]]", func(m *Map) bool { return len(m.Aftercare) > 0 || m.AftercareSeq > 0 }},
	{2, "[[curious]]", func(m *Map) bool { return len(m.Curious) > 0 || m.CuriousSeq > 0 }},
	{2, "[[history]]", func(m *Map) bool { return len(m.History) > 0 }},
	{2, "[[notice]]", func(m *Map) bool { return len(m.Notices) > 0 }},
	{2, "an id made on a device that syncs (b12kq)", func(m *Map) bool { return len(m.DeviceTags()) > 0 }},
	{2, "person_key, previous_person_key, previous_signing_key, keys_changed or config_key", (*Map).HoldsOwnKeys},
	{2, "[[key_change]]", func(m *Map) bool { return len(m.KeyChange) > 0 }},
}

// MinVersion is the lowest version that holds everything in m.
func (m *Map) MinVersion() int {
	v := 1
	for _, s := range since {
		if s.version > v && s.used(m) {
			v = s.version
		}
	}
	return v
}

// checkVersion refuses a version newer than this program's, one below
// 1, and a file that says an older version than its content needs (a
// hand edit that would mislead an older attune).
func (m *Map) checkVersion() error {
	switch {
	case m.Version > Version:
		return &NewerVersionError{Version: m.Version}
	case m.Version < 1:
		return fmt.Errorf("the map has version %d; versions start at 1", m.Version)
	}
	var newer []string
	for _, s := range since {
		if s.version > m.Version && s.used(m) {
			newer = append(newer, fmt.Sprintf("%s (version %d)", s.field, s.version))
		}
	}
	if len(newer) > 0 {
		return fmt.Errorf("the map says version %d but uses %s", m.Version, strings.Join(newer, ", "))
	}
	return nil
}
