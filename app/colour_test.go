package app

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// Colour only repeats what the words and symbols say: the coloured view,
// its colour taken away, is exactly the plain view, and the plain view
// names every light in words and a symbol of its own.
func TestColourCarriesNoMeaningOfItsOwn(t *testing.T) {
	m := mapfile.New()
	m.Name, m.Safeword = "Robin", "marmalade"
	m.Boundaries = []boundaries.Boundary{
		{ID: "b1", Light: boundaries.Red, Text: "Being held down", Note: "wrists"},
		{ID: "b2", Light: boundaries.Yellow, Text: "Lights off", Private: true},
		{ID: "b3", Light: boundaries.Green, Text: "Holding hands"},
	}
	m.Triggers = []triggers.Trigger{{ID: "t1", Category: triggers.Sounds, Text: "Thunder", Intensity: triggers.High, Helps: "Headphones"}}
	render := func(colour bool) string {
		var buf bytes.Buffer
		p := newPrinter(&buf, colour, 0)
		p.header(m, true)
		p.boundaries(m.SortedBoundaries(), "none yet")
		p.triggers(m.SortedTriggers(), "none yet")
		return buf.String()
	}
	plain, coloured := render(false), render(true)
	if !sgr.MatchString(coloured) {
		t.Fatal("the coloured view has no colour: this test proves nothing")
	}
	if strings.Contains(plain, "\x1b") {
		t.Fatal("the plain view has escape sequences")
	}
	if got := sgr.ReplaceAllString(coloured, ""); got != plain {
		t.Errorf("colour changes more than colour:\n%s\n--- plain ---\n%s", got, plain)
	}
	for _, l := range boundaries.Lights {
		if !strings.Contains(plain, l.Symbol()+" "+l.Label()) || !strings.Contains(plain, string(l)+" light") {
			t.Errorf("the plain view does not name %s in words and a symbol", l)
		}
	}
	if !strings.Contains(plain, "(private)") || !strings.Contains(plain, "[high]") {
		t.Error("private entries or intensities are not marked in words")
	}
}
