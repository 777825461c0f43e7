package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// MaxForeignSize bounds a map that comes from someone else (an export
// sent by a partner): it is untrusted input.
const MaxForeignSize = 1 << 20

// decodeForeign validates a map that came from someone else exactly as
// attune validates its own, and also refuses what only one's own map may
// hold (partners and their keys).
func decodeForeign(plain []byte) (*mapfile.Map, error) {
	m, err := mapfile.Decode(plain)
	if err != nil {
		return nil, err
	}
	if len(m.Partners) > 0 {
		return nil, errors.New("the file holds partner keys, which a shared map never does")
	}
	return m, nil
}

// readForeignFile decrypts a partner's export with the owner's key.
func (s *session) readForeignFile(path string) (*mapfile.Map, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > 2*MaxForeignSize {
		return nil, &store.FileError{Path: path, Err: &store.DecryptError{Reason: store.TooLarge}}
	}
	plain, err := store.ReadEncrypted(path, ids, MaxForeignSize)
	if err != nil {
		return nil, err
	}
	m, err := decodeForeign(plain)
	if err != nil {
		return nil, &store.FileError{Path: path, Err: err}
	}
	return m, nil
}

// partnerFile is where the last import from a partner is kept.
func (s *session) partnerFile(name string) string {
	return filepath.Join(s.store.Dir, store.PartnersDir, strings.ToLower(name)+".toml.age")
}

// readPartnerMap reads the last import from a partner.
func (s *session) readPartnerMap(name string) (*mapfile.Map, error) {
	if err := mapfile.CheckPartnerName(name); err != nil {
		return nil, err
	}
	path := s.partnerFile(name)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fail("`attune import FILE --as "+name+"` brings in a map your partner exported for you",
			"nothing has been imported from %q yet", name)
	}
	return s.readForeignFile(path)
}
