package export

import (
	"fmt"
	"io"
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
)

// BenchmarkTextSummary is the plain-text summary of a large map: every
// entry is measured and wrapped, so this is where the cost of counting
// columns shows.
func BenchmarkTextSummary(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, kind := range []string{"ascii", "mixed"} {
			m := testmaps.Sample(n)
			if kind == "mixed" {
				mixText(m)
			}
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				for b.Loop() {
					if err := WriteSummary(io.Discard, m, SummaryOptions{Format: FormatText, Width: 80}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// mixText gives every other entry text beyond ASCII: accents typed as
// combining marks, CJK, emoji with skin tones, joiners and flags.
func mixText(m *mapfile.Map) {
	extra := []string{
		" — caresses lentes, s'il te plaît, e\u0301te\u0301",
		" 抱きしめられるのは大丈夫",
		" 👍🏽 🇫🇷🇩🇪 👩‍💻 ❤️",
	}
	for i := range m.Boundaries {
		if i%2 == 0 {
			m.Boundaries[i].Text += extra[i%len(extra)]
		}
	}
	for i := range m.Triggers {
		if i%2 == 0 {
			m.Triggers[i].Helps += extra[i%len(extra)]
		}
	}
}
