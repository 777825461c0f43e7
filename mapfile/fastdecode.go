package mapfile

// A decoder for exactly the TOML that Encode writes, tried before
// BurntSushi/toml. Decoding with BurntSushi/toml (its lexer, then
// reflection over a tree of maps) was most of the time of every command
// that reads a large map.
//
// The fast path never reports an error. Anything it does not recognise —
// any TOML outside the subset, a key the schema does not have, a key given
// twice, a value of the wrong type — means "not mine", and the whole input
// goes to BurntSushi/toml, which accepts it with its full TOML or refuses
// it with its own error. Where the fast path accepts, its result is
// exactly BurntSushi's (FuzzFastDecode holds it to that).
//
// Keys are matched to struct fields by the same `toml:"name"` tags
// BurntSushi/toml uses, so fields and [[…]] arrays added to the schema are
// decoded here without a change to this file.

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// decodedKeys is what Decode asks of a decoder after it has run: the keys
// that went nowhere, and whether the file set a key.
type decodedKeys interface {
	Undecoded() []toml.Key
	IsDefined(key ...string) bool
}

// decodeTOML decodes data into v (a pointer to a struct whose shape is
// schema), by the fast path when it takes the input and by
// BurntSushi/toml otherwise.
func decodeTOML(data []byte, v any, schema *schemaShape) (decodedKeys, error) {
	if keys, ok := fastDecode(data, v); ok {
		return keys, nil
	}
	reflect.ValueOf(v).Elem().SetZero() // the fast path may have filled part of it
	// Not attune's own writing (a file written by hand): bounded in cost
	// before the full TOML decoder sees it, as a partner's file is.
	if _, err := prescan(data, schema); err != nil {
		return nil, err
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(v)
	return &md, err
}

// onFastFallback, when set (by tests), hears why the fast path passed an
// input on to BurntSushi/toml.
var onFastFallback func(reason string)

// fastDecode decodes data into v (a pointer to a struct) if data is in the
// subset the fast path reads, and reports whether it did. data must be
// valid UTF-8 (Decode checks it first).
func fastDecode(data []byte, v any) (*fastKeys, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fastFail("not a pointer")
	}
	st := structFields(rv.Elem().Type())
	if st == nil {
		return nil, fastFail("not a plain struct")
	}
	p := fastParser{s: string(data), root: rv.Elem(), rootFields: st}
	p.topSeen = make([]bool, len(st.fields))
	p.cur, p.curFields, p.seen = p.root, st, p.topSeen
	if !p.parse() {
		return nil, fastFail(p.why)
	}
	return &fastKeys{fields: st, seen: p.topSeen}, true
}

func fastFail(reason string) bool {
	if hook := onFastFallback; hook != nil {
		hook(reason)
	}
	return false
}

// fastKeys answers Decode's questions after a fast decode. IsDefined
// knows top-level keys only: the only ones Decode asks about.
type fastKeys struct {
	fields *fastStruct
	seen   []bool
}

// Undecoded is empty: the fast path refuses any key the schema lacks.
func (k *fastKeys) Undecoded() []toml.Key { return nil }

func (k *fastKeys) IsDefined(key ...string) bool {
	if len(key) != 1 {
		return false
	}
	i, ok := k.fields.byName[key[0]]
	return ok && k.seen[i]
}

// fieldKind is what a field takes in the fast path.
type fieldKind uint8

const (
	kindOther  fieldKind = iota // anything else: the key means "fall back"
	kindString                  // a string, or a named string type
	kindBool
	kindInt     // int, int8 … int64
	kindIntPtr  // a pointer to one of them: a number that may be missing
	kindTime    // time.Time, from an offset date-time
	kindStrings // a slice of strings, from a one-line array
	kindTables  // a slice of structs, from [[name]] sections
)

type fastField struct {
	name  string
	index int // in the Go struct
	kind  fieldKind
	typ   reflect.Type
}

// fastStruct is one struct type's fields by TOML key.
type fastStruct struct {
	byName map[string]int // key → index in fields
	fields []fastField
}

var fastStructs sync.Map // reflect.Type → *fastStruct

// structFields returns the fields of t by key, computed once per type, or
// nil when the fast path does not decode into t at all.
func structFields(t reflect.Type) *fastStruct {
	if st, ok := fastStructs.Load(t); ok {
		return st.(*fastStruct)
	}
	if t.Kind() != reflect.Struct || t == timeType || decodesItself(t) {
		return nil
	}
	actual, _ := fastStructs.LoadOrStore(t, fieldsOf(t))
	return actual.(*fastStruct)
}

func fieldsOf(t reflect.Type) *fastStruct {
	st := &fastStruct{byName: map[string]int{}}
	names := map[string]int{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			// Embedded structs bring BurntSushi's rules for promoted and
			// hidden fields; a struct with one is left to BurntSushi: no
			// key is known.
			return &fastStruct{byName: map[string]int{}}
		}
		tag := sf.Tag.Get("toml")
		if !sf.IsExported() || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		names[name]++
		st.byName[name] = len(st.fields)
		st.fields = append(st.fields, fastField{name: name, index: i, kind: kindOf(sf.Type), typ: sf.Type})
	}
	for i, f := range st.fields {
		if names[f.name] > 1 { // two fields, one key: BurntSushi picks by rules of its own
			st.fields[i].kind = kindOther
		}
	}
	return st
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	jsonNumberType      = reflect.TypeFor[json.Number]()
	durationType        = reflect.TypeFor[time.Duration]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	tomlUnmarshalerType = reflect.TypeFor[toml.Unmarshaler]()
)

// decodesItself reports whether BurntSushi/toml would hand values of type
// t to a method of the type instead of setting them itself.
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(textUnmarshalerType) || pt.Implements(textUnmarshalerType) ||
		t.Implements(tomlUnmarshalerType) || pt.Implements(tomlUnmarshalerType)
}

func kindOf(t reflect.Type) fieldKind {
	if t == timeType {
		return kindTime // decodes itself, but from a date-time always to the same value
	}
	if decodesItself(t) || t == jsonNumberType || t == durationType {
		return kindOther
	}
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Pointer:
		if kindOf(t.Elem()) == kindInt {
			return kindIntPtr
		}
	case reflect.Slice:
		switch e := t.Elem(); {
		case e.Kind() == reflect.String && kindOf(e) == kindString:
			return kindStrings
		case e.Kind() == reflect.Struct && e != timeType && !decodesItself(e):
			return kindTables
		}
	}
	return kindOther
}

// fastParser reads the input line by line. Every method that returns a
// bool returns false to mean "fall back", with the reason in why.
type fastParser struct {
	s   string
	pos int
	why string

	root       reflect.Value
	rootFields *fastStruct
	topSeen    []bool // the top-level keys set so far

	cur       reflect.Value // the struct the next key = value goes into
	curFields *fastStruct
	seen      []bool // the keys of cur set so far
	next      int    // the field after the last key: most likely the next key
	tableSeen []bool // backs seen in [[…]] sections
	strs      []string
}

func (p *fastParser) fail(why string) bool {
	p.why = why
	return false
}

func (p *fastParser) parse() bool {
	for p.pos < len(p.s) {
		p.skipSpace()
		if p.pos == len(p.s) {
			break
		}
		var ok bool
		switch p.s[p.pos] {
		case '\n', '#':
			ok = p.endOfLine()
		case '[':
			ok = p.header()
		default:
			ok = p.keyValue()
		}
		if !ok {
			return false
		}
	}
	return true
}

func (p *fastParser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *fastParser) eat(c byte) bool {
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// endOfLine takes optional spaces and a comment, then the end of the line.
func (p *fastParser) endOfLine() bool {
	p.skipSpace()
	if p.eat('#') {
		for p.pos < len(p.s) && p.s[p.pos] != '\n' {
			if isControl(p.s[p.pos]) {
				return p.fail("control character in a comment")
			}
			p.pos++
		}
	}
	if p.pos == len(p.s) || p.eat('\n') {
		return true
	}
	return p.fail("more after a value")
}

// isControl: the bytes TOML allows nowhere but as escapes (tab is allowed).
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

func (p *fastParser) bareKey() string {
	start := p.pos
	for p.pos < len(p.s) && isBareKeyByte(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

// header takes "[[name]]": a new element of a top-level slice of structs,
// which the keys that follow fill.
func (p *fastParser) header() bool {
	if !p.eat('[') || !p.eat('[') {
		return p.fail("not an array of tables")
	}
	i, ok := p.rootFields.byName[p.bareKey()]
	if !ok || p.rootFields.fields[i].kind != kindTables {
		return p.fail("unknown or unusual [[section]]")
	}
	if !p.eat(']') || !p.eat(']') || !p.endOfLine() {
		return p.fail("unusual [[section]] line")
	}
	f := p.rootFields.fields[i]
	elem := structFields(f.typ.Elem())
	if elem == nil {
		return p.fail("unusual section type")
	}
	p.topSeen[i] = true
	slice := p.root.Field(f.index)
	n := slice.Len()
	if n == slice.Cap() {
		// Room for every [[name]] still to come, counted once: growing
		// one at a time (by a quarter, for a long slice) allocated five
		// times the final size.
		slice.Grow(1 + strings.Count(p.s[p.pos:], "[["+f.name+"]]"))
	}
	slice.SetLen(n + 1)
	p.cur = slice.Index(n)
	p.cur.SetZero()
	p.curFields, p.next = elem, 0
	if cap(p.tableSeen) < len(elem.fields) {
		p.tableSeen = make([]bool, len(elem.fields))
	}
	p.seen = p.tableSeen[:len(elem.fields)]
	clear(p.seen)
	return true
}

func (p *fastParser) keyValue() bool {
	i, ok := p.field(p.bareKey())
	if !ok {
		return p.fail("unknown key")
	}
	if p.seen[i] {
		return p.fail("key given twice")
	}
	p.seen[i] = true
	p.skipSpace()
	if !p.eat('=') {
		return p.fail("no = after a key")
	}
	p.skipSpace()
	f := &p.curFields.fields[i]
	if !p.value(f, p.cur.Field(f.index)) {
		return false
	}
	return p.endOfLine()
}

// field finds a key of the current table. Encode writes keys in the
// order of the struct's fields, so it tries the field after the last
// key first, and the map of all keys only when that is not it.
func (p *fastParser) field(key string) (int, bool) {
	if i := p.next; i < len(p.curFields.fields) && p.curFields.fields[i].name == key {
		p.next++
		return i, true
	}
	i, ok := p.curFields.byName[key]
	p.next = i + 1
	return i, ok
}

// value reads the value for field f into v; its syntax must be the one
// the field's kind takes.
func (p *fastParser) value(f *fastField, v reflect.Value) bool {
	switch f.kind {
	case kindString:
		s, ok := p.basicString()
		v.SetString(s)
		return ok
	case kindBool:
		return p.boolean(v)
	case kindInt:
		return p.integer(v)
	case kindIntPtr:
		n := reflect.New(f.typ.Elem())
		if !p.integer(n.Elem()) {
			return false
		}
		v.Set(n)
		return true
	case kindTime:
		return p.dateTime(v)
	case kindStrings:
		return p.stringArray(f.typ, v)
	}
	return p.fail("a key the fast path does not decode")
}

func (p *fastParser) boolean(v reflect.Value) bool {
	rest := p.s[p.pos:]
	switch {
	case len(rest) >= 4 && rest[:4] == "true":
		p.pos += 4
		v.SetBool(true)
	case len(rest) >= 5 && rest[:5] == "false":
		p.pos += 5
	default:
		return p.fail("not a boolean")
	}
	return true
}

// integer takes a decimal integer: optional sign, no leading zero, no
// underscores. What follows must end the line (endOfLine checks), so a
// float or a date-time is never read as its first digits.
func (p *fastParser) integer(v reflect.Value) bool {
	start := p.pos
	if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.s) && '0' <= p.s[p.pos] && p.s[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == digits || p.s[digits] == '0' && p.pos-digits > 1 {
		return p.fail("not a plain integer")
	}
	n, err := strconv.ParseInt(p.s[start:p.pos], 10, 64)
	if err != nil || v.OverflowInt(n) {
		return p.fail("integer out of range")
	}
	v.SetInt(n)
	return true
}

// basicString takes a one-line "…" string. Text without escapes is a
// substring of the input, not a copy.
func (p *fastParser) basicString() (string, bool) {
	if !p.eat('"') {
		return "", p.fail("not a string")
	}
	start := p.pos
	for i := start; i < len(p.s); i++ {
		switch c := p.s[i]; {
		case c == '"':
			p.pos = i + 1
			return p.s[start:i], true
		case c == '\\':
			return p.escapedString(start)
		case isControl(c):
			return "", p.fail("control character in a string")
		}
	}
	return "", p.fail("string not closed")
}

func (p *fastParser) escapedString(start int) (string, bool) {
	b := make([]byte, 0, 64)
	for i := start; i < len(p.s); {
		c := p.s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(b), true
		case isControl(c):
			return "", p.fail("control character in a string")
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		n, r, ok := escape(p.s[i:])
		if !ok {
			return "", p.fail("unusual escape")
		}
		b = utf8.AppendRune(b, r)
		i += n
	}
	return "", p.fail("string not closed")
}

// escape reads one escape sequence at the start of s (s[0] is the
// backslash): its length and the character it stands for.
func escape(s string) (int, rune, bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	switch s[1] {
	case 'b':
		return 2, '\b', true
	case 't':
		return 2, '\t', true
	case 'n':
		return 2, '\n', true
	case 'f':
		return 2, '\f', true
	case 'r':
		return 2, '\r', true
	case 'e':
		return 2, 0x1b, true
	case '"':
		return 2, '"', true
	case '\\':
		return 2, '\\', true
	case 'x':
		return hexEscape(s, 2)
	case 'u':
		return hexEscape(s, 4)
	case 'U':
		return hexEscape(s, 8)
	}
	return 0, 0, false
}

func hexEscape(s string, digits int) (int, rune, bool) {
	if len(s) < 2+digits {
		return 0, 0, false
	}
	var r rune
	for _, c := range []byte(s[2 : 2+digits]) {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			r = r<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, 0, false
		}
	}
	return 2 + digits, r, utf8.ValidRune(r)
}

// stringArray takes a one-line array of strings, ["a", "b"] (a trailing
// comma allowed). Like BurntSushi/toml, [] makes an empty slice, not nil.
func (p *fastParser) stringArray(typ reflect.Type, v reflect.Value) bool {
	if !p.eat('[') {
		return p.fail("not an array")
	}
	p.strs = p.strs[:0]
	for {
		p.skipSpace()
		if p.eat(']') {
			break
		}
		s, ok := p.basicString()
		if !ok {
			return false
		}
		p.strs = append(p.strs, s)
		p.skipSpace()
		if p.eat(']') {
			break
		}
		if !p.eat(',') {
			return p.fail("unusual array")
		}
	}
	slice := reflect.MakeSlice(typ, len(p.strs), len(p.strs))
	for i, s := range p.strs {
		slice.Index(i).SetString(s)
	}
	v.Set(slice)
	return true
}

// dateTime takes an offset date-time as Encode writes it (RFC 3339 with
// upper-case T and Z, at most nine digits of fraction). The value is the
// one BurntSushi/toml gives: it parses the text, then (time.Time being a
// TextUnmarshaler) formats it and parses it again, so a zero offset comes
// out as UTC and any other offset as time.Parse would leave it.
func (p *fastParser) dateTime(v reflect.Value) bool {
	n, t, ok := parseDateTime(p.s[p.pos:])
	if !ok {
		return p.fail("unusual date-time")
	}
	p.pos += n
	*v.Addr().Interface().(*time.Time) = t
	return true
}

func parseDateTime(s string) (int, time.Time, bool) {
	var f [6]int
	// Each field: its offset in s, its width, the byte after it.
	layout := [6]struct {
		at, width int
		sep       byte
	}{{0, 4, '-'}, {5, 2, '-'}, {8, 2, 'T'}, {11, 2, ':'}, {14, 2, ':'}, {17, 2, 0}}
	if len(s) < 20 {
		return 0, time.Time{}, false
	}
	for i, l := range layout {
		x, ok := digits(s[l.at : l.at+l.width])
		if !ok || l.sep != 0 && s[l.at+l.width] != l.sep {
			return 0, time.Time{}, false
		}
		f[i] = x
	}
	year, month, day, hour, minute, sec := f[0], f[1], f[2], f[3], f[4], f[5]
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return 0, time.Time{}, false
	}
	n, nsec := 19, 0
	if s[n] == '.' {
		end := n + 1
		for end < len(s) && end-n <= 9 && '0' <= s[end] && s[end] <= '9' {
			end++
		}
		frac, ok := digits(s[n+1 : end])
		if !ok || end == len(s) || '0' <= s[end] && s[end] <= '9' {
			return 0, time.Time{}, false // no digits, or more than nine
		}
		for range 9 - (end - n - 1) {
			frac *= 10
		}
		n, nsec = end, frac
	}
	switch {
	case s[n] == 'Z':
		return n + 1, time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
	case (s[n] == '+' || s[n] == '-') && len(s) >= n+6 && s[n+3] == ':':
		oh, ok1 := digits(s[n+1 : n+3])
		om, ok2 := digits(s[n+4 : n+6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, time.Time{}, false
		}
		n += 6
		if oh == 0 && om == 0 {
			return n, time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
		}
		// A zone other than UTC (a hand-edited file, most likely): let
		// time.Parse pick between time.Local and a fixed zone as it does
		// for BurntSushi.
		t, err := time.Parse(time.RFC3339Nano, s[:n])
		return n, t, err == nil
	}
	return 0, time.Time{}, false
}

// digits reads a non-empty run of decimal digits.
func digits(s string) (int, bool) {
	x := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, len(s) > 0
}

func daysIn(month, year int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2 // 31 for Jan, Mar, May, Jul, Aug, Oct, Dec
}
