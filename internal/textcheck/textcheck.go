// Package textcheck holds the text rules shared by attune's domain
// packages: what free text may contain, how to print any string safely on a
// terminal, and how to explain an unknown word. It does no I/O.
package textcheck

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest a piece of free text may be, in characters as a
// person sees them: every code point counts except combining marks (Mn, Me,
// such as the U+0301 of an "é" typed as e + U+0301), the zero-width joiner
// U+200D, the variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), the
// tag characters (U+E0020–U+E007F, in flags such as Scotland's) and the
// skin-tone modifiers, which add to the character before them, and the
// second of a pair of regional indicators (a country's flag). Text over
// the limit is counted again once composed (Unicode NFC), so letters typed
// as several code points, such as Korean syllables as jamo, count once. So
// 1000 decomposed "é" fit, and an emoji joined with ZWJ counts as its
// visible emoji.
const MaxLen = 1000

// MaxRunes is a hard ceiling on the code points of one piece of free text,
// whatever MaxLen counts: four per character, so text may carry plenty of
// accents and joiners, but a flood of combining marks on a few letters
// cannot make it large.
const MaxRunes = 4 * MaxLen

// TextError says why a piece of text was refused. It never holds the text.
type TextError struct {
	Field   string // e.g. "text", "note", "helps", "name"
	Kind    Problem
	Problem string // e.g. "is empty"
}

// Problem is the kind of a TextError, for callers that choose a hint.
type Problem int

const (
	Empty Problem = iota + 1
	TooLong
	InvalidUTF8
	Control
)

func (e *TextError) Error() string {
	field := e.Field
	if field == "" {
		field = "text"
	}
	return field + " " + e.Problem
}

// Check validates one field of free text, as stored in a map. After
// trimming surrounding white space it must be non-empty (unless
// allowEmpty), at most MaxLen characters (counted as MaxLen says) and at
// most MaxRunes code points, valid UTF-8, and free of control characters
// (C0, DEL, C1, bidi controls, BOM). Positions in errors are 1-based and
// count characters of the trimmed text the way MaxLen does.
//
// Text that shows nothing (see blank) passes Check, so that a map holding
// some still opens and can be fixed; CheckTyped refuses it where a person
// types text.
func Check(field, s string, allowEmpty bool) error {
	return check(field, s, allowEmpty, false)
}

// CheckTyped is Check for text a person has just typed. It also refuses
// text made only of invisible characters (see blank), as Empty, even when
// allowEmpty is true: it would look empty but is not.
func CheckTyped(field, s string, allowEmpty bool) error {
	return check(field, s, allowEmpty, true)
}

func check(field, s string, allowEmpty, typed bool) error {
	t := strings.TrimSpace(s)
	if t == "" {
		if allowEmpty {
			return nil
		}
		return &TextError{Field: field, Kind: Empty, Problem: "is empty"}
	}
	var (
		chars   int        // characters as MaxLen counts them
		runes   int        // code points; an invalid byte counts as one
		bad     *TextError // the first invalid byte or control character
		visible bool
		flag    bool // the last rune began a pair of regional indicators
	)
	for i := 0; i < len(t); {
		runes++
		c := t[i]
		if c >= 0x20 && c < 0x7f {
			chars++
			flag = false
			if c != ' ' {
				visible = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		if counts(r, &flag) {
			chars++
		}
		if bad != nil {
			continue
		}
		// The position of a bad rune: characters before it, counted as
		// MaxLen does (composed), plus one.
		at := func() string { return strconv.Itoa(seenChars(norm.NFC.String(t[:i-size])) + 1) }
		if r == utf8.RuneError && size == 1 {
			bad = &TextError{Field: field, Kind: InvalidUTF8, Problem: "contains a byte that is not valid UTF-8 (0x" +
				hexByte(c, true) + ") at character " + at()}
		} else if refused(r) {
			bad = &TextError{Field: field, Kind: Control, Problem: "contains a control character (" +
				codePoint(r) + ") at character " + at()}
		} else if !visible && !blank(r) {
			visible = true
		}
	}
	if chars > MaxLen {
		// Letters typed as several code points (e + U+0301, Korean
		// syllables as jamo, as macOS pastes them) are one character
		// once composed.
		chars = seenChars(norm.NFC.String(t))
	}
	switch {
	case chars > MaxLen:
		return &TextError{Field: field, Kind: TooLong, Problem: "is longer than " +
			strconv.Itoa(MaxLen) + " characters (" + strconv.Itoa(chars) + ")"}
	case runes > MaxRunes:
		return &TextError{Field: field, Kind: TooLong, Problem: "has too many accents and joining marks (" +
			strconv.Itoa(runes) + " code points, at most " + strconv.Itoa(MaxRunes) + ")"}
	case bad != nil:
		return bad
	case typed && !visible:
		return &TextError{Field: field, Kind: Empty, Problem: "has no visible characters"}
	}
	return nil
}

// counts reports whether r is a character of its own (see MaxLen) rather
// than a part of the one before it. flag carries, from one rune to the
// next, whether a pair of regional indicators (a flag: 🇫 + 🇷) is open.
func counts(r rune, flag *bool) bool {
	if r >= 0x1f1e6 && r <= 0x1f1ff { // regional indicators
		*flag = !*flag
		return *flag
	}
	*flag = false
	return !uncounted(r)
}

// seenChars counts the characters of s as MaxLen does.
func seenChars(s string) int {
	n, flag := 0, false
	for _, r := range s {
		if counts(r, &flag) {
			n++
		}
	}
	return n
}

// uncounted reports whether r adds to the character before it rather than
// being one (see MaxLen). The variation selectors are all Mn
// (TestVariationSelectorsUncounted holds that).
func uncounted(r rune) bool {
	if r < 0x300 { // nothing below the first combining mark
		return false
	}
	return r == 0x200d || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		r >= 0xe0020 && r <= 0xe007f || // tags, as in the flags of Scotland or Wales
		r >= 0x1f3fb && r <= 0x1f3ff // skin tones
}

// blank reports whether r shows nothing on its own: white space, a format
// character (Cf: zero-width space and joiners, U+180E, the interlinear
// annotation marks, tags), a combining mark without a letter to sit on (Mn,
// Me, which include the variation selectors), another default-ignorable code
// point, or a character drawn as an empty cell (the Hangul fillers U+115F,
// U+1160, U+3164, U+FFA0 and the blank braille pattern U+2800).
func blank(r rune) bool {
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0, 0x2800:
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me,
		unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// Clean returns s with surrounding white space trimmed (what is stored).
func Clean(s string) string {
	return strings.TrimSpace(s)
}

// refused reports whether Check refuses the rune r.
func refused(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c: // LRM, RLM, ALM
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0xfeff: // BOM
		return true
	}
	return false
}

const hexDigits = "0123456789abcdef"
const hexDigitsUpper = "0123456789ABCDEF"

func hexByte(c byte, upper bool) string {
	d := hexDigits
	if upper {
		d = hexDigitsUpper
	}
	return string([]byte{d[c>>4], d[c&0x0f]})
}

// codePoint formats r as U+XXXX.
func codePoint(r rune) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	for len(h) < 4 {
		h = "0" + h
	}
	return "U+" + h
}

// Neutralize makes any string safe to print on a terminal. Every rune Check
// would refuse, and every invalid UTF-8 byte, is replaced by a visible
// escape: \t, \n, \r; \xNN for other ASCII controls and invalid bytes;
// \uNNNN for C1, bidi controls and the BOM. Backslashes are left as they
// are, so the result is for display only. Plain text is returned unchanged
// without allocating.
func Neutralize(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		if c < 0x80 {
			switch c {
			case '\t':
				b.WriteString(`\t`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			default:
				b.WriteString(`\x`)
				b.WriteString(hexByte(c, false))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hexByte(c, false))
		case refused(r):
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hexDigits[(r>>shift)&0x0f])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the byte index of the first byte or rune Neutralize
// must escape, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || refused(r) {
			return i
		}
		i += size
	}
	return -1
}
