package mapfile

import (
	"crypto/rand"
	"strings"

	"github.com/attune-dev/attune/entry"
)

// A device tag is two letters that end the ids a device hands out once
// its map is kept on several devices (b12kq): two devices that each add
// an entry before they sync never give out the same id, and an id stays
// short and easy to type. The letters leave out those easily taken for
// a digit or for each other (b, i, l, o, s, z).
const deviceTagLetters = "acdefghjkmnpqrtuvwxy"

// ValidDeviceTag reports whether tag is a device tag: two of its letters.
func ValidDeviceTag(tag string) bool {
	return len(tag) == 2 && strings.IndexByte(deviceTagLetters, tag[0]) >= 0 &&
		strings.IndexByte(deviceTagLetters, tag[1]) >= 0
}

// NewDeviceTag makes a random device tag that no id of m ends with, when
// there is one left.
func NewDeviceTag(m *Map) string {
	used := m.DeviceTags()
	var free []string
	for _, a := range []byte(deviceTagLetters) {
		for _, b := range []byte(deviceTagLetters) {
			if tag := string([]byte{a, b}); !used[tag] {
				free = append(free, tag)
			}
		}
	}
	if len(free) == 0 { // every tag in use: ids stay unique by their numbers
		free = []string{deviceTagLetters[:2]}
	}
	var r [2]byte
	rand.Read(r[:]) // never fails (crypto/rand)
	return free[(int(r[0])<<8|int(r[1]))%len(free)]
}

// DeviceTags is the set of tags the ids of m end with.
func (m *Map) DeviceTags() map[string]bool {
	out := map[string]bool{}
	m.Each(func(_ Section, r entry.Ref) {
		if tag, ok := idTag(*r.ID); ok {
			out[tag] = true
		}
	})
	return out
}

// idTag is the device tag an id ends with, if it has one.
func idTag(id string) (string, bool) {
	if len(id) < 4 {
		return "", false
	}
	tag := id[len(id)-2:]
	return tag, ValidDeviceTag(tag) && id[len(id)-3] >= '0' && id[len(id)-3] <= '9'
}

// SetDeviceTag makes the ids m hands out from now on (NextID) end with
// tag; "" (a map kept on one device) hands out b1, b2… It is not part of
// the map's content: a copy (Clone) keeps it, Equal and Encode ignore it.
func (m *Map) SetDeviceTag(tag string) { m.deviceTag = tag }

// DeviceTag is the tag set with SetDeviceTag.
func (m *Map) DeviceTag() string { return m.deviceTag }
