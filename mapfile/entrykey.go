package mapfile

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"strings"

	"github.com/attune-dev/attune/entry"
)

// KeyLen is the length of an entry's hidden key: 128 random bits in
// lower-case base32, without padding.
const KeyLen = 26

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewKey makes a new hidden entry key: 128 random bits, so no two
// entries, on any device, ever get the same one.
func NewKey() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return strings.ToLower(keyEncoding.EncodeToString(b))
}

// checkKey accepts an empty key (a version-1 map, or an export) or one
// made by NewKey.
func checkKey(k string) error {
	if k == "" {
		return nil
	}
	if len(k) != KeyLen {
		return errors.New("the key is not an attune entry key")
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return errors.New("the key is not an attune entry key")
		}
	}
	return nil
}

// AssignKeys gives every entry without a hidden key a new one, and says
// whether it gave any. A version-1 map gets its keys this way on its
// first write.
func (m *Map) AssignKeys() bool {
	given := false
	m.Each(func(_ Section, r entry.Ref) {
		if *r.Key == "" {
			*r.Key, given = NewKey(), true
		}
	})
	return given
}
