package guide

import (
	"bytes"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/textcheck"
)

// Every page loads, says what it is about, names its sources and ends
// with the line that it is not therapy; its words are text attune
// accepts; none names a hotline's number.
func TestTopics(t *testing.T) {
	if len(Topics()) != len(order) {
		t.Fatalf("%d topics, want %d", len(Topics()), len(order))
	}
	for _, tp := range Topics() {
		var b bytes.Buffer
		if err := WriteText(&b, tp, 80); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, "\nSources\n") || !strings.HasSuffix(strings.Join(strings.Fields(out), " "), NotTherapy) {
			t.Errorf("%s: no sources, or not ending with the note:\n%s", tp.Name, out)
		}
		for _, s := range tp.Sources {
			if !strings.Contains(strings.Join(strings.Fields(out), " "), s) {
				t.Errorf("%s: source %q not shown", tp.Name, s)
			}
		}
		if textcheck.NeutralizeLines(tp.Body) != tp.Body {
			t.Errorf("%s: the body holds a control character", tp.Name)
		}
		for _, l := range strings.Split(out, "\n") {
			if len([]rune(l)) > 80 {
				t.Errorf("%s: line longer than 80 columns: %q", tp.Name, l)
			}
		}
		if strings.ContainsAny(tp.Body, "0123456789") && tp.Name != "grounding" && tp.Name != "freeze" {
			t.Errorf("%s: a number in the body (a hotline?)", tp.Name)
		}
	}
}

// The manual page holds every title and every source.
func TestMan(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMan(&b, "test"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if !strings.HasPrefix(page, ".TH ATTUNE-GUIDE 7 ") {
		t.Fatalf("no title line:\n%s", page[:80])
	}
	for _, tp := range Topics() {
		if !strings.Contains(page, ".SH "+roffText(strings.ToUpper(tp.Title))+"\n") {
			t.Errorf("no section for %s", tp.Name)
		}
		for _, s := range tp.Sources {
			if !strings.Contains(page, roffText(s)) {
				t.Errorf("%s: source %q missing", tp.Name, s)
			}
		}
	}
}
