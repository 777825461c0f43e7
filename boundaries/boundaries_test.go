package boundaries

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/attune-dev/attune/internal/textcheck"
)

func TestParseLight(t *testing.T) {
	tests := []struct {
		in   string
		want Light
	}{
		{"red", Red},
		{"yellow", Yellow},
		{"green", Green},
		{"RED", Red},
		{"  Green \n", Green},
		{"stop", Red},
		{"Stop", Red},
		{"ask", Yellow},
		{"ask first", Yellow},
		{"Ask  First", Yellow},
		{"ask-first", Yellow},
		{"askfirst", Yellow},
		{"ASKFIRST", Yellow},
		{"amber", Yellow},
		{"go", Green},
		{"GO", Green},
	}
	for _, tc := range tests {
		got, err := ParseLight(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseLight(%q) = %q, %v; want %q, nil", tc.in, got, err, tc.want)
		}
	}
}

func TestParseLightUnknown(t *testing.T) {
	tests := []struct {
		in         string
		suggestion string
	}{
		{"rde", "red"},
		{"stpo", "stop"},
		{"yelow", "yellow"},
		{"gren", "green"},
		{"amebr", "amber"},
		{"as", "ask"},
		{"ask frist", "ask first"},
		{"askfirs", "ask first"},
		{"ask-firts", "ask first"},
		{"purple", ""},
		{"", ""},
		{"maybe", ""},
		{"ask_first_please_and_more", ""},
	}
	for _, tc := range tests {
		got, err := ParseLight(tc.in)
		if err == nil {
			t.Errorf("ParseLight(%q) = %q, want an error", tc.in, got)
			continue
		}
		if got != "" {
			t.Errorf("ParseLight(%q) returned light %q with an error", tc.in, got)
		}
		var uv *textcheck.UnknownValueError
		if !errors.As(err, &uv) {
			t.Errorf("ParseLight(%q) error %T is not *UnknownValueError", tc.in, err)
			continue
		}
		if uv.Kind != "light" || uv.Value != tc.in {
			t.Errorf("ParseLight(%q): Kind %q Value %q", tc.in, uv.Kind, uv.Value)
		}
		if strings.Join(uv.Valid, ",") != "red,yellow,green" {
			t.Errorf("ParseLight(%q): Valid = %v", tc.in, uv.Valid)
		}
		if uv.Suggestion != tc.suggestion {
			t.Errorf("ParseLight(%q): Suggestion = %q, want %q", tc.in, uv.Suggestion, tc.suggestion)
		}
	}
}

func TestParseLightErrorMessage(t *testing.T) {
	_, err := ParseLight("rde")
	want := `unknown light "rde"; valid lights are red, yellow, green`
	if err == nil || err.Error() != want {
		t.Errorf("ParseLight(\"rde\") error = %v, want %q", err, want)
	}
}

func TestLightProperties(t *testing.T) {
	tests := []struct {
		l       Light
		valid   bool
		label   string
		meaning string
		symbol  string
		rank    int
	}{
		{Red, true, "STOP", "please don't", "■", 0},
		{Yellow, true, "ASK FIRST", "ask me first", "▲", 1},
		{Green, true, "GO", "welcome, when we both want it", "●", 2},
		{"", false, "UNKNOWN", "not a known light", "?", 3},
		{"Red", false, "UNKNOWN", "not a known light", "?", 3},
		{"blue", false, "UNKNOWN", "not a known light", "?", 3},
	}
	for _, tc := range tests {
		if got := tc.l.Valid(); got != tc.valid {
			t.Errorf("%q.Valid() = %v, want %v", tc.l, got, tc.valid)
		}
		if got := tc.l.Label(); got != tc.label {
			t.Errorf("%q.Label() = %q, want %q", tc.l, got, tc.label)
		}
		if got := tc.l.Meaning(); got != tc.meaning {
			t.Errorf("%q.Meaning() = %q, want %q", tc.l, got, tc.meaning)
		}
		if got := tc.l.Symbol(); got != tc.symbol {
			t.Errorf("%q.Symbol() = %q, want %q", tc.l, got, tc.symbol)
		}
		if got := tc.l.Rank(); got != tc.rank {
			t.Errorf("%q.Rank() = %d, want %d", tc.l, got, tc.rank)
		}
	}
}

func TestLightsOrderAndSymbols(t *testing.T) {
	if len(Lights) != 3 || Lights[0] != Red || Lights[1] != Yellow || Lights[2] != Green {
		t.Fatalf("Lights = %v, want [red yellow green]", Lights)
	}
	seen := map[string]Light{}
	for i, l := range Lights {
		if l.Rank() != i {
			t.Errorf("%q.Rank() = %d, want %d (display order)", l, l.Rank(), i)
		}
		s := l.Symbol()
		if utf8.RuneCountInString(s) != 1 {
			t.Errorf("%q.Symbol() = %q is not a single character", l, s)
		}
		if err := textcheck.Check("symbol", s, false); err != nil {
			t.Errorf("%q.Symbol() is not plain printable text: %v", l, err)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("%q and %q share symbol %q", l, other, s)
		}
		seen[s] = l
		parsed, err := ParseLight(string(l))
		if err != nil || parsed != l {
			t.Errorf("ParseLight(%q) = %q, %v", l, parsed, err)
		}
	}
}

func TestBoundaryValidate(t *testing.T) {
	added := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		b         Boundary
		wantField string // for *TextError
		wantKind  string // for *UnknownValueError
		wantMsg   string
	}{
		{name: "ok red", b: Boundary{ID: "b1", Light: Red, Text: "Being held down"}},
		{name: "ok with note", b: Boundary{Light: Yellow, Text: "Hair pulling", Note: "Gentle only, and check in", Added: added}},
		{name: "ok green private", b: Boundary{Light: Green, Text: "Cuddling after", Private: true}},
		{name: "ID not checked", b: Boundary{ID: "", Light: Green, Text: "Holding hands"}},
		{name: "text trimmed ok", b: Boundary{Light: Green, Text: "  Back rubs \n"}},
		{
			name: "empty light", b: Boundary{Light: "", Text: "Kissing"},
			wantKind: "light", wantMsg: `unknown light ""; valid lights are red, yellow, green`,
		},
		{
			name: "alias is not stored form", b: Boundary{Light: "stop", Text: "Kissing"},
			wantKind: "light", wantMsg: `unknown light "stop"; valid lights are red, yellow, green`,
		},
		{
			name: "wrong case", b: Boundary{Light: "Red", Text: "Kissing"},
			wantKind: "light", wantMsg: `unknown light "Red"; valid lights are red, yellow, green`,
		},
		{
			name: "empty text", b: Boundary{Light: Red, Text: "   "},
			wantField: "text", wantMsg: "text is empty",
		},
		{
			name: "escape in text", b: Boundary{Light: Red, Text: "Surprises\x1b[2J"},
			wantField: "text", wantMsg: "text contains a control character (U+001B) at character 10",
		},
		{
			name: "bidi in note", b: Boundary{Light: Yellow, Text: "Tickling", Note: "feet\u202Eok"},
			wantField: "note", wantMsg: "note contains a control character (U+202E) at character 5",
		},
		{
			name: "long note", b: Boundary{Light: Green, Text: "Massage", Note: strings.Repeat("ö", 1001)},
			wantField: "note", wantMsg: "note is longer than 1000 characters (1001)",
		},
		{
			name: "light checked before text", b: Boundary{Light: "rde", Text: ""},
			wantKind: "light", wantMsg: `unknown light "rde"; valid lights are red, yellow, green`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.b.Validate()
			if tc.wantMsg == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tc.wantMsg)
			}
			if err.Error() != tc.wantMsg {
				t.Errorf("Validate() = %q, want %q", err.Error(), tc.wantMsg)
			}
			var te *textcheck.TextError
			var uv *textcheck.UnknownValueError
			switch {
			case tc.wantField != "":
				if !errors.As(err, &te) || te.Field != tc.wantField {
					t.Errorf("error %#v is not a TextError for %q", err, tc.wantField)
				}
			case tc.wantKind != "":
				if !errors.As(err, &uv) || uv.Kind != tc.wantKind {
					t.Errorf("error %#v is not an UnknownValueError for %q", err, tc.wantKind)
				}
			}
		})
	}
}

func TestBoundaryValidateSuggests(t *testing.T) {
	err := Boundary{Light: "gren", Text: "Slow dancing"}.Validate()
	var uv *textcheck.UnknownValueError
	if !errors.As(err, &uv) || uv.Suggestion != "green" {
		t.Errorf("Validate() = %#v, want suggestion \"green\"", err)
	}
}
