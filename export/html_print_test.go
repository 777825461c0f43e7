package export

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/attune-dev/attune/changes"
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
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: cannot check that the card prints on one page (install chromium to run this test)")
	return ""
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

// TestCardPrintsOnOnePage prints the card of a typical map (about ten
// boundaries and ten triggers, with notes and what helps) on A4 and on
// Letter, and on the printer's own paper size, and checks that each is
// exactly one page.
func TestCardPrintsOnOnePage(t *testing.T) {
	browser := chromium(t)
	s := newSummary(sampleMap(), true, changes.Report{})
	for _, paper := range []struct {
		size string
		w, h float64 // points; 0 means whatever the browser's default is
	}{
		{"A4", 595, 842},
		{"letter", 612, 792},
		{"", 0, 0},
	} {
		t.Run("size="+paper.size, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeHTML(&buf, s, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), paper.size); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "card.html")
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			pages, w, h := pdfPages(printToPDF(t, browser, path))
			if pages != 1 {
				t.Errorf("the card printed on %d pages, want 1", pages)
			}
			if paper.w != 0 && (abs(w-paper.w) > 2 || abs(h-paper.h) > 2) {
				t.Errorf("page size %v×%v pt, want %v×%v (%s)", w, h, paper.w, paper.h, paper.size)
			}
			t.Logf("%s: %d page, %v×%v pt", paper.size, pages, w, h)
		})
	}
}

// TestLongMapPrintsOnMorePages checks the counting on the real thing: a
// map far too long for one sheet must not be squeezed onto one.
func TestLongMapPrintsOnMorePages(t *testing.T) {
	browser := chromium(t)
	m := sampleMap()
	for i := 0; i < 6; i++ {
		m.Triggers = append(m.Triggers, m.Triggers...)
	}
	var buf bytes.Buffer
	if err := writeHTML(&buf, newSummary(m, false, changes.Report{}), time.Time{}, "A4"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "card.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if pages, _, _ := pdfPages(printToPDF(t, browser, path)); pages < 2 {
		t.Fatalf("a map of %d triggers printed on %d page", len(m.Triggers), pages)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
