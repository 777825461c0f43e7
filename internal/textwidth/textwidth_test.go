package textwidth

import (
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// The expected widths are written out by hand, as a terminal shows them,
// not computed by the code under test.
func TestWidth(t *testing.T) {
	cases := []struct {
		s    string
		cols int
	}{
		{"", 0},
		{"Sam", 3},
		{"slow hugs, facing each other", 28},
		{"\U0001F469\u200D\U0001F4BB", 2}, // woman technologist: woman + ZWJ + laptop
		{"\U0001F469\u200D\U0001F469\u200D\U0001F467", 2}, // family of three, one picture
		{"\U0001F1EB\U0001F1F7", 2},                       // flag of France: two regional indicators
		{"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA", 4},   // two flags
		{"e\u0301", 1},              // é typed as e + combining acute
		{"cafe\u0301 ok", 7},        // the same inside ASCII
		{"\u00e9", 1},               // é as one code point
		{"抱きしめられる", 14},             // seven wide kana and kanji
		{"ＡＢ", 4},                   // fullwidth A B
		{"\U0001F6D1 STOP", 7},      // stop sign emoji (wide)
		{"\u2764\uFE0F", 2},         // heart + VS16: drawn as a wide emoji
		{"\u2764", 1},               // heart alone: drawn as text
		{"\U0001F44D\U0001F3FD", 2}, // thumbs up with a skin tone
		{"\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", 2}, // flag of Scotland
		{"\u1112\u1161\u11AB", 2}, // the syllable 한 typed as three jamo
		{"한", 2},
		{"стоп", 4},
		{"a\u200Bb", 2}, // zero-width space
		{"\u2026", 1},   // the ellipsis
		{"■ STOP → ● GO", 13},
		{"\xff", 1}, // an invalid byte shows as one U+FFFD
	}
	for _, c := range cases {
		if got := Width(c.s); got != c.cols {
			t.Errorf("Width(%q) = %d, want %d", c.s, got, c.cols)
		}
	}
}

func TestWidthASCIIDoesNotAllocate(t *testing.T) {
	s := "Lying flat on my back with someone above me"
	if n := testing.AllocsPerRun(100, func() {
		if Width(s) != len(s) {
			t.Fatal("wrong width")
		}
	}); n != 0 {
		t.Errorf("Width allocated %v times on ASCII", n)
	}
}

func TestNextCluster(t *testing.T) {
	s := "a\r\nb\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EAe\u0301\U0001F469\u200D\U0001F4BB\xff."
	want := []string{"a", "\r\n", "b", "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA", "e\u0301", "\U0001F469\u200D\U0001F4BB", "\xff", "."}
	var got []string
	for rest, state := s, -1; rest != ""; {
		var c string
		c, rest, _, state = NextCluster(rest, state)
		got = append(got, c)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("clusters %q, want %q", got, want)
	}
}

func TestCut(t *testing.T) {
	flags := "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5" // FR DE JP
	cases := []struct {
		s          string
		cols       int
		head, tail string
	}{
		{"", 5, "", ""},
		{"abcdef", 4, "abcd", "ef"},
		{"abc", 10, "abc", ""},
		{flags, 4, "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA", "\U0001F1EF\U0001F1F5"},
		{flags, 3, "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5"}, // never half a flag
		{flags, 1, "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5"}, // at least one cluster
		{flags, 0, "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301e\u0301", "e\u0301"}, // accents stay with their letter
		{"ab\u200Bcd", 2, "ab\u200B", "cd"},                       // a zero-width cluster stays with the head
		{"抱きしめ", 5, "抱き", "しめ"},
		{"\U0001F469\u200D\U0001F4BBx", 2, "\U0001F469\u200D\U0001F4BB", "x"},
	}
	for _, c := range cases {
		head, tail := Cut(c.s, c.cols)
		if head != c.head || tail != c.tail {
			t.Errorf("Cut(%q, %d) = %q, %q; want %q, %q", c.s, c.cols, head, tail, c.head, c.tail)
		}
	}
}

func TestTruncate(t *testing.T) {
	report := "changed b4: ■ STOP → ● GO — Being woken up by touch"
	cases := []struct {
		s    string
		cols int
		want string
	}{
		{report, 80, report},
		{report, Width(report), report},
		{report, 40, "changed b4: ■ STOP → ● GO — Being woken…"},
		{report, 41, "changed b4: ■ STOP → ● GO — Being woken…"}, // the space before … is dropped
		{report, 15, "changed b4: ■…"},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"abcd", 1, "…"},
		{"abcd", 0, ""},
		{"abcd", -3, ""},
		{"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA", 3, "\U0001F1EB\U0001F1F7…"},
		{"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA", 2, "…"}, // a flag does not fit beside the …
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"抱きしめられる", 6, "抱き…"},
		{"\U0001F469\u200D\U0001F4BB at work", 4, "\U0001F469\u200D\U0001F4BB…"},
	}
	for _, c := range cases {
		got := Truncate(c.s, c.cols)
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.cols, got, c.want)
		}
		if c.cols >= 0 && Width(got) > c.cols {
			t.Errorf("Truncate(%q, %d) = %q is %d columns", c.s, c.cols, got, Width(got))
		}
	}
}

func BenchmarkWidth(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"ascii", "Lying flat on my back with someone above me, a hand on my neck"},
		{"mixed", "Caresses lentes, s'il te plaît — 抱きしめ 👍🏽 🇫🇷 👩‍💻 e\u0301te\u0301"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Width(c.s)
			}
		})
	}
}

// FuzzWidth holds the fast paths to uniseg's own reading: the same
// clusters, the same widths, and Cut and Truncate within their columns.
func FuzzWidth(f *testing.F) {
	for _, s := range wrapSeeds {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, s string, cols int) {
		if got, want := Width(s), uniseg.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, uniseg says %d", s, got, want)
		}
		g := uniseg.NewGraphemes(s)
		for rest, state := s, -1; rest != ""; {
			var c string
			var w int
			c, rest, w, state = NextCluster(rest, state)
			if !g.Next() || g.Str() != c || g.Width() != w {
				t.Fatalf("%q: cluster %q (%d columns), uniseg has %q (%d)", s, c, w, g.Str(), g.Width())
			}
		}
		if g.Next() {
			t.Fatalf("%q: cluster %q missed", s, g.Str())
		}
		cols %= 300
		head, tail := Cut(s, cols)
		if head+tail != s || s != "" && head == "" || !clusterBoundary(s, len(head)) {
			t.Fatalf("Cut(%q, %d) = %q, %q", s, cols, head, tail)
		}
		if Width(head) > max(cols, 0) && uniseg.GraphemeClusterCount(head) > 1 {
			t.Fatalf("Cut(%q, %d) head %q is %d columns", s, cols, head, Width(head))
		}
		tr := Truncate(s, cols)
		if Width(tr) > max(cols, 0) {
			t.Fatalf("Truncate(%q, %d) = %q is %d columns", s, cols, tr, Width(tr))
		}
		if body, cut := strings.CutSuffix(tr, Ellipsis); tr != s && (!cut || !strings.HasPrefix(s, body) || !clusterBoundary(s, len(body))) && cols > 0 {
			t.Fatalf("Truncate(%q, %d) = %q", s, cols, tr)
		}
	})
}
