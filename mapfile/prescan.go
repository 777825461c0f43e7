package mapfile

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// A map from outside (a partner's export, a hand-written map) reaches the
// TOML decoder only after a cheap scan has refused every shape an attune
// map can never hold. The decoder's cost grows with the square of the
// nesting of inline tables, of dotted keys and of dotted section names, so
// a file of a few hundred kilobytes could hold the machine for a minute and
// take gigabytes; a size limit alone does not bound that. The scan reads
// each byte once, allocates almost nothing, and knows TOML's lexical rules
// well enough that what it lets through has the decoder's cost linear in
// the size: sections one name deep, keys one name deep, values that are
// text, numbers, dates, booleans or flat lists of them.

// MaxForeignBytes bounds the size of a map attune did not write itself.
// The cost of DecodeUntrusted is measured up to this size (prescan tests
// and benchmarks).
const MaxForeignBytes = 1 << 20

// MaxForeignEntries bounds the [[…]] sections (boundaries, triggers,
// partners) of a map attune did not write itself.
const MaxForeignEntries = 2000

// MaxForeignListItems bounds the items of all lists together (the public
// keys of partners) in a map attune did not write itself. A shared map
// holds none; the decoder pays about half a microsecond for each.
const MaxForeignListItems = 10_000

// Limits bound a map that attune did not write. A zero field means the
// limit for a partner's export (MaxForeignBytes, MaxForeignEntries,
// MaxForeignListItems). The cost is measured at those limits; larger ones
// raise it in proportion.
type Limits struct {
	MaxBytes     int // size of the file
	MaxEntries   int // [[…]] sections
	MaxListItems int // items of all lists together
}

func (l Limits) orDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = MaxForeignBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = MaxForeignEntries
	}
	if l.MaxListItems <= 0 {
		l.MaxListItems = MaxForeignListItems
	}
	return l
}

// TooLargeError is a file larger than the limit.
type TooLargeError struct{ Size, Limit int }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file holds %d bytes, more than the %d attune reads from a file it did not write", e.Size, e.Limit)
}

// TooManyEntriesError is a file with more [[…]] sections than the limit.
type TooManyEntriesError struct{ Entries, Limit int }

func (e *TooManyEntriesError) Error() string {
	return fmt.Sprintf("the file holds %d entries, more than the %d attune reads from a file it did not write", e.Entries, e.Limit)
}

// TooManyListItemsError is a file whose lists hold more items, all
// together, than the limit.
type TooManyListItemsError struct{ Items, Limit int }

func (e *TooManyListItemsError) Error() string {
	return fmt.Sprintf("the file holds %d items in lists, more than the %d attune reads from a file it did not write", e.Items, e.Limit)
}

// ShapeError is text that no attune map can hold, found before the TOML
// decoder saw it. Problem is a plain sentence; it never quotes the file.
type ShapeError struct {
	Line    int
	Problem string
}

func (e *ShapeError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// Shape is what the scan counted.
type Shape struct {
	Entries   int            // [[…]] sections of every name
	Sections  map[string]int // [[…]] sections by name
	ListItems int            // items of all lists together
}

// DecodeUntrusted reads a map that attune did not write: it checks the
// size, scans the shape, counts the entries and list items, and only then
// decodes and validates it as Decode does. Within the default limits any
// input is read or refused in a few tens of milliseconds and megabytes
// (BenchmarkDecodeUntrusted, TestHostileShapesMemory).
func DecodeUntrusted(data []byte, lim Limits) (*Map, error) {
	lim = lim.orDefaults()
	if len(data) > lim.MaxBytes {
		return nil, &TooLargeError{Size: len(data), Limit: lim.MaxBytes}
	}
	if !utf8.Valid(data) {
		return nil, &SyntaxError{Message: "the text is not valid UTF-8"}
	}
	shape, err := Prescan(data)
	if err != nil {
		return nil, err
	}
	switch {
	case shape.Entries > lim.MaxEntries:
		return nil, &TooManyEntriesError{Entries: shape.Entries, Limit: lim.MaxEntries}
	case shape.ListItems > lim.MaxListItems:
		return nil, &TooManyListItemsError{Items: shape.ListItems, Limit: lim.MaxListItems}
	}
	return Decode(data)
}

// Prescan reads TOML text once and refuses, as a *ShapeError, what an
// attune map never holds: inline tables, lists inside lists deeper than
// the schema's, dotted or quoted keys, dotted or quoted section names,
// sections the schema does not have, keys longer than any of its keys,
// and more keys in a table than the schema has for it. It also refuses
// what TOML itself forbids where that decides how the rest is read
// (control characters, unclosed text). It leaves to the decoder, which
// words them better, UTF-8 (DecodeUntrusted checks it first), key names
// and types.
func Prescan(data []byte) (Shape, error) { return prescan(data, schemaOf()) }

// prescan is Prescan against the shape of any schema (the map's, or
// another document's: DecodeDocument).
func prescan(data []byte, schema *schemaShape) (Shape, error) {
	sc := shapeScanner{src: data, line: 1, schema: schema}
	sc.keysLeft = sc.schema.topKeys
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		sc.pos = 3 // the decoder skips a UTF-8 byte order mark too
	}
	sc.counts = make([]int, len(sc.schema.entries))
	err := sc.document()
	for i, n := range sc.counts {
		if n > 0 {
			if sc.shape.Sections == nil {
				sc.shape.Sections = make(map[string]int, len(sc.counts))
			}
			sc.shape.Sections[sc.schema.entries[i]] = n
		}
	}
	return sc.shape, err
}

type shapeScanner struct {
	src    []byte
	pos    int
	line   int
	schema *schemaShape
	shape  Shape
	counts []int // [[…]] sections by index in schema.entries

	table    string // the schema's name of the current table, "" at the top
	entry    bool   // the current table is a [[…]] entry
	keysLeft int    // keys the current table may still hold
}

func (sc *shapeScanner) fail(problem string) error {
	return &ShapeError{Line: sc.line, Problem: problem}
}

func (sc *shapeScanner) eof() bool { return sc.pos >= len(sc.src) }

// at is the byte at pos+off, or 0 past the end (0 is never valid TOML
// outside a string, and the scan refuses it inside one).
func (sc *shapeScanner) at(off int) byte {
	if sc.pos+off < len(sc.src) {
		return sc.src[sc.pos+off]
	}
	return 0
}

// document reads line after line: blank, comment, section header, or
// key = value.
func (sc *shapeScanner) document() error {
	for {
		sc.skipBlanks()
		if sc.eof() {
			return nil
		}
		var err error
		switch sc.at(0) {
		case '\n', '\r':
			err = sc.newline()
		case '#':
			err = sc.lineEnd()
		case '[':
			err = sc.header()
		default:
			err = sc.keyValue()
		}
		if err != nil {
			return err
		}
	}
}

func isTOMLBlank(c byte) bool { return c == ' ' || c == '\t' }

// isTOMLControl is what TOML forbids everywhere, even in text and comments.
func isTOMLControl(c byte) bool {
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f
}

// isBareKeyByte: a byte of a TOML bare key (the scan and the fast
// decoder share it).
func isBareKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

func (sc *shapeScanner) skipBlanks() {
	for sc.pos < len(sc.src) && isTOMLBlank(sc.src[sc.pos]) {
		sc.pos++
	}
}

// newline reads LF or CRLF; a lone CR is no line end in TOML.
func (sc *shapeScanner) newline() error {
	if sc.at(0) == '\r' {
		if sc.at(1) != '\n' {
			return sc.fail("the line holds a carriage return that does not end it")
		}
		sc.pos++
	}
	sc.pos++
	sc.line++
	return nil
}

// lineEnd reads what may follow a header or a value: blanks, a comment,
// and the end of the line or of the file.
func (sc *shapeScanner) lineEnd() error {
	sc.skipBlanks()
	if sc.at(0) == '#' {
		if err := sc.comment(); err != nil {
			return err
		}
	}
	switch {
	case sc.eof():
		return nil
	case sc.at(0) == '\n' || sc.at(0) == '\r':
		return sc.newline()
	}
	return sc.fail("there is more on the line after its end")
}

// comment reads from # up to the end of the line, not including it.
func (sc *shapeScanner) comment() error {
	for sc.pos++; sc.pos < len(sc.src); sc.pos++ {
		switch c := sc.src[sc.pos]; {
		case c == '\n' || c == '\r' && sc.at(1) == '\n':
			return nil
		case c == '\r' || isTOMLControl(c):
			return sc.fail("a comment holds a control character, which TOML does not allow")
		}
	}
	return nil
}

// bareKey reads a bare key or section name and returns it (a slice of the
// input, never copied).
func (sc *shapeScanner) bareKey() []byte {
	start := sc.pos
	for sc.pos < len(sc.src) && isBareKeyByte(sc.src[sc.pos]) {
		sc.pos++
	}
	return sc.src[start:sc.pos]
}

// header reads [name] or [[name]] and counts the entries.
func (sc *shapeScanner) header() error {
	sc.pos++
	entry := sc.at(0) == '['
	if entry {
		sc.pos++
	}
	sc.skipBlanks()
	if c := sc.at(0); c == '"' || c == '\'' {
		return sc.fail("quoted section names are not part of " + sc.schema.noun)
	}
	name := sc.bareKey()
	if len(name) == 0 {
		return sc.fail("a line that starts with [ must be a section header such as [[boundary]]")
	}
	sc.skipBlanks()
	if err := sc.headerClose(entry); err != nil {
		return err
	}
	if err := sc.countSection(name, entry); err != nil {
		return err
	}
	return sc.lineEnd()
}

func (sc *shapeScanner) headerClose(entry bool) error {
	switch {
	case sc.at(0) == '.':
		return sc.fail("dotted section names ([a.b]) are not part of " + sc.schema.noun)
	case sc.at(0) != ']':
		return sc.fail("a section header is not closed with ]")
	case entry && sc.at(1) != ']':
		return sc.fail("a [[…]] section header is not closed with ]]")
	}
	sc.pos++
	if entry {
		sc.pos++
	}
	return nil
}

// countSection checks a header's name against the schema, counts the
// entries and sets how many keys the new table may hold.
func (sc *shapeScanner) countSection(name []byte, entry bool) error {
	if !entry {
		return sc.startSection(name)
	}
	i := sc.schema.entryIndex(name)
	if i < 0 {
		return sc.fail("this [[…]] section is not part of " + sc.schema.noun + ", which has " + sc.schema.entryList())
	}
	sc.table, sc.entry = sc.schema.entries[i], true
	sc.counts[i]++
	sc.shape.Entries++
	sc.keysLeft = sc.schema.entryKeys[i]
	return nil
}

func (sc *shapeScanner) startSection(name []byte) error {
	if i := sc.schema.sectionIndex(name); i >= 0 {
		sc.table, sc.entry = sc.schema.sections[i], false
		sc.keysLeft = sc.schema.sectionKeys[i]
		return nil
	}
	if i := sc.schema.entryIndex(name); i >= 0 {
		return sc.fail(sc.schema.noun + " writes [[" + sc.schema.entries[i] + "]], with double brackets")
	}
	return sc.fail("sections in single brackets are not part of " + sc.schema.noun + ", which has " + sc.schema.entryList())
}

// keyValue reads key = value and the end of its line.
func (sc *shapeScanner) keyValue() error {
	if c := sc.at(0); c == '"' || c == '\'' {
		return sc.fail("quoted keys are not part of " + sc.schema.noun + "; write the key without quotes")
	}
	if err := sc.key(); err != nil {
		return err
	}
	sc.skipBlanks()
	switch sc.at(0) {
	case '.':
		return sc.fail("dotted keys (a.b = …) are not part of " + sc.schema.noun)
	case '=':
		sc.pos++
	default:
		return sc.fail("a key must be followed by = and a value")
	}
	sc.skipBlanks()
	if err := sc.value(0); err != nil {
		return err
	}
	return sc.lineEnd()
}

// maxKeyLen is longer than any key of the schema, and keeps a long key from
// being repeated back in the decoder's message about unknown keys.
const maxKeyLen = 64

// key reads a bare key and counts it against the table's keys.
func (sc *shapeScanner) key() error {
	switch n := len(sc.bareKey()); {
	case n == 0:
		return sc.fail("the line is not a key = value, a [[…]] section header or a comment")
	case n > maxKeyLen:
		return sc.fail("a key is longer than any key of " + sc.schema.noun)
	case sc.keysLeft == 0:
		return sc.fail(sc.tooManyKeys())
	}
	sc.keysLeft--
	return nil
}

func (sc *shapeScanner) tooManyKeys() string {
	if sc.table == "" {
		return "the top of the " + sc.schema.short + ", before the first [[…]] section, holds more keys than " + sc.schema.noun + " has there"
	}
	if sc.entry {
		return "this [[" + sc.table + "]] section holds more keys than " + sc.schema.noun + " has for it"
	}
	return "this [" + sc.table + "] section holds more keys than " + sc.schema.noun + " has for it"
}

// value reads one value; depth is how many lists it is inside.
func (sc *shapeScanner) value(depth int) error {
	switch c := sc.at(0); {
	case c == '"' || c == '\'':
		return sc.text(c)
	case c == '[':
		return sc.list(depth + 1)
	case c == '{':
		return sc.fail("inline tables ({ … }) are not part of " + sc.schema.noun)
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		return sc.numberOrDate()
	case 'a' <= c && c <= 'z':
		return sc.boolean()
	case sc.eof() || c == '\n' || c == '\r' || c == '#' || c == ',' || c == ']':
		return sc.fail("a value is missing")
	}
	return sc.fail("a value must be text in quotes, a number, a date, true or false, or a list of texts")
}

// maxScalarLen is longer than any number or date an attune map holds
// (2026-01-02T03:04:05.123456789+05:30 is 35 bytes).
const maxScalarLen = 64

func isScalarByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '+' || c == '-' || c == '.' || c == ':'
}

// numberOrDate reads an integer, float or date-time. A date and a time
// may be parted by one space, so blanks followed by more of the value
// belong to it; the decoder refuses any that should not.
func (sc *shapeScanner) numberOrDate() error {
	start := sc.pos
	for {
		for sc.pos < len(sc.src) && isScalarByte(sc.src[sc.pos]) {
			sc.pos++
		}
		blanks := sc.pos
		sc.skipBlanks()
		if sc.pos == blanks || sc.eof() || !isScalarByte(sc.src[sc.pos]) {
			sc.pos = blanks
			break
		}
	}
	if sc.pos-start > maxScalarLen {
		return sc.fail("a number or date is longer than any in " + sc.schema.noun)
	}
	return nil
}

func (sc *shapeScanner) boolean() error {
	word := sc.bareKey()
	if string(word) != "true" && string(word) != "false" {
		return sc.fail("a value must be text in quotes, a number, a date, true or false, or a list of texts")
	}
	return nil
}

// list reads [a, b, …], across lines and with comments, as TOML allows.
func (sc *shapeScanner) list(depth int) error {
	if depth > sc.schema.listDepth {
		return sc.fail("lists inside lists are not part of " + sc.schema.noun)
	}
	start := sc.line
	sc.pos++
	for {
		if err := sc.skipListSpace(); err != nil {
			return err
		}
		if sc.at(0) == ']' {
			sc.pos++
			return nil
		}
		if sc.eof() {
			return &ShapeError{Line: start, Problem: "a list is not closed with ]"}
		}
		if err := sc.value(depth); err != nil {
			return err
		}
		sc.shape.ListItems++
		if err := sc.skipListSpace(); err != nil {
			return err
		}
		switch {
		case sc.at(0) == ',':
			sc.pos++
		case sc.at(0) == ']':
			sc.pos++
			return nil
		case sc.eof():
			return &ShapeError{Line: start, Problem: "a list is not closed with ]"}
		default:
			return sc.fail("the items of a list must be parted by commas")
		}
	}
}

// skipListSpace skips blanks, line ends and comments between list items.
func (sc *shapeScanner) skipListSpace() error {
	for {
		sc.skipBlanks()
		switch sc.at(0) {
		case '\n', '\r':
			if err := sc.newline(); err != nil {
				return err
			}
		case '#':
			if err := sc.comment(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// text reads a basic ("…"), literal ('…') or multi-line ("""…""",
// ”'…”') string.
func (sc *shapeScanner) text(quote byte) error {
	if sc.at(1) == quote && sc.at(2) == quote {
		return sc.multiLineText(quote)
	}
	sc.pos++
	for sc.pos < len(sc.src) {
		switch c := sc.src[sc.pos]; {
		case c == quote:
			sc.pos++
			return nil
		case c == '\n' || c == '\r':
			return sc.fail("a text is not closed on its line (a quotation mark is missing)")
		case isTOMLControl(c):
			return sc.controlInText()
		case c == '\\' && quote == '"':
			if err := sc.escape(false); err != nil {
				return err
			}
		default:
			sc.pos++
		}
	}
	return sc.fail("a text is not closed on its line (a quotation mark is missing)")
}

func (sc *shapeScanner) controlInText() error {
	return sc.fail("a text holds a control character; TOML needs it written as an escape such as \\u0007")
}

// escape steps over a backslash and the byte after it, so an escaped
// quotation mark does not end the text. The decoder checks the escape
// itself; what matters here is only where the text ends. In multi-line
// text a backslash may end a line.
func (sc *shapeScanner) escape(multiLine bool) error {
	sc.pos++
	switch c := sc.at(0); {
	case sc.eof():
		return nil // the caller reports the unclosed text
	case c == '\n' || c == '\r':
		if !multiLine {
			return sc.fail("a text is not closed on its line (a quotation mark is missing)")
		}
		return sc.newline()
	case isTOMLControl(c):
		return sc.controlInText()
	}
	sc.pos++
	return nil
}

// multiLineText reads """…""" or ”'…”'. Up to two quotation marks may
// stand just before the closing three; six or more in a row are an error
// in TOML, and refused here so that the scan and the decoder never
// disagree on where the text ends.
func (sc *shapeScanner) multiLineText(quote byte) error {
	start := sc.line
	sc.pos += 3
	for sc.pos < len(sc.src) {
		switch c := sc.src[sc.pos]; {
		case c == quote:
			if run := sc.quoteRun(quote); run >= 3 {
				if run > 5 {
					return sc.fail("six or more quotation marks in a row cannot end a multi-line text")
				}
				return nil
			}
		case c == '\n' || c == '\r':
			if err := sc.newline(); err != nil {
				return err
			}
		case isTOMLControl(c):
			return sc.controlInText()
		case c == '\\' && quote == '"':
			if err := sc.escape(true); err != nil {
				return err
			}
		default:
			sc.pos++
		}
	}
	return &ShapeError{Line: start, Problem: "a multi-line text is not closed before the end of the file"}
}

// quoteRun steps over a run of quotation marks and returns its length.
func (sc *shapeScanner) quoteRun(quote byte) int {
	start := sc.pos
	for sc.pos < len(sc.src) && sc.src[sc.pos] == quote {
		sc.pos++
	}
	return sc.pos - start
}
