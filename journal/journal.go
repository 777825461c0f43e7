// Package journal is what is only ever the survivor's own: check-ins
// before being intimate and debriefs after, kept in a second encrypted
// file beside the map (store.JournalFile). Nothing in it is ever
// exported, summarised or shown in a partner's view, and it keeps no
// earlier version: what is forgotten is gone.
//
// It knows the journal's schema, its words and what the records say
// together (Helped); it knows nothing of files or terminals. The TOML is
// read and written with the map's codec (mapfile.EncodeDocument and
// DecodeDocument).
package journal

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
)

// Version is the journal's schema version. A journal of a newer version
// is refused (NewerVersionError), as a newer map is.
const Version = 1

// MaxRecords bounds the records of one journal, so that a damaged or
// hostile file cannot make attune allocate without limit.
const MaxRecords = 100_000

// MaxLevel is the top of the distress scale: 0 is none, 10 the worst
// one can imagine.
const MaxLevel = 10

// Journal is the whole file. Field order is the order of the TOML.
type Journal struct {
	Version int `toml:"version"`
	// Seq is the highest record number handed out, so that an id is not
	// given to a second record after one is forgotten (until forget
	// --all, which starts afresh).
	Seq      int       `toml:"seq,omitempty"`
	CheckIns []CheckIn `toml:"checkin,omitempty"`
	Debriefs []Debrief `toml:"debrief,omitempty"`
}

// CheckIn is how someone was, in their own words, before being
// intimate. Every answer may be blank.
type CheckIn struct {
	ID       string    `toml:"id"`
	At       time.Time `toml:"at"`
	Feelings []Feeling `toml:"feelings,omitempty"`
	// Words are their own words for how they feel.
	Words    string `toml:"words,omitempty"`
	Distress *int   `toml:"distress,omitempty"` // 0 to 10
	State    State  `toml:"state,omitempty"`
	Note     string `toml:"note,omitempty"`
}

// Debrief is what someone noted after being intimate. Every answer may
// be blank.
type Debrief struct {
	ID     string    `toml:"id"`
	At     time.Time `toml:"at"`
	Good   string    `toml:"good,omitempty"`   // what felt good
	Change string    `toml:"change,omitempty"` // to change, or not do again
	// Trigger is the hidden key (mapfile.NewKey) of the trigger that
	// came up: it stays the same when the trigger is edited, so the
	// record follows it.
	Trigger string `toml:"trigger,omitempty"`
	Helped  string `toml:"helped,omitempty"` // what helped
	// ItHelped is whether it helped, in their words, when there are no
	// numbers to tell.
	ItHelped Answer `toml:"it_helped,omitempty"`
	Before   *int   `toml:"before,omitempty"` // distress, 0 to 10
	After    *int   `toml:"after,omitempty"`
	Needed   string `toml:"needed,omitempty"` // what they needed afterwards
	GotIt    Answer `toml:"got_it,omitempty"` // and whether they got it
	Note     string `toml:"note,omitempty"`   // for next time
}

// New is an empty journal.
func New() *Journal { return &Journal{Version: Version} }

// doc names the journal to the codec.
var doc = mapfile.Document{
	What:   "journal",
	Noun:   "an attune journal",
	Header: "# attune journal: yours only, never exported. Schema: see the attune README.\n",
}

// Encode writes the journal as TOML.
func (j *Journal) Encode() []byte { return mapfile.EncodeDocument(doc, j) }

// NewerVersionError is a journal written by a newer attune.
type NewerVersionError struct{ Version int }

func (e *NewerVersionError) Error() string {
	return fmt.Sprintf("the journal has version %d; this attune reads versions up to %d", e.Version, Version)
}

// RecordError is a problem with one record.
type RecordError struct {
	Where string // "check-in j3", "debrief number 4"
	Err   error
}

func (e *RecordError) Error() string { return e.Where + ": " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// Decode reads and validates a journal. Everything a damaged or hostile
// file can get wrong is an error here, never a panic, at a cost linear
// in its size.
func Decode(data []byte) (*Journal, error) {
	j := &Journal{}
	defined, err := mapfile.DecodeDocument(doc, data, j)
	if err != nil {
		return nil, err
	}
	if !defined("version") {
		return nil, fmt.Errorf("the journal has no version line (version = %d)", Version)
	}
	if err := j.Validate(); err != nil {
		return nil, err
	}
	j.raiseSeq()
	for i := range j.CheckIns {
		j.CheckIns[i].At = j.CheckIns[i].At.UTC()
	}
	for i := range j.Debriefs {
		j.Debriefs[i].At = j.Debriefs[i].At.UTC()
	}
	return j, nil
}

// Validate checks every record, and that ids are used once.
func (j *Journal) Validate() error {
	switch {
	case j.Version > Version:
		return &NewerVersionError{Version: j.Version}
	case j.Version < 1:
		return fmt.Errorf("the journal has version %d; versions start at 1", j.Version)
	case j.Seq < 0:
		return errors.New("the journal has a negative id counter")
	case len(j.CheckIns)+len(j.Debriefs) > MaxRecords:
		return fmt.Errorf("the journal has %d records; attune reads at most %d", len(j.CheckIns)+len(j.Debriefs), MaxRecords)
	}
	seen := make(map[string]bool, len(j.CheckIns)+len(j.Debriefs))
	for i, c := range j.CheckIns {
		if err := c.check(seen); err != nil {
			return &RecordError{Where: recordName("check-in", c.ID, i), Err: err}
		}
	}
	for i, d := range j.Debriefs {
		if err := d.check(seen); err != nil {
			return &RecordError{Where: recordName("debrief", d.ID, i), Err: err}
		}
	}
	return nil
}

// ValidateNew checks one record about to be added (before it has an
// id), as typed: text that shows nothing is refused too.
func (c CheckIn) ValidateNew() error {
	if err := c.body(); err != nil {
		return err
	}
	return typedTexts(textField{"your own words", c.Words}, textField{"note", c.Note})
}

// ValidateNew checks one record about to be added, as typed.
func (d Debrief) ValidateNew() error {
	if err := d.body(); err != nil {
		return err
	}
	return typedTexts(textField{"what felt good", d.Good}, textField{"what to change", d.Change},
		textField{"what helped", d.Helped}, textField{"what you needed", d.Needed}, textField{"note", d.Note})
}

func (c CheckIn) check(seen map[string]bool) error {
	if err := checkHead(c.ID, seen); err != nil {
		return err
	}
	return c.body()
}

// body checks all but the id.
func (c CheckIn) body() error {
	if c.At.IsZero() {
		return errNoTime
	}
	felt := map[Feeling]bool{}
	for _, f := range c.Feelings {
		if !f.Valid() {
			return FeelingWords.StoredError(string(f))
		}
		if felt[f] {
			return fmt.Errorf("the feeling %q is there twice", f)
		}
		felt[f] = true
	}
	if c.State != "" && !c.State.Valid() {
		return StateWords.StoredError(string(c.State))
	}
	if err := checkLevel("distress", c.Distress); err != nil {
		return err
	}
	return storedTexts(textField{"your own words", c.Words}, textField{"note", c.Note})
}

func (d Debrief) check(seen map[string]bool) error {
	if err := checkHead(d.ID, seen); err != nil {
		return err
	}
	return d.body()
}

func (d Debrief) body() error {
	if d.At.IsZero() {
		return errNoTime
	}
	if d.Trigger != "" && !mapfile.ValidKey(d.Trigger) {
		return errors.New("trigger is not the key of an entry")
	}
	for _, a := range []Answer{d.ItHelped, d.GotIt} {
		if a != "" && !a.Valid() {
			return AnswerWords.StoredError(string(a))
		}
	}
	if err := checkLevel("distress before", d.Before); err != nil {
		return err
	}
	if err := checkLevel("distress after", d.After); err != nil {
		return err
	}
	return storedTexts(textField{"what felt good", d.Good}, textField{"what to change", d.Change},
		textField{"what helped", d.Helped}, textField{"what you needed", d.Needed}, textField{"note", d.Note})
}

// checkHead checks the id every record has: well formed, used once.
func checkHead(id string, seen map[string]bool) error {
	if _, ok := idNumber(id); !ok {
		return errors.New("the id must be j followed by a number, like j1")
	}
	if seen[id] {
		return errors.New("the id is used twice")
	}
	seen[id] = true
	return nil
}

var errNoTime = errors.New("it has no time (at)")

// LevelError is a distress level off the scale.
type LevelError struct {
	Field string
	Value int
}

func (e *LevelError) Error() string {
	return fmt.Sprintf("%s must be a number from 0 to %d, not %d", e.Field, MaxLevel, e.Value)
}

func checkLevel(field string, v *int) error {
	if v != nil && (*v < 0 || *v > MaxLevel) {
		return &LevelError{Field: field, Value: *v}
	}
	return nil
}

// ParseLevel reads a distress level as typed: a whole number from 0 to
// 10 (*LevelError or a plain error otherwise).
func ParseLevel(field, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s must be a number from 0 (none) to %d (the worst you can imagine)", field, MaxLevel)
	}
	if n < 0 || n > MaxLevel {
		return 0, &LevelError{Field: field, Value: n}
	}
	return n, nil
}

type textField struct{ name, value string }

// storedTexts checks free text as stored: it may be empty, span lines,
// and must be free of control characters and within the length of any
// attune text.
func storedTexts(fields ...textField) error {
	for _, f := range fields {
		if err := textcheck.CheckLines(f.name, f.value, true); err != nil {
			return err
		}
	}
	return nil
}

func typedTexts(fields ...textField) error {
	for _, f := range fields {
		if err := textcheck.CheckLinesTyped(f.name, f.value, true); err != nil {
			return err
		}
	}
	return nil
}

func recordName(kind, id string, i int) string {
	if _, ok := idNumber(id); ok {
		return kind + " " + id
	}
	return fmt.Sprintf("%s number %d", kind, i+1)
}

// idNumber reads "j12" as 12.
func idNumber(id string) (int, bool) {
	if len(id) < 2 || len(id) > 10 || id[0] != 'j' || id[1] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n < 1 || id[1] == '+' || id[1] == '-' {
		return 0, false
	}
	return n, true
}

// IsID reports whether s has the form of a journal id (j1, j12).
func IsID(s string) bool {
	_, ok := idNumber(s)
	return ok
}

// nextID hands out the next id: one above every id handed out before
// (Seq, which Decode raises to the highest id there is).
func (j *Journal) nextID() string {
	j.Seq++
	return "j" + strconv.Itoa(j.Seq)
}

// raiseSeq makes Seq at least the highest id there is: a journal written
// by hand may hold ids above its counter.
func (j *Journal) raiseSeq() {
	for _, c := range j.CheckIns {
		if k, _ := idNumber(c.ID); k > j.Seq {
			j.Seq = k
		}
	}
	for _, d := range j.Debriefs {
		if k, _ := idNumber(d.ID); k > j.Seq {
			j.Seq = k
		}
	}
}

// AddCheckIn gives c the next id and keeps it; it returns the id.
func (j *Journal) AddCheckIn(c CheckIn) string {
	c.ID = j.nextID()
	j.CheckIns = append(j.CheckIns, c)
	return c.ID
}

// AddDebrief gives d the next id and keeps it; it returns the id.
func (j *Journal) AddDebrief(d Debrief) string {
	d.ID = j.nextID()
	j.Debriefs = append(j.Debriefs, d)
	return d.ID
}

// Clone is a copy of j whose lists can be changed without touching j's.
func (j *Journal) Clone() *Journal {
	c := *j
	c.CheckIns = slices.Clone(j.CheckIns)
	c.Debriefs = slices.Clone(j.Debriefs)
	return &c
}

// Equal reports whether two journals hold the same records.
func (j *Journal) Equal(o *Journal) bool {
	return j.Version == o.Version && j.Seq == o.Seq &&
		slices.EqualFunc(j.CheckIns, o.CheckIns, CheckIn.Equal) && slices.EqualFunc(j.Debriefs, o.Debriefs, Debrief.Equal)
}

// Equal reports whether two check-ins are the same in every field.
func (c CheckIn) Equal(o CheckIn) bool {
	return c.ID == o.ID && c.At.Equal(o.At) && slices.Equal(c.Feelings, o.Feelings) && c.Words == o.Words &&
		sameLevel(c.Distress, o.Distress) && c.State == o.State && c.Note == o.Note
}

// Equal reports whether two debriefs are the same in every field.
func (d Debrief) Equal(o Debrief) bool {
	return d.ID == o.ID && d.At.Equal(o.At) && d.Good == o.Good && d.Change == o.Change && d.Trigger == o.Trigger &&
		d.Helped == o.Helped && d.ItHelped == o.ItHelped && sameLevel(d.Before, o.Before) && sameLevel(d.After, o.After) &&
		d.Needed == o.Needed && d.GotIt == o.GotIt && d.Note == o.Note
}

func sameLevel(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// Len is the number of records.
func (j *Journal) Len() int { return len(j.CheckIns) + len(j.Debriefs) }

// CheckIn is the check-in with this id, or nil.
func (j *Journal) CheckIn(id string) *CheckIn {
	for i := range j.CheckIns {
		if j.CheckIns[i].ID == id {
			return &j.CheckIns[i]
		}
	}
	return nil
}

// Debrief is the debrief with this id, or nil.
func (j *Journal) Debrief(id string) *Debrief {
	for i := range j.Debriefs {
		if j.Debriefs[i].ID == id {
			return &j.Debriefs[i]
		}
	}
	return nil
}

// UnknownIDError names ids the journal does not hold.
type UnknownIDError struct{ IDs []string }

func (e *UnknownIDError) Error() string {
	if len(e.IDs) == 1 {
		return fmt.Sprintf("your journal has no record %q", e.IDs[0])
	}
	return fmt.Sprintf("your journal has no records %q", e.IDs)
}

// Forget removes the records with these ids. If any id is not there,
// nothing is removed (*UnknownIDError).
func (j *Journal) Forget(ids []string) error {
	gone := map[string]bool{}
	var unknown []string
	for _, id := range ids {
		if j.CheckIn(id) == nil && j.Debrief(id) == nil {
			unknown = append(unknown, id)
		}
		gone[id] = true
	}
	if len(unknown) > 0 {
		return &UnknownIDError{IDs: unknown}
	}
	keepC := j.CheckIns[:0]
	for _, c := range j.CheckIns {
		if !gone[c.ID] {
			keepC = append(keepC, c)
		}
	}
	clear(j.CheckIns[len(keepC):]) // no copy of a forgotten record stays in memory
	j.CheckIns = keepC
	keepD := j.Debriefs[:0]
	for _, d := range j.Debriefs {
		if !gone[d.ID] {
			keepD = append(keepD, d)
		}
	}
	clear(j.Debriefs[len(keepD):])
	j.Debriefs = keepD
	return nil
}

// ForgetAll empties the journal and starts its ids afresh: nothing of
// it is left, not even how many records there were.
func (j *Journal) ForgetAll() { *j = Journal{Version: Version} }

// Record is one record of either kind, for views that show both in the
// order they were made.
type Record struct {
	CheckIn *CheckIn
	Debrief *Debrief
}

// ID is the record's id.
func (r Record) ID() string {
	if r.CheckIn != nil {
		return r.CheckIn.ID
	}
	return r.Debrief.ID
}

// At is when the record was made.
func (r Record) At() time.Time {
	if r.CheckIn != nil {
		return r.CheckIn.At
	}
	return r.Debrief.At
}

// Records lists every record, oldest first (by id for the same second).
func (j *Journal) Records() []Record {
	out := make([]Record, 0, j.Len())
	for i := range j.CheckIns {
		out = append(out, Record{CheckIn: &j.CheckIns[i]})
	}
	for i := range j.Debriefs {
		out = append(out, Record{Debrief: &j.Debriefs[i]})
	}
	sortRecords(out)
	return out
}

// Find is the record with this id.
func (j *Journal) Find(id string) (Record, bool) {
	if c := j.CheckIn(id); c != nil {
		return Record{CheckIn: c}, true
	}
	if d := j.Debrief(id); d != nil {
		return Record{Debrief: d}, true
	}
	return Record{}, false
}
