// Package textwidth owns attune's one model of text as a person sees it:
// grapheme clusters (Unicode UAX #29, through github.com/rivo/uniseg).
// A cluster is one character on screen — "é" typed as e + U+0301, a flag
// made of two regional indicators, a family of emoji joined by U+200D, a
// Korean syllable typed as jamo. This package says where clusters begin
// and end, how many terminal columns each takes, and builds on that the
// cutting, truncating and wrapping of text for the terminal. The
// 1000-character limit of internal/textcheck counts the same clusters.
//
// Widths are the ones terminals show: two columns for wide characters (CJK,
// emoji, flags, emoji made wide by U+FE0F), none for combining marks,
// joiners and format characters, one otherwise. Text is expected to be
// neutralized for the terminal already (textcheck.Neutralize); control
// characters take no columns here.
package textwidth

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Ellipsis ends truncated text. It takes one column.
const Ellipsis = "…"

// NextCluster returns the first grapheme cluster of s, the rest of s, and
// the columns the cluster takes. state carries what the cluster rules need
// from one cluster to the next: pass -1 for the first call and the
// returned state for the following ones, on the returned rest. An invalid
// UTF-8 byte is a cluster of its own, one column wide (it shows as U+FFFD).
// For an empty s it returns "", "", 0 and -1.
func NextCluster(s string, state int) (cluster, rest string, cols, newState int) {
	if s == "" {
		return "", "", 0, -1
	}
	// Two ASCII bytes always have a cluster boundary between them, but for
	// CR LF: plain text needs no tables.
	if c := s[0]; c < utf8.RuneSelf && (len(s) == 1 || s[1] < utf8.RuneSelf && (c != '\r' || s[1] != '\n')) {
		if c >= 0x20 && c != 0x7f {
			cols = 1
		}
		return s[:1], s[1:], cols, -1
	}
	return uniseg.FirstGraphemeClusterInString(s, state)
}

// Width returns the columns s takes at a terminal.
func Width(s string) int {
	// Summaries of thousands of entries measure every word: printable
	// ASCII is one column a byte, found without a table or an allocation.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return i
	}
	// The last ASCII byte may begin a cluster with what follows (e +
	// U+0301): count from there cluster by cluster.
	if i > 0 {
		i--
	}
	n, state := i, -1
	for rest := s[i:]; rest != ""; {
		var w int
		_, rest, w, state = NextCluster(rest, state)
		n += w
	}
	return n
}

// Cut splits s after at most cols columns, at a grapheme cluster
// boundary. head always holds at least one cluster of a non-empty s, even
// one wider than cols, so a loop that cuts a long word goes forward.
// Clusters that take no columns stay with the head.
func Cut(s string, cols int) (head, tail string) {
	i, _ := cut(s, cols, true)
	return s[:i], s[i:]
}

// cut returns the byte length and width of the longest run of whole
// clusters at the start of s that fits in cols columns; with atLeastOne,
// of at least one cluster.
func cut(s string, cols int, atLeastOne bool) (int, int) {
	i, used, state := 0, 0, -1
	for i < len(s) {
		cluster, _, w, next := NextCluster(s[i:], state)
		if used+w > cols && (i > 0 || !atLeastOne) {
			break
		}
		i += len(cluster)
		used += w
		state = next
	}
	return i, used
}

// Truncate fits s, one line of text, into cols columns. Text that is too
// wide is cut at a grapheme cluster boundary and ends with Ellipsis, which
// counts as one column; spaces before the Ellipsis are dropped. cols < 1
// gives "".
func Truncate(s string, cols int) string {
	if Width(s) <= cols {
		return s
	}
	if cols < 1 {
		return ""
	}
	n, _ := cut(s, cols-1, false)
	return trimSpaceClusters(s[:n]) + Ellipsis
}

// trimSpaceClusters drops the spaces at the end of s, where each is a
// cluster of its own (a space that carries a combining mark is kept).
func trimSpaceClusters(s string) string {
	end, state := 0, -1
	for i := 0; i < len(s); {
		cluster, _, _, next := NextCluster(s[i:], state)
		i += len(cluster)
		state = next
		if cluster != " " {
			end = i
		}
	}
	return s[:end]
}

// isBreakingSpace reports whether a cluster is a space a line may break
// at: a space separator (Unicode Zs) on its own. The no-break spaces
// (U+00A0, U+2007, U+202F) hold their words together, as they are meant
// to; a space carrying a combining mark is a character, not a gap; and
// control characters (tab, CR, U+2028) are not spaces here, as text is
// neutralized before it is shown: joining words that such a character
// separated with a space could merge clusters the text did not have.
func isBreakingSpace(cluster string) bool {
	if len(cluster) == 1 {
		return cluster[0] == ' '
	}
	r, size := utf8.DecodeRuneInString(cluster)
	if size != len(cluster) {
		return false
	}
	switch r {
	case 0xa0, 0x2007, 0x202f:
		return false
	}
	return unicode.Is(unicode.Zs, r)
}
