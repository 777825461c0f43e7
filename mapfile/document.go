package mapfile

import (
	"bytes"
	"reflect"
	"unicode/utf8"
)

// Other documents of attune's own (the journal) are written and read
// with the map's codec: Encode's writer, byte for byte what
// BurntSushi/toml writes, and Decode's reader, the fast path for
// attune's own writing and, for anything else, the shape scan (bounded
// cost) before BurntSushi/toml. Both work from the `toml` tags of the
// document's structs, so a new document needs no codec of its own.

// Document names a TOML document besides the map.
type Document struct {
	// What names it in errors: "journal" ("the journal is not valid
	// TOML").
	What string
	// Noun names it in the shape scan's sentences: "an attune journal".
	Noun string
	// Header is the comment line the file starts with.
	Header string
}

// EncodeDocument writes v, a pointer to a struct, as TOML after d's
// header. Fields are written in declaration order; strings, whole
// numbers, pointers to whole numbers (left out when nil), booleans,
// times, lists of strings and lists of structs ([[name]]) are what it
// writes.
func EncodeDocument(d Document, v any) []byte {
	var b bytes.Buffer
	b.WriteString(d.Header)
	encodeStruct(encoder{&b}, "", reflect.ValueOf(v).Elem())
	return b.Bytes()
}

// DecodeDocument reads TOML into v, a pointer to a struct of the kinds
// EncodeDocument writes. Text attune did not write goes through the
// shape scan for v's type before the full decoder, so any input is read
// or refused at a cost linear in its size. It refuses what v cannot
// hold: invalid UTF-8 or TOML, a shape v does not have (*SyntaxError),
// keys v does not have (*UnknownKeysError). defined reports whether the
// file set a top-level key. It does not validate the values: that is
// the document's own.
func DecodeDocument(d Document, data []byte, v any) (defined func(key string) bool, err error) {
	if !utf8.Valid(data) {
		return nil, &SyntaxError{Message: "the text is not valid UTF-8", What: d.What}
	}
	schema := schemaFor(reflect.TypeOf(v).Elem(), d.Noun, d.What)
	md, err := decodeStrict(data, v, schema, d.What)
	if err != nil {
		return nil, err
	}
	return func(key string) bool { return md.IsDefined(key) }, nil
}

// ValidKey reports whether k is a hidden entry key as NewKey makes
// them, so that a document that refers to an entry by its key can check
// what it holds.
func ValidKey(k string) bool { return k != "" && checkKey(k) == nil }
