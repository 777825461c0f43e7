// Package textcheck holds the text rules shared by attune's domain
// packages: what free text may contain, how to print any string safely on a
// terminal, and how to explain an unknown word. It does no I/O.
package textcheck

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/attune-dev/attune/internal/textwidth"
)

// MaxLen is the longest a piece of free text may be, in characters as a
// person sees them: grapheme clusters (Unicode UAX #29), the same units
// internal/textwidth measures and cuts. An "é" typed as e + U+0301 is one
// character, so is a flag (two regional indicators, or 🏴 and its tags for
// Scotland), an emoji with a skin tone, a family of emoji joined by U+200D,
// and a Korean syllable typed as jamo. So 1000 decomposed "é" fit.
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
	// LineBreak is a line break in a field of one line (text, a name):
	// a Control the person most likely meant.
	LineBreak
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
	chars, runes, bad, visible := scan(field, t)
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

// scan walks t once: its characters (grapheme clusters, as MaxLen
// counts), its code points (an invalid byte counts as one), the first
// invalid byte or control character, and whether any character before it
// shows something.
func scan(field, t string) (chars, runes int, bad *TextError, visible bool) {
	// Printable ASCII is one character a byte: most text is counted
	// without a table. t is trimmed, so a first ASCII byte shows.
	i := 0
	for i < len(t) && t[i] >= 0x20 && t[i] < 0x7f {
		i++
	}
	if i == len(t) {
		return i, i, nil, true
	}
	visible = i > 0
	if i > 0 {
		i-- // it may begin a cluster with what follows (e + U+0301)
	}
	chars, runes = i, i
	state := -1
	for rest := t[i:]; rest != ""; {
		chars++
		// Printable ASCII before ASCII is a character of its own.
		if c := rest[0]; c >= 0x20 && c < 0x7f && (len(rest) == 1 || rest[1] < utf8.RuneSelf) {
			runes++
			visible = visible || c != ' '
			rest, state = rest[1:], -1
			continue
		}
		var cluster string
		cluster, rest, _, state = textwidth.NextCluster(rest, state)
		for j := 0; j < len(cluster); {
			r, size := utf8.DecodeRuneInString(cluster[j:])
			runes++
			if bad == nil {
				bad = badRune(field, r, size, cluster[j], chars)
				visible = visible || bad == nil && !showsNothing(r)
			}
			j += size
		}
	}
	return chars, runes, bad, visible
}

// badRune returns the error for the rune r of size bytes, first byte c, in
// the at-th character, if it is an invalid byte or a refused rune.
func badRune(field string, r rune, size int, c byte, at int) *TextError {
	switch {
	case r == utf8.RuneError && size == 1:
		return &TextError{Field: field, Kind: InvalidUTF8, Problem: "contains a byte that is not valid UTF-8 (0x" +
			hexByte(c, true) + ") at character " + strconv.Itoa(at)}
	case r == '\n':
		return &TextError{Field: field, Kind: LineBreak, Problem: "is one line, and a line break follows character " + strconv.Itoa(at-1)}
	case refused(r):
		return &TextError{Field: field, Kind: Control, Problem: "contains a control character (" +
			codePoint(r) + ") at character " + strconv.Itoa(at)}
	}
	return nil
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

// showsNothing reports whether r, on its own, shows nothing a person can
// read: blank, or a private-use or unassigned code point (drawn as an
// empty box, or not at all). Text made only of these is refused where it
// is typed, and in a partner's file.
func showsNothing(r rune) bool {
	return blank(r) || unicode.Is(unicode.Co, r) ||
		!unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
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

// NeutralizeLines is Neutralize for text that may hold line breaks
// (notes, what helps): each line is neutralized, and the line feeds are
// kept for the views to indent. A carriage return is still escaped.
func NeutralizeLines(s string) string {
	if !strings.Contains(s, "\n") {
		return Neutralize(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Neutralize(l)
	}
	return strings.Join(lines, "\n")
}

// CheckLines is Check for a field that may hold line breaks (a note,
// what helps): line feeds are allowed, and count as a character each;
// everything else, a carriage return included, is checked as Check does.
func CheckLines(field, s string, allowEmpty bool) error {
	return check(field, strings.ReplaceAll(s, "\n", " "), allowEmpty, false)
}

// CheckLinesTyped is CheckLines for text a person has just typed.
func CheckLinesTyped(field, s string, allowEmpty bool) error {
	return check(field, strings.ReplaceAll(s, "\n", " "), allowEmpty, true)
}

// CleanLines is Clean for a field that may hold line breaks: CR LF
// becomes LF, each line loses its trailing space, more than one empty
// line in a row becomes one, and the whole is trimmed.
func CleanLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	empty := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			empty++
			if empty > 1 {
				continue
			}
		} else {
			empty = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
