package mapfile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"

	"github.com/attune-dev/attune/internal/textwidth"
)

// A partner name must show everything it holds: "Sa\u200bm" (a zero-width
// space) and "Sa\u00adm" (a soft hyphen) print as "Sam" and would be two
// people who look like one. So format characters and default-ignorable
// code points are refused in a name, except where they change how it
// looks:
//
//   - the joiners ZWJ (U+200D) and ZWNJ (U+200C) as IDNA allows them
//     (CONTEXTJ, RFC 5892 Appendix A.1 and A.2): right after a virama, or
//     for ZWNJ between letters that join (a Persian name written with a
//     ZWNJ, a Devanagari one with virama + ZWJ);
//   - ZWJ inside an emoji ZWJ sequence (👩‍💻);
//   - a variation selector after a character that has variation
//     sequences (❤️, a keycap, an ideographic variant);
//   - tag characters in a flag's tag sequence (🏴 and the tags for
//     Scotland).
//
// Bidi controls, the BOM and the line separators are refused already, as
// control characters (textcheck).

const (
	zwnj       = '\u200c'
	zwj        = '\u200d'
	blackFlag  = '\U0001F3F4'
	cancelTag  = '\U000E007F'
	brailleGap = '\u2800' // the blank braille pattern: drawn as an empty cell
)

// InvisibleError is a name that holds a character that shows nothing
// where it stands. It never holds the name.
type InvisibleError struct {
	Rune  rune
	At    int    // the character it is in, 1-based, counted as MaxPartnerNameLen counts
	Field string // "your name"; "" is a partner name
}

func (e *InvisibleError) Error() string {
	if e.Field != "" {
		return e.Field + " " + e.Problem()
	}
	return "partner name " + e.Problem()
}

// Problem is the error without the field: "contains an invisible
// character (U+200B) at character 3".
func (e *InvisibleError) Problem() string {
	return fmt.Sprintf("contains an invisible character (%s) at character %d", codePoint(e.Rune), e.At)
}

// Joiner reports whether the character is a joiner (ZWJ or ZWNJ), which
// a name keeps only where it changes how the name looks.
func (e *InvisibleError) Joiner() bool { return e.Rune == zwj || e.Rune == zwnj }

func codePoint(r rune) string { return fmt.Sprintf("%U", r) }

// checkVisible refuses a name with a character that shows nothing where
// it stands.
func checkVisible(name string) error {
	if plainASCII(name) {
		return nil
	}
	n := splitName(name)
	for i, r := range n.runes {
		if !n.shows(i) {
			return &InvisibleError{Rune: r, At: n.at[i]}
		}
	}
	return nil
}

// ShowPartnerName is a name for a list or a message: each character that
// CheckPartnerName would refuse as invisible is written as \u200b (or
// \U000e0041), so that a name kept from before that rule shows what it
// holds, and two such names do not print the same.
func ShowPartnerName(name string) string { return ShowInvisible(name) }

// ShowInvisible is any text for a terminal as ShowPartnerName shows a
// name: a character that shows nothing where it stands (a zero-width
// space, a soft hyphen, a Hangul filler) is written as \u200b, so text
// that holds one never hides it; joiners in an emoji or a word that
// needs them, and a flag's tags, are kept. Text without such a
// character is returned as it is, without allocating.
func ShowInvisible(name string) string {
	if plainASCII(name) || !strings.ContainsFunc(name, showsNothing) {
		return name
	}
	n := splitName(name)
	var b strings.Builder
	for i, r := range n.runes {
		switch {
		case n.shows(i):
			b.WriteRune(r)
		case r > 0xffff:
			b.WriteString(`\U` + pad(strconv.FormatInt(int64(r), 16), 8))
		default:
			b.WriteString(`\u` + pad(strconv.FormatInt(int64(r), 16), 4))
		}
	}
	return b.String()
}

func pad(h string, n int) string { return strings.Repeat("0", max(0, n-len(h))) + h }

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// nameRunes is a name as code points, each with the character (grapheme
// cluster) it is in and whether it ends that character.
type nameRunes struct {
	runes []rune
	at    []int
	last  []bool
}

func splitName(s string) nameRunes {
	var n nameRunes
	chars, state := 0, -1
	for rest := s; rest != ""; {
		var c string
		c, rest, _, state = textwidth.NextCluster(rest, state)
		chars++
		for _, r := range c {
			n.runes = append(n.runes, r)
			n.at = append(n.at, chars)
			n.last = append(n.last, false)
		}
		n.last[len(n.last)-1] = true
	}
	return n
}

// shows reports whether the i-th code point shows something, or changes
// how the name looks, where it stands.
func (n nameRunes) shows(i int) bool {
	rs, r := n.runes, n.runes[i]
	switch {
	case r == zwj:
		return n.emojiJoiner(i) || contextJ(rs, i)
	case r == zwnj:
		return contextJ(rs, i)
	case unicode.Is(unicode.Variation_Selector, r):
		return i > 0 && variationBase(rs[i-1], r)
	case isTag(r):
		return inFlagTags(rs, i)
	}
	return !showsNothing(r)
}

// showsNothing reports whether r, on its own, shows nothing: a format
// character (Cf: zero-width space, soft hyphen, word joiner, tags,
// joiners), another default-ignorable code point (the combining grapheme
// joiner, the Hangul fillers), a variation selector, or the blank
// braille pattern. It is a little wider than Unicode's
// Default_Ignorable_Code_Point, which leaves out a few format characters
// that show (U+0600, the Arabic number sign): a name has no need of them.
func showsNothing(r rune) bool {
	if r < 0xa0 {
		return false // ASCII and C1: controls are textcheck's
	}
	return r == brailleGap || unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// emojiJoiner reports whether the ZWJ at i joins two pictographs in an
// emoji ZWJ sequence. Grapheme clusters (UAX #29, through uniseg) keep a
// pictograph after a ZWJ that follows a pictograph in one character (rule
// GB11), and break before any other character but a mark, a modifier or
// a format character, which every ZWJ keeps with it (GB9).
func (n nameRunes) emojiJoiner(i int) bool {
	if n.last[i] || i+1 >= len(n.runes) {
		return false
	}
	return !unicode.In(n.runes[i+1], unicode.M, unicode.Sk, unicode.Cf)
}

// joinerRules checks joiners as IDNA does (CONTEXTJ, RFC 5892 Appendix A),
// with the joining types of the Unicode data it carries.
var joinerRules = idna.New(idna.CheckJoiners(true))

// contextJ reports whether the joiner at i is allowed by RFC 5892: after a
// virama (canonical combining class 9), or for ZWNJ, between a letter
// that joins to the left (Joining_Type L or D) and one that joins to the
// right (R or D), with only transparent characters (marks) in between.
//
// golang.org/x/net/idna knows the joining types but does not export
// them, so the joiner is checked by it in a window: the code points
// between the joiners around it (each joiner is judged on its own, as
// the RFC's errata ask), dots made spaces (a dot would end an IDNA label;
// both are non-joining), after an "a" (IDNA refuses a label that starts
// with a mark; "a" is non-joining, so it changes nothing else).
func contextJ(rs []rune, i int) bool {
	lo, hi := i, i+1
	for lo > 0 && !isJoiner(rs[lo-1]) {
		lo--
	}
	for hi < len(rs) && !isJoiner(rs[hi]) {
		hi++
	}
	var b strings.Builder
	b.WriteByte('a')
	for _, r := range rs[lo:hi] {
		if r == '.' {
			r = ' '
		}
		b.WriteRune(r)
	}
	if _, err := joinerRules.ToUnicode(b.String()); err != nil {
		return false
	}
	if rs[i] == zwnj && !afterVirama(rs, i) {
		return joinsFromTheRight(rs[i+1 : hi])
	}
	return true
}

func isJoiner(r rune) bool { return r == zwj || r == zwnj }

func afterVirama(rs []rune, i int) bool {
	return i > 0 && norm.NFD.PropertiesString(string(rs[i-1])).CCC() == 9
}

// joinsFromTheRight reports whether the first character of rs that is not
// transparent (a mark or a format character) is a letter of a script
// whose letters join. x/net/idna (v0.61) lets a ZWNJ be followed by a
// non-joining character, such as a Latin letter or a space, where RFC 5892
// asks for Joining_Type R or D; without the joining types, this is the
// nearest check: it still lets through a non-joining letter of those
// scripts (the Arabic hamza), which LookAlikePartner catches when the
// name would look like another.
func joinsFromTheRight(rs []rune) bool {
	for _, r := range rs {
		if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
			continue
		}
		return unicode.IsLetter(r) && unicode.In(r, joiningScripts...)
	}
	return false
}

// joiningScripts are the scripts with letters of Joining_Type D or R.
var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian, unicode.Phags_Pa,
	unicode.Mandaic, unicode.Manichaean, unicode.Psalter_Pahlavi, unicode.Adlam,
	unicode.Hanifi_Rohingya, unicode.Sogdian, unicode.Old_Uyghur, unicode.Chorasmian,
}

// variationBase reports whether a variation selector after prev selects
// something. The exact lists (StandardizedVariants.txt, the emoji
// variation sequences, the ideographic variation database) are in no Go
// library; this is the shape of them: symbols, digits and punctuation
// (emoji and text presentation, keycaps, mathematical symbols, the
// slashed zero), ideographs and the letters of the few scripts that have
// variation sequences, Mongolian letters for the Mongolian selectors, and
// ℹ, the one letter with an emoji form. A selector after a Latin letter,
// or after another selector, selects nothing.
func variationBase(prev, vs rune) bool {
	switch {
	case vs >= 0x180b && vs <= 0x180f:
		return unicode.IsLetter(prev) && unicode.Is(unicode.Mongolian, prev)
	case unicode.In(prev, unicode.N, unicode.S, unicode.P):
		return true
	case prev == 'ℹ':
		return true
	case vs == 0xfe0e || vs == 0xfe0f:
		return false // no other letter has an emoji or a text form
	}
	return unicode.IsLetter(prev) && unicode.In(prev, variationScripts...)
}

var variationScripts = []*unicode.RangeTable{unicode.Han, unicode.Myanmar, unicode.Phags_Pa, unicode.Manichaean}

func isTag(r rune) bool { return r >= 0xe0000 && r <= 0xe007f }

// inFlagTags reports whether the tag character at i is in a flag's tag
// sequence (UTS #51): 🏴, then tag letters and digits (U+E0020–U+E007E),
// then CANCEL TAG. The flags of England, Scotland and Wales are the ones
// in use.
func inFlagTags(rs []rune, i int) bool {
	lo, hi := i, i
	for lo > 0 && isTag(rs[lo-1]) {
		lo--
	}
	for hi < len(rs) && isTag(rs[hi]) {
		hi++
	}
	run := rs[lo:hi]
	if lo == 0 || rs[lo-1] != blackFlag || len(run) < 2 || run[len(run)-1] != cancelTag {
		return false
	}
	for _, r := range run[:len(run)-1] {
		if r < 0xe0020 || r > 0xe007e {
			return false
		}
	}
	return true
}
