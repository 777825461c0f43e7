package mapfile

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Invented names, written with escapes where a character would not show
// on the page.
const (
	zwspSam     = "Sa\u200bm"    // zero-width space
	shySam      = "Sa\u00adm"    // soft hyphen
	cyrillicSam = "\u0405am"     // Cyrillic capital Dze, then Latin "am"
	alireza     = "علی\u200cرضا" // Persian compound name: ZWNJ after yeh (dual-joining)
	// Devanagari: द + virama + ZWJ asks for the half form of da before dha.
	aniruddha = "अनिरु\u0926\u094d\u200d\u0927"
	// Malayalam, ZWNJ after a virama: the visible virama is kept.
	malayalam = "\u0d15\u0d4d\u200c\u0d15"
	coder     = "Robin \U0001F469\U0001F3FD\u200d\U0001F4BB" // woman technologist, skin tone
	rainbow   = "Kit \U0001F3F3\ufe0f\u200d\U0001F308"       // rainbow flag: VS16, then ZWJ
	scotland  = "Ailsa \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
	keycap    = "Team 1\ufe0f\u20e3"
	heart     = "Jo \u2764\ufe0f"
	ideograph = "\u8fbb\U000E0100" // 辻 with an ideographic variation selector
)

// Names with joiners, variation selectors and tags where they change how
// the name looks are accepted as they are.
func TestCheckPartnerNameAcceptsWhatShows(t *testing.T) {
	for _, name := range []string{
		"Sam", "Zo\u00eb", "Zoe\u0308", alireza, aniruddha, malayalam,
		coder, rainbow, scotland, keycap, heart, ideograph,
		"\u1828\u180b", // Mongolian letter with a free variation selector
	} {
		if err := CheckPartnerName(name); err != nil {
			t.Errorf("CheckPartnerName(%+q) = %v", name, err)
		}
	}
}

// A character that shows nothing where it stands is refused, and the
// error names it and the character (grapheme cluster) it is in.
func TestCheckPartnerNameRefusesInvisible(t *testing.T) {
	cases := []struct {
		name string
		r    rune
		at   int
	}{
		{zwspSam, 0x200b, 3},
		{shySam, 0x00ad, 3},
		{"Sa\u2060m", 0x2060, 3},                       // word joiner
		{"Sa\u034fm", 0x034f, 2},                       // combining grapheme joiner: part of "a"
		{"Sa\u200dm", 0x200d, 2},                       // ZWJ between Latin letters
		{"Sa\u200cm", 0x200c, 2},                       // ZWNJ between Latin letters
		{"\u200dSam", 0x200d, 1},                       // at the start
		{"Sam\u200d", 0x200d, 3},                       // at the end
		{"\u0915\u200d\u0937", 0x200d, 1},              // ZWJ in Devanagari without a virama
		{"محمد\u200cحسین", 0x200c, 4},                  // after dal, which never joins to the left
		{"\u0628\u200ca", 0x200c, 1},                   // before a Latin letter (see joinsFromTheRight)
		{"\u0628\u200c \u0628", 0x200c, 1},             // before a space
		{"\U0001F469\u200da", 0x200d, 1},               // an emoji joined to a letter
		{"a\u200d\U0001F4BB", 0x200d, 1},               // a letter joined to an emoji
		{"Sam\ufe0f", 0xfe0f, 3},                       // emoji presentation of a Latin letter
		{"Sam\ufe00", 0xfe00, 3},                       // a variation selector after a Latin letter
		{"\ufe0fSam", 0xfe0f, 1},                       // with nothing before it
		{"\u2764\ufe0f\ufe0f", 0xfe0f, 1},              // a second selector selects nothing
		{"Sam\U000E0067\U000E007F", 0xe0067, 3},        // tags outside a flag
		{"\U0001F3F4\U000E007F", 0xe007f, 1},           // a cancel tag alone
		{"\U0001F3F4\U000E0067\U000E0062", 0xe0067, 1}, // tags never ended
		{"Sam\U000E0001", 0xe0001, 4},                  // language tag: a character of its own
		{"\u3164Sam", 0x3164, 1},                       // Hangul filler
		{"Sa\u180em", 0x180e, 3},                       // Mongolian vowel separator
		{"Sam\u2800Lee", 0x2800, 4},                    // blank braille pattern
		{"a\u180b", 0x180b, 1},                         // Mongolian selector after a Latin letter
	}
	for _, c := range cases {
		err := CheckPartnerName(c.name)
		var inv *InvisibleError
		if !errors.As(err, &inv) {
			t.Errorf("CheckPartnerName(%+q) = %v, want an InvisibleError", c.name, err)
			continue
		}
		if inv.Rune != c.r || inv.At != c.at {
			t.Errorf("CheckPartnerName(%+q): %U at %d, want %U at %d", c.name, inv.Rune, inv.At, c.r, c.at)
		}
		if strings.ContainsRune(err.Error(), c.r) {
			t.Errorf("the error holds the invisible character itself: %+q", err.Error())
		}
	}
}

// A map written before names had to show all they hold still opens: the
// stored check accepts what CheckPartnerName refuses.
func TestStoredNameWithInvisibleOpens(t *testing.T) {
	doc := "version = 1\n[[partner]]\nname = \"Sa\\u200bm\"\nrecipients = [\"age1qcsmzh4cmvz06p8pp7lyfh0fcpq69sra7hayeq6us4pn7mqy3cvssyq4yr\"]\n"
	m, err := Decode([]byte(doc))
	if err != nil {
		t.Fatalf("a map holding %+q does not open: %v", zwspSam, err)
	}
	if m.Partners[0].Name != zwspSam {
		t.Fatalf("name read as %+q", m.Partners[0].Name)
	}
	if CheckPartnerName(zwspSam) == nil {
		t.Fatal("the same name typed now is accepted")
	}
}

// At most 64 characters as a person sees them, and four code points a
// character.
func TestPartnerNameLength(t *testing.T) {
	flag := "\U0001F1F3\U0001F1FF" // two regional indicators: one character
	cases := []struct {
		name string
		ok   bool
	}{
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{strings.Repeat("e\u0301", 64), true}, // 128 code points, 64 characters
		{strings.Repeat("e\u0301", 65), false},
		{strings.Repeat(flag, 64), true},
		{strings.Repeat("a\u0301\u0301\u0301", 10), true}, // 40 code points for 10 characters
		{"a" + strings.Repeat("\u0301", 256), false},      // 256 marks on one letter
	}
	for _, c := range cases {
		err := CheckPartnerName(c.name)
		if (err == nil) != c.ok {
			t.Errorf("CheckPartnerName(%d code points) = %v, want ok=%v", len([]rune(c.name)), err, c.ok)
		}
		if stored := checkStoredPartnerName(c.name); (stored == nil) != c.ok {
			t.Errorf("checkStoredPartnerName(%d code points) = %v, want ok=%v", len([]rune(c.name)), stored, c.ok)
		}
	}
}

// The four names that print as "Sam" look alike, each with each; the
// same name in another case is not a look-alike but the same person.
func TestLookAlikePartner(t *testing.T) {
	four := []string{"Sam", zwspSam, shySam, cyrillicSam}
	for _, a := range four {
		for _, b := range four {
			if a == b {
				continue
			}
			if got, ok := LookAlikePartner(a, []string{"Alex", b}); !ok || got != b {
				t.Errorf("LookAlikePartner(%+q, [Alex %+q]) = %+q, %v", a, b, got, ok)
			}
		}
	}
	cases := []struct {
		name, other string
		alike       bool
	}{
		{"Sam", "sam", false},             // the same name
		{"Sam", "SAM", false},             // the same name
		{"Zo\u00eb", "Zoe\u0308", false},  // the same name, NFC
		{"\u0455am", "Sam", true},         // Cyrillic small dze: alike once folded
		{cyrillicSam, "sam", true},        // alike once folded
		{"Ian", "lan", true},              // capital I and small l: alike as printed
		{"S\u0430m", "Sam", true},         // Cyrillic small a
		{"Sam Lee", "Sam\u00a0Lee", true}, // a no-break space
		{"Sam Lee", "Sam  Lee", true},     // two spaces
		{alireza, "علیرضا", true},         // a joiner is removed, as UTS #39 does
		{"Alex", "Alexa", false},
		{"Sam", "Pam", false},
		{"Robin", "Robyn", false},
	}
	for _, c := range cases {
		_, ok := LookAlikePartner(c.name, []string{c.other})
		if ok != c.alike {
			t.Errorf("LookAlikePartner(%+q, [%+q]) = %v, want %v", c.name, c.other, ok, c.alike)
		}
	}
}

func TestLookAlikeGroups(t *testing.T) {
	names := []string{"Sam", "Alex", cyrillicSam, "alex", zwspSam, "Robin"}
	got := LookAlikeGroups(names)
	want := []int{2, -1, 0, -1, 0, -1}
	if !slices.Equal(got, want) {
		t.Errorf("LookAlikeGroups = %v, want %v", got, want)
	}
}

func TestNameDifference(t *testing.T) {
	cases := []struct {
		a, b string
		want []rune
	}{
		{cyrillicSam, "Sam", []rune{0x0405, 'S'}},
		{"Sam", zwspSam, []rune{0x200b}},
		{cyrillicSam, "sam", []rune{0x0455, 's'}}, // compared folded
		{"Ian", "lan", []rune{'I', 'l'}},
	}
	for _, c := range cases {
		if got := NameDifference(c.a, c.b); !slices.Equal(got, c.want) {
			t.Errorf("NameDifference(%+q, %+q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

// Characters that show nothing are written out; everything that shows,
// joiners in context included, is left as it is.
func TestShowPartnerName(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Sam", "Sam"},
		{zwspSam, `Sa\u200bm`},
		{shySam, `Sa\u00adm`},
		{"Sam\U000E0067\U000E007F", `Sam\U000e0067\U000e007f`},
		{alireza, alireza},
		{coder, coder},
		{scotland, scotland},
		{cyrillicSam, cyrillicSam}, // shows: LookAlikePartner tells it apart
	}
	for _, c := range cases {
		if got := ShowPartnerName(c.name); got != c.want {
			t.Errorf("ShowPartnerName(%+q) = %+q, want %+q", c.name, got, c.want)
		}
	}
}

func BenchmarkCheckPartnerName(b *testing.B) {
	for _, name := range []string{"Sam Lee", alireza, coder} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_ = CheckPartnerName(name)
			}
		})
	}
}

func BenchmarkLookAlikePartner(b *testing.B) {
	known := make([]string, 100)
	for i := range known {
		known[i] = "Partner " + strings.Repeat("x", i%20)
	}
	for b.Loop() {
		LookAlikePartner(cyrillicSam, known)
	}
}

// ShowPartnerName changes a name exactly when the name holds something
// CheckPartnerName refuses as invisible: shellWord and partner list rely
// on it to write such names out, and to leave every other name alone.
func FuzzShowPartnerName(f *testing.F) {
	for _, s := range []string{"Sam", zwspSam, shySam, cyrillicSam, alireza, aniruddha, malayalam, coder, rainbow, scotland, keycap, ideograph, "\u0628\u200c\u200b\u0628"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || checkStoredPartnerName(name) != nil {
			return
		}
		shown := ShowPartnerName(name)
		if invisible := checkVisible(name) != nil; invisible != (shown != name) {
			t.Errorf("ShowPartnerName(%+q) = %+q, but checkVisible says invisible=%v", name, shown, invisible)
		}
		LookAlikePartner(name, []string{"Sam", shown})
	})
}
