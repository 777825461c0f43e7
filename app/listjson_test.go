package app

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/internal/jsonw"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
)

// list --json is written without encoding/json, member by member; every
// byte must be what encoding/json writes for the documented shape
// (jsonMap and its tags): empty maps, a partner's map with new, changed
// and removed entries, and text that needs escaping in every field.
func TestListJSONWriter(t *testing.T) {
	older := testmaps.Sample(60)
	newer := older.Clone()
	newer.Boundaries[0].Light = boundaries.Green
	newer.Triggers[1].Text = `"Shouting" & <doors> slamming` + "\u2028\x01\xff"
	newer.Boundaries = newer.Boundaries[1:]
	newer.Curious = append(newer.Curious, curious.Curiosity{ID: "c99", Text: "Slow dancing\n\tin the kitchen"})
	for i := range newer.Signs {
		newer.Signs[i].Note = "<i>quiet</i> \\ \u2029"
	}
	since := changes.Compare(older, newer)
	if since.None() {
		t.Fatal("the test's two maps do not differ")
	}
	for _, c := range []struct {
		name     string
		m        *mapfile.Map
		since    changes.Report
		verified bool
	}{
		{"empty", mapfile.New(), changes.Report{}, true},
		{"own", testmaps.Sample(200), changes.Report{}, true},
		{"partner", newer, since, false},
	} {
		shape := jsonOf(c.m, c.since, c.verified)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(shape); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSON(&got, c.m, c.since, c.verified); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: list --json differs from encoding/json:\n%s\nencoding/json:\n%s", c.name, got.Bytes(), want.Bytes())
		}
		// The comparison can fail: a member left out is noticed.
		if c.name == "partner" {
			w := jsonw.New(0)
			shape.Removed = nil
			if bytes.Equal(shape.appendTo(w).Bytes(), want.Bytes()) {
				t.Error("a map without its removed entries wrote the same JSON")
			}
		}
	}
}
