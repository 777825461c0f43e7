package textwidth

import (
	"strings"
	"testing"
	"unicode"

	"github.com/rivo/uniseg"
)

func TestWrapHangingIndent(t *testing.T) {
	got := Wrap("    What helps: ", "                ", "Tell me it was the wind and sit with me a minute or two", 40)
	want := []string{
		"    What helps: Tell me it was the wind",
		"                and sit with me a minute",
		"                or two",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Ordinary prose at 52 columns breaks only between words, and takes as
// many words on each line as fit. The lines are written out by hand.
func TestWrapProseAt52(t *testing.T) {
	text := "Please ask before you touch my neck or my hair, even on a good day, " +
		"and if I go quiet, stop and ask me again in plain words; " +
		"a pause is never a problem, and I will tell you when I am ready."
	got := Wrap("  - ", "    ", text, 52)
	want := []string{
		"  - Please ask before you touch my neck or my hair,",
		"    even on a good day, and if I go quiet, stop and",
		"    ask me again in plain words; a pause is never a",
		"    problem, and I will tell you when I am ready.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWrapNeverExceedsWidth(t *testing.T) {
	text := "Lying flat on my back with someone above me, and a word that is muchlongerthananylinecouldeverbe éééééééééééééééééééééééééééééééééééé end"
	for width := 30; width <= 100; width++ {
		lines := Wrap("  - ", "    ", text, width)
		for _, l := range lines {
			if n := Width(l); n > width {
				t.Fatalf("width %d: line %q is %d wide", width, l, n)
			}
			if strings.HasSuffix(l, " ") {
				t.Fatalf("trailing space in %q", l)
			}
		}
		// No word is lost or changed (long words are only cut).
		joined := strings.TrimPrefix(strings.Join(lines, ""), "  - ")
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %d: text changed: %q", width, joined)
		}
	}
}

// Japanese text, which has no spaces, is cut between characters and never
// runs past the width; accents stay with their letter.
func TestWrapWideAndCombining(t *testing.T) {
	jp := strings.Repeat("抱きしめられる", 6) // 84 columns
	got := Wrap("  - ", "    ", jp, 30)
	if want := "  - 抱きしめられる抱きしめられ"; got[0] != want { // 13 characters, 26 columns
		t.Errorf("first line %q, want %q", got[0], want)
	}
	for _, l := range got {
		if n := Width(l); n > 30 {
			t.Errorf("line %q is %d columns", l, n)
		}
	}
	if strings.ReplaceAll(strings.Join(got, ""), " ", "") != "-"+jp {
		t.Errorf("text changed: %q", got)
	}
	// 40 accented letters at 25 columns: 25 on the first line, 15 on the
	// second, each letter with its accent.
	accent := "e\u0301"
	lines := Wrap("", "", strings.Repeat(accent, 40), 25)
	if len(lines) != 2 || lines[0] != strings.Repeat(accent, 25) || lines[1] != strings.Repeat(accent, 15) {
		t.Errorf("accents wrapped as %q", lines)
	}
}

// A run of flags with no space is cut between flags, never between the
// two halves of one: a cut inside would pair every later flag wrongly.
func TestWrapFlagsStayWhole(t *testing.T) {
	fr, de, jp := "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA", "\U0001F1EF\U0001F1F5"
	text := strings.Repeat(fr+de+jp, 15) // 45 flags, 90 columns
	for _, width := range []int{21, 24, 25, 31, 40, 47, 52, 80} {
		lines := Wrap("  - ", "    ", text, width)
		var joined string
		for i, l := range lines {
			body := strings.TrimPrefix(l, map[bool]string{true: "  - ", false: "    "}[i == 0])
			if !wholeFlags(body) {
				t.Fatalf("width %d: line %d %q holds half a flag", width, i, l)
			}
			if Width(l) > max(width, 4+20) { // the text column is never under 20
				t.Fatalf("width %d: line %q is %d columns", width, l, Width(l))
			}
			joined += body
		}
		if joined != text {
			t.Fatalf("width %d: flags changed: %q", width, joined)
		}
	}
	// The check above can fail: half a flag is seen.
	if wholeFlags(fr + "\U0001F1E9") {
		t.Fatal("wholeFlags misses half a flag")
	}
}

// wholeFlags reports whether s is made of pairs of regional indicators,
// counted code point by code point, not by the code under test.
func wholeFlags(s string) bool {
	n := 0
	for _, r := range s {
		if r < 0x1F1E6 || r > 0x1F1FF {
			return false
		}
		n++
	}
	return n%2 == 0
}

func TestWrapEmptyAndNarrow(t *testing.T) {
	if got := Wrap("  - ", "    ", "", 80); len(got) != 1 || got[0] != "  -" {
		t.Fatalf("empty text: %q", got)
	}
	if got := Wrap("  - ", "    ", " \u3000 ", 80); len(got) != 1 || got[0] != "  -" {
		t.Fatalf("blank text: %q", got)
	}
	// A very narrow terminal still gets a readable column of 20.
	got := Wrap("    What helps: ", "                ", "Open a window and breathe slowly with me", 10)
	want := []string{
		"    What helps: Open a window and",
		"                breathe slowly with",
		"                me",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWrapSpaces(t *testing.T) {
	got := Wrap("- ", "  ", "  slow   hugs \u2003and\u3000quiet  ", 80)
	if len(got) != 1 || got[0] != "- slow hugs and quiet" {
		t.Errorf("spaces not collapsed: %q", got)
	}
	// A control character is no space: words it separates are not
	// joined with a space that would take the mark after it.
	got = Wrap("", "", "ab\u2029\u0301cd\te", 80)
	if len(got) != 1 || got[0] != "ab\u2029\u0301cd\te" {
		t.Errorf("control characters taken as spaces: %q", got)
	}
	// No-break spaces hold their words together.
	got = Wrap("", "", "aaaa bbbb cccc Ça\u00a0va\u202f? dddd", 20)
	if len(got) != 2 || got[0] != "aaaa bbbb cccc" || got[1] != "Ça\u00a0va\u202f? dddd" {
		t.Errorf("no-break space broken: %q", got)
	}
}

func TestWrapLineFeeds(t *testing.T) {
	got := Wrap("  Note: ", "        ", "first part\nsecond part that is long enough to wrap here\n\nlast", 32)
	want := []string{
		"  Note: first part",
		"        second part that is long",
		"        enough to wrap here",
		"",
		"        last",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	// Without a width nothing wraps, but line feeds still break.
	long := strings.Repeat("word ", 40)
	got = Wrap("- ", "  ", long+"\n"+long, 0)
	if len(got) != 2 || got[0] != "- "+strings.TrimSpace(long) || got[1] != "  "+strings.TrimSpace(long) {
		t.Fatalf("no wrap: %q", got)
	}
}

var wrapSeeds = []string{
	"",
	"plain words that go on for a while, long enough to wrap twice at forty",
	"Tell me it was the wind and sit with me a minute or two",
	strings.Repeat("\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5", 15),
	strings.Repeat("\U0001F469\u200D\U0001F4BB ", 30),
	strings.Repeat("抱きしめられる", 6),
	strings.Repeat("e\u0301", 50) + " end",
	"one\ntwo\n\nthree four five six seven eight nine ten eleven twelve",
	"a \u0301b  \u00a0 c\u3000d\r\ne",
	"\u0600 x \u0600 y",
	"a" + strings.Repeat("\u0903", 30) + " b",
	"\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b",
	"\xff\xfe words \xe2\x82",
	"\U0001F1EB\U0001F1F7\U0001F1E9 x\U0001F1E9\U0001F1EA",
}

// FuzzWrap checks Wrap against an independent reading of the text, with
// uniseg's own cluster iterator: every word comes back, lines break only
// between words unless a word is wider than the column, a cut falls
// between clusters, no line is wider than the column unless it holds one
// cluster that is, and each line holds as many words as fit.
func FuzzWrap(f *testing.F) {
	for _, s := range wrapSeeds {
		for _, w := range []int{0, 10, 24, 40, 52} {
			f.Add(s, w)
		}
	}
	f.Fuzz(func(t *testing.T, text string, width int) {
		width = width % 200
		const first, rest = "  - ", "    "
		got := Wrap(first, rest, text, width)
		// A line feed ends a line: each part is wrapped on its own.
		var want []string
		for i, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
			prefix := rest
			if i == 0 {
				prefix = first
			}
			lines := Wrap(prefix, rest, p, width)
			checkParagraph(t, prefix, rest, p, width, lines)
			want = append(want, lines...)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("Wrap(%q) = %q, but by parts %q", text, got, want)
		}
	})
}

func checkParagraph(t *testing.T, first, rest, p string, width int, lines []string) {
	t.Helper()
	words := oracleWords(p)
	if len(words) == 0 {
		if len(lines) != 1 || lines[0] != strings.TrimRight(first, " ") {
			t.Fatalf("%q: no words but lines %q", p, lines)
		}
		return
	}
	j, off := 0, 0 // the word, and the bytes of it already placed
	for i, l := range lines {
		prefix := rest
		if i == 0 {
			prefix = first
		}
		body, ok := strings.CutPrefix(l, prefix)
		if !ok || body == "" {
			t.Fatalf("%q: line %d %q lacks prefix %q or text", p, i, l, prefix)
		}
		avail := 1 << 30
		if width > 0 {
			avail = max(width-uniseg.StringWidth(prefix), 20)
		}
		lw := oracleWords(body)
		if strings.Join(lw, " ") != body {
			t.Fatalf("%q: line %q is not words joined by single spaces", p, l)
		}
		if n := uniseg.StringWidth(body); n > avail && uniseg.GraphemeClusterCount(body) > 1 {
			t.Fatalf("%q width %d: line %q is %d columns, more than %d", p, width, l, n, avail)
		}
		for k, piece := range lw {
			if j >= len(words) {
				t.Fatalf("%q: extra text %q", p, piece)
			}
			left := words[j][off:]
			switch {
			case piece == left:
				if off > 0 && k > 0 {
					t.Fatalf("%q: the end of a cut word %q does not start its line %q", p, piece, l)
				}
				j, off = j+1, 0
			case strings.HasPrefix(left, piece) && len(lw) == 1 && clusterBoundary(words[j], off+len(piece)):
				// A cut: only of a word wider than the column, taking as
				// many clusters as fit.
				if uniseg.StringWidth(left) <= avail {
					t.Fatalf("%q: word %q cut though it fits in %d", p, left, avail)
				}
				next := left[len(piece):]
				c, _, _, _ := uniseg.FirstGraphemeClusterInString(next, -1)
				if uniseg.StringWidth(piece+c) <= avail {
					t.Fatalf("%q: cut %q leaves room for %q", p, piece, c)
				}
				off += len(piece)
			default:
				t.Fatalf("%q: line %q holds %q, want the next of word %q", p, l, piece, left)
			}
		}
		// Greedy: the next line's first word would not have fitted here.
		if i+1 < len(lines) && off == 0 && j < len(words) {
			if uniseg.StringWidth(body)+1+uniseg.StringWidth(words[j]) <= avail {
				t.Fatalf("%q: %q would fit on line %q", p, words[j], l)
			}
		}
	}
	if j != len(words) {
		t.Fatalf("%q: words lost from %q: lines %q", p, words[j], lines)
	}
}

// oracleWords splits s into words with uniseg's cluster iterator: runs of
// clusters between clusters that are one space separator (Zs) other than
// the no-break spaces.
func oracleWords(s string) []string {
	var words []string
	var cur strings.Builder
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		rs := g.Runes()
		if len(rs) == 1 && unicode.In(rs[0], unicode.Zs) && rs[0] != 0xa0 && rs[0] != 0x2007 && rs[0] != 0x202f {
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteString(g.Str())
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

// clusterBoundary reports whether byte offset i of s falls between two
// grapheme clusters (or at either end).
func clusterBoundary(s string, i int) bool {
	g := uniseg.NewGraphemes(s)
	if i == 0 {
		return true
	}
	for g.Next() {
		if _, to := g.Positions(); to == i {
			return true
		} else if to > i {
			return false
		}
	}
	return false
}

func BenchmarkWrap(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"ascii", "Slow down and tell me what you are about to do, and give me a moment to answer before you go on"},
		{"mixed", "Caresses lentes, s'il te plaît — 抱きしめられるのは大丈夫 👍🏽 🇫🇷🇩🇪 👩‍💻 e\u0301te\u0301, and ask me first"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Wrap("    What helps: ", "                ", c.s, 52)
			}
		})
	}
}
