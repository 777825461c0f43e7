package mapfile

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/triggers"
)

// hearFallbacks records why the fast path passes inputs on, for the
// length of the test.
func hearFallbacks(t testing.TB) *[]string {
	var reasons []string
	onFastFallback = func(why string) { reasons = append(reasons, why) }
	t.Cleanup(func() { onFastFallback = nil })
	return &reasons
}

// sameAsTOML decodes data by the fast path into a new T and reports
// whether the fast path took it; when it did, BurntSushi/toml must accept
// the same input, use every key, and give an equal value.
func sameAsTOML[T any](t testing.TB, data []byte) bool {
	t.Helper()
	var fast T
	keys, ok := fastDecode(data, &fast)
	if !ok {
		return false
	}
	var ref T
	md, err := toml.Decode(string(data), &ref)
	if err != nil {
		t.Fatalf("the fast path takes what BurntSushi/toml refuses (%v):\n%q", err, data)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("the fast path takes keys BurntSushi/toml leaves undecoded (%v):\n%q", und, data)
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Fatalf("the fast path decodes differently:\n%q\nfast: %+v\ntoml: %+v", data, fast, ref)
	}
	for name := range keys.fields.byName {
		if keys.IsDefined(name) != md.IsDefined(name) {
			t.Fatalf("IsDefined(%q) = %v, BurntSushi/toml says %v:\n%q", name, keys.IsDefined(name), md.IsDefined(name), data)
		}
	}
	return true
}

// variedMap is a valid map with the text people really write: quotes,
// backslashes, accents, emoji, several partners, fields left empty, times
// with and without a fraction and in other zones.
func variedMap() *Map {
	texts := []string{
		`Being called "sweetie"`, `a back\slash`, "Kissing the neck \u00e9 \U0001F33F", "Überraschungen",
		"日本語のテキスト", "Ruhe, bitte",
	}
	notes := append(texts, "")
	m := New()
	m.Name, m.Safeword, m.Signal = "Zoë", `"red"`, ""
	m.Exported = time.Date(2026, 3, 4, 5, 6, 7, 800, time.UTC)
	m.PartnerFileKey = "c2VjcmV0a2V5"
	m.Partners = []Partner{
		{Name: "Alex", Recipients: []string{"age1one", "age1two"}, Added: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Name: "Sam \"S\"", Recipients: []string{"age1three"}},
	}
	zone := time.FixedZone("", 5*3600+1800)
	for i, text := range texts {
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{
			ID: m.NextID(BoundarySection), Light: boundaries.Lights[i%3], Text: text, Note: notes[(i+1)%len(notes)],
			Private: i%2 == 0, Added: time.Date(2025, 12, 31, 23, 59, 59, i*111111111, zone),
		})
		m.Triggers = append(m.Triggers, triggers.Trigger{
			ID: m.NextID(TriggerSection), Category: triggers.Categories[i%len(triggers.Categories)], Text: text,
			Intensity: triggers.Intensities[i%3], Helps: notes[(i+2)%len(notes)], Private: i%3 == 0,
		})
	}
	return m
}

// Every map the tests encode comes back through the fast path, equal to
// what BurntSushi/toml decodes from the same bytes.
func TestFastDecodeTakesEncoderOutput(t *testing.T) {
	maps := map[string]*Map{"empty": New(), "sample": sample(), "tricky": trickyMap(), "varied": variedMap()}
	for name, m := range maps {
		reasons := hearFallbacks(t)
		data, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !sameAsTOML[Map](t, data) {
			t.Errorf("%s: the fast path passed the encoder's output on (%v):\n%s", name, *reasons, data)
		}
	}
}

// Decode itself goes by the fast path for attune's own files.
func TestDecodeTakesFastPath(t *testing.T) {
	for _, m := range []*Map{sample(), variedMap()} {
		reasons := hearFallbacks(t)
		data, _ := m.Encode()
		got, err := Decode(data)
		if err != nil {
			t.Fatalf("Decode: %v\n%s", err, data)
		}
		if len(*reasons) > 0 {
			t.Errorf("Decode fell back (%v):\n%s", *reasons, data)
		}
		m.normalizeTimes()
		if !reflect.DeepEqual(got, m) {
			t.Errorf("Decode(Encode(m)) differs from m:\n%+v\n%+v", got, m)
		}
	}
}

// nearMisses are inputs close to attune's own output. fast says whether
// the fast path takes them; all others must go to BurntSushi/toml.
var nearMisses = []struct {
	name, toml string
	fast       bool
}{
	{"no spaces", "version=1\nname=\"x\"\n", true},
	{"tabs", "\tversion\t=\t1\t\n", true},
	{"trailing comments", "version = 1 # one\nname = \"x\"# x\n[[partner]] # p\nrecipients = [\"a\", \"b\",] # r\n  # indented comment\n", true},
	{"no final newline", "version = 1", true},
	{"comments only", "# a\n\n#\n", true},
	{"plus sign", "version = +1\nboundary_seq = -0\n", true},
	{"indented header", "  [[boundary]]\nid = \"b1\"\n", true},
	{"escapes", `name = "\u00e9\U0001F331\x41\e\b\t\n\f\r\"\\"` + "\n", true},
	{"upper-case hex", `name = "\u00E9"` + "\n", true},
	{"raw tab in string", "name = \"a\tb\"\n", true},
	{"empty array", "[[partner]]\nrecipients = []\n", true},
	{"array spaces", "[[partner]]\nrecipients = [ \"a\" ,\"b\" ]\n", true},
	{"zero offset", "exported = 2026-01-02T03:04:05+00:00\n", true},
	{"minus zero offset", "exported = 2026-01-02T03:04:05-00:00\n", true},
	{"half-hour offset", "exported = 2026-01-02T03:04:05.5+05:30\n", true},
	{"nine digits", "exported = 2026-01-02T03:04:05.123456789Z\n", true},
	{"leap day", "exported = 2024-02-29T00:00:00Z\n", true},
	{"year zero", "exported = 0000-01-01T00:00:00Z\n", true},
	{"empty section", "[[boundary]]\n[[boundary]]\n", true},

	{"duplicate key", "version = 1\nversion = 1\n", false},
	{"duplicate entry key", "[[boundary]]\nid = \"b1\"\nid = \"b2\"\n", false},
	{"unknown key", "colour = \"red\"\n", false},
	{"unknown entry key", "[[trigger]]\ncatgory = \"x\"\n", false},
	{"key of another section", "[[partner]]\nprivate = true\n", false},
	{"key case", "Version = 1\n", false},
	{"string for number", "version = \"1\"\n", false},
	{"number for string", "name = 1\n", false},
	{"string for bool", "[[boundary]]\nprivate = \"true\"\n", false},
	{"string for time", "exported = \"2026-01-02T03:04:05Z\"\n", false},
	{"string for array", "[[partner]]\nrecipients = \"age1x\"\n", false},
	{"value for section", "boundary = []\n", false},
	{"section for value", "[[version]]\n", false},
	{"table", "[boundary]\nid = \"b1\"\n", false},
	{"inline table", "boundary = [{id = \"b1\"}]\n", false},
	{"spaced header", "[[ boundary ]]\n", false},
	{"nested header", "[[boundary.note]]\n", false},
	{"dotted key", "boundary.id = \"b1\"\n", false},
	{"quoted key", "\"version\" = 1\n", false},
	{"crlf", "version = 1\r\nname = \"x\"\r\n", false},
	{"bom", "\ufeffversion = 1\n", false},
	{"float", "version = 1.0\n", false},
	{"exponent", "version = 1e0\n", false},
	{"underscore", "version = 1_0\n", false},
	{"hex", "version = 0x1\n", false},
	{"leading zero", "version = 01\n", false},
	{"too big", "version = 9223372036854775808\n", false},
	{"capital TRUE", "[[boundary]]\nprivate = TRUE\n", false},
	{"text after value", "name = \"x\" y\n", false},
	{"text after number", "version = 1 2\n", false},
	{"literal string", "name = 'x'\n", false},
	{"multi-line string", "name = \"\"\"x\"\"\"\n", false},
	{"empty multi-line string", "name = \"\"\"\"\"\"\n", false},
	{"unclosed string", "name = \"x\n", false},
	{"unknown escape", `name = "\z"` + "\n", false},
	{"surrogate escape", `name = "\ud800"` + "\n", false},
	{"short escape", `name = "\u00e"` + "\n", false},
	{"raw control in string", "name = \"a\x01b\"\n", false},
	{"raw del in string", "name = \"a\x7fb\"\n", false},
	{"control in comment", "# a\x01b\nversion = 1\n", false},
	{"multi-line array", "[[partner]]\nrecipients = [\n\"a\"]\n", false},
	{"number in array", "[[partner]]\nrecipients = [1]\n", false},
	{"leading comma", "[[partner]]\nrecipients = [,]\n", false},
	{"no comma", "[[partner]]\nrecipients = [\"a\" \"b\"]\n", false},
	{"space in date-time", "exported = 2026-01-02 03:04:05Z\n", false},
	{"lower-case t", "exported = 2026-01-02t03:04:05Z\n", false},
	{"lower-case z", "exported = 2026-01-02T03:04:05z\n", false},
	{"local date-time", "exported = 2026-01-02T03:04:05\n", false},
	{"local date", "exported = 2026-01-02\n", false},
	{"ten digits", "exported = 2026-01-02T03:04:05.1234567890Z\n", false},
	{"empty fraction", "exported = 2026-01-02T03:04:05.Z\n", false},
	{"no such day", "exported = 2026-02-29T00:00:00Z\n", false},
	{"hour 24", "exported = 2026-01-02T24:00:00Z\n", false},
	{"second 60", "exported = 2026-12-31T23:59:60Z\n", false},
	{"offset 24", "exported = 2026-01-02T03:04:05+24:00\n", false},
	{"short offset", "exported = 2026-01-02T03:04:05+01\n", false},
	{"no key", "= 1\n", false},
	{"no value", "version =\n", false},
}

func TestFastDecodeNearMisses(t *testing.T) {
	for _, tt := range nearMisses {
		t.Run(tt.name, func(t *testing.T) {
			reasons := hearFallbacks(t)
			took := sameAsTOML[Map](t, []byte(tt.toml))
			if took != tt.fast {
				t.Errorf("the fast path took it: %v, want %v (%v)", took, tt.fast, *reasons)
			}
			if took == (len(*reasons) > 0) {
				t.Errorf("took it: %v, yet fallbacks heard: %v", took, *reasons)
			}
		})
	}
}

// A fallback leaves no trace of the fast path's partial work: Decode's
// answer is BurntSushi/toml's.
func TestDecodeAfterFallback(t *testing.T) {
	in := "version = 1\nname = \"Robin\"\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"x\"\n" +
		"added = \"2026-01-02T03:04:05Z\"\n" // a string for a time: BurntSushi takes it, the fast path does not
	reasons := hearFallbacks(t)
	m, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(*reasons) != 1 {
		t.Errorf("fallbacks: %v, want one", *reasons)
	}
	if len(m.Boundaries) != 1 || m.Name != "Robin" || !m.Boundaries[0].Added.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("decoded after a fallback: %+v", m)
	}
}

// BurntSushi/toml puts a date-time whose offset is that of time.Local in
// time.Local; the fast path must too.
func TestFastDecodeLocalZone(t *testing.T) {
	saved := time.Local
	time.Local = time.FixedZone("Test", 2*3600)
	defer func() { time.Local = saved }()
	for _, dt := range []string{"2026-06-01T12:00:00+02:00", "2026-06-01T12:00:00+05:30", "2026-06-01T12:00:00-00:00", "2026-06-01T12:00:00Z"} {
		if !sameAsTOML[Map](t, []byte("exported = "+dt+"\n")) {
			t.Errorf("the fast path passed %s on", dt)
		}
	}
	var m Map
	if _, ok := fastDecode([]byte("exported = 2026-06-01T12:00:00+02:00\n"), &m); !ok || m.Exported.Location() != time.Local {
		t.Errorf("location %v, want time.Local", m.Exported.Location())
	}
}

// wideMap is a schema grown with kinds of field Map does not have yet:
// the fast path must decode them with no change of its own.
type wideMap struct {
	Version  int                 `toml:"version"`
	Small    int8                `toml:"small,omitempty"`
	Big      int64               `toml:"big"`
	Flag     bool                `toml:"flag"`
	Light    boundaries.Light    `toml:"light"`
	Tags     []triggers.Category `toml:"tags"`
	When     time.Time           `toml:"when"`
	Untagged string
	Maybe    *int   `toml:"maybe,omitempty"` // a number that may be missing
	TwiceA   string `toml:"twice"`           // two fields, one key: left to BurntSushi
	TwiceB   string `toml:"twice"`
	Skipped  string `toml:"-"`
	hidden   string
	Notes    []wideNote            `toml:"note"`
	Boundary []boundaries.Boundary `toml:"boundary"`

	// Fields the fast path leaves to BurntSushi/toml.
	Ratio    float64       `toml:"ratio"`
	Count    uint          `toml:"count"`
	Number   json.Number   `toml:"number"`
	Wait     time.Duration `toml:"wait"`
	Word     wideWord      `toml:"word"`
	Pointer  *string       `toml:"pointer"`
	Any      any           `toml:"any"`
	Table    wideNote      `toml:"table"`
	Stamps   []time.Time   `toml:"stamps"`
	Numbers  []int         `toml:"numbers"`
	Embedded wideEmbedding `toml:"embedded"`
}

type wideNote struct {
	Text  string   `toml:"text"`
	Seen  []string `toml:"seen"`
	Level int16    `toml:"level"`
	Inner []wideNote
}

type wideEmbedding struct {
	wideNote
	Extra string `toml:"extra"`
}

// wideWord decodes itself, as BurntSushi/toml lets a type do.
type wideWord string

func (w *wideWord) UnmarshalText(b []byte) error {
	*w = wideWord(strings.ToUpper(string(b)))
	return nil
}

func TestFastDecodeWiderSchema(t *testing.T) {
	all := "version = 1\nsmall = -128\nbig = 9223372036854775807\nflag = true\nlight = \"red\"\n" +
		"tags = [\"smells\", \"x\"]\nwhen = 2026-01-02T03:04:05Z\nUntagged = \"u\"\nmaybe = 0\n" +
		"[[note]]\ntext = \"a\"\nseen = []\nlevel = -2\n[[note]]\n[[boundary]]\nid = \"b1\"\nprivate = true\n"
	reasons := hearFallbacks(t)
	if !sameAsTOML[wideMap](t, []byte(all)) {
		t.Errorf("the fast path passed on a schema it should read (%v)", *reasons)
	}
	leftToTOML := []string{
		"small = 128\n", "Skipped = \"x\"\n", "hidden = \"x\"\n", "ratio = 1\n", "count = 1\n",
		"number = \"1\"\n", "number = 1\n", "wait = 5\n", "word = \"x\"\n", "pointer = \"x\"\n", "any = 1\n",
		"table = 1\n", "twice = \"x\"\n", "Untagged = \"u\"\ntwice = \"x\"\n", "stamps = []\n", "numbers = []\n", "untagged = \"x\"\n",
		"[[note]]\nInner = []\n", "[[embedded]]\n", "[[note]]\nlevel = 40000\n", "maybe = \"7\"\n", "maybe = 7.5\n",
	}
	for _, in := range leftToTOML {
		if sameAsTOML[wideMap](t, []byte(in)) {
			t.Errorf("the fast path took %q", in)
		}
	}
}

// FuzzFastDecode: whatever the fast path takes, BurntSushi/toml takes too
// and decodes to an equal value, for Map and for a wider schema.
func FuzzFastDecode(f *testing.F) {
	for _, m := range []*Map{New(), sample(), trickyMap(), variedMap()} {
		data, _ := m.Encode()
		f.Add(data)
	}
	for _, tt := range nearMisses {
		f.Add([]byte(tt.toml))
	}
	f.Add([]byte("version = 1\nbig = -9223372036854775808\ntags = [\"a\",]\nwhen = 1999-12-31T23:59:59.999999999-12:00\n[[note]]\nlevel = 32767\nseen = [\"\\\"\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return // Decode refuses it before any TOML decoder sees it
		}
		sameAsTOML[Map](t, data)
		sameAsTOML[wideMap](t, data)
	})
}

func BenchmarkFastDecode(b *testing.B) {
	m := variedMap()
	for len(m.Boundaries) < 500 {
		m.Boundaries = append(m.Boundaries, m.Boundaries...)
		m.Triggers = append(m.Triggers, m.Triggers...)
	}
	data, _ := m.Encode()
	for _, d := range []struct {
		name   string
		decode func() error
	}{
		{"fast", func() error {
			if _, ok := fastDecode(data, new(Map)); !ok {
				return fmt.Errorf("fell back")
			}
			return nil
		}},
		{"toml", func() error { _, err := toml.Decode(string(data), new(Map)); return err }},
	} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := d.decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
