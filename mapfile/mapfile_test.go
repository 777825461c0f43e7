package mapfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/triggers"
)

func sample() *Map {
	m := New()
	m.Name, m.Safeword, m.Signal = "Robin", "marmalade", "two taps on the shoulder"
	added := time.Date(2026, 10, 3, 9, 0, 0, 0, time.UTC)
	m.Boundaries = append(m.Boundaries,
		boundaries.Boundary{ID: m.NextID(BoundarySection), Light: boundaries.Green, Text: "Holding hands", Added: added},
		boundaries.Boundary{ID: m.NextID(BoundarySection), Light: boundaries.Red, Text: "Being held down", Note: "wrists", Added: added},
		boundaries.Boundary{ID: m.NextID(BoundarySection), Light: boundaries.Yellow, Text: "Kissing my neck", Private: true},
	)
	m.Triggers = append(m.Triggers,
		triggers.Trigger{ID: m.NextID(TriggerSection), Category: triggers.Sounds, Text: "Raised voices", Intensity: triggers.High, Helps: "A quiet voice"},
		triggers.Trigger{ID: m.NextID(TriggerSection), Category: triggers.Positions, Text: "Lying on my back", Private: true},
	)
	m.Partners = []Partner{{Name: "Alex", Recipients: []string{"age1example"}}}
	return m
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	m := sample()
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode(Encode(m)): %v\n%s", err, data)
	}
	again, err := got.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("encode → decode → encode is not stable:\n%s\n---\n%s", data, again)
	}
	if got.Boundaries[1].Note != "wrists" || got.Triggers[0].Intensity != triggers.High || got.BoundarySeq != 3 {
		t.Errorf("fields lost in the round trip: %+v", got)
	}
}

func TestIDsNeverReused(t *testing.T) {
	m := sample()
	if !m.Remove("b3") || !m.Remove("t2") {
		t.Fatal("Remove did not find entries")
	}
	if m.Remove("b3") {
		t.Error("Remove found b3 twice")
	}
	if id := m.NextID(BoundarySection); id != "b4" {
		t.Errorf("next boundary id after removing the highest = %s, want b4", id)
	}
	if id := m.NextID(TriggerSection); id != "t3" {
		t.Errorf("next trigger id = %s, want t3", id)
	}
	// A hand-written file without counters continues after its highest id.
	h := New()
	h.Boundaries = []boundaries.Boundary{{ID: "b7", Light: boundaries.Red, Text: "x"}}
	if id := h.NextID(BoundarySection); id != "b8" {
		t.Errorf("next id for hand-written map = %s, want b8", id)
	}
}

func TestShareableKeepsPrivateBack(t *testing.T) {
	m := sample()
	s, kept := m.Shareable()
	if kept != 2 {
		t.Errorf("kept back %d entries, want 2", kept)
	}
	if len(s.Partners) != 0 || s.BoundarySeq != 0 {
		t.Error("partners or counters leaked into the shareable copy")
	}
	for _, b := range s.Boundaries {
		if b.Private {
			t.Errorf("private boundary %s in the shareable copy", b.ID)
		}
	}
	for _, tr := range s.Triggers {
		if tr.Private {
			t.Errorf("private trigger %s in the shareable copy", tr.ID)
		}
	}
	if s.Name != "Robin" || s.Safeword != "marmalade" || len(s.Boundaries) != 2 || len(s.Triggers) != 1 {
		t.Errorf("shareable copy lost shared content: %+v", s)
	}
}

func TestSortedOrder(t *testing.T) {
	m := sample()
	var lights []string
	for _, b := range m.SortedBoundaries() {
		lights = append(lights, string(b.Light))
	}
	if got := strings.Join(lights, " "); got != "red yellow green" {
		t.Errorf("boundary order = %s, want red yellow green", got)
	}
	ts := m.SortedTriggers()
	if ts[0].Category != triggers.Positions || ts[1].Category != triggers.Sounds {
		t.Errorf("trigger order = %v, %v", ts[0].Category, ts[1].Category)
	}
}

func TestDecodeRefusals(t *testing.T) {
	tests := []struct {
		name, toml string
		check      func(error) bool
		want       string
	}{
		{"syntax", "version = 1\nname = = 2\n", isType[*SyntaxError], "line 2"},
		{"wrong type", "version = \"one\"\n", isType[*SyntaxError], "not valid TOML"},
		{"unknown top key", "version = 1\ncolour = \"red\"\n", isType[*UnknownKeysError], "colour"},
		{"unknown entry key", "version = 1\n[[trigger]]\nid = \"t1\"\ncategory = \"smells\"\ntext = \"Smoke\"\ncatgory = \"x\"\n", isType[*UnknownKeysError], "trigger.catgory"},
		{"newer", "version = 99\n", isType[*NewerVersionError], "version 99"},
		{"no version", "name = \"x\"\n", nil, "no version"},
		{"zero version", "version = 0\n", nil, "version 0"},
		{"bad id", "version = 1\n[[boundary]]\nid = \"x1\"\nlight = \"red\"\ntext = \"t\"\n", isType[*EntryError], "b followed by a number"},
		{"leading zero id", "version = 1\n[[boundary]]\nid = \"b01\"\nlight = \"red\"\ntext = \"t\"\n", isType[*EntryError], "b followed by a number"},
		{"duplicate id", "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"t\"\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"u\"\n", isType[*EntryError], "used twice"},
		{"unknown light", "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"crimson\"\ntext = \"t\"\n", isType[*textcheck.UnknownValueError], "crimson"},
		{"empty text", "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"\"\n", isType[*textcheck.TextError], "text is empty"},
		{"escape in name", "version = 1\nname = \"\\u001b[2J\"\n", isType[*textcheck.TextError], "U+001B"},
		{"not utf-8", "version = 1\nname = \"\xff\"\n", isType[*SyntaxError], "UTF-8"},
		{"partner without keys", "version = 1\n[[partner]]\nname = \"Alex\"\nrecipients = []\n", isType[*EntryError], "no public keys"},
		{"partner name with slash", "version = 1\n[[partner]]\nname = \"../x\"\nrecipients = [\"age1x\"]\n", isType[*EntryError], "cannot contain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.toml))
			if err == nil {
				t.Fatal("Decode accepted it")
			}
			if tt.check != nil && !tt.check(err) {
				t.Errorf("error type %T (%v)", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if strings.ContainsRune(err.Error(), 0x1b) {
				t.Errorf("error carries a raw escape: %q", err)
			}
		})
	}
}

func isType[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// Names are one name when they differ only in case or in how an accent was
// typed: letters case-folded one by one, in Unicode NFC; the file key
// agrees with the comparison. (Names that only look alike are two names,
// and LookAlikePartner says so.)
func TestSamePartnerName(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"Alex", "alex", true},
		{"Zo\u00eb", "Zoe\u0308", true},
		{"\u039d\u038a\u039a\u039f\u03a3", "\u039d\u03af\u03ba\u03bf\u03c2", true}, // ΝΊΚΟΣ, Νίκος
		{"Strau\u00df", "Strauss", false},
		{"Alex", "Alexa", false},
		{"Zoe", "Zo\u00eb", false},
	}
	for _, c := range cases {
		if got := SamePartnerName(c.a, c.b); got != c.same {
			t.Errorf("SamePartnerName(%q, %q) = %v", c.a, c.b, got)
		}
		if same := PartnerNameKey(c.a) == PartnerNameKey(c.b); same != c.same {
			t.Errorf("PartnerNameKey disagrees for %q, %q", c.a, c.b)
		}
	}
}

// Equal and Clone know every field: a field added to the schema and
// forgotten there fails here. Each field in turn is made to differ.
func TestEqualAndCloneSeeEveryField(t *testing.T) {
	var base Map
	fillAll(reflect.ValueOf(&base))
	paths := fieldPaths(reflect.TypeOf(base), nil)
	if len(paths) < 12 {
		t.Fatalf("only %d fields found: the walk is wrong", len(paths))
	}
	for _, path := range paths {
		other := base.Clone()
		f := reflect.ValueOf(other).Elem().FieldByIndex(path.index)
		changeValue(f)
		if base.Equal(other) {
			t.Errorf("Equal does not see %s", path.name)
		}
		if clone := base.Clone(); !clone.Equal(&base) {
			t.Errorf("a clone is not equal")
		}
	}
	// Changing a clone's lists leaves the original as it was.
	c := base.Clone()
	c.Boundaries[0].ShareWith[0] = "changed"
	c.Partners[0].ExportIDs[0] = "changed"
	c.Partners[0].Recipients[0] = "changed"
	c.EncryptedTo[0] = "changed"
	if !base.Equal(func() *Map { var m Map; fillAll(reflect.ValueOf(&m)); return &m }()) {
		t.Error("changing a clone changed the original")
	}
}

type fieldPath struct {
	name  string
	index []int
}

// fieldPaths lists the fields of t, and of the first element of each of
// its lists of structs (reached through index 0 by changeValue's caller
// with FieldByIndex on the slice's element).
func fieldPaths(t reflect.Type, prefix []int) []fieldPath {
	var out []fieldPath
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		idx := append(append([]int(nil), prefix...), i)
		if sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct {
			out = append(out, fieldPath{name: sf.Name, index: idx})
			continue
		}
		out = append(out, fieldPath{name: sf.Name, index: idx})
	}
	return out
}

// changeValue makes v differ from what fillAll set; in a list of
// structs, it changes each field of the first element in turn is done by
// TestEqualSeesEntryFields.
func changeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Struct:
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
	case reflect.Slice:
		v.Set(v.Slice(0, 1))
	}
}

// The entries' own fields: each in turn made to differ in the first
// element of each list.
func TestEqualSeesEntryFields(t *testing.T) {
	var base Map
	fillAll(reflect.ValueOf(&base))
	mt := reflect.TypeOf(base)
	for i := range mt.NumField() {
		sf := mt.Field(i)
		if sf.Type.Kind() != reflect.Slice || sf.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		et := sf.Type.Elem()
		for j := range et.NumField() {
			if !et.Field(j).IsExported() {
				continue
			}
			other := base.Clone()
			changeValue(reflect.ValueOf(other).Elem().Field(i).Index(0).Field(j))
			if base.Equal(other) {
				t.Errorf("Equal does not see %s.%s", sf.Name, et.Field(j).Name)
			}
		}
	}
}
