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

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// A boundary written as 45 flags with no space is one long word: the
// summary cuts it between flags, never between the two regional
// indicators of one (which would pair every later flag wrongly), and
// every flag comes back in order.
func TestTextSummaryKeepsFlagsWhole(t *testing.T) {
	fr, de, jp := "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA", "\U0001F1EF\U0001F1F5"
	flags := strings.Repeat(fr+de+jp, 15)
	m := &mapfile.Map{Version: 1, Name: "Sam", Boundaries: []boundaries.Boundary{
		{ID: "b1", Light: boundaries.Green, Text: flags},
	}}
	for _, width := range []int{30, 41, 52, 63, 80} {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, m, SummaryOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		var joined strings.Builder
		for _, l := range strings.Split(buf.String(), "\n") {
			body, ok := strings.CutPrefix(l, "  - ")
			if !ok {
				body, ok = strings.CutPrefix(l, "    ")
			}
			if !ok || !strings.ContainsRune(body, 0x1F1EB) {
				continue
			}
			n := 0
			for _, r := range body {
				if r < 0x1F1E6 || r > 0x1F1FF {
					t.Fatalf("width %d: line %q holds more than flags", width, l)
				}
				n++
			}
			if n%2 != 0 {
				t.Fatalf("width %d: line %q holds half a flag", width, l)
			}
			if cols := n; cols+len("  - ") > width { // each flag is two columns
				t.Fatalf("width %d: line %q is %d columns", width, l, cols+4)
			}
			joined.WriteString(body)
		}
		if joined.String() != flags {
			t.Fatalf("width %d: flags read back as %q", width, joined.String())
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
			if textwidth.Width(l) > width {
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
// hostileMap puts h in every field of text a map has.
func hostileMap(h string) *mapfile.Map {
	return &mapfile.Map{Version: 2, Name: h, Safeword: h, Signal: h, IfFrozen: h, IfWeStop: h,
		Boundaries: []boundaries.Boundary{{ID: "b1", Light: boundaries.Yellow, Text: h, OnlyIf: h, Note: h}},
		Triggers:   []triggers.Trigger{{ID: "t1", Category: triggers.Words, Text: h, Helps: h, Note: h}},
		Signs:      []signs.Sign{{ID: "s1", Kind: signs.NotOK, Text: h}, {ID: "s2", Kind: signs.OK, Text: h}},
		Aftercare:  []aftercare.Care{{ID: "a1", When: aftercare.AfterStop, Text: h}},
		Curious:    []curious.Curiosity{{ID: "c1", Text: h}},
	}
}

func TestMarkdownEscaping(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, h := range hostile {
		m := hostileMap(h)
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
		// Only our own headings: 1 h1; 7 h2 (to stop, how to read me,
		// boundaries, triggers, if we stop, signs of enjoying, curious);
		// 4 h3 (signs not OK, ASK FIRST, Words, Afterwards); 4 labels.
		for tag, n := range map[string]int{"<h1>": 1, "<h2>": 7, "<h3>": 4, "<strong>": 4} {
			if c := strings.Count(got, tag); c != n {
				t.Errorf("%q: %d %s, want %d:\n%s", h, c, tag, n, got)
			}
		}
		// The text reads back exactly as written (white space collapsed).
		plain := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got, ""))
		want := strings.Join(strings.Fields(h), " ")
		if c := strings.Count(plain, want); c < 15 {
			t.Errorf("%q appears %d times in the rendered text, want 15:\n%s", want, c, plain)
		}
	}
}

// Markdown escapes only where CommonMark or GitHub's extensions would
// read markup there: ordinary punctuation stays as typed.
func TestMdEscapeOnlyMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"I'm safe @ home (even 1-2 drinks). Talk first: e.g. at dinner.": "I'm safe @ home (even 1-2 drinks). Talk first: e.g. at dinner.",
		"plain words, kept":          "plain words, kept",
		"snake_case and 3*4":         "snake_case and 3\\*4",
		"_stress_":                   "\\_stress\\_",
		"[click](http://x)":          "\\[click](http\\://x)",
		"see www.example.org":        "see www\\.example.org",
		"write to sam@example.org":   "write to sam\\@example.org",
		"# not a heading":            "\\# not a heading",
		"a # in the middle":          "a # in the middle",
		"- not a list":               "\\- not a list",
		"1. not a list, 2. nor this": "1\\. not a list, 2. nor this",
		"12) not a list":             "12\\) not a list",
		"> not a quote, but a > b":   "\\> not a quote, but a > b",
		"&amp; and & and AT&T;":      "\\&amp; and & and AT\\&T;",
		"<b>":                        "\\<b>",
		"a\\b `c` ~d~ |e|":           "a\\\\b \\`c\\` \\~d\\~ \\|e\\|",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	if got := mdEscape("two\nlines\tand\x1b"); strings.ContainsAny(got, "\n\t\x1b") {
		t.Errorf("controls left in %q", got)
	}
}

// The case, rendered: the text reads as typed, and a link typed
// as text stays text.
func TestMarkdownRendersAsTyped(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	typed := "I'm safe @ home (even 1-2 drinks). Talk first: e.g. at dinner."
	m := &mapfile.Map{Version: 1, Boundaries: []boundaries.Boundary{
		{ID: "b1", Light: boundaries.Yellow, Text: typed, Note: "[click](http://x)"}}}
	var src, out bytes.Buffer
	if err := WriteSummary(&src, m, SummaryOptions{Format: FormatMarkdown}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src.String(), "- "+typed+"\n") {
		t.Errorf("the text is not as typed in the Markdown:\n%s", src.String())
	}
	if err := md.Convert(src.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "<a ") || !strings.Contains(out.String(), "[click](http://x)") {
		t.Errorf("the link became markup, or did not read back:\n%s", out.String())
	}
}

func TestHTMLEscapesEverything(t *testing.T) {
	for _, h := range hostile {
		m := hostileMap(h)
		var buf bytes.Buffer
		if err := WriteSummary(&buf, m, SummaryOptions{Format: FormatHTML}); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		// Only the card's own elements, whatever the text says.
		allowed := "html head meta title style body header main h1 h2 h3 section p strong div span ul li footer"
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
		"size: auto; margin: 12mm 10mm 10mm;",
		"<h1>Sam&#39;s boundaries and triggers</h1>",
		"■</span> STOP: please don&#39;t</h3>", "▲</span> ASK FIRST: ask me first</h3>", "●</span> GO: welcome, when we both want it</h3>",
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
		for _, want := range []string{"Boundaries and triggers", NoBoundaries, NoTriggers} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("%s: empty map summary lacks %q", format, want)
			}
		}
		if strings.Contains(buf.String(), "Stop word") {
			t.Errorf("%s: no stop word, but the summary speaks of one", format)
		}
	}
}
