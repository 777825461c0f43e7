package mapfile

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/triggers"
)

// EncodeReference is the map as BurntSushi/toml's own encoder writes it:
// the format Encode must match byte for byte.
func EncodeReference(m *Map) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(header)
	err := toml.NewEncoder(&buf).Encode(m)
	return buf.Bytes(), err
}

// tricky is text with every character the encoder escapes.
const tricky = "quote \" backslash \\ tab\t nl\n cr\r bs\b ff\f esc\x1b del\x7f nul\x00 é ✓ 🌱"

// trickyMap is a map, not a valid one, with every kind of field set, left
// empty and set to awkward text.
func trickyMap() *Map {
	return &Map{
		Version: 1, Name: tricky, Safeword: "a", Signal: tricky,
		Exported:    time.Date(2026, 11, 26, 10, 0, 0, 123456789, time.UTC),
		BoundarySeq: 7, TriggerSeq: 0, PartnerFileKey: "c2VjcmV0",
		Partners: []Partner{{Name: "A", Recipients: []string{"age1x", tricky}}, {Name: "B", Recipients: nil}, {Name: "C", Recipients: []string{}}},
		Boundaries: []boundaries.Boundary{
			{ID: "b7", Light: boundaries.Yellow, Text: tricky, Note: tricky, Private: true, Added: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)},
			{ID: "b1", Light: "", Text: ""},
		},
		Triggers: []triggers.Trigger{
			{ID: "t1", Category: triggers.Touch, Text: tricky, Intensity: triggers.Low, Helps: tricky, Note: "n", Private: true, Added: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			{},
		},
	}
}

func TestEncodeMatchesTOMLEncoder(t *testing.T) {
	maps := map[string]*Map{"empty": New(), "sample": sample(), "tricky": trickyMap()}
	for name, m := range maps {
		got, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		want, err := EncodeReference(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: Encode differs from the TOML encoder:\n%s\n--- want ---\n%s", name, got, want)
		}
	}
}

func TestDecodeKeepsTimesInUTC(t *testing.T) {
	m, err := Decode([]byte("version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"x\"\nadded = 2026-10-03T12:00:00+02:00\n" +
		"[[boundary]]\nid = \"b2\"\nlight = \"red\"\ntext = \"y\"\nadded = 2026-10-03\n"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := m.Encode()
	if !strings.Contains(string(data), "added = 2026-10-03T10:00:00Z") || !strings.Contains(string(data), "added = 2026-10-03T00:00:00Z") {
		t.Errorf("times were not kept in UTC:\n%s", data)
	}
}

// fillAll sets every field of v, at any depth, to a value that is not
// its zero value: a field added to the schema is covered by the tests
// that use it without anyone remembering to.
func fillAll(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		fillAll(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 28, 9, 30, 0, 5, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillAll(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString(tricky)
	case reflect.Int:
		v.SetInt(3)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillAll(s.Index(i))
		}
		v.Set(s)
	}
}

// Every field of the schema, set, encodes as the TOML encoder writes it.
func TestEncodeEveryField(t *testing.T) {
	var m Map
	fillAll(reflect.ValueOf(&m))
	got, _ := m.Encode()
	want, err := EncodeReference(&m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode differs from the TOML encoder:\n%s\n--- want ---\n%s", got, want)
	}
}
