package mapfile

import (
	"strings"
	"testing"

	"github.com/attune-dev/attune/boundaries"
)

// A map on a device with a tag hands out ids that end with it, numbered
// on from the ids already there (tagged or not); a map without one goes
// on as before.
func TestTaggedIDs(t *testing.T) {
	m := sample() // b1..b3, t1..t2
	m.SetDeviceTag("kq")
	if id := m.NextID(BoundarySection); id != "b4kq" {
		t.Errorf("next id on device kq = %s, want b4kq", id)
	}
	c := m.Clone()
	if id := c.NextID(BoundarySection); id != "b5kq" {
		t.Errorf("a clone forgot the tag: %s, want b5kq", id)
	}
	m.SetDeviceTag("")
	if id := m.NextID(BoundarySection); id != "b5" {
		t.Errorf("next id without a tag = %s, want b5", id)
	}
	// A map that holds b9xy (made on another device) continues after 9.
	h := New()
	h.Boundaries = []boundaries.Boundary{{ID: "b9xy", Light: boundaries.Red, Text: "x"}}
	h.SetDeviceTag("kq")
	if id := h.NextID(BoundarySection); id != "b10kq" {
		t.Errorf("next id after b9xy = %s, want b10kq", id)
	}
	if !h.DeviceTags()["xy"] || len(h.DeviceTags()) != 1 {
		t.Errorf("DeviceTags = %v, want xy", h.DeviceTags())
	}
}

// Tagged ids are valid ids of their section, read back from a file;
// anything else after the number is not.
func TestTaggedIDsValidate(t *testing.T) {
	for _, c := range []struct {
		id string
		ok bool
	}{
		{"b12kq", true}, {"b1aa", true}, {"b1", true}, {"b12k", false}, {"b12kqx", false},
		{"b12ki", false}, {"b12ko", false}, {"bkq", false}, {"b0kq", false}, {"b01kq", false},
		{"b12KQ", false}, {"t3kq", false}, {"b-1kq", false},
	} {
		text := "version = 2\n[[boundary]]\nid = \"" + c.id + "\"\nlight = \"red\"\ntext = \"t\"\n"
		_, err := Decode([]byte(text))
		if (err == nil) != c.ok {
			t.Errorf("id %q: err %v, want ok=%v", c.id, err, c.ok)
		}
	}
	// An older attune does not read them: a map that holds one is version 2.
	_, err := Decode([]byte("version = 1\n[[boundary]]\nid = \"b2kq\"\nlight = \"red\"\ntext = \"t\"\n"))
	if err == nil || !strings.Contains(err.Error(), "b12kq") {
		t.Errorf("a version-1 map with a tagged id: %v", err)
	}
}

// A new tag is two of the tag letters, and never one the map's ids use
// already (another device's).
func TestNewDeviceTag(t *testing.T) {
	m := New()
	for _, a := range deviceTagLetters {
		for _, b := range deviceTagLetters {
			if a == 'k' && b == 'q' {
				continue
			}
			id := "b" + string(rune('1'+len(m.Boundaries)%9)) + string(a) + string(b)
			m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: id})
		}
	}
	if tag := NewDeviceTag(New()); !ValidDeviceTag(tag) {
		t.Fatalf("NewDeviceTag = %q, not a tag", tag)
	}
	// With every tag but kq taken, kq is the one.
	for range 20 {
		if tag := NewDeviceTag(m); tag != "kq" {
			t.Fatalf("NewDeviceTag = %q with only kq free", tag)
		}
	}
}
