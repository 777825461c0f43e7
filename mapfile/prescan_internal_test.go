package mapfile

import (
	"reflect"
	"slices"
	"testing"
)

// The scan's picture of the schema is read from Map's toml tags. If a
// field is added, this test says what changed, so the new shape is
// allowed on purpose.
func TestSchemaShape(t *testing.T) {
	s := schemaOf()
	if want := []string{"partner", "boundary", "trigger", "sign", "aftercare", "curious", "history", "notice", "key_change"}; !slices.Equal(s.entries, want) {
		t.Errorf("[[…]] sections: %q, want %q", s.entries, want)
	}
	if len(s.sections) != 0 {
		t.Errorf("[…] sections: %q, want none", s.sections)
	}
	if s.listDepth != 1 {
		t.Errorf("list depth %d, want 1 (recipients = […])", s.listDepth)
	}
	if want := []int{7, 10, 11, 8, 8, 8, 6, 10, 4}; s.topKeys != 30 || !slices.Equal(s.entryKeys, want) {
		t.Errorf("keys: top %d, entries %v; want 30, %v", s.topKeys, s.entryKeys, want)
	}
	if got := s.entryList(); got != "[[partner]], [[boundary]], [[trigger]], [[sign]], [[aftercare]], [[curious]], [[history]], [[notice]] and [[key_change]]" {
		t.Errorf("entryList() = %q", got)
	}
}

// The scan refuses every dotted section name, so a table inside an entry
// (a struct field of Boundary, say) could never be read back: the schema
// must not grow one without the scan learning it.
func TestSchemaHasNoNestedTables(t *testing.T) {
	if n := schemaOf().nested; len(n) > 0 {
		t.Fatalf("the schema has tables the scan cannot allow: %q", n)
	}
	type inner struct{ A int }
	type outer struct {
		E []struct {
			In    inner    `toml:"in"`
			Lists [][]int  `toml:"lists"`
			Ptr   *[]inner `toml:"ptr"`
		} `toml:"e"`
		Deep [][]inner `toml:"deep"`
		Sec  inner     `toml:"sec"`
		Skip inner     `toml:"-"`
	}
	var s schemaShape
	s.readFields(reflect.TypeFor[outer](), "")
	if want := []string{"e.in", "e.ptr", "deep"}; !slices.Equal(s.nested, want) {
		t.Errorf("nested = %q, want %q", s.nested, want)
	}
	if !slices.Equal(s.entries, []string{"e"}) || !slices.Equal(s.sections, []string{"sec"}) || s.listDepth != 2 {
		t.Errorf("entries %q, sections %q, list depth %d", s.entries, s.sections, s.listDepth)
	}
}
