package app

import (
	"fmt"
	"io"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/store"
)

// BenchmarkListRender is the text view of `list`, without decryption.
func BenchmarkListRender(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		m := testmaps.Sample(n)
		var f listFilter
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				v := f.apply(m)
				p := newPrinter(io.Discard, false, 0)
				p.header(m, true)
				p.readMe(v)
				p.boundaries(v.Boundaries, "none yet")
				p.triggers(v.Triggers, "none yet")
				p.care(v, true)
				p.signs(v, signs.OK)
				p.curious(v)
			}
		})
	}
}

func BenchmarkListJSON(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		m := testmaps.Sample(n)
		var f listFilter
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if err := writeJSON(io.Discard, f.apply(m), changes.Report{}, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExport is `export` without reading the map: leaving out the
// private entries, encoding, and encrypting to one partner's key.
func BenchmarkExport(b *testing.B) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, n := range []int{100, 1000, 10000} {
		m := testmaps.Sample(n)
		for i := range m.Boundaries {
			m.Boundaries[i].Private = i%10 == 0
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				out, _, _ := export.Plan(m, export.Audience{Recipients: []string{id.Recipient().String()}}, now)
				plain, err := export.Checked(out)
				if err != nil {
					b.Fatal(err)
				}
				if err := store.Encrypt(io.Discard, plain, false, id.Recipient()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSummary is `summary` in each format, without decryption.
func BenchmarkSummary(b *testing.B) {
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, format := range []string{export.FormatText, export.FormatMarkdown, export.FormatHTML} {
		for _, n := range []int{100, 1000, 10000} {
			m := testmaps.Sample(n)
			b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
				for b.Loop() {
					if err := export.WriteSummary(io.Discard, m, export.SummaryOptions{Format: format, Now: now}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
