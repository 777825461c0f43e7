package app

import (
	"fmt"
	"io"
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
)

// BenchmarkListRender is the text view of `list`, without decryption.
// (Benchmarks of export and summary join here when those commands land.)
func BenchmarkListRender(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		m := testmaps.Sample(n)
		f := listFilter{boundaries: true, triggers: true}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				bs, ts := f.apply(m)
				p := newPrinter(io.Discard, false)
				p.header(m, true)
				p.boundaries(bs)
				p.triggers(ts)
			}
		})
	}
}

func BenchmarkListJSON(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		m := testmaps.Sample(n)
		f := listFilter{boundaries: true, triggers: true}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				bs, ts := f.apply(m)
				if err := writeJSON(io.Discard, m, bs, ts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
