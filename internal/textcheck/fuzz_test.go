package textcheck

import (
	"errors"
	"testing"
	"unicode/utf8"
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
		err := Check("note", s, allowEmpty)
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
			return
		}
		c := Clean(s)
		if c == "" && !allowEmpty {
			t.Fatalf("Check accepted empty %q", s)
		}
		if n := utf8.RuneCountInString(c); n > MaxLen {
			t.Fatalf("Check accepted %d characters", n)
		}
		if !isPrintable(c) {
			t.Fatalf("Check accepted %q, which has control characters", c)
		}
	})
}
