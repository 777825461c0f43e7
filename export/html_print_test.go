package export

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/guide"
)

// chromium finds a Chromium or Chrome binary on PATH.
func chromium(t *testing.T) string {
	if testing.Short() {
		t.Skip("-short: printing with Chromium takes seconds")
	}
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: cannot check how the card prints (install chromium to run this test)")
	return ""
}

// pdftotext finds poppler's pdftotext, which reads the printed card back.
func pdftotext(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("no pdftotext on PATH: cannot read the printed card back (install poppler-utils to run this test)")
	}
	return p
}

// printToPDF renders an HTML file to PDF with headless Chromium.
func printToPDF(t *testing.T, browser, htmlPath string) []byte {
	t.Helper()
	dir := t.TempDir()
	pdf := filepath.Join(dir, "card.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+htmlPath)
	out, err := cmd.CombinedOutput()
	data, readErr := os.ReadFile(pdf)
	if err != nil || readErr != nil {
		t.Fatalf("chromium could not print the card: %v %v\n%s", err, readErr, out)
	}
	return data
}

// printCard writes the card of s for paper ("" for the printer's own) and
// prints it. ATTUNE_KEEP_CARDS=DIR keeps each HTML and PDF there, to look
// at (pdftoppm -png -r 60 card.pdf page).
func printCard(t *testing.T, browser string, s *summary, paper string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeHTML(&buf, s, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), paper); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if keep := os.Getenv("ATTUNE_KEEP_CARDS"); keep != "" {
		dir = keep
	}
	name := regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(t.Name()+"-"+paper, "-")
	path := filepath.Join(dir, name+".html")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := printToPDF(t, browser, path)
	if dir != "" {
		os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o600)
	}
	return pdf
}

var (
	pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)
	mediaBox   = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)
)

// pdfPages counts the page objects of a PDF (/Type /Page, not /Pages)
// and returns the size of the first page in points.
func pdfPages(pdf []byte) (pages int, w, h float64) {
	pages = len(pageObject.FindAll(pdf, -1))
	if m := mediaBox.FindSubmatch(pdf); m != nil {
		w, _ = strconv.ParseFloat(string(m[1]), 64)
		h, _ = strconv.ParseFloat(string(m[2]), 64)
	}
	return pages, w, h
}

func TestPDFPageCounting(t *testing.T) {
	pdf := []byte("<< /Type /Pages /Count 2 /Kids [3 0 R 4 0 R] >>\n<< /Type /Page /MediaBox [0 0 595 842] >>\n<</Type/Page/Parent 2 0 R>>")
	if n, w, h := pdfPages(pdf); n != 2 || w != 595 || h != 842 {
		t.Fatalf("pdfPages = %d, %v×%v; want 2, 595×842", n, w, h)
	}
}

// papers are the sheets a card must fit, in points.
var papers = []struct {
	size string
	w, h float64
}{
	{"A4", 595, 842},
	{"letter", 612, 792},
}

// pageText reads page n of a PDF back as text, laid out as printed.
func pageText(t *testing.T, pdf []byte, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(n)
	out, err := exec.Command(pdftotext(t), "-layout", "-f", p, "-l", p, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var wordBox = regexp.MustCompile(`<word xMin="[0-9.]+" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">`)

// filled is how far down the first page of a PDF of height h points the
// card's text reaches, as a share of the page: the page number in the
// bottom margin is not counted.
func filled(t *testing.T, pdf []byte, h float64) float64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext(t), "-f", "1", "-l", "1", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	bottomMargin := 10 / 25.4 * 72 // the card's @page margin, 10mm
	lowest := 0.0
	for _, m := range wordBox.FindAllSubmatch(out, -1) {
		top, _ := strconv.ParseFloat(string(m[1]), 64)
		bottom, _ := strconv.ParseFloat(string(m[2]), 64)
		if top < h-bottomMargin {
			lowest = max(lowest, bottom)
		}
	}
	return lowest / h
}

// TestCardPrintsOnOnePage prints the card of a typical map (25 entries,
// with every part of the card) on A4, on Letter and on the printer's own
// paper, and checks that each is exactly one page of the right size.
func TestCardPrintsOnOnePage(t *testing.T) {
	browser := chromium(t)
	s := newSummary(fullMap(), true, changes.Report{})
	if s.Entries != 25 || len(s.Parts) != 8 {
		t.Fatalf("the typical map has %d entries in %d parts, want 25 in 8", s.Entries, len(s.Parts))
	}
	for _, paper := range append(papers, struct {
		size string
		w, h float64
	}{"", 0, 0}) {
		t.Run("size="+paper.size, func(t *testing.T) {
			pages, w, h := pdfPages(printCard(t, browser, s, paper.size))
			if pages != 1 {
				t.Errorf("the card printed on %d pages, want 1", pages)
			}
			if paper.w != 0 && (abs(w-paper.w) > 2 || abs(h-paper.h) > 2) {
				t.Errorf("page size %v×%v pt, want %v×%v (%s)", w, h, paper.w, paper.h, paper.size)
			}
			t.Logf("%s: %d page, %v×%v pt, type %.2f pt", paper.size, pages, w, h, cardFontSize(s))
		})
	}
}

// TestSmallCardPrintsLarger: a map of six entries is printed in larger
// type than a typical one, still on one sheet, and fills more than half
// of it.
func TestSmallCardPrintsLarger(t *testing.T) {
	browser := chromium(t)
	small, full := newSummary(smallMap(), false, changes.Report{}), newSummary(fullMap(), false, changes.Report{})
	if small.Entries != 6 {
		t.Fatalf("the small map has %d entries, want 6", small.Entries)
	}
	if a, b := cardFontSize(small), cardFontSize(full); a < b+2 {
		t.Errorf("a small map's type is %.2f pt, a typical one's %.2f pt: want it at least 2 pt larger", a, b)
	}
	for _, paper := range papers {
		t.Run(paper.size, func(t *testing.T) {
			pdf := printCard(t, browser, small, paper.size)
			if pages, _, _ := pdfPages(pdf); pages != 1 {
				t.Errorf("the small card printed on %d pages, want 1", pages)
			}
			if f := filled(t, pdf, paper.h); f < 0.6 {
				t.Errorf("the small card fills %.0f%% of the page, want at least 60%%", 100*f)
			} else {
				t.Logf("%s: type %.2f pt, %.0f%% of the page filled", paper.size, cardFontSize(small), 100*f)
			}
		})
	}
}

// TestCardSizeFits checks the type size the card picks against maps of
// many lengths and shapes: whenever it is larger than the smallest size,
// the card fits one sheet of A4 and of Letter.
func TestCardSizeFits(t *testing.T) {
	browser := chromium(t)
	maps := cardMaps()
	names := make([]string, 0, len(maps))
	for name := range maps {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := newSummary(maps[name], false, changes.Report{})
		pt := cardFontSize(s)
		if pt <= minFont {
			t.Logf("%s: %d entries, at the smallest size: it may go on to a second sheet", name, s.Entries)
			continue
		}
		for _, paper := range papers {
			if pages, _, _ := pdfPages(printCard(t, browser, s, paper.size)); pages != 1 {
				t.Errorf("%s (%d entries, type %.2f pt): printed on %d %s pages, want 1", name, s.Entries, pt, pages, paper.size)
			}
		}
	}
}

// TestLongCardHeadsEveryPage: a map of 60 entries goes on to a second
// sheet, in readable type, and the second begins with the name, the stop
// word and the page number; a title given in place of the name heads it
// instead, and then the name is nowhere.
func TestLongCardHeadsEveryPage(t *testing.T) {
	browser := chromium(t)
	pdftotext(t)
	m := longMap()
	if s := newSummary(m, false, changes.Report{}); s.Entries != 60 {
		t.Fatalf("the long map has %d entries, want 60", s.Entries)
	}
	for _, c := range []struct {
		name, title, head string
	}{
		{"name", "", "Sam · Stop word: pineapple"},
		{"title", "Notes for Alex", "Notes for Alex · Stop word: pineapple"},
	} {
		for _, paper := range papers {
			t.Run(c.name+"/"+paper.size, func(t *testing.T) {
				s := newSummary(m, false, changes.Report{})
				if c.title != "" {
					s.retitle(c.title, false)
				}
				if pt := cardFontSize(s); pt < minFont {
					t.Errorf("type %.2f pt, want at least %.2f", pt, minFont)
				}
				pdf := printCard(t, browser, s, paper.size)
				pages, _, _ := pdfPages(pdf)
				if pages < 2 {
					t.Fatalf("a map of 60 entries printed on %d page", pages)
				}
				page2 := pageText(t, pdf, 2)
				top := strings.Join(strings.Fields(strings.SplitN(strings.TrimSpace(page2), "\n", 2)[0]), " ")
				if want := fmt.Sprintf("%s page 2 of %d", c.head, pages); top != want {
					t.Errorf("page 2 begins %q, want %q", top, want)
				}
				page1 := pageText(t, pdf, 1)
				if strings.Contains(page1, c.head) {
					t.Errorf("page 1 has the running head %q; the title and stop box say it there", c.head)
				}
				if want := fmt.Sprintf("page 1 of %d", pages); !strings.Contains(page1, want) {
					t.Errorf("page 1 does not say %q", want)
				}
				if c.title != "" {
					for n := 1; n <= pages; n++ {
						if strings.Contains(pageText(t, pdf, n), "Sam") {
							t.Errorf("page %d of a card titled %q shows the name", n, c.title)
						}
					}
				}
			})
		}
	}
}

// TestCardCalibration measures, with ATTUNE_CARD_CALIBRATE=1, the
// largest type each map of cardMaps fits one sheet with (A4 and Letter),
// and fails if fontFill is no longer below what was measured. Run it
// after changing the card's style sheet; it prints a few hundred cards.
func TestCardCalibration(t *testing.T) {
	if os.Getenv("ATTUNE_CARD_CALIBRATE") == "" {
		t.Skip("set ATTUNE_CARD_CALIBRATE=1 to measure the card's type sizes")
	}
	browser := chromium(t)
	size := regexp.MustCompile(`font-size: [0-9.]+pt; \}`)
	fits := func(s *summary, pt float64) bool {
		var buf bytes.Buffer
		for _, paper := range papers {
			buf.Reset()
			writeHTML(&buf, s, time.Time{}, paper.size)
			card := size.ReplaceAllString(buf.String(), fmt.Sprintf("font-size: %.2fpt; }", pt))
			path := filepath.Join(t.TempDir(), "card.html")
			os.WriteFile(path, []byte(card), 0o600)
			if n, _, _ := pdfPages(printToPDF(t, browser, path)); n != 1 {
				return false
			}
		}
		return true
	}
	for name, m := range cardMaps() {
		s := newSummary(m, false, changes.Report{})
		lo, hi := 5.0, maxFont+4
		for hi-lo > 0.1 {
			if mid := (lo + hi) / 2; fits(s, mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		k := lo * math.Sqrt(float64(cardLoad(s)))
		t.Logf("%-24s %2d entries, load %4d: picks %5.2f pt, fits up to %5.2f pt: fill %.0f", name, s.Entries, cardLoad(s), cardFontSize(s), lo, k)
		if lo < maxFont && k < fontFill {
			t.Errorf("%s fits only up to %.2f pt (fill %.0f): lower fontFill (%.0f)", name, lo, k, fontFill)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestCardWithGuide: --with-guide adds exactly one page to the card, and
// that page is the guide's page for a partner, with its sources.
func TestCardWithGuide(t *testing.T) {
	browser := chromium(t)
	s := newSummary(fullMap(), false, changes.Report{})
	s.Guide, _ = guide.Find("partner")
	for _, paper := range papers {
		pdf := printCard(t, browser, s, paper.size)
		if pages, _, _ := pdfPages(pdf); pages != 2 {
			t.Fatalf("%s: the card with the guide printed on %d pages, want 2", paper.size, pages)
		}
		page2 := strings.Join(strings.Fields(pageText(t, pdf, 2)), " ")
		for _, want := range []string{"For you, my partner", "Stop what you are doing, right away", "Sources", "Laura Davis", "not therapy"} {
			if !strings.Contains(page2, want) {
				t.Errorf("%s: page 2 lacks %q:\n%s", paper.size, want, page2)
			}
		}
		if page1 := pageText(t, pdf, 1); strings.Contains(page1, "For you, my partner") {
			t.Errorf("%s: the guide began on the card's page", paper.size)
		}
	}
}
