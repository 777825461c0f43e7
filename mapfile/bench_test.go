package mapfile_test

import (
	"fmt"
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
)

var benchSizes = []int{100, 1000, 10000}

func BenchmarkEncode(b *testing.B) {
	for _, n := range benchSizes {
		m := testmaps.WithHistory(testmaps.Sample(n))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := m.Encode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range benchSizes {
		data, err := testmaps.WithHistory(testmaps.Sample(n)).Encode()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := mapfile.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSorted(b *testing.B) {
	for _, n := range benchSizes {
		m := testmaps.Sample(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				m.SortedBoundaries()
				m.SortedTriggers()
			}
		})
	}
}
