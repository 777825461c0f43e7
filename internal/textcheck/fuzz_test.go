package textcheck

import (
	"errors"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

var fuzzSeeds = []string{
	"",
	"plain words",
	"  trimmed  \n",
	"\x1b[31mred\x1b[0m",
	"\x1b]52;c;aGVsbG8=\x07",
	"\a\b\r\n\t\x00\x7f",
	"\u009b2J",
	"\x9b2J",
	"abc\u202Edef\u2066\u2069\u200e\ufeff",
	"\xff\xfe\xe2\x82",
	"é🌱ß",
	`back\slash \x1b`,
	"\u200b",
	" \u3164\u2800 ",
	"\u0301\ufe0f\u200d",
	"\U0001F469\u200D\U0001F467",
	"e\u0301e\u0301\x1b",
	"\U0001F1EB\U0001F1F7\U0001F1E9\xff",
	"\u1100\u1161\u11A8\u1100",
	"a\r\nb",
	"\u0600\x1b",
}

func FuzzNeutralize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Neutralize(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Neutralize(%q) = %q is not valid UTF-8", s, out)
		}
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 || c == 0x7f {
				t.Fatalf("Neutralize(%q) = %q has byte 0x%02x", s, out, c)
			}
		}
		for _, r := range out {
			if r >= 0x80 && r <= 0x9f {
				t.Fatalf("Neutralize(%q) = %q has C1 rune %U", s, out, r)
			}
			if isFormatControl(r) {
				t.Fatalf("Neutralize(%q) = %q has %U", s, out, r)
			}
		}
		if Check("text", s, true) == nil {
			if c := Clean(s); Neutralize(c) != c {
				t.Fatalf("Neutralize changed accepted text %q to %q", c, Neutralize(c))
			}
		}
		if Neutralize(out) != out {
			t.Fatalf("Neutralize is not stable on its own output %q", out)
		}
	})
}

func FuzzCheck(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, allowEmpty bool) {
		err := CheckTyped("note", s, allowEmpty)
		// Check, for stored text, passes exactly what CheckTyped passes
		// plus text that shows nothing.
		var te0 *TextError
		invisible := errors.As(err, &te0) && te0.Kind == Empty && Clean(s) != ""
		if lenient := Check("note", s, allowEmpty); (lenient == nil) != (err == nil || invisible) {
			t.Fatalf("Check(%q) = %v but CheckTyped = %v", s, lenient, err)
		}
		if err != nil {
			var te *TextError
			if !errors.As(err, &te) {
				t.Fatalf("Check(%q) error %T is not *TextError", s, err)
			}
			if te.Field != "note" {
				t.Fatalf("Field = %q", te.Field)
			}
			if !isPrintable(err.Error()) {
				t.Fatalf("error %q has unsafe characters", err.Error())
			}
			if te.Kind == TooLong {
				c := Clean(s)
				if seenLen(c) <= MaxLen && utf8.RuneCountInString(c) <= MaxRunes {
					t.Fatalf("Check(%q) refused as too long: %v", s, err)
				}
			}
			if te.Kind == Empty {
				// Adding one visible letter must cure an Empty refusal.
				if err := CheckTyped("note", s+"x", allowEmpty); err != nil {
					var te2 *TextError
					if errors.As(err, &te2) && te2.Kind == Empty {
						t.Fatalf("Check(%q) still refused as empty: %v", s+"x", err)
					}
				}
			}
			return
		}
		c := Clean(s)
		if c == "" && !allowEmpty {
			t.Fatalf("Check accepted empty %q", s)
		}
		if c != "" && !hasVisible(c) {
			t.Fatalf("CheckTyped accepted %q, which has no visible character", c)
		}
		if n := seenLen(c); n > MaxLen {
			t.Fatalf("Check accepted %d characters", n)
		}
		if n := utf8.RuneCountInString(c); n > MaxRunes {
			t.Fatalf("Check accepted %d code points", n)
		}
		if !isPrintable(c) {
			t.Fatalf("Check accepted %q, which has control characters", c)
		}
	})
}

// hasVisible reports whether s has a rune that is none of: white space, a
// format character (Cf), a combining mark (Mn, Me), or one of the fillers
// that draw as an empty cell. It is written independently of the package's
// own rule, which refuses a little more (other default-ignorable code points).
func hasVisible(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
		case r == '\u3164', r == '\u115F', r == '\u1160', r == '\uFFA0', r == '\u2800':
		default:
			return true
		}
	}
	return false
}

// seenLen counts s as MaxLen does, with uniseg's own cluster counter
// rather than the cluster walk of the code under test.
func seenLen(s string) int {
	return uniseg.GraphemeClusterCount(s)
}
