package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

// reference is what encoding/json writes for v, as list --json did.
func reference(t testing.TB, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type item struct {
	Name  string   `json:"name"`
	On    bool     `json:"on"`
	Tags  []string `json:"tags"`
	Inner []inner  `json:"inner"`
}

type inner struct {
	A string `json:"a"`
}

func write(v item) []byte {
	w := New(0)
	w.Open('{')
	w.KeyString("name", v.Name)
	w.KeyBool("on", v.On)
	w.Key("tags")
	w.Open('[')
	for _, s := range v.Tags {
		w.String(s)
	}
	w.Close(']')
	w.Key("inner")
	w.Open('[')
	for _, in := range v.Inner {
		w.Open('{')
		w.KeyString("a", in.A)
		w.Close('}')
	}
	w.Close(']')
	w.Close('}')
	return w.Bytes()
}

var hard = []string{
	"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "line\nbreak\r\ttab",
	"\b\f\x00\x01\x1f\x7f", "\u2028 and \u2029", "\xff\xfe broken", "é 👩‍💻 🇳🇿", "\u00a0\u200b",
	"a\xe2\x80", "\xed\xa0\x80", "end\\",
}

func TestSameAsEncodingJSON(t *testing.T) {
	for _, v := range []item{
		{Tags: []string{}, Inner: []inner{}},
		{Name: "Sam", On: true, Tags: hard, Inner: []inner{{A: "x"}, {A: "<y>"}}},
		{Name: hard[3], Tags: []string{hard[7]}, Inner: []inner{{}}},
	} {
		if got, want := write(v), reference(t, v); !bytes.Equal(got, want) {
			t.Errorf("got:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}

// A check that the comparison can fail: a string written unescaped is
// not what encoding/json writes.
func TestComparisonCanFail(t *testing.T) {
	v := item{Name: "<b>", Tags: []string{}, Inner: []inner{}}
	got := bytes.Replace(write(v), []byte(`\u003cb\u003e`), []byte(`<b>`), 1)
	if bytes.Equal(got, reference(t, v)) {
		t.Fatal("an unescaped < compared equal")
	}
}

func FuzzString(f *testing.F) {
	for _, s := range hard {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		v := item{Name: a, Tags: []string{b, a}, Inner: []inner{{A: b}}}
		if got, want := write(v), reference(t, v); !bytes.Equal(got, want) {
			t.Fatalf("got:\n%s\nencoding/json:\n%s", got, want)
		}
	})
}
