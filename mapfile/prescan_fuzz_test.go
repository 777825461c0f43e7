package mapfile_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/mapfile"
)

// FuzzPrescan: the scan never panics; what it accepts, the TOML decoder
// reads or refuses without a panic, at a cost linear in the size, and
// with as many [[…]] entries as the scan counted; and whatever map Decode
// accepts, attune writes back in a form the scan accepts.
func FuzzPrescan(f *testing.F) {
	for _, c := range prescanCases {
		f.Add([]byte(c.text))
	}
	for _, m := range writtenMaps() {
		if data, err := m.Encode(); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	// The hostile shapes, small, are in testdata/fuzz/FuzzPrescan.
	f.Fuzz(func(t *testing.T, data []byte) {
		shape, err := mapfile.Prescan(data)
		if err != nil {
			checkShapeError(t, data, err)
			if len(data) <= 1<<10 { // Decode alone may be slow on what the scan refuses
				checkWrittenPasses(t, data)
			}
			return
		}
		checkWrittenPasses(t, data)
		var m mapfile.Map
		var decodeErr error
		n := allocatedBy(func() { decodeErr = decodeNoPanic(t, data, &m) })
		if limit := 1<<20 + 512*uint64(len(data)); n > limit {
			t.Fatalf("the scan let through %d bytes that cost the decoder %d bytes of memory", len(data), n)
		}
		if decodeErr == nil {
			checkCounts(t, shape, &m)
		}
	})
}

func checkShapeError(t *testing.T, data []byte, err error) {
	var se *mapfile.ShapeError
	if !errors.As(err, &se) {
		t.Fatalf("the scan's error is a %T, not a *ShapeError: %v", err, err)
	}
	if lines := bytes.Count(data, []byte("\n")) + 1; se.Line < 1 || se.Line > lines {
		t.Fatalf("the error names line %d of %d", se.Line, lines)
	}
}

// decodeNoPanic is BurntSushi/toml alone, with no check of attune's.
func decodeNoPanic(t *testing.T, data []byte, m *mapfile.Map) (err error) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("the scan accepted text that makes the TOML decoder panic: %v", r)
		}
	}()
	_, err = toml.NewDecoder(bytes.NewReader(data)).Decode(m)
	return err
}

func checkCounts(t *testing.T, shape mapfile.Shape, m *mapfile.Map) {
	got := map[string]int{"partner": len(m.Partners), "boundary": len(m.Boundaries), "trigger": len(m.Triggers),
		"sign": len(m.Signs), "aftercare": len(m.Aftercare), "curious": len(m.Curious), "history": len(m.History)}
	sum := 0
	for name, n := range got {
		sum += n
		if shape.Sections[name] != n {
			t.Fatalf("the scan counted %d [[%s]], the decoder read %d", shape.Sections[name], name, n)
		}
	}
	if shape.Entries != sum {
		t.Fatalf("the scan counted %d entries, the decoder read %d", shape.Entries, sum)
	}
}

// checkWrittenPasses: a map Decode accepts, written by attune, passes the
// scan (so DecodeUntrusted never refuses what attune itself exported).
func checkWrittenPasses(t *testing.T, data []byte) {
	m, err := mapfile.Decode(data)
	if err != nil {
		return
	}
	enc, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mapfile.Prescan(enc); err != nil {
		t.Fatalf("the scan refuses a map attune wrote: %v\n%s", err, enc)
	}
}

var updateSeeds = flag.Bool("update-prescan-seeds", false, "write the hostile shapes to testdata/fuzz/FuzzPrescan")

// seedSize is the size of the hostile shapes in the fuzz seeds: small
// enough to fuzz fast, large enough that nesting would break the
// decoder's memory bound in FuzzPrescan if the scan let it through.
const seedSize = 2 << 10

// Each hostile shape, small, is a seed of FuzzPrescan (go test
// -run TestFuzzPrescanSeeds -update-prescan-seeds writes them).
func TestFuzzPrescanSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzPrescan")
	for _, s := range hostileShapes {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(s.build(seedSize))))
		path := filepath.Join(dir, s.name)
		if *updateSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Errorf("%s is missing or out of date (%v): run go test -run TestFuzzPrescanSeeds -update-prescan-seeds", path, err)
		}
	}
}
