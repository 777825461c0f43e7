package export

import (
	"bytes"
	"errors"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

func TestWrapHangingIndent(t *testing.T) {
	got := wrap("    What helps: ", "                ", "Tell me it was the wind and sit with me a minute or two", 40)
	want := []string{
		"    What helps: Tell me it was the wind",
		"                and sit with me a minute",
		"                or two",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWrapNeverExceedsWidth(t *testing.T) {
	text := "Lying flat on my back with someone above me, and a word that is muchlongerthananylinecouldeverbe éééééééééééééééééééééééééééééééééééé end"
	for width := 30; width <= 100; width++ {
		for _, l := range wrap("  - ", "    ", text, width) {
			if n := displayWidth(l); n > width {
				t.Fatalf("width %d: line %q is %d wide", width, l, n)
			}
			if strings.HasSuffix(l, " ") {
				t.Fatalf("trailing space in %q", l)
			}
		}
		// No word is lost or changed (long words are only cut).
		joined := ""
		for i, l := range wrap("  - ", "    ", text, width) {
			if i == 0 {
				l = strings.TrimPrefix(l, "  - ")
			}
			joined += strings.TrimSpace(l) + " "
		}
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %d: text changed: %q", width, joined)
		}
	}
}

// Columns are counted as a terminal shows them: CJK characters and emoji
// take two, combining accents none. The expected widths are written out
// by hand, not computed by the code under test.
func TestDisplayWidth(t *testing.T) {
	cases := []struct {
		s    string
		cols int
	}{
		{"Sam", 3},
		{"抱きしめられる", 14}, // seven wide kana and kanji
		{"café", 4},    // e + combining acute
		{"ＡＢ", 4},       // fullwidth A B
		{"🛑 STOP", 7},   // stop sign emoji (wide)
		{"❤️", 1},       // heart + variation selector (narrow base)
		{"стоп", 4},     // Cyrillic
	}
	for _, c := range cases {
		if got := displayWidth(c.s); got != c.cols {
			t.Errorf("displayWidth(%q) = %d, want %d", c.s, got, c.cols)
		}
	}
}

// Japanese text, which has no spaces, is cut between characters and never
// runs past the width; accents stay with their letter.
func TestWrapWideAndCombining(t *testing.T) {
	jp := strings.Repeat("抱きしめられる", 6) // 84 columns
	got := wrap("  - ", "    ", jp, 30)
	want := []string{
		"  - " + strings.Repeat("抱きしめられる", 2)[:13*3], // 13 characters, 26 columns
	}
	if got[0] != want[0] {
		t.Errorf("first line %q, want %q", got[0], want[0])
	}
	for _, l := range got {
		if n := displayWidth(l); n > 30 {
			t.Errorf("line %q is %d columns", l, n)
		}
	}
	if strings.ReplaceAll(strings.Join(got, ""), " ", "") != "-"+jp {
		t.Errorf("text changed: %q", got)
	}
	// 40 accented letters at 25 columns: 25 on the first line, 15 on the
	// second, each letter with its accent.
	accent := "e\u0301"
	lines := wrap("", "", strings.Repeat(accent, 40), 25)
	if len(lines) != 2 || lines[0] != strings.Repeat(accent, 25) || lines[1] != strings.Repeat(accent, 15) {
		t.Errorf("accents wrapped as %q", lines)
	}
}

func TestWrapEmptyAndNarrow(t *testing.T) {
	if got := wrap("  - ", "    ", "", 80); len(got) != 1 || got[0] != "  -" {
		t.Fatalf("empty text: %q", got)
	}
	// A very narrow terminal still gets a readable column.
	for _, l := range wrap("    What helps: ", "                ", "Open a window and breathe slowly with me", 10) {
		if n := displayWidth(strings.TrimLeft(l, " ")); n > minTextWidth+len("What helps: ") {
			t.Fatalf("line %q", l)
		}
	}
}

func TestTextSummaryWrapsToWidth(t *testing.T) {
	for _, width := range []int{40, 60, 80, 120} {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, sampleMap(), SummaryOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(buf.String(), "\n") {
			if displayWidth(l) > width {
				t.Errorf("width %d: line %q is too long", width, l)
			}
		}
	}
}

func TestTextNeutralizesControls(t *testing.T) {
	m := &mapfile.Map{Version: 1, Name: "Sam\x1b[2J", Boundaries: []boundaries.Boundary{
		{ID: "b1", Light: boundaries.Red, Text: "bell\a", Note: "osc \x1b]52;c;aGk=\a"},
	}}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, m, SummaryOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range buf.String() {
		if r < 0x20 && r != '\n' || r == 0x7f {
			t.Fatalf("control character %U in %q", r, buf.String())
		}
	}
	if !strings.Contains(buf.String(), `Sam\x1b[2J's`) {
		t.Fatalf("name not shown neutralized:\n%s", buf.String())
	}
}

func TestPrivateLeftOutUnlessAsked(t *testing.T) {
	m := sampleMap() // "Lights off" is private
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, m, SummaryOptions{Format: format}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "Lights off") || strings.Contains(buf.String(), "(private)") {
			t.Errorf("%s: private entry shown:\n%s", format, buf.String())
		}
		buf.Reset()
		if err := WriteSummary(&buf, m, SummaryOptions{Format: format, IncludePrivate: true}); err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`Lights off.{0,40}\(private\)`).MatchString(buf.String()) {
			t.Errorf("%s: private entry not shown and marked with --include-private:\n%s", format, buf.String())
		}
	}
	if n := LeftOut(m); n != 1 {
		t.Fatalf("LeftOut = %d, want 1", n)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]string{"text": "text", " MD ": "markdown", "Markdown": "markdown", "html": "html", "txt": "text"} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseFormat("htlm")
	var u *textcheck.UnknownValueError
	if !errors.As(err, &u) || u.Suggestion != "html" {
		t.Fatalf("ParseFormat(htlm) = %v, want a suggestion of html", err)
	}
}

// hostile is text that would be markup if it were not escaped.
var hostile = []string{
	"[link](http://x.example)",
	"![image](http://x.example/a.png)",
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"# heading",
	"## heading",
	"- list item",
	"+ list item",
	"* list item",
	"1. numbered",
	"1) numbered",
	"> quote",
	"    indented code",
	"`code` and ```fence```",
	"*emphasis* _emphasis_ **strong** __strong__ ~~struck~~",
	"| a | b |",
	"<http://x.example>",
	"http://x.example and www.x.example and someone@x.example",
	"[ref]: http://x.example",
	"&lt;b&gt; &amp; &#60;",
	"a\\",
	"$x^2$",
	"---",
	"===",
}

// TestMarkdownEscaping renders the Markdown with a CommonMark + GitHub
// renderer and checks that user text produced no markup at all: only our
// own headings and lists, and the user's text back as written.
func TestMarkdownEscaping(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, h := range hostile {
		m := &mapfile.Map{Version: 1, Name: h, Safeword: h, Signal: h,
			Boundaries: []boundaries.Boundary{{ID: "b1", Light: boundaries.Red, Text: h, Note: h}},
			Triggers:   []triggers.Trigger{{ID: "t1", Category: triggers.Words, Text: h, Helps: h, Note: h}},
		}
		var src, out bytes.Buffer
		if err := WriteSummary(&src, m, SummaryOptions{Format: FormatMarkdown}); err != nil {
			t.Fatal(err)
		}
		if err := md.Convert(src.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		for _, bad := range []string{"<a ", "<img", "<script", "<code", "<pre", "<em", "<del", "<blockquote", "<table", "<hr", "<ol", "<h4", "<h5", "<h6"} {
			if strings.Contains(got, bad) {
				t.Errorf("%q made markup %s:\n%s\n%s", h, bad, src.String(), got)
			}
		}
		// Only our own headings: 1 h1, 2 h2, 2 h3.
		for tag, n := range map[string]int{"<h1>": 1, "<h2>": 2, "<h3>": 2, "<strong>": 2} {
			if c := strings.Count(got, tag); c != n {
				t.Errorf("%q: %d %s, want %d:\n%s", h, c, tag, n, got)
			}
		}
		// The text reads back exactly as written (white space collapsed).
		plain := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got, ""))
		want := strings.Join(strings.Fields(h), " ")
		if c := strings.Count(plain, want); c < 7 {
			t.Errorf("%q appears %d times in the rendered text, want 7:\n%s", want, c, plain)
		}
	}
}

func TestMdEscapeEveryMarkupCharacter(t *testing.T) {
	for _, r := range "\\`*_{}[]()#+-.!|<>" {
		if got := mdEscape(string(r)); got != "\\"+string(r) {
			t.Errorf("mdEscape(%q) = %q", r, got)
		}
	}
	if got := mdEscape("plain words, kept"); got != "plain words, kept" {
		t.Errorf("plain text changed: %q", got)
	}
	if got := mdEscape("two\nlines\tand\x1b"); strings.ContainsAny(got, "\n\t\x1b") {
		t.Errorf("controls left in %q", got)
	}
}

func TestHTMLEscapesEverything(t *testing.T) {
	for _, h := range hostile {
		m := &mapfile.Map{Version: 1, Name: h, Safeword: h, Signal: h,
			Boundaries: []boundaries.Boundary{{ID: "b1", Light: boundaries.Red, Text: h, Note: h}},
			Triggers:   []triggers.Trigger{{ID: "t1", Category: triggers.Words, Text: h, Helps: h, Note: h}},
		}
		var buf bytes.Buffer
		if err := WriteSummary(&buf, m, SummaryOptions{Format: FormatHTML}); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		// Only the card's own elements, whatever the text says.
		allowed := "html head meta title style body main h1 h2 h3 section p strong div span ul li footer"
		for _, tag := range regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`).FindAllStringSubmatch(got, -1) {
			if !strings.Contains(" "+allowed+" ", " "+tag[1]+" ") {
				t.Errorf("%q made an element <%s>", h, tag[1])
			}
		}
		// Only the card's own attributes (their values, quoted, set aside).
		quoted := regexp.MustCompile(`"[^"]*"`)
		for _, tag := range regexp.MustCompile(`<[a-zA-Z][a-zA-Z0-9]*([^>]*)>`).FindAllStringSubmatch(got, -1) {
			for _, attr := range regexp.MustCompile(`([a-zA-Z-]+)=`).FindAllStringSubmatch(quoted.ReplaceAllString(tag[1], ""), -1) {
				switch attr[1] {
				case "lang", "charset", "http-equiv", "content", "name", "class", "id", "aria-labelledby", "aria-hidden":
				default:
					t.Errorf("%q made an attribute %s", h, attr[1])
				}
			}
		}
		// The text reads back exactly as written.
		plain := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got, ""))
		if c := strings.Count(plain, h); c < 8 {
			t.Errorf("%q appears %d times, want 8 (title ×2, stop word, signal, 4 entries)", h, c)
		}
	}
}

func TestHTMLCardIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	if err := WriteSummary(&buf, sampleMap(), SummaryOptions{Format: FormatHTML, Now: now}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		`<html lang="en">`, `<meta charset="utf-8">`,
		`content="default-src 'none'; style-src 'unsafe-inline'"`,
		"@page { size: auto; margin: 12mm; }",
		"<h1>Sam&#39;s boundaries and triggers</h1>",
		"■</span>STOP: please don&#39;t</h3>", "▲</span>ASK FIRST: ask me first</h3>", "●</span>GO: welcome</h3>",
		"border: 3px solid", "border: 3px dashed", "border: 3px dotted",
		"<h3>Positions</h3>", "As of 2 March 2026.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "@import", "url(", "http://", "https://", "@font-face"} {
		if strings.Contains(got, bad) {
			t.Errorf("card has %q: it must be self-contained", bad)
		}
	}
	// Headings in order: STOP before ASK FIRST before GO, categories in order.
	order := []string{"To stop", "Boundaries", "STOP:", "ASK FIRST:", "GO:", "Triggers", "Positions", "Movements", "Activities", "Smells", "Sounds", "Textures", "Words", "Touch", "Other"}
	last := -1
	for _, o := range order {
		i := strings.Index(got, o)
		if i < last {
			t.Errorf("%q is out of order", o)
		}
		last = i
	}
}

func TestEmptyMap(t *testing.T) {
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, &mapfile.Map{Version: 1}, SummaryOptions{Format: format}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Boundaries and triggers", noBoundaries, noTriggers} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("%s: empty map summary lacks %q", format, want)
			}
		}
		if strings.Contains(buf.String(), "Stop word") {
			t.Errorf("%s: no stop word, but the summary speaks of one", format)
		}
	}
}
