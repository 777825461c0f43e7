package textcheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// family is woman + ZWJ + woman + ZWJ + girl: five code points, one
// picture. scotland is a black flag and six tag characters.
const (
	family   = "\U0001F469\u200D\U0001F469\u200D\U0001F467"
	scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name       string
		field      string
		in         string
		allowEmpty bool
		want       string // "" means accepted
	}{
		{"plain", "text", "Please ask before kissing my neck", false, ""},
		{"accents and emoji", "text", "Caresses lentes 🌿 — ça va", false, ""},
		{"surrounding space trimmed", "text", "  \t slow hugs \n", false, ""},
		{"literal replacement char", "text", "a\uFFFDb", false, ""},
		{"backslash is fine", "text", `a\x1b is only words`, false, ""},
		{"empty", "text", "", false, "text is empty"},
		{"only space", "note", " \t\n ", false, "note is empty"},
		{"empty allowed", "note", "", true, ""},
		{"space allowed as empty", "note", "  \n", true, ""},
		{"zero-width space only", "text", "\u200B", false, "text has no visible characters"},
		{"private use only", "text", "\uE000", false, "text has no visible characters"},
		{"supplementary private use only", "text", "\U000F0000 \uE001", false, "text has no visible characters"},
		{"unassigned only", "text", "\u0378", false, "text has no visible characters"},
		{"private use beside words", "text", "Dancing \uE000", false, ""},
		{"an emoji alone", "text", "\U0001F642", false, ""},
		{"zero-width space only, empty allowed", "note", "\u200B", true, "note has no visible characters"},
		{"zero-width space between spaces", "note", "  \u200B\u200B  ", true, "note has no visible characters"},
		{"Hangul filler", "text", "\u3164", false, "text has no visible characters"},
		{"Hangul choseong filler", "text", "\u115F", false, "text has no visible characters"},
		{"Hangul jungseong filler", "text", "\u1160", false, "text has no visible characters"},
		{"halfwidth Hangul filler", "helps", "\uFFA0", true, "helps has no visible characters"},
		{"blank braille pattern", "text", "\u2800\u2800", false, "text has no visible characters"},
		{"ideographic space only", "text", "\u3000", false, "text is empty"},
		{"Mongolian vowel separator", "text", "\u180E", false, "text has no visible characters"},
		{"interlinear annotation anchor", "text", "\uFFF9", false, "text has no visible characters"},
		{"language tag", "text", "\U000E0001", false, "text has no visible characters"},
		{"word joiner and soft hyphen", "text", "\u2060\u00AD", false, "text has no visible characters"},
		{"combining accent alone", "text", "\u0301", false, "text has no visible characters"},
		{"enclosing mark alone", "text", "\u20DD", false, "text has no visible characters"},
		{"variation selector alone", "text", "\uFE0F", false, "text has no visible characters"},
		{"supplementary variation selector alone", "text", "\U000E0100", false, "text has no visible characters"},
		{"zero-width joiner alone", "text", "\u200D\u200D", false, "text has no visible characters"},
		{"mixed invisibles", "text", "\u200B\u3164 \u0301\uFE0F\u2800", false, "text has no visible characters"},
		{"control reported before invisible", "text", "\u200B\x1b", false, "text contains a control character (U+001B) at character 2"},
		{"ZWJ emoji sequence", "text", "\U0001F469\u200D\U0001F469\u200D\U0001F467", false, ""},
		{"emoji with variation selector", "text", "\u2764\uFE0F", false, ""},
		{"combining accent on a letter", "text", "e\u0301", false, ""},
		{"zero-width space inside words", "text", "slow\u200Bhugs", false, ""},
		{"filler next to a letter", "text", "\u3164a", false, ""},
		{"flag", "note", "\U0001F1EB\U0001F1F7", true, ""},
		{"single dot", "text", ".", false, ""},
		{"ESC CSI colour", "text", "red\x1b[31mtext", false, "text contains a control character (U+001B) at character 4"},
		{"OSC 52 clipboard", "note", "x\x1b]52;c;aGVsbG8=\x07", false, "note contains a control character (U+001B) at character 2"},
		{"BEL", "text", "ding\a", false, "text contains a control character (U+0007) at character 5"},
		{"backspace", "text", "ab\bc", false, "text contains a control character (U+0008) at character 3"},
		{"CR inside", "text", "one\rtwo", false, "text contains a control character (U+000D) at character 4"},
		{"newline inside", "helps", "one\ntwo", false, "helps is one line, and a line break follows character 3"},
		{"tab inside", "text", "one\ttwo", false, "text contains a control character (U+0009) at character 4"},
		{"NUL", "text", "a\x00", false, "text contains a control character (U+0000) at character 2"},
		{"unit separator", "text", "a\x1fb", false, "text contains a control character (U+001F) at character 2"},
		{"DEL", "text", "a\x7fb", false, "text contains a control character (U+007F) at character 2"},
		{"C1 CSI rune", "text", "a\u009b31m", false, "text contains a control character (U+009B) at character 2"},
		{"C1 first", "text", "\u0080a", false, "text contains a control character (U+0080) at character 1"},
		{"C1 last", "text", "a\u009f", false, "text contains a control character (U+009F) at character 2"},
		{"raw 0x9b byte", "text", "a\x9b31m", false, "text contains a byte that is not valid UTF-8 (0x9B) at character 2"},
		{"invalid 0xff", "name", "ok\xff", false, "name contains a byte that is not valid UTF-8 (0xFF) at character 3"},
		{"truncated sequence", "text", "ab\xe2\x82", false, "text contains a byte that is not valid UTF-8 (0xE2) at character 3"},
		{"surrogate encoding", "text", "a\xed\xa0\x80", false, "text contains a byte that is not valid UTF-8 (0xED) at character 2"},
		{"RLO", "text", "abc\u202Edef", false, "text contains a control character (U+202E) at character 4"},
		{"LRE", "text", "\u202Aabc", false, "text contains a control character (U+202A) at character 1"},
		{"LRI", "text", "a\u2066b", false, "text contains a control character (U+2066) at character 2"},
		{"PDI", "text", "a\u2069b", false, "text contains a control character (U+2069) at character 2"},
		{"LRM", "text", "a\u200Eb", false, "text contains a control character (U+200E) at character 2"},
		{"RLM", "text", "a\u200Fb", false, "text contains a control character (U+200F) at character 2"},
		{"BOM", "text", "\uFEFFhello", false, "text contains a control character (U+FEFF) at character 1"},
		{"position counts runes", "text", "héllo wörld\x1b", false, "text contains a control character (U+001B) at character 12"},
		{"position after trim", "text", "   ab\x07", false, "text contains a control character (U+0007) at character 3"},
		{"1000 runes two-byte", "text", strings.Repeat("é", 1000), false, ""},
		{"1000 runes four-byte", "text", strings.Repeat("🌱", 1000), false, ""},
		{"1000 runes plus space", "text", " " + strings.Repeat("ß", 1000) + "\n", false, ""},
		{"1001 runes two-byte", "note", strings.Repeat("é", 1001), false, "note is longer than 1000 characters (1001)"},
		{"1001 runes four-byte", "text", strings.Repeat("🌱", 1001), false, "text is longer than 1000 characters (1001)"},
		{"1204 runes", "note", strings.Repeat("a", 1204), false, "note is longer than 1000 characters (1204)"},
		{"600 decomposed é", "text", strings.Repeat("e\u0301", 600), false, ""},
		{"1000 decomposed é", "text", strings.Repeat("e\u0301", 1000), false, ""},
		{"1001 decomposed é", "note", strings.Repeat("e\u0301", 1001), false, "note is longer than 1000 characters (1001)"},
		{"ASCII then a decomposed é", "text", strings.Repeat("a", 999) + "e\u0301", false, ""},
		{"ASCII then a decomposed é, one more", "text", strings.Repeat("a", 1000) + "e\u0301", false, "text is longer than 1000 characters (1001)"},
		{"ASCII then a control after an accent", "text", "abe\u0301\x1b", false, "text contains a control character (U+001B) at character 4"},
		{"1000 emoji with variation selectors", "text", strings.Repeat("\u2764\uFE0F", 1000), false, ""},
		{"1000 emoji with supplementary selectors", "text", strings.Repeat("\u845B\U000E0100", 1000), false, ""},
		// An emoji sequence joined with ZWJ is one picture, one character.
		// (The rules before grapheme clusters counted each emoji in it, so
		// 501 of these were 1002 characters.)
		{"1000 ZWJ sequences of two emoji", "text", strings.Repeat("\U0001F469\u200D\U0001F467", 1000), false, ""},
		{"1001 ZWJ sequences of two emoji", "text", strings.Repeat("\U0001F469\u200D\U0001F467", 1001), false, "text is longer than 1000 characters (1001)"},
		{"ZWJ family counts 1", "text", family + strings.Repeat("a", 999), false, ""},
		{"ZWJ family counts 1, one more", "text", family + strings.Repeat("a", 1000), false, "text is longer than 1000 characters (1001)"},
		{"800 ZWJ families", "text", strings.Repeat(family, 800), false, ""},
		{"801 ZWJ families: too many code points", "text", strings.Repeat(family, 801), false, "text has too many accents and joining marks (4005 code points, at most 4000)"},
		{"enclosing marks not counted", "text", strings.Repeat("1\u20E3", 1000), false, ""},
		{"zero-width space is counted", "text", strings.Repeat("a\u200B", 501), false, "text is longer than 1000 characters (1002)"},
		{"1000 flags of Scotland", "text", strings.Repeat("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", 1000), false, "text has too many accents and joining marks (7000 code points, at most 4000)"},
		{"500 flags of Scotland", "text", strings.Repeat("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", 500), false, ""},
		{"flag of Scotland counts 1", "text", scotland + strings.Repeat("a", 999), false, ""},
		{"flag of Scotland counts 1, one more", "text", scotland + strings.Repeat("a", 1000), false, "text is longer than 1000 characters (1001)"},
		{"400 Korean syllables typed as jamo", "text", strings.Repeat("\u1100\u1161\u11A8", 400), false, ""},
		{"1400 Korean syllables typed as jamo", "text", strings.Repeat("\u1100\u1161\u11A8", 1400), false, "text is longer than 1000 characters (1400)"},
		{"position after syllables typed as jamo", "text", "\u1100\u1161\u11A8\u1100\u1161\u11A8\x1b", false, "text contains a control character (U+001B) at character 3"},
		{"1000 Korean syllables typed as jamo", "text", strings.Repeat("\u1100\u1161\u11A8", 1000), false, ""},
		{"1001 Korean syllables typed as jamo", "text", strings.Repeat("\u1100\u1161\u11A8", 1001), false, "text is longer than 1000 characters (1001)"},
		{"600 thumbs up with a skin tone", "text", strings.Repeat("\U0001F44D\U0001F3FD", 600), false, ""},
		{"1000 thumbs up with a skin tone", "text", strings.Repeat("\U0001F44D\U0001F3FD", 1000), false, ""},
		{"1001 thumbs up with a skin tone", "text", strings.Repeat("\U0001F44D\U0001F3FD", 1001), false, "text is longer than 1000 characters (1001)"},
		{"600 flags of France", "text", strings.Repeat("\U0001F1EB\U0001F1F7", 600), false, ""},
		{"1000 flags of France", "text", strings.Repeat("\U0001F1EB\U0001F1F7", 1000), false, ""},
		{"lone regional indicator counts 1", "text", "\U0001F1EB" + strings.Repeat("a", 1000), false, "text is longer than 1000 characters (1001)"},
		// A spacing mark belongs to its letter: का is one character. (The
		// rules before grapheme clusters counted U+093E on its own.)
		{"1000 Devanagari letters with a spacing vowel sign", "text", strings.Repeat("\u0915\u093E", 1000), false, ""},
		{"1001 Devanagari letters with a spacing vowel sign", "text", strings.Repeat("\u0915\u093E", 1001), false, "text is longer than 1000 characters (1001)"},
		{"1001 flags of France", "text", strings.Repeat("\U0001F1EB\U0001F1F7", 1001), false, "text is longer than 1000 characters (1001)"},
		{"4000 code points", "text", "a" + strings.Repeat("\u0301", MaxRunes-1), false, ""},
		{"4001 code points", "text", "a" + strings.Repeat("\u0301", MaxRunes), false, "text has too many accents and joining marks (4001 code points, at most 4000)"},
		{"too long both ways", "text", strings.Repeat("e\u0301\u0302\u0303\u0304", 1001), false, "text is longer than 1000 characters (1001)"},
		{"position counts characters as seen", "text", "e\u0301e\u0301\x1b", false, "text contains a control character (U+001B) at character 3"},
		// The joined emoji is one character (before grapheme clusters, two).
		{"position of a bad byte after a joiner", "text", "\U0001F469\u200D\U0001F467\xff", false, "text contains a byte that is not valid UTF-8 (0xFF) at character 2"},
		{"position after a family", "text", family + "ok\x1b", false, "text contains a control character (U+001B) at character 4"},
		{"position after flags", "text", "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA\u202E", false, "text contains a control character (U+202E) at character 3"},
		{"position of CR in CR LF", "text", "ab\r\ncd", false, "text contains a control character (U+000D) at character 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Check, for stored text, differs from CheckTyped only in
			// letting text that shows nothing pass.
			lenient := Check(tc.field, tc.in, tc.allowEmpty)
			if strings.HasSuffix(tc.want, "has no visible characters") {
				if lenient != nil {
					t.Errorf("Check(%q) = %v, want nil (stored text that shows nothing still opens)", tc.in, lenient)
				}
			} else if fmt.Sprint(lenient) != fmt.Sprint(CheckTyped(tc.field, tc.in, tc.allowEmpty)) {
				t.Errorf("Check(%q) = %v, CheckTyped gives %v", tc.in, lenient, CheckTyped(tc.field, tc.in, tc.allowEmpty))
			}
			err := CheckTyped(tc.field, tc.in, tc.allowEmpty)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckTyped(%q) = %v, want nil", tc.in, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check(%q) = nil, want %q", tc.in, tc.want)
			}
			var te *TextError
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not *TextError", err)
			}
			if te.Field != tc.field {
				t.Errorf("Field = %q, want %q", te.Field, tc.field)
			}
			if err.Error() != tc.want {
				t.Errorf("Error() = %q, want %q", err.Error(), tc.want)
			}
		})
	}
}

// Every variation selector belongs to the character before it: 1000
// characters that each carry one fit, 1001 do not.
func TestVariationSelectorsJoin(t *testing.T) {
	var selectors []rune
	for _, tab := range []*unicode.RangeTable{unicode.Variation_Selector} {
		for _, rt := range tab.R16 {
			for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
				selectors = append(selectors, r)
			}
		}
		for _, rt := range tab.R32 {
			for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
				selectors = append(selectors, r)
			}
		}
	}
	if len(selectors) < 256 {
		t.Fatalf("only %d variation selectors", len(selectors))
	}
	for _, r := range selectors {
		one := "\u845B" + string(r)
		if err := Check("text", strings.Repeat(one, MaxLen), false); err != nil {
			t.Errorf("%U: %d characters refused: %v", r, MaxLen, err)
		}
		if err := Check("text", strings.Repeat(one, MaxLen+1), false); err == nil {
			t.Errorf("%U: %d characters accepted", r, MaxLen+1)
		}
	}
}

func TestCheckErrorNeverShowsText(t *testing.T) {
	inputs := []string{
		"private words\x1b[2J",
		"private words\u202E",
		"private words\xff",
		"private words " + strings.Repeat("x", MaxLen),
	}
	for _, in := range inputs {
		err := Check("note", in, false)
		if err == nil {
			t.Fatalf("Check(%q) accepted", in)
		}
		msg := err.Error()
		if strings.Contains(msg, "private") {
			t.Errorf("error %q shows the text", msg)
		}
		if !isPrintable(msg) {
			t.Errorf("error %q has unprintable characters", msg)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  slow  ", "slow"},
		{"\tgentle\n", "gentle"},
		{"inner  space kept", "inner  space kept"},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"café 🌿", "café 🌿"},
		{`back\slash`, `back\slash`},
		{"a\tb\nc\rd", `a\tb\nc\rd`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"\x1b]52;c;aGVsbG8=\x07", `\x1b]52;c;aGVsbG8=\x07`},
		{"\a\b\x00\x7f", `\x07\x08\x00\x7f`},
		{"x\u009b31m", `x\u009b31m`},
		{"\u0085", `\u0085`},
		{"a\u202Eb", `a\u202eb`},
		{"\u2066\u2069\u200e\u200f\ufeff", `\u2066\u2069\u200e\u200f\ufeff`},
		{"ok\xff\xfe", `ok\xff\xfe`},
		{"a\x9bb", `a\x9bb`},
		{"é\xe2\x82", `é\xe2\x82`},
	}
	for _, tc := range tests {
		got := Neutralize(tc.in)
		if got != tc.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !isPrintable(got) {
			t.Errorf("Neutralize(%q) = %q still has unsafe characters", tc.in, got)
		}
	}
}

func TestNeutralizePlainDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"gentle touch on the shoulder", "Zärtlichkeit 🌸 ok"} {
		allocs := testing.AllocsPerRun(100, func() {
			if Neutralize(s) != s {
				t.Fatal("plain text changed")
			}
		})
		if allocs != 0 {
			t.Errorf("Neutralize(%q) allocated %v times", s, allocs)
		}
	}
}

// isPrintable reports whether s is valid UTF-8 with no byte < 0x20, no
// 0x7f, no C1 rune, and none of the bidi controls or BOM.
func isPrintable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || isFormatControl(r) {
			return false
		}
	}
	return true
}

// isFormatControl lists the non-Cc characters Check refuses, written out
// independently of the package's own table.
func isFormatControl(r rune) bool {
	switch r {
	case '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
		'\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF':
		return true
	}
	return false
}
