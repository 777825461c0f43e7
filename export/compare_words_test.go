package export

import (
	"strings"
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
)

// With nothing both are curious about, the comparison says only that
// nothing matched: no line about what is "not a plan" over an empty
// list, in any format.
func TestCompareNothingCuriousSaysNoPlan(t *testing.T) {
	mine, theirs := mapfile.New(), mapfile.New()
	mine.Boundaries = []boundaries.Boundary{{ID: "b1", Light: boundaries.Green, Text: "Holding hands"}}
	theirs.Name = "Alex"
	theirs.Boundaries = []boundaries.Boundary{{ID: "b1", Light: boundaries.Green, Text: "holding hands"}}
	for _, format := range []string{FormatText, FormatMarkdown, FormatHTML} {
		var b strings.Builder
		if err := WriteComparison(&b, Compare(mine, theirs), format, 80); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "That is not a plan") || !strings.Contains(b.String(), "Nothing matched here") {
			t.Errorf("%s:\n%s", format, b.String())
		}
	}
}
