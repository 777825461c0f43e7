package mapfile

import (
	"encoding"
	"reflect"
	"strings"
	"sync"
	"time"
)

// schemaShape is what Prescan allows, read from the toml tags of Map so
// that a part added to the schema later (a new kind of [[…]] entry, a
// longer list) is allowed without a second list to keep in step.
type schemaShape struct {
	noun      string   // how messages name the document: "an attune map"
	short     string   // and in a phrase of its own: "map"
	entries   []string // [[name]]: lists of structs, in field order
	sections  []string // [name]: structs (none today)
	listDepth int      // deepest list of values: recipients = […] is 1

	// The most keys each table can hold: one per field. More means a key
	// the schema does not have or one written twice, which the decoder
	// refuses anyway, but only after paying for every one of them.
	topKeys     int
	entryKeys   []int // by entries index
	sectionKeys []int // by sections index

	// nested names tables inside tables ([[boundary.x]]), which the scan
	// cannot allow because it refuses every dotted section name. A test
	// keeps it empty.
	nested []string
}

var schemaOf = sync.OnceValue(func() *schemaShape { return newSchemaShape(reflect.TypeFor[Map](), "an attune map", "map") })

// newSchemaShape reads the shape of the document whose top level is
// struct t.
func newSchemaShape(t reflect.Type, noun, short string) *schemaShape {
	s := &schemaShape{noun: noun, short: short}
	s.topKeys = s.readFields(t, "")
	return s
}

var docSchemas sync.Map // reflect.Type → *schemaShape

// schemaFor is the shape of a document type, read once.
func schemaFor(t reflect.Type, noun, short string) *schemaShape {
	if s, ok := docSchemas.Load(t); ok {
		return s.(*schemaShape)
	}
	s, _ := docSchemas.LoadOrStore(t, newSchemaShape(t, noun, short))
	return s.(*schemaShape)
}

var (
	schemaTimeType = reflect.TypeFor[time.Time]()
	schemaTextType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// readFields records the tables and lists of struct t and returns how
// many keys it has; prefix is the table t is the body of ("" at the top).
func (s *schemaShape) readFields(t reflect.Type, prefix string) (keys int) {
	for f := range t.Fields() {
		name, ok := schemaKeyName(f)
		if !ok {
			continue
		}
		keys++
		elem, lists := f.Type, 0
		for elem.Kind() == reflect.Slice || elem.Kind() == reflect.Array || elem.Kind() == reflect.Pointer {
			if elem.Kind() != reflect.Pointer {
				lists++
			}
			elem = elem.Elem()
		}
		switch {
		case !isSchemaTable(elem):
			s.listDepth = max(s.listDepth, lists)
		case prefix != "":
			s.nested = append(s.nested, prefix+"."+name)
		case lists == 0:
			s.sections = append(s.sections, name)
			s.sectionKeys = append(s.sectionKeys, s.readFields(elem, name))
		case lists == 1:
			s.entries = append(s.entries, name)
			s.entryKeys = append(s.entryKeys, s.readFields(elem, name))
		default: // a list of lists of tables: no header can write it
			s.nested = append(s.nested, name)
		}
	}
	return keys
}

// schemaKeyName is the key BurntSushi/toml uses for a field.
func schemaKeyName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	switch name {
	case "-":
		return "", false
	case "":
		return f.Name, true
	}
	return name, true
}

// isSchemaTable reports whether TOML writes a value of type t as a table: a
// struct or map that is not a date or a type that reads itself from text.
func isSchemaTable(t reflect.Type) bool {
	if t == schemaTimeType || t.Implements(schemaTextType) || reflect.PointerTo(t).Implements(schemaTextType) {
		return false
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
}

func (s *schemaShape) entryIndex(name []byte) int {
	for i, e := range s.entries {
		if string(name) == e {
			return i
		}
	}
	return -1
}

func (s *schemaShape) sectionIndex(name []byte) int {
	for i, e := range s.sections {
		if string(name) == e {
			return i
		}
	}
	return -1
}

// entryList names the [[…]] sections for a message: "[[partner]],
// [[boundary]] and [[trigger]]".
func (s *schemaShape) entryList() string {
	var b strings.Builder
	for i, e := range s.entries {
		switch {
		case i == 0:
		case i == len(s.entries)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("[[" + e + "]]")
	}
	return b.String()
}
