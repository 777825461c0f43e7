package triggers

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

func TestParseCategory(t *testing.T) {
	tests := []struct {
		in   string
		want Category
	}{
		{"positions", Positions},
		{"movements", Movements},
		{"activities", Activities},
		{"smells", Smells},
		{"sounds", Sounds},
		{"textures", Textures},
		{"words", Words},
		{"touch", Touch},
		{"other", Other},
		{"Positions", Positions},
		{"  SOUNDS\t", Sounds},
		{"position", Positions},
		{"movement", Movements},
		{"activity", Activities},
		{"Smell", Smells},
		{"sound", Sounds},
		{"texture", Textures},
		{"word", Words},
		{"touches", Touch},
		{"others", Other},
	}
	for _, tc := range tests {
		got, err := ParseCategory(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q, nil", tc.in, got, err, tc.want)
		}
	}
	for _, c := range Categories {
		if got, err := ParseCategory(string(c)); err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, err)
		}
	}
}

func TestParseCategoryUnknown(t *testing.T) {
	tests := []struct {
		in         string
		suggestion string
	}{
		{"smels", "smells"},
		{"smel", "smells"},
		{"textur", "textures"},
		{"postions", "positions"},
		{"po", "positions"},
		{"activty", "activity"}, // close to the singular "activity"
		{"tuoch", "touch"},
		{"wrods", "words"},
		{"colours", ""},
		{"", ""},
		{"s", ""},
	}
	valid := "positions,movements,activities,smells,sounds,textures,words,touch,other"
	for _, tc := range tests {
		got, err := ParseCategory(tc.in)
		if err == nil {
			t.Errorf("ParseCategory(%q) = %q, want an error", tc.in, got)
			continue
		}
		var uv *textcheck.UnknownValueError
		if !errors.As(err, &uv) {
			t.Errorf("ParseCategory(%q) error %T is not *UnknownValueError", tc.in, err)
			continue
		}
		if uv.Kind != "category" || uv.Value != tc.in || strings.Join(uv.Valid, ",") != valid {
			t.Errorf("ParseCategory(%q): got %+v", tc.in, uv)
		}
		if uv.Suggestion != tc.suggestion {
			t.Errorf("ParseCategory(%q): Suggestion = %q, want %q", tc.in, uv.Suggestion, tc.suggestion)
		}
	}
	_, err := ParseCategory("colours")
	want := `unknown category "colours"; valid categories are positions, movements, activities, smells, sounds, textures, words, touch, other`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestCategoryValidAndTitle(t *testing.T) {
	tests := []struct {
		c     Category
		valid bool
		title string
	}{
		{Positions, true, "Positions"},
		{Movements, true, "Movements"},
		{Activities, true, "Activities"},
		{Smells, true, "Smells"},
		{Sounds, true, "Sounds"},
		{Textures, true, "Textures"},
		{Words, true, "Words"},
		{Touch, true, "Touch"},
		{Other, true, "Other"},
		{"", false, "Unknown"},
		{"smell", false, "Unknown"},
		{"Smells", false, "Unknown"},
	}
	for _, tc := range tests {
		if got := tc.c.Valid(); got != tc.valid {
			t.Errorf("%q.Valid() = %v, want %v", tc.c, got, tc.valid)
		}
		if got := tc.c.Title(); got != tc.title {
			t.Errorf("%q.Title() = %q, want %q", tc.c, got, tc.title)
		}
	}
	if len(Categories) != 9 {
		t.Errorf("len(Categories) = %d, want 9", len(Categories))
	}
}

func TestParseIntensity(t *testing.T) {
	tests := []struct {
		in   string
		want Intensity
	}{
		{"", Unspecified},
		{"   ", Unspecified},
		{"low", Low},
		{"LOW", Low},
		{"medium", Medium},
		{" Medium ", Medium},
		{"med", Medium},
		{"MID", Medium},
		{"high", High},
		{"High", High},
	}
	for _, tc := range tests {
		got, err := ParseIntensity(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseIntensity(%q) = %q, %v; want %q, nil", tc.in, got, err, tc.want)
		}
	}
}

func TestParseIntensityUnknown(t *testing.T) {
	tests := []struct {
		in         string
		suggestion string
	}{
		{"hihg", "high"},
		{"hi", "high"},
		{"meduim", "medium"},
		{"lo", "low"},
		{"mde", "medium"}, // near the alias "med"
		{"extreme", ""},
		{"5", ""},
	}
	for _, tc := range tests {
		got, err := ParseIntensity(tc.in)
		if err == nil {
			t.Errorf("ParseIntensity(%q) = %q, want an error", tc.in, got)
			continue
		}
		var uv *textcheck.UnknownValueError
		if !errors.As(err, &uv) {
			t.Errorf("ParseIntensity(%q) error %T is not *UnknownValueError", tc.in, err)
			continue
		}
		if uv.Kind != "intensity" || uv.Value != tc.in || strings.Join(uv.Valid, ",") != "low,medium,high" {
			t.Errorf("ParseIntensity(%q): got %+v", tc.in, uv)
		}
		if uv.Suggestion != tc.suggestion {
			t.Errorf("ParseIntensity(%q): Suggestion = %q, want %q", tc.in, uv.Suggestion, tc.suggestion)
		}
	}
	_, err := ParseIntensity("extreme")
	want := `unknown intensity "extreme"; valid intensities are low, medium, high`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestIntensityValidAndRank(t *testing.T) {
	tests := []struct {
		i     Intensity
		valid bool
		rank  int
	}{
		{High, true, 0},
		{Medium, true, 1},
		{Low, true, 2},
		{Unspecified, true, 3},
		{"med", false, 4},
		{"High", false, 4},
	}
	for _, tc := range tests {
		if got := tc.i.Valid(); got != tc.valid {
			t.Errorf("%q.Valid() = %v, want %v", tc.i, got, tc.valid)
		}
		if got := tc.i.Rank(); got != tc.rank {
			t.Errorf("%q.Rank() = %d, want %d", tc.i, got, tc.rank)
		}
	}
	if len(Intensities) != 3 || Intensities[0] != Low || Intensities[1] != Medium || Intensities[2] != High {
		t.Errorf("Intensities = %v", Intensities)
	}
}

func TestTriggerValidate(t *testing.T) {
	added := time.Date(2025, 4, 2, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name      string
		tr        Trigger
		wantField string
		wantKind  string
		wantMsg   string
	}{
		{name: "ok minimal", tr: Trigger{Category: Sounds, Text: "Sudden loud noises"}},
		{name: "ok full", tr: Trigger{ID: "t1", Category: Smells, Text: "A certain cologne", Intensity: High,
			Helps: "Open a window and take a pause", Note: "Talk about it later", Private: true, Added: added}},
		{name: "ok unspecified intensity", tr: Trigger{Category: Touch, Text: "Light touch on the neck"}},
		{
			name: "empty category", tr: Trigger{Text: "Being watched"},
			wantKind: "category", wantMsg: `unknown category ""; valid categories are positions, movements, activities, smells, sounds, textures, words, touch, other`,
		},
		{
			name: "singular is not stored form", tr: Trigger{Category: "smell", Text: "Smoke"},
			wantKind: "category",
			wantMsg:  `unknown category "smell"; valid categories are positions, movements, activities, smells, sounds, textures, words, touch, other`,
		},
		{
			name: "alias intensity not stored form", tr: Trigger{Category: Words, Text: "Being teased", Intensity: "med"},
			wantKind: "intensity", wantMsg: `unknown intensity "med"; valid intensities are low, medium, high`,
		},
		{
			name: "category before text", tr: Trigger{Category: "nope", Intensity: "nope", Text: ""},
			wantKind: "category",
			wantMsg:  `unknown category "nope"; valid categories are positions, movements, activities, smells, sounds, textures, words, touch, other`,
		},
		{
			name: "intensity before text", tr: Trigger{Category: Other, Intensity: "huge", Text: ""},
			wantKind: "intensity", wantMsg: `unknown intensity "huge"; valid intensities are low, medium, high`,
		},
		{
			name: "empty text", tr: Trigger{Category: Positions, Text: "\n"},
			wantField: "text", wantMsg: "text is empty",
		},
		{
			name: "OSC 52 in text", tr: Trigger{Category: Words, Text: "x\x1b]52;c;aGk=\x07"},
			wantField: "text", wantMsg: "text contains a control character (U+001B) at character 2",
		},
		{
			name: "C1 in helps", tr: Trigger{Category: Movements, Text: "Fast movements", Helps: "slow down\u009b"},
			wantField: "helps", wantMsg: "helps contains a control character (U+009B) at character 10",
		},
		{
			name: "long helps", tr: Trigger{Category: Textures, Text: "Wool", Helps: strings.Repeat("ü", 1001)},
			wantField: "helps", wantMsg: "helps is longer than 1000 characters (1001)",
		},
		{
			name: "invalid UTF-8 in note", tr: Trigger{Category: Activities, Text: "Role play", Note: "a\xffb"},
			wantField: "note", wantMsg: "note contains a byte that is not valid UTF-8 (0xFF) at character 2",
		},
		{
			name: "helps checked before note", tr: Trigger{Category: Activities, Text: "Role play", Helps: "\a", Note: "\a"},
			wantField: "helps", wantMsg: "helps contains a control character (U+0007) at character 1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.tr.Validate()
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
