package export

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
)

func summaryOf(t *testing.T, m *mapfile.Map, opt SummaryOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, m, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// A title given in place of the usual one heads the card (the page and
// the <title> a browser prints) and every format; the name is then
// nowhere, unless ShowName.
func TestTitleHidesName(t *testing.T) {
	m := longMap() // long enough that the card has a running head
	if strings.Contains(summaryOf(t, m, SummaryOptions{Format: FormatHTML, Title: "Notes"}), "Notes for Alex") {
		t.Fatal("the map itself says the title: the test would prove nothing")
	}
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			got := summaryOf(t, m, SummaryOptions{Format: format, Title: "Notes for Alex"})
			if strings.Contains(got, "Sam") {
				t.Errorf("a summary titled in place of the name shows the name:\n%s", got)
			}
			first := map[string]string{FormatText: "Notes for Alex\n==============\n", FormatMarkdown: "# Notes for Alex\n"}[format]
			if first != "" && !strings.HasPrefix(got, first) {
				t.Errorf("the summary does not begin %q:\n%s", first, got)
			}
			shown := summaryOf(t, m, SummaryOptions{Format: format, Title: "Notes for Alex", ShowName: true})
			if !strings.Contains(shown, "Sam") {
				t.Errorf("with ShowName the name is missing:\n%s", shown)
			}
			if first != "" && !strings.HasPrefix(shown, first) {
				t.Errorf("with ShowName the summary does not begin %q:\n%s", first, shown)
			}
		})
	}
	got := summaryOf(t, m, SummaryOptions{Format: FormatHTML, Title: "Notes for Alex"})
	for _, want := range []string{"<title>Notes for Alex</title>", "<h1>Notes for Alex</h1>", `content: "Notes for Alex  \b7   Stop word\3a  pineapple"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the card lacks %q", want)
		}
	}
	shown := summaryOf(t, m, SummaryOptions{Format: FormatHTML, Title: "Notes for Alex", ShowName: true})
	for _, want := range []string{"<title>Notes for Alex</title>", "<h1>Notes for Alex</h1>", `<p class="subtitle">Sam&#39;s boundaries and triggers</p>`, `content: "Notes for Alex \2014  Sam  \b7 `} {
		if !strings.Contains(shown, want) {
			t.Errorf("with ShowName the card lacks %q", want)
		}
	}
}

// The stop box is always there: with no stop word or signal it says what
// always counts.
func TestCardStopBoxAlwaysShows(t *testing.T) {
	m := fullMap()
	m.Safeword, m.Signal = "", ""
	got := summaryOf(t, m, SummaryOptions{Format: FormatHTML})
	box := regexp.MustCompile(`(?s)<section class="part part-stop"[^>]*>.*?</section>`).FindString(got)
	if !strings.Contains(box, NoStopWord) {
		t.Errorf("the stop box does not say %q:\n%s", NoStopWord, box)
	}
	if !strings.Contains(got, string(cssString("Sam  ·  "+StopInShort))) {
		t.Errorf("the running head does not say %q", StopInShort)
	}
	empty := summaryOf(t, &mapfile.Map{Version: 2}, SummaryOptions{Format: FormatHTML})
	if !strings.Contains(empty, `<section class="part part-stop"`) {
		t.Error("the card of an empty map has no stop box")
	}
	// Parts with nothing in them are left out.
	for _, kind := range []string{"readme", "ifwestop", "aftercare", "enjoying", "curious"} {
		if strings.Contains(empty, "part-"+kind+`"`) {
			t.Errorf("the card of an empty map has a part %s", kind)
		}
	}
}

// On a card, where no command belongs, a partner's map that is not
// verified says so in plain words.
func TestCardTrustNamesNoCommand(t *testing.T) {
	trust := "not verified: compare safety codes with attune partner verify Sam"
	got := summaryOf(t, fullMap(), SummaryOptions{Format: FormatHTML, Trust: trust, Title: "Notes for Alex"})
	if !strings.Contains(got, CardNotVerified) {
		t.Errorf("the card does not say %q", CardNotVerified)
	}
	if strings.Contains(got, "attune ") || strings.Contains(got, "Sam") {
		t.Error("the card names a command, or the name it was titled to hide")
	}
	if text := summaryOf(t, fullMap(), SummaryOptions{Trust: trust}); !strings.Contains(text, trust) {
		t.Error("the text summary lost its word on trust")
	}
}

// The card's type size follows how much there is: larger for less,
// never below minFont nor above maxFont.
func TestCardFontSize(t *testing.T) {
	sizes := map[string]float64{}
	for name, m := range map[string]*mapfile.Map{"empty": {Version: 2}, "small": smallMap(), "sample": sampleMap(), "full": fullMap(), "long": longMap()} {
		s := newSummary(m, false, changes.Report{})
		sizes[name] = cardFontSize(s)
		var buf bytes.Buffer
		if err := writeHTML(&buf, s, time.Time{}, ""); err != nil {
			t.Fatal(err)
		}
		if want := "font-size: " + strconv.FormatFloat(sizes[name], 'f', 2, 64) + "pt; }"; !strings.Contains(buf.String(), want) {
			t.Errorf("%s: the card does not print at %q", name, want)
		}
	}
	if !(sizes["empty"] == maxFont && sizes["small"] > sizes["sample"] && sizes["sample"] > sizes["full"] && sizes["long"] == minFont) {
		t.Errorf("sizes %v: want the empty map at %v pt, smaller for more, the long map at %v pt", sizes, maxFont, minFont)
	}
}

// cssString leaves nothing in the text that can end the string or the
// style sheet, and reads back as written.
func TestCSSString(t *testing.T) {
	safe := regexp.MustCompile(`^"([A-Za-z0-9 ]|\\[0-9a-f]+ )*"$`)
	escape := regexp.MustCompile(`\\([0-9a-f]+) `)
	for _, s := range append([]string{`"; } body { display: none } @page { content: "`, "</style><script>alert(1)</script>", `\"\\`, "a\nb", "Zoë · 🌻 — 中文", ""}, hostile...) {
		got := string(cssString(s))
		if !safe.MatchString(got) {
			t.Errorf("cssString(%q) = %s: not only letters, digits, spaces and escapes", s, got)
		}
		back := escape.ReplaceAllStringFunc(got[1:len(got)-1], func(e string) string {
			n, _ := strconv.ParseInt(strings.TrimSpace(e[1:]), 16, 32)
			return string(rune(n))
		})
		if back != s {
			t.Errorf("cssString(%q) reads back as %q", s, back)
		}
	}
}

func TestCheckTitle(t *testing.T) {
	for _, c := range []struct {
		title string
		kind  textcheck.Problem // 0: accepted
	}{
		{"Notes for Alex", 0},
		{"  Notes  ", 0},
		{strings.Repeat("x", MaxTitle), 0},
		{strings.Repeat("e\u0301", MaxTitle), 0}, // 80 characters as a person sees them
		{strings.Repeat("x", MaxTitle+1), textcheck.TooLong},
		{"", textcheck.Empty},
		{"   ", textcheck.Empty},
		{"\u200b", textcheck.Empty},
		{"Notes\nfor Alex", textcheck.LineBreak},
		{"Notes \x1b[2J", textcheck.Control},
	} {
		err := CheckTitle(c.title)
		var te *textcheck.TextError
		switch {
		case c.kind == 0 && err != nil:
			t.Errorf("CheckTitle(%q) = %v, want nil", c.title, err)
		case c.kind != 0 && (!errors.As(err, &te) || te.Kind != c.kind || te.Field != "title"):
			t.Errorf("CheckTitle(%q) = %v, want a title error of kind %v", c.title, err, c.kind)
		}
	}
}

// A part's heading and the words under it are one block that printing
// never splits across columns or pages (the Triggers heading was once
// left at the foot of a column, its words at the top of the next).
func TestCardHeadingKeepsItsWords(t *testing.T) {
	got := summaryOf(t, fullMap(), SummaryOptions{Format: FormatHTML})
	if !regexp.MustCompile(`(?m)^\.lead \{[^}]*break-inside: avoid`).MatchString(got) {
		t.Error("the card's style does not keep a lead block whole")
	}
	for _, kind := range []string{"triggers", "enjoying", "curious"} {
		lead := regexp.MustCompile(`(?s)<section class="part part-` + kind + `"[^>]*>\s*<div class="lead">\s*<h2 id="` + kind + `">[^<]*</h2>\s*<p class="ours">[^<]*</p>\s*</div>`)
		if !lead.MatchString(got) {
			t.Errorf("the %s heading and its words are not one lead block", kind)
		}
	}
}
