// Package mapfile defines the schema of an attune map — the TOML document
// that holds a person's boundaries and trigger map — and turns it into bytes
// and back with strict validation. It knows TOML; it knows nothing of age,
// files or terminals.
package mapfile

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// MaxEntries bounds the number of boundaries plus triggers in one map, so a
// hostile file cannot make attune allocate without limit.
const MaxEntries = 100_000

// Map is one person's map: who they are, how they say stop, what to do
// if they freeze or stop, their boundaries, triggers, signs, aftercare
// and curiosities, and the partners they share with.
//
// Field order is the order of the TOML file.
type Map struct {
	Version  int    `toml:"version" json:"version"`
	Name     string `toml:"name,omitempty" json:"name,omitempty"`
	Safeword string `toml:"safeword,omitempty" json:"safeword,omitempty"`
	Signal   string `toml:"signal,omitempty" json:"signal,omitempty"`
	// IfFrozen is what to do when the person goes still or quiet; IfWeStop
	// what to do right then, when the stop word or signal is used.
	IfFrozen string `toml:"if_frozen,omitempty" json:"if_frozen,omitempty"`
	IfWeStop string `toml:"if_we_stop,omitempty" json:"if_we_stop,omitempty"`
	// Anchor is the person's own sentence for `attune ground`: never
	// exported, summarised, or read from a partner's file.
	Anchor   string    `toml:"anchor,omitempty" json:"-"`
	Exported time.Time `toml:"exported,omitempty" json:"exported,omitempty"`
	// EncryptedTo, only in an export: the fingerprints of the public keys
	// it was encrypted to (keys.RecipientFingerprint), inside what is
	// signed, so that an export passed on to someone else is refused.
	EncryptedTo []string `toml:"encrypted_to,omitempty" json:"-"`

	// BoundarySeq, TriggerSeq… are the highest id numbers ever handed
	// out, so an id is never given to a second entry after a removal.
	BoundarySeq  int `toml:"boundary_seq,omitempty" json:"-"`
	TriggerSeq   int `toml:"trigger_seq,omitempty" json:"-"`
	SignSeq      int `toml:"sign_seq,omitempty" json:"-"`
	AftercareSeq int `toml:"aftercare_seq,omitempty" json:"-"`
	CuriousSeq   int `toml:"curious_seq,omitempty" json:"-"`

	// PartnerFileKey (random, base64) keys the names of the files that
	// hold imported maps, so a partner's name never shows on disk.
	PartnerFileKey string `toml:"partner_file_key,omitempty" json:"-"`

	// SigningKey is the person's secret Ed25519 key that signs their
	// exports (keys.SigningKey): only ever inside the encrypted map.
	SigningKey string `toml:"signing_key,omitempty" json:"-"`

	// The person's keys for partners (see keys.go): the age identity
	// partners encrypt to, the keys before the last rotation, and the
	// key that checks config.toml's list of keys. Only ever inside the
	// encrypted map.
	PersonKey          string    `toml:"person_key,omitempty" json:"-"`
	PreviousPersonKey  string    `toml:"previous_person_key,omitempty" json:"-"`
	PreviousSigningKey string    `toml:"previous_signing_key,omitempty" json:"-"`
	KeysChanged        time.Time `toml:"keys_changed,omitempty" json:"-"`
	ConfigKey          string    `toml:"config_key,omitempty" json:"-"`

	Partners   []Partner             `toml:"partner,omitempty" json:"-"`
	Boundaries []boundaries.Boundary `toml:"boundary,omitempty" json:"boundaries"`
	Triggers   []triggers.Trigger    `toml:"trigger,omitempty" json:"triggers"`
	Signs      []signs.Sign          `toml:"sign,omitempty" json:"signs"`
	Aftercare  []aftercare.Care      `toml:"aftercare,omitempty" json:"aftercare"`
	Curious    []curious.Curiosity   `toml:"curious,omitempty" json:"curious"`

	// History is what happened to each entry since it was added (see
	// HistoryEvent): only ever in one's own map.
	History []HistoryEvent `toml:"history,omitempty" json:"-"`

	// Notices are what merging two copies of the map decided that the
	// person should look at (see Notice): only ever in one's own map.
	Notices []Notice `toml:"notice,omitempty" json:"-"`

	// deviceTag ends the ids NextID hands out (SetDeviceTag).
	deviceTag string
	// KeyChange, only in an export: the signed notice that its author's
	// keys changed (KeyChange).
	KeyChange []KeyChange `toml:"key_change,omitempty" json:"-"`
}

// Partner is someone the map can be exported to, with their public
// keys, or whose map was imported (then only their signing key may be
// known).
type Partner struct {
	Name       string    `toml:"name"`
	Recipients []string  `toml:"recipients"`
	Added      time.Time `toml:"added,omitempty"`
	// ID is random: what exports for this partner derive their hidden
	// entry keys from, so two partners' exports cannot be matched.
	ID string `toml:"id,omitempty"`
	// SigningKey is the public key that signs their exports (the base64
	// of its SSH wire form), given with their key line or recorded on
	// the first import from them.
	SigningKey string `toml:"signing_key,omitempty"`
	// Verified is when the safety codes were compared and matched.
	Verified time.Time `toml:"verified,omitempty"`
	// ExportIDs are the ids this partner sees, "KEY ID" (an entry's
	// hidden key and the id handed out at its first export to them):
	// stable from one export to the next, and saying nothing about the
	// entries they do not see.
	ExportIDs []string `toml:"export_ids,omitempty"`
}

// Equal reports whether two partner records are the same in every field.
func (p Partner) Equal(o Partner) bool {
	return p.Name == o.Name && slices.Equal(p.Recipients, o.Recipients) && p.Added.Equal(o.Added) &&
		p.ID == o.ID && p.SigningKey == o.SigningKey && p.Verified.Equal(o.Verified) && slices.Equal(p.ExportIDs, o.ExportIDs)
}

// New returns an empty map of the current version.
func New() *Map { return &Map{Version: Version} }

// SyntaxError is a TOML syntax or type error, with its position.
type SyntaxError struct {
	Line, Column int
	Message      string
	// What names the document: "" is the map ("journal" for the journal).
	What string
}

func (e *SyntaxError) Error() string {
	what := docName(e.What)
	if e.Line == 0 {
		return "the " + what + " is not valid TOML: " + e.Message
	}
	if e.Column == 0 {
		return fmt.Sprintf("the %s is not valid TOML: line %d: %s", what, e.Line, e.Message)
	}
	return fmt.Sprintf("the %s is not valid TOML: line %d, column %d: %s", what, e.Line, e.Column, e.Message)
}

// docName is how an error names a document: the map unless told.
func docName(what string) string {
	if what == "" {
		return "map"
	}
	return what
}

// UnknownKeysError names keys the schema does not have (often a typo).
type UnknownKeysError struct {
	Keys []string
	What string // as in SyntaxError
}

func (e *UnknownKeysError) Error() string {
	return "the " + docName(e.What) + " has keys attune does not know: " + strings.Join(e.Keys, ", ")
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
	md, err := decodeStrict(data, &m, schemaOf(), "")
	if err != nil {
		return nil, err
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

// decodeStrict decodes data into v and refuses what it cannot hold: a
// syntax or shape error (*SyntaxError, which never quotes the file) or
// keys v does not have (*UnknownKeysError). what names the document in
// errors ("" is the map).
func decodeStrict(data []byte, v any, schema *schemaShape, what string) (decodedKeys, error) {
	md, err := decodeTOML(data, v, schema)
	if err != nil {
		var se *ShapeError
		if errors.As(err, &se) {
			return nil, &SyntaxError{Line: se.Line, Message: se.Problem, What: what}
		}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &SyntaxError{Line: pe.Position.Line, Column: pe.Position.Col, Message: textcheck.Neutralize(pe.Message), What: what}
		}
		// Type mismatches (text where a number belongs) come as plain errors.
		return nil, &SyntaxError{Message: textcheck.Neutralize(strings.TrimPrefix(err.Error(), "toml: ")), What: what}
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
		return nil, &UnknownKeysError{Keys: keys, What: what}
	}
	return md, nil
}

// normalizeTimes keeps every time stamp in UTC, whatever zone (or local
// date-time) a hand-written file used.
func (m *Map) normalizeTimes() {
	m.Exported = m.Exported.UTC()
	for i := range m.Partners {
		m.Partners[i].Added = m.Partners[i].Added.UTC()
	}
	m.Each(func(_ Section, r entry.Ref) { *r.Added = r.Added.UTC() })
	for i := range m.History {
		m.History[i].At = m.History[i].At.UTC()
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
	if n := m.Count(); n > MaxEntries {
		return fmt.Errorf("the map has %d entries; attune reads at most %d", n, MaxEntries)
	}
	if before == nil || m.Name != before.Name || m.Safeword != before.Safeword || m.Signal != before.Signal ||
		m.IfFrozen != before.IfFrozen || m.IfWeStop != before.IfWeStop || m.Anchor != before.Anchor {
		for _, f := range []struct{ field, value string }{{"name", m.Name}, {"safeword", m.Safeword}, {"signal", m.Signal}} {
			if err := textcheck.Check(f.field, f.value, true); err != nil {
				return err
			}
		}
		for _, f := range []struct{ field, value string }{{"if_frozen", m.IfFrozen}, {"if_we_stop", m.IfWeStop}, {"anchor", m.Anchor}} {
			if err := textcheck.CheckLines(f.field, f.value, true); err != nil {
				return err
			}
		}
	}
	if before != nil && m.Name != before.Name && m.Name != "" {
		// A new name is one a partner must be able to import.
		if err := checkVisible(m.Name); err != nil {
			err.(*InvisibleError).Field = "your name"
			return err
		}
	}
	u := newUniq(m.Count())
	for _, sec := range sections {
		if *sec.seq(m) < 0 {
			return errors.New("the map has a negative id counter")
		}
		if err := sec.validate(m, before, u); err != nil {
			return err
		}
	}
	if err := m.validateHistory(u.keys); err != nil {
		return err
	}
	if err := m.validateNotices(); err != nil {
		return err
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
		if err := p.validate(); err != nil {
			return &EntryError{Where: "partner " + textcheck.Neutralize(p.Name), Err: err}
		}
	}
	if m.SigningKey != "" {
		if seed, err := base64.StdEncoding.DecodeString(m.SigningKey); err != nil || len(seed) != 32 {
			return errors.New("the signing key is not an attune signing key")
		}
	}
	if err := m.validateKeys(); err != nil {
		return err
	}
	for _, fp := range m.EncryptedTo {
		if len(fp) != 32 || strings.Trim(fp, "0123456789abcdef") != "" {
			return errors.New("encrypted_to holds something that is not a key's fingerprint")
		}
	}
	return nil
}

// validate checks a partner's fields other than the name. A partner
// whose map was imported may have no public keys, but then has the
// signing key recorded from it.
func (p Partner) validate() error {
	if len(p.Recipients) == 0 && p.SigningKey == "" {
		return errors.New("no public keys")
	}
	if p.ID != "" {
		if err := checkKey(p.ID); err != nil {
			return errors.New("the id is not an attune partner id")
		}
	}
	if p.SigningKey != "" {
		if blob, err := base64.StdEncoding.DecodeString(p.SigningKey); err != nil || len(blob) < 32 {
			return errors.New("the signing key is not a public signing key")
		}
	}
	seen := map[string]bool{}
	for _, pair := range p.ExportIDs {
		key, id, ok := strings.Cut(pair, " ")
		if !ok || checkKey(key) != nil || key == "" || !validShownID(id) || seen[key] {
			return errors.New("export_ids holds something that is not an entry's key and id")
		}
		seen[key] = true
	}
	return nil
}

// validShownID: a letter and a number, as ids are shown (b4, t12).
func validShownID(id string) bool {
	if len(id) < 2 || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	_, ok := idNumber(id, id[0])
	return ok
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

// Clone is a copy of m whose lists can be changed without touching m's.
func (m *Map) Clone() *Map {
	c := *m
	c.EncryptedTo = slices.Clone(m.EncryptedTo)
	c.Partners = slices.Clone(m.Partners)
	for i := range c.Partners {
		c.Partners[i].Recipients = slices.Clone(c.Partners[i].Recipients)
		c.Partners[i].ExportIDs = slices.Clone(c.Partners[i].ExportIDs)
	}
	for _, s := range sections {
		s.clone(&c)
	}
	c.History = slices.Clone(m.History)
	c.Notices = slices.Clone(m.Notices)
	c.KeyChange = slices.Clone(m.KeyChange)
	return &c
}

// Equal reports whether two maps hold the same content.
func (m *Map) Equal(o *Map) bool {
	if m.Version != o.Version || m.Name != o.Name || m.Safeword != o.Safeword || m.Signal != o.Signal ||
		m.IfFrozen != o.IfFrozen || m.IfWeStop != o.IfWeStop || m.Anchor != o.Anchor ||
		!m.Exported.Equal(o.Exported) || !slices.Equal(m.EncryptedTo, o.EncryptedTo) ||
		m.PartnerFileKey != o.PartnerFileKey || m.SigningKey != o.SigningKey || !m.sameKeys(o) ||
		!slices.EqualFunc(m.Partners, o.Partners, Partner.Equal) ||
		!slices.EqualFunc(m.History, o.History, HistoryEvent.Equal) ||
		!slices.EqualFunc(m.Notices, o.Notices, Notice.Equal) {
		return false
	}
	for _, s := range sections {
		if *s.seq(m) != *s.seq(o) || !s.equal(m, o) {
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
		return fmt.Errorf("the id must be %c followed by a number, like %c1 (or %c1kq, made on a device that syncs)", prefix, prefix, prefix)
	}
	if seen[id] {
		return errors.New("the id is used twice")
	}
	seen[id] = true
	return nil
}

// idNumber is the number of an id of the section with this prefix: b12,
// or b12kq when made on a device with the tag kq (see DeviceTag).
func idNumber(id string, prefix byte) (int, bool) {
	if len(id) < 2 || len(id) > 10 || id[0] != prefix {
		return 0, false
	}
	digits := id[1:]
	if k := len(digits); k > 2 && ValidDeviceTag(digits[k-2:]) {
		digits = digits[:k-2]
	}
	n, err := strconv.Atoi(digits)
	if err != nil || digits[0] == '0' || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	return n, true
}

// Boundary returns a pointer to the boundary with this id, or nil.
func (m *Map) Boundary(id string) *boundaries.Boundary { return byID(m.Boundaries, id) }

// Trigger returns a pointer to the trigger with this id, or nil.
func (m *Map) Trigger(id string) *triggers.Trigger { return byID(m.Triggers, id) }

// Sign returns a pointer to the sign with this id, or nil.
func (m *Map) Sign(id string) *signs.Sign { return byID(m.Signs, id) }

// Care returns a pointer to the aftercare with this id, or nil.
func (m *Map) Care(id string) *aftercare.Care { return byID(m.Aftercare, id) }

// Curiosity returns a pointer to the curiosity with this id, or nil.
func (m *Map) Curiosity(id string) *curious.Curiosity { return byID(m.Curious, id) }

func byID[T any, P entryKind[T]](l []T, id string) *T {
	for i := range l {
		if *P(&l[i]).Ref().ID == id {
			return &l[i]
		}
	}
	return nil
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

// Shareable returns a copy holding only what may leave the machine: the
// name, the stop word and signal, what to do if one freezes or stops, and
// every entry not marked private. Partners and id counters stay behind.
// It also reports how many entries were kept back.
func (m *Map) Shareable() (*Map, int) {
	out := m.Clone()
	*out = Map{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, IfFrozen: m.IfFrozen, IfWeStop: m.IfWeStop,
		Boundaries: out.Boundaries, Triggers: out.Triggers, Signs: out.Signs, Aftercare: out.Aftercare, Curious: out.Curious}
	kept := 0
	out.Retain(func(_ Section, r entry.Ref) bool {
		if *r.Private {
			kept++
		}
		return !*r.Private
	})
	out.Version = out.MinVersion()
	return out, kept
}

// SortedBoundaries returns the boundaries in display order: STOP, ASK
// FIRST, GO, and within a light in the order they were added.
func (m *Map) SortedBoundaries() []boundaries.Boundary {
	return stableByRank(m.Boundaries, func(b *boundaries.Boundary) int { return b.Light.Rank() })
}

// SortedTriggers returns the triggers grouped by category in the fixed
// category order, the strongest first within a category.
func (m *Map) SortedTriggers() []triggers.Trigger { return stableByRank(m.Triggers, triggerRank) }

// ErrOwnMap is a map that holds what only one's own map holds (partners,
// the key that names their files): a map.toml.age, not an export.
var ErrOwnMap = errors.New("the file holds partner keys, a secret key or a private anchor, which a shared map never does")

// ErrPrivateShared is a shared map with an entry marked private: what is
// private never leaves its owner's machine, so such a file was made by
// hand or by someone else, and whether to show the entry can't be told.
var ErrPrivateShared = errors.New("the file holds an entry marked private, which a shared map never does")

// DecodeShared reads a map that came from someone else (an export a
// partner sent, or one kept as an import) exactly as Decode reads one's
// own, and also refuses what only one's own map may hold (partners and
// their keys, id counters, the history of entries, what merges decided)
// and entries marked private.
//
// It is bounded in cost whatever the file holds: DecodeUntrusted's
// scan refuses shapes no map has before the TOML decoder sees them, and
// limits the size and the number of entries.
func DecodeShared(data []byte) (*Map, error) {
	m, err := DecodeUntrusted(data, Limits{})
	if err != nil {
		return nil, err
	}
	if len(m.Partners) > 0 || m.PartnerFileKey != "" || m.SigningKey != "" || m.Anchor != "" || m.HoldsOwnKeys() {
		return nil, ErrOwnMap
	}
	if len(m.History) > 0 {
		return nil, ErrHistoryShared
	}
	if len(m.Notices) > 0 {
		return nil, ErrNoticesShared
	}
	if m.entriesUse(func(r entry.Ref) bool { return *r.Private }) {
		return nil, ErrPrivateShared
	}
	if m.entriesUse(func(r entry.Ref) bool { return len(*r.ShareWith) > 0 }) {
		return nil, ErrShareList
	}
	return m, nil
}

// DecodeExport reads an export a partner sent, as DecodeShared does,
// and also refuses text that shows nothing (only invisible characters,
// such as U+200B or the Hangul filler U+3164), as attune refuses it
// where a person types: a ■ STOP that reads as an empty line says
// nothing, and only its author can fix it. A map kept from before this
// rule (a stored import) is read with DecodeShared, so it still opens.
func DecodeExport(data []byte) (*Map, error) {
	m, err := DecodeShared(data)
	if err != nil {
		return nil, err
	}
	if err := m.validateShows(); err != nil {
		return nil, err
	}
	return m, nil
}

// validateShows refuses a setting or an entry whose text shows nothing.
// The name is left to the rules of partner names, which say more.
func (m *Map) validateShows() error {
	for _, f := range []struct{ field, value string }{{"safeword", m.Safeword}, {"signal", m.Signal}} {
		if err := textcheck.CheckTyped(f.field, f.value, true); err != nil {
			return err
		}
	}
	for _, f := range []struct{ field, value string }{{"if_frozen", m.IfFrozen}, {"if_we_stop", m.IfWeStop}} {
		if err := textcheck.CheckLinesTyped(f.field, f.value, true); err != nil {
			return err
		}
	}
	for _, sec := range sections {
		if err := sec.validateTyped(m); err != nil {
			return err
		}
	}
	return nil
}

// ErrShareList is a shared map whose entries name who may see them: an
// export never says who else sees an entry.
var ErrShareList = errors.New("the file says who may see its entries, which an export never does")

// FoldText is the form in which two texts are the same entry: Unicode
// NFC, case folded, white space runs one space, trimmed ("Shouting" and
// " shouting").
func FoldText(s string) string {
	return strings.Join(strings.Fields(PartnerNameKey(s)), " ")
}

// SameText finds an entry of a section whose text is text, folded, and
// for which also (if not nil) holds: the same category of trigger.
func (m *Map) SameText(sec Section, text string, also func(entry.Ref) bool) (entry.Ref, bool) {
	f := FoldText(text)
	var found entry.Ref
	ok := false
	m.Each(func(s Section, r entry.Ref) {
		if !ok && s == sec && FoldText(*r.Text) == f && (also == nil || also(r)) {
			found, ok = r, true
		}
	})
	return found, ok
}
