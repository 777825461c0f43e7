package mapfile_test

import (
	"bytes"
	"testing"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
)

// Maps from the generator that benchmarks and scripts/bench.sh use are
// read by the fast path.
func TestSampleMapsTakeFastPath(t *testing.T) {
	for _, n := range []int{0, 1, 3, 200} {
		for _, m := range []*mapfile.Map{testmaps.Sample(n), testmaps.WithHistory(testmaps.Sample(n))} {
			data, _ := m.Encode()
			fallbacks := mapfile.HearFastFallbacks(t)
			if _, err := mapfile.Decode(data); err != nil {
				t.Fatal(err)
			}
			if len(*fallbacks) > 0 {
				t.Errorf("Sample(%d), history %v: the fast decoder passed it on: %v", n, len(m.History) > 0, *fallbacks)
			}
		}
	}
}

// FuzzDecode: no input makes Decode panic, and every map it accepts
// encodes to TOML that decodes to the same map, by the fast path.
func FuzzDecode(f *testing.F) {
	for _, n := range []int{0, 1, 3} {
		data, _ := testmaps.Sample(n).Encode()
		f.Add(data)
	}
	data, _ := testmaps.WithHistory(testmaps.Sample(12)).Encode()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapfile.Decode(data)
		if err != nil {
			return
		}
		enc, err := m.Encode()
		if err != nil {
			t.Fatalf("an accepted map does not encode: %v", err)
		}
		fallbacks := mapfile.HearFastFallbacks(t)
		m2, err := mapfile.Decode(enc)
		if err != nil {
			t.Fatalf("an accepted map, encoded, is refused: %v\n%s", err, enc)
		}
		if len(*fallbacks) > 0 {
			t.Fatalf("the fast decoder passed attune's own output on (%v):\n%s", *fallbacks, enc)
		}
		if ref, err := mapfile.EncodeReference(m); err != nil || !bytes.Equal(enc, ref) {
			t.Fatalf("Encode differs from the TOML encoder (%v):\n%s\n---\n%s", err, enc, ref)
		}
		enc2, err := m2.Encode()
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("the map does not round-trip:\n%s\n---\n%s", enc, enc2)
		}
	})
}

// FuzzDecodeShared: a partner's file, however hostile, never makes
// attune panic, never brings in partner keys or private entries, and
// what is accepted is a valid map.
func FuzzDecodeShared(f *testing.F) {
	shared, _ := testmaps.Sample(20).Shareable()
	data, _ := shared.Encode()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapfile.DecodeShared(data)
		if err != nil {
			return
		}
		if len(m.Partners) > 0 || m.PartnerFileKey != "" {
			t.Fatal("a shared map with partners was accepted")
		}
		m.Each(func(sec mapfile.Section, r entry.Ref) {
			if *r.Private || len(*r.ShareWith) > 0 {
				t.Fatalf("a shared map with a private %s, or one that names who sees it, was accepted", sec.Name)
			}
		})
		if err := m.Validate(); err != nil {
			t.Fatalf("an accepted shared map does not validate: %v", err)
		}
	})
}
