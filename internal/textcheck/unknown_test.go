package textcheck

import (
	"strings"
	"testing"
)

func TestUnknownValueErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  UnknownValueError
		want string
	}{
		{
			"light",
			UnknownValueError{Kind: "light", Value: "rde", Valid: []string{"red", "yellow", "green"}, Suggestion: "red"},
			`unknown light "rde"; valid lights are red, yellow, green`,
		},
		{
			"category plural",
			UnknownValueError{Kind: "category", Value: "colours", Valid: []string{"smells", "sounds"}},
			`unknown category "colours"; valid categories are smells, sounds`,
		},
		{
			"intensity plural",
			UnknownValueError{Kind: "intensity", Value: "huge", Valid: []string{"low", "medium", "high"}},
			`unknown intensity "huge"; valid intensities are low, medium, high`,
		},
		{
			"empty value",
			UnknownValueError{Kind: "light", Value: "", Valid: []string{"red"}},
			`unknown light ""; valid lights are red`,
		},
		{
			"no valid list",
			UnknownValueError{Kind: "light", Value: "blue"},
			`unknown light "blue"`,
		},
		{
			"control characters neutralized",
			UnknownValueError{Kind: "light", Value: "re\x1b[2Jd\u202E", Valid: []string{"red"}},
			`unknown light "re\x1b[2Jd\u202e"; valid lights are red`,
		},
		{
			"40 runes kept",
			UnknownValueError{Kind: "light", Value: strings.Repeat("ü", 40), Valid: []string{"red"}},
			`unknown light "` + strings.Repeat("ü", 40) + `"; valid lights are red`,
		},
		{
			"41 runes cut",
			UnknownValueError{Kind: "light", Value: strings.Repeat("ü", 40) + "z", Valid: []string{"red"}},
			`unknown light "` + strings.Repeat("ü", 40) + `…"; valid lights are red`,
		},
		{
			"cut before escaping",
			UnknownValueError{Kind: "light", Value: strings.Repeat("a", 39) + "\x1b\x1b", Valid: []string{"red"}},
			`unknown light "` + strings.Repeat("a", 39) + `\x1b…"; valid lights are red`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.err.Error()
			if got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if !isPrintable(got) {
				t.Errorf("Error() = %q has unsafe characters", got)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	lights := []string{"red", "yellow", "green", "stop", "ask", "ask first", "go", "amber"}
	cats := []string{"positions", "movements", "activities", "smells", "sounds", "textures", "words", "touch", "other"}
	tests := []struct {
		in      string
		options []string
		want    string
	}{
		{"rde", lights, "red"},
		{"stpo", lights, "stop"},
		{"yelow", lights, "yellow"},
		{"YELLOW", lights, "yellow"},
		{"Gren", lights, "green"},
		{"amebr", lights, "amber"},
		{"ask frist", lights, "ask first"},
		{"purple", lights, ""},
		{"", lights, ""},
		{"   ", lights, ""},
		{"x", lights, ""},
		{"smels", cats, "smells"},
		{"smel", cats, "smells"},     // prefix of exactly one
		{"textur", cats, "textures"}, // distance 2, limit 2
		{"tex", cats, "textures"},    // prefix
		{"so", cats, "sounds"},       // prefix
		{"s", cats, ""},              // too short for a prefix
		{"t", cats, ""},              // too short for a prefix
		{"o", cats, ""},              // one letter, nothing within 1
		{"ot", cats, "other"},        // prefix of exactly one
		{"xy", cats, ""},
		{"oth", cats, "other"},     // prefix
		{"mov", cats, "movements"}, // prefix
		{"activites", cats, "activities"},
		{"sm", []string{"smell", "smells"}, ""}, // prefix of two options
		{"feelings", cats, ""},
		{strings.Repeat("a", 5000), cats, ""},
	}
	for _, tc := range tests {
		if got := Suggest(tc.in, tc.options); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"red", "red", 0},
		{"rde", "red", 1},   // swap
		{"stpo", "stop", 1}, // swap
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment, not full Damerau
		{"smels", "smells", 1},
		{"grün", "grun", 1},
	}
	for _, tc := range tests {
		if got := editDistance([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct{ in, want string }{
		{"light", "lights"},
		{"category", "categories"},
		{"intensity", "intensities"},
		{"day", "days"},
	}
	for _, tc := range tests {
		if got := plural(tc.in); got != tc.want {
			t.Errorf("plural(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
