package mapfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// docTest is a small document of another kind than the map: what the
// journal is to the codec.
type docTest struct {
	Version int          `toml:"version"`
	Seq     int          `toml:"seq,omitempty"`
	Items   []docTestRow `toml:"item,omitempty"`
}

type docTestRow struct {
	ID    string    `toml:"id"`
	At    time.Time `toml:"at"`
	Words []string  `toml:"words,omitempty"`
	Level *int      `toml:"level,omitempty"`
	Text  string    `toml:"text,omitempty"`
}

var testDoc = Document{What: "test file", Noun: "an attune test file", Header: "# a test\n"}

func level(n int) *int { return &n }

func TestEncodeDocumentMatchesTOMLEncoder(t *testing.T) {
	d := &docTest{Version: 1, Seq: 3, Items: []docTestRow{
		{ID: "j1", At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), Words: []string{"numb", "anxious"}, Level: level(0), Text: tricky},
		{ID: "j2", At: time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC), Level: nil},
		{ID: "j3", At: time.Date(2026, 11, 29, 9, 30, 0, 5, time.UTC), Level: level(10)},
	}}
	got := EncodeDocument(testDoc, d)
	var want bytes.Buffer
	want.WriteString(testDoc.Header)
	if err := toml.NewEncoder(&want).Encode(d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("EncodeDocument differs from the TOML encoder:\n%s\n--- want ---\n%s", got, want.Bytes())
	}
	if !strings.Contains(string(got), "level = 0\n") || strings.Count(string(got), "level = ") != 2 {
		t.Errorf("a level of 0 must be written and a missing one left out:\n%s", got)
	}

	var back docTest
	reasons := hearFallbacks(t)
	defined, err := DecodeDocument(testDoc, got, &back)
	if err != nil || len(*reasons) > 0 {
		t.Fatalf("decoding what was encoded: %v (fell back: %v)", err, *reasons)
	}
	if !defined("version") || defined("nothing") {
		t.Error("defined does not tell which keys the file set")
	}
	if back.Items[0].Level == nil || *back.Items[0].Level != 0 || back.Items[1].Level != nil || *back.Items[2].Level != 10 {
		t.Errorf("levels came back wrong: %+v", back.Items)
	}
	var ref docTest
	if _, err := toml.Decode(string(got), &ref); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EncodeDocument(testDoc, &ref), got) {
		t.Error("the fast path and BurntSushi/toml read the document differently")
	}
}

// A document's errors name it, never the map, and its shape scan knows
// its own sections.
func TestDecodeDocumentErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"version = 1\nlevel = \n", "the test file is not valid TOML"},
		{"version = 1\ncolour = \"blue\"\n", "the test file has keys attune does not know: colour"},
		{"version = 1\n[[boundary]]\n", "not part of an attune test file, which has [[item]]"},
		{"version = 1\nx = { a = 1 }\n", "inline tables ({ … }) are not part of an attune test file"},
		{"version = 1\n[[item]]\nlevel = \"high\"\n", "the test file is not valid TOML"},
		{"\xff", "the test file is not valid TOML: the text is not valid UTF-8"},
	} {
		var d docTest
		_, err := DecodeDocument(testDoc, []byte(c.in), &d)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
		var se *SyntaxError
		var uk *UnknownKeysError
		if !errors.As(err, &se) && !errors.As(err, &uk) {
			t.Errorf("%q: error %T, want a *SyntaxError or *UnknownKeysError", c.in, err)
		}
		if err != nil && strings.Contains(err.Error(), "map") {
			t.Errorf("%q: the error names the map: %v", c.in, err)
		}
	}
}

func TestValidKey(t *testing.T) {
	if !ValidKey(NewKey()) {
		t.Error("a new key is not valid")
	}
	for _, k := range []string{"", "short", strings.Repeat("A", KeyLen), strings.Repeat("a", KeyLen+1), strings.Repeat("1", KeyLen)} {
		if ValidKey(k) {
			t.Errorf("%q is taken for a key", k)
		}
	}
}
