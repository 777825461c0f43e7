// Package mapfile defines the schema of an attune map — the TOML document
// that holds a person's boundaries and trigger map — and turns it into bytes
// and back with strict validation. It knows TOML; it knows nothing of age,
// files or terminals.
package mapfile

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/triggers"
)

// MaxEntries bounds the number of boundaries plus triggers in one map, so a
// hostile file cannot make attune allocate without limit.
const MaxEntries = 100_000

// Map is one person's map: who they are, how they say stop, their
// boundaries, their triggers, and the partners they share with.
//
// Field order is the order of the TOML file.
type Map struct {
	Version  int       `toml:"version" json:"version"`
	Name     string    `toml:"name,omitempty" json:"name,omitempty"`
	Safeword string    `toml:"safeword,omitempty" json:"safeword,omitempty"`
	Signal   string    `toml:"signal,omitempty" json:"signal,omitempty"`
	Exported time.Time `toml:"exported,omitempty" json:"exported,omitempty"`

	// BoundarySeq and TriggerSeq are the highest id numbers ever handed
	// out, so an id is never given to a second entry after a removal.
	BoundarySeq int `toml:"boundary_seq,omitempty" json:"-"`
	TriggerSeq  int `toml:"trigger_seq,omitempty" json:"-"`

	// PartnerFileKey (random, base64) keys the names of the files that
	// hold imported maps, so a partner's name never shows on disk.
	PartnerFileKey string `toml:"partner_file_key,omitempty" json:"-"`

	Partners   []Partner             `toml:"partner,omitempty" json:"-"`
	Boundaries []boundaries.Boundary `toml:"boundary,omitempty" json:"boundaries"`
	Triggers   []triggers.Trigger    `toml:"trigger,omitempty" json:"triggers"`
}

// Partner is someone the map can be exported to, with their public keys.
type Partner struct {
	Name       string    `toml:"name"`
	Recipients []string  `toml:"recipients"`
	Added      time.Time `toml:"added,omitempty"`
}

// New returns an empty map of the current version.
func New() *Map { return &Map{Version: Version} }

// SyntaxError is a TOML syntax or type error, with its position.
type SyntaxError struct {
	Line, Column int
	Message      string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return "the map is not valid TOML: " + e.Message
	}
	return fmt.Sprintf("the map is not valid TOML: line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// UnknownKeysError names keys the schema does not have (often a typo).
type UnknownKeysError struct{ Keys []string }

func (e *UnknownKeysError) Error() string {
	return "the map has keys attune does not know: " + strings.Join(e.Keys, ", ")
}

// NewerVersionError is a map written by a newer attune.
type NewerVersionError struct{ Version int }

func (e *NewerVersionError) Error() string {
	return fmt.Sprintf("the map has version %d; this attune reads versions up to %d", e.Version, Version)
}

// EntryError is a problem with one entry; Err is the domain error.
type EntryError struct {
	Where string // e.g. "boundary b3" or "trigger 4"
	Err   error
}

func (e *EntryError) Error() string { return e.Where + ": " + e.Err.Error() }
func (e *EntryError) Unwrap() error { return e.Err }

// Decode parses and validates a map. Everything a hand-written or hostile
// file can get wrong is an error here, never a panic.
func Decode(data []byte) (*Map, error) {
	if !utf8.Valid(data) {
		return nil, &SyntaxError{Message: "the text is not valid UTF-8"}
	}
	var m Map
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &SyntaxError{Line: pe.Position.Line, Column: pe.Position.Col, Message: textcheck.Neutralize(pe.Message)}
		}
		// Type mismatches (text where a number belongs) come as plain errors.
		return nil, &SyntaxError{Message: textcheck.Neutralize(strings.TrimPrefix(err.Error(), "toml: "))}
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, 0, len(und))
		for i, k := range und {
			if i == 10 {
				keys = append(keys, fmt.Sprintf("and %d more", len(und)-10))
				break
			}
			keys = append(keys, textcheck.Neutralize(k.String()))
		}
		return nil, &UnknownKeysError{Keys: keys}
	}
	if !md.IsDefined("version") {
		return nil, fmt.Errorf("the map has no version line (version = %d)", Version)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	m.normalizeTimes()
	return &m, nil
}

// normalizeTimes keeps every time stamp in UTC, whatever zone (or local
// date-time) a hand-written file used.
func (m *Map) normalizeTimes() {
	m.Exported = m.Exported.UTC()
	for i := range m.Partners {
		m.Partners[i].Added = m.Partners[i].Added.UTC()
	}
	for i := range m.Boundaries {
		m.Boundaries[i].Added = m.Boundaries[i].Added.UTC()
	}
	for i := range m.Triggers {
		m.Triggers[i].Added = m.Triggers[i].Added.UTC()
	}
}

// Validate checks every field and entry and the uniqueness of ids, keys
// and partner names.
func (m *Map) Validate() error { return m.validate(nil) }

// ValidateChange is Validate for a map changed from before (a copy made
// with Clone): entries and fields that are as they were are not checked
// again, only what changed, and the uniqueness of everything.
func (m *Map) ValidateChange(before *Map) error { return m.validate(before) }

func (m *Map) validate(before *Map) error {
	if err := m.checkVersion(); err != nil {
		return err
	}
	if n := len(m.Boundaries) + len(m.Triggers); n > MaxEntries {
		return fmt.Errorf("the map has %d entries; attune reads at most %d", n, MaxEntries)
	}
	if before == nil || m.Name != before.Name || m.Safeword != before.Safeword || m.Signal != before.Signal {
		for _, f := range []struct{ field, value string }{{"name", m.Name}, {"safeword", m.Safeword}, {"signal", m.Signal}} {
			if err := textcheck.Check(f.field, f.value, true); err != nil {
				return err
			}
		}
	}
	if m.BoundarySeq < 0 || m.TriggerSeq < 0 {
		return errors.New("the map has a negative id counter")
	}
	u := newUniq(len(m.Boundaries) + len(m.Triggers))
	var oldB map[string]*boundaries.Boundary
	var oldT map[string]*triggers.Trigger
	if before != nil {
		oldB, oldT = before.boundaryIndex(), before.triggerIndex()
	}
	for i, b := range m.Boundaries {
		where := entryName("boundary", b.ID, i)
		if err := u.check(b.ID, 'b', b.Key); err != nil {
			return &EntryError{Where: where, Err: err}
		}
		if prev := oldB[b.ID]; prev != nil && prev.Equal(b) {
			continue
		}
		if err := b.Validate(); err != nil {
			return &EntryError{Where: where, Err: err}
		}
	}
	for i, t := range m.Triggers {
		where := entryName("trigger", t.ID, i)
		if err := u.check(t.ID, 't', t.Key); err != nil {
			return &EntryError{Where: where, Err: err}
		}
		if prev := oldT[t.ID]; prev != nil && prev.Equal(t) {
			continue
		}
		if err := t.Validate(); err != nil {
			return &EntryError{Where: where, Err: err}
		}
	}
	return m.validatePartners()
}

func (m *Map) validatePartners() error {
	names := map[string]bool{}
	for i, p := range m.Partners {
		if err := checkStoredPartnerName(p.Name); err != nil {
			return &EntryError{Where: fmt.Sprintf("partner %d", i+1), Err: err}
		}
		key := PartnerNameKey(p.Name)
		if names[key] {
			return &EntryError{Where: "partner " + p.Name, Err: errors.New("the name is used twice")}
		}
		names[key] = true
		if len(p.Recipients) == 0 {
			return &EntryError{Where: "partner " + p.Name, Err: errors.New("no public keys")}
		}
	}
	return nil
}

// uniq checks that ids and hidden keys are well formed and used once.
type uniq struct{ ids, keys map[string]bool }

func newUniq(n int) uniq { return uniq{make(map[string]bool, n), make(map[string]bool, n)} }

func (u uniq) check(id string, prefix byte, key string) error {
	if err := checkID(id, prefix, u.ids); err != nil {
		return err
	}
	if err := checkKey(key); err != nil {
		return err
	}
	if key != "" {
		if u.keys[key] {
			return errors.New("the key is used twice")
		}
		u.keys[key] = true
	}
	return nil
}

func (m *Map) boundaryIndex() map[string]*boundaries.Boundary {
	out := make(map[string]*boundaries.Boundary, len(m.Boundaries))
	for i := range m.Boundaries {
		out[m.Boundaries[i].ID] = &m.Boundaries[i]
	}
	return out
}

func (m *Map) triggerIndex() map[string]*triggers.Trigger {
	out := make(map[string]*triggers.Trigger, len(m.Triggers))
	for i := range m.Triggers {
		out[m.Triggers[i].ID] = &m.Triggers[i]
	}
	return out
}

// Clone is a copy of m whose lists can be changed without touching m's.
func (m *Map) Clone() *Map {
	c := *m
	c.Partners = append([]Partner(nil), m.Partners...)
	for i := range c.Partners {
		c.Partners[i].Recipients = append([]string(nil), c.Partners[i].Recipients...)
	}
	c.Boundaries = append([]boundaries.Boundary(nil), m.Boundaries...)
	c.Triggers = append([]triggers.Trigger(nil), m.Triggers...)
	return &c
}

// Equal reports whether two maps hold the same content.
func (m *Map) Equal(o *Map) bool {
	if m.Version != o.Version || m.Name != o.Name || m.Safeword != o.Safeword || m.Signal != o.Signal ||
		!m.Exported.Equal(o.Exported) || m.BoundarySeq != o.BoundarySeq || m.TriggerSeq != o.TriggerSeq ||
		m.PartnerFileKey != o.PartnerFileKey || len(m.Partners) != len(o.Partners) ||
		len(m.Boundaries) != len(o.Boundaries) || len(m.Triggers) != len(o.Triggers) {
		return false
	}
	for i := range m.Partners {
		a, b := m.Partners[i], o.Partners[i]
		if a.Name != b.Name || !a.Added.Equal(b.Added) || !slices.Equal(a.Recipients, b.Recipients) {
			return false
		}
	}
	for i := range m.Boundaries {
		if !m.Boundaries[i].Equal(o.Boundaries[i]) {
			return false
		}
	}
	for i := range m.Triggers {
		if !m.Triggers[i].Equal(o.Triggers[i]) {
			return false
		}
	}
	return true
}

func entryName(kind, id string, i int) string {
	if id != "" && len(id) <= 12 {
		return kind + " " + textcheck.Neutralize(id)
	}
	return fmt.Sprintf("%s number %d", kind, i+1)
}

func checkID(id string, prefix byte, seen map[string]bool) error {
	n, ok := idNumber(id, prefix)
	if !ok || n < 1 {
		return fmt.Errorf("the id must be %c followed by a number, like %c1", prefix, prefix)
	}
	if seen[id] {
		return errors.New("the id is used twice")
	}
	seen[id] = true
	return nil
}

func idNumber(id string, prefix byte) (int, bool) {
	if len(id) < 2 || len(id) > 10 || id[0] != prefix {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || id[1] == '0' || id[1] == '+' || id[1] == '-' {
		return 0, false
	}
	return n, true
}

// NextBoundaryID hands out the next boundary id and records it.
func (m *Map) NextBoundaryID() string {
	m.BoundarySeq = max(m.BoundarySeq, highest(m.boundaryIDs(), 'b')) + 1
	return "b" + strconv.Itoa(m.BoundarySeq)
}

// ReserveIDs keeps every id number that other has given out (its counters
// and its highest ids) from being handed out again by m: for a map that
// replaces a newer one (undo).
func (m *Map) ReserveIDs(other *Map) {
	m.BoundarySeq = max(m.BoundarySeq, other.BoundarySeq, highest(other.boundaryIDs(), 'b'))
	m.TriggerSeq = max(m.TriggerSeq, other.TriggerSeq, highest(other.triggerIDs(), 't'))
	if m.PartnerFileKey == "" {
		m.PartnerFileKey = other.PartnerFileKey
	}
}

// NextTriggerID hands out the next trigger id and records it.
func (m *Map) NextTriggerID() string {
	m.TriggerSeq = max(m.TriggerSeq, highest(m.triggerIDs(), 't')) + 1
	return "t" + strconv.Itoa(m.TriggerSeq)
}

func (m *Map) boundaryIDs() []string {
	ids := make([]string, len(m.Boundaries))
	for i, b := range m.Boundaries {
		ids[i] = b.ID
	}
	return ids
}

func (m *Map) triggerIDs() []string {
	ids := make([]string, len(m.Triggers))
	for i, t := range m.Triggers {
		ids[i] = t.ID
	}
	return ids
}

func highest(ids []string, prefix byte) int {
	h := 0
	for _, id := range ids {
		if n, ok := idNumber(id, prefix); ok && n > h {
			h = n
		}
	}
	return h
}

// Boundary returns a pointer to the boundary with this id, or nil.
func (m *Map) Boundary(id string) *boundaries.Boundary {
	for i := range m.Boundaries {
		if m.Boundaries[i].ID == id {
			return &m.Boundaries[i]
		}
	}
	return nil
}

// Trigger returns a pointer to the trigger with this id, or nil.
func (m *Map) Trigger(id string) *triggers.Trigger {
	for i := range m.Triggers {
		if m.Triggers[i].ID == id {
			return &m.Triggers[i]
		}
	}
	return nil
}

// Remove deletes the entries with these ids and reports whether each was there.
func (m *Map) Remove(id string) bool {
	for i := range m.Boundaries {
		if m.Boundaries[i].ID == id {
			m.Boundaries = append(m.Boundaries[:i], m.Boundaries[i+1:]...)
			return true
		}
	}
	for i := range m.Triggers {
		if m.Triggers[i].ID == id {
			m.Triggers = append(m.Triggers[:i], m.Triggers[i+1:]...)
			return true
		}
	}
	return false
}

// Partner returns the partner with this name (case-insensitive), or nil.
func (m *Map) Partner(name string) *Partner {
	for i := range m.Partners {
		if SamePartnerName(m.Partners[i].Name, name) {
			return &m.Partners[i]
		}
	}
	return nil
}

// Shareable returns a copy holding only what may leave the machine: name,
// stop word, signal and every entry not marked private. Partners and id
// counters stay behind. It also reports how many entries were kept back.
func (m *Map) Shareable() (*Map, int) {
	out := &Map{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal}
	kept := 0
	for _, b := range m.Boundaries {
		if b.Private {
			kept++
			continue
		}
		out.Boundaries = append(out.Boundaries, b)
	}
	for _, t := range m.Triggers {
		if t.Private {
			kept++
			continue
		}
		out.Triggers = append(out.Triggers, t)
	}
	out.Version = out.MinVersion()
	return out, kept
}

// SortedBoundaries returns the boundaries in display order: STOP, ASK
// FIRST, GO, and within a light in the order they were added.
func (m *Map) SortedBoundaries() []boundaries.Boundary {
	out := append([]boundaries.Boundary(nil), m.Boundaries...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Light.Rank() < out[j].Light.Rank() })
	return out
}

// SortedTriggers returns the triggers grouped by category in the fixed
// category order, and within a category in the order they were added.
func (m *Map) SortedTriggers() []triggers.Trigger {
	rank := make(map[triggers.Category]int, len(triggers.Categories))
	for i, c := range triggers.Categories {
		rank[c] = i
	}
	out := append([]triggers.Trigger(nil), m.Triggers...)
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Category] < rank[out[j].Category] })
	return out
}

// ErrOwnMap is a map that holds what only one's own map holds (partners,
// the key that names their files): a map.toml.age, not an export.
var ErrOwnMap = errors.New("the file holds partner keys, which a shared map never does")

// ErrPrivateShared is a shared map with an entry marked private: what is
// private never leaves its owner's machine, so such a file was made by
// hand or by someone else, and whether to show the entry can't be told.
var ErrPrivateShared = errors.New("the file holds an entry marked private, which a shared map never does")

// DecodeShared reads a map that came from someone else (an export a
// partner sent, or one kept as an import) exactly as Decode reads one's
// own, and also refuses what only one's own map may hold (partners and
// their keys, id counters) and entries marked private.
//
// It is bounded in cost whatever the file holds: DecodeUntrusted's
// scan refuses shapes no map has before the TOML decoder sees them, and
// limits the size and the number of entries.
func DecodeShared(data []byte) (*Map, error) {
	m, err := DecodeUntrusted(data, Limits{})
	if err != nil {
		return nil, err
	}
	if len(m.Partners) > 0 || m.PartnerFileKey != "" {
		return nil, ErrOwnMap
	}
	for _, b := range m.Boundaries {
		if b.Private {
			return nil, ErrPrivateShared
		}
	}
	for _, t := range m.Triggers {
		if t.Private {
			return nil, ErrPrivateShared
		}
	}
	return m, nil
}

// FoldText is the form in which two texts are the same entry: Unicode
// NFC, case folded, white space runs one space, trimmed ("Shouting" and
// " shouting").
func FoldText(s string) string {
	return strings.Join(strings.Fields(PartnerNameKey(s)), " ")
}

// SameBoundary finds a boundary whose text is text, folded.
func (m *Map) SameBoundary(text string) *boundaries.Boundary {
	f := FoldText(text)
	for i := range m.Boundaries {
		if FoldText(m.Boundaries[i].Text) == f {
			return &m.Boundaries[i]
		}
	}
	return nil
}

// SameTrigger finds a trigger of the category whose text is text, folded.
func (m *Map) SameTrigger(c triggers.Category, text string) *triggers.Trigger {
	f := FoldText(text)
	for i := range m.Triggers {
		if m.Triggers[i].Category == c && FoldText(m.Triggers[i].Text) == f {
			return &m.Triggers[i]
		}
	}
	return nil
}
