package mapfile

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// header starts every map file attune writes.
const header = "# attune map. Schema: see the attune README.\n"

// Encode writes the map as TOML. Entries keep their order.
//
// The bytes are exactly what BurntSushi/toml's encoder writes for Map
// (TestEncodeMatchesTOMLEncoder and FuzzDecode hold it to that), but
// written directly from a plan of each struct's fields made once by
// reflection: the reflection-driven encoder was a third of the time of
// every change to a large map, and a field added to the schema needs no
// change here.
func (m *Map) Encode() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(header) + 128 + 160*(len(m.Boundaries)+len(m.Triggers)) + 128*len(m.Partners))
	b.WriteString(header)
	encodeStruct(encoder{&b}, "", reflect.ValueOf(m).Elem())
	return b.Bytes(), nil
}

// encPlan is how one struct type is written: its scalar fields in order,
// then its lists of tables ([[name]]), as BurntSushi/toml writes them.
type encPlan struct {
	scalars []encField
	tables  []encField
}

type encField struct {
	name      string
	index     int
	kind      reflect.Kind // String, Int, Bool, Struct (time), Slice
	omitEmpty bool
	isTime    bool
}

var encPlans sync.Map // reflect.Type → *encPlan

func planOf(t reflect.Type) *encPlan {
	if p, ok := encPlans.Load(t); ok {
		return p.(*encPlan)
	}
	p := &encPlan{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("toml")
		if !sf.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := encField{name: name, index: i, kind: sf.Type.Kind(), omitEmpty: strings.Contains(opts, "omitempty"), isTime: sf.Type == reflect.TypeFor[time.Time]()}
		if f.kind == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct {
			p.tables = append(p.tables, f)
		} else {
			p.scalars = append(p.scalars, f)
		}
	}
	actual, _ := encPlans.LoadOrStore(t, p)
	return actual.(*encPlan)
}

// encodeStruct writes the fields of v with indent, then its tables.
func encodeStruct(e encoder, indent string, v reflect.Value) {
	p := planOf(v.Type())
	for _, f := range p.scalars {
		fv := v.Field(f.index)
		switch {
		case f.isTime:
			e.time(indent, f.name, fv.Interface().(time.Time))
		case f.kind == reflect.String && f.omitEmpty:
			e.str(indent, f.name, fv.String())
		case f.kind == reflect.String:
			e.alwaysStr(indent, f.name, fv.String())
		case f.kind == reflect.Int:
			// omitempty does not leave out a zero number.
			e.int(indent, f.name, int(fv.Int()))
		case f.kind == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Int:
			// A number that may be missing (the journal's 0–10 levels,
			// where 0 is an answer): left out when nil, as BurntSushi/toml
			// leaves out every nil pointer.
			if !fv.IsNil() {
				e.int(indent, f.name, int(fv.Elem().Int()))
			}
		case f.kind == reflect.Bool && (fv.Bool() || !f.omitEmpty):
			e.key(indent, f.name)
			e.b.WriteString(strconv.FormatBool(fv.Bool()) + "\n")
		case f.kind == reflect.Slice:
			e.list(indent, f.name, fv, f.omitEmpty)
		}
	}
	for _, f := range p.tables {
		list := v.Field(f.index)
		for i := range list.Len() {
			e.b.WriteString("\n" + indent + "[[" + f.name + "]]\n")
			encodeStruct(e, indent+"  ", list.Index(i))
		}
	}
}

// list writes a list of strings: left out when nil (or empty, with
// omitempty), as BurntSushi/toml does.
func (e encoder) list(indent, k string, v reflect.Value, omitEmpty bool) {
	if v.IsNil() || omitEmpty && v.Len() == 0 {
		return
	}
	e.key(indent, k)
	e.b.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			e.b.WriteString(", ")
		}
		quote(e.b, v.Index(i).String())
	}
	e.b.WriteString("]\n")
}

type encoder struct{ b *bytes.Buffer }

func (e encoder) key(indent, k string) {
	e.b.WriteString(indent)
	e.b.WriteString(k)
	e.b.WriteString(" = ")
}

// str writes a string key, left out when empty (omitempty).
func (e encoder) str(indent, k, v string) {
	if v != "" {
		e.alwaysStr(indent, k, v)
	}
}

func (e encoder) alwaysStr(indent, k, v string) {
	e.key(indent, k)
	quote(e.b, v)
	e.b.WriteByte('\n')
}

// int writes a number; omitempty does not leave out a zero number.
func (e encoder) int(indent, k string, v int) {
	e.key(indent, k)
	e.b.WriteString(strconv.Itoa(v))
	e.b.WriteByte('\n')
}

func (e encoder) bool(indent, k string, v bool) {
	if v {
		e.key(indent, k)
		e.b.WriteString("true\n")
	}
}

func (e encoder) time(indent, k string, v time.Time) {
	if !v.IsZero() {
		e.key(indent, k)
		e.b.WriteString(v.Format(time.RFC3339Nano))
		e.b.WriteByte('\n')
	}
}

// quote writes s as a TOML basic string, escaped as BurntSushi/toml does.
func quote(b *bytes.Buffer, s string) { QuoteTOML(b, s) }

// QuoteTOML writes s as a TOML basic string, escaped as BurntSushi/toml does.
func QuoteTOML(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	if strings.IndexFunc(s, needsEscape) < 0 {
		b.WriteString(s)
	} else {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"':
				b.WriteString(`\"`)
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\b':
				b.WriteString(`\b`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\f':
				b.WriteString(`\f`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[c>>4])
				b.WriteByte("0123456789abcdef"[c&0xf])
			default:
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

func needsEscape(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }
