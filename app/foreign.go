package app

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

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
	if len(m.Partners) > 0 || m.PartnerFileKey != "" {
		return nil, errOwnMap
	}
	return m, nil
}

// errOwnMap is a map that holds what only one's own map holds (partners,
// the key that names their files): a map.toml.age, not an export.
var errOwnMap = errors.New("the file holds partner keys, which a shared map never does")

// readForeignFile decrypts a partner's export (or a stored import) with
// the owner's key. Its errors are worded for a file from someone else.
func (s *session) readForeignFile(path string) (*mapfile.Map, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fail("give the file your partner exported for you", "%s is a folder, not an export file", path)
	}
	if info.Size() > 2*MaxForeignSize {
		return nil, foreignError(&store.FileError{Path: path, Err: &store.DecryptError{Reason: store.TooLarge}}, path)
	}
	plain, err := store.ReadEncrypted(path, ids, MaxForeignSize)
	if err != nil {
		if asked := s.ask.why(err); asked != err {
			return nil, asked // the passphrase prompt failed: not the file's fault
		}
		return nil, foreignError(err, path)
	}
	m, err := decodeForeign(plain)
	if err != nil {
		return nil, foreignError(&store.FileError{Path: path, Err: err}, path)
	}
	return m, nil
}

// whoseMap reads --partner and --from, which list and summary share, and
// refuses them together or empty (usage mistakes, before any file is
// read).
func whoseMap(c *cli.Context) (partner, from string, err error) {
	partner, from = c.String("partner"), c.String("from")
	switch {
	case c.IsSet("partner") && c.IsSet("from"):
		return "", "", usage("use --partner NAME for a map you imported, or --from FILE for an export file", "--partner and --from cannot be used together")
	case c.IsSet("partner") && strings.TrimSpace(partner) == "":
		return "", "", usage("give your partner's name: --partner NAME", "--partner needs a name")
	case c.IsSet("from") && from == "":
		return "", "", usage("give the export file: --from FILE", "--from needs a file name")
	}
	return partner, from, nil
}

// mapFor reads the map a command was asked about: the last import from
// partner, the export file from, or (with neither) the person's own; own
// says which. Problems with a partner's file are worded as such (the fix
// is an export again, never `attune undo`).
func (s *session) mapFor(partner, from string) (m *mapfile.Map, own bool, err error) {
	switch {
	case partner != "":
		m, err = s.readPartnerMap(partner)
	case from != "":
		m, err = s.readForeignFile(from)
	default:
		m, err = s.readMap()
		own = true
	}
	if err != nil {
		return nil, false, err
	}
	return m, own, nil
}

// newPartnerFileKey makes the random key that names partner files.
func newPartnerFileKey() string {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand)
	return base64.StdEncoding.EncodeToString(key)
}

// PartnerFileName is the file that keeps the last import from a partner.
// It is named by an HMAC of the name under a random key kept inside the
// encrypted map, so the name of someone one shares with never shows on
// disk (nor can it be guessed from a list of names).
func PartnerFileName(dir, key, name string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(mapfile.PartnerNameKey(name)))
	return filepath.Join(dir, store.PartnersDir, hex.EncodeToString(mac.Sum(nil)[:16])+".toml.age")
}

// partnerFile returns where the import from name is kept. With create, a
// map that has no key yet (one written by hand) is given one; without,
// such a map has no imports.
func (s *session) partnerFile(name string, create bool) (string, error) {
	m, err := s.readMap()
	if err != nil {
		return "", err
	}
	key := m.PartnerFileKey
	if key == "" {
		if !create {
			return "", nothingImported(name)
		}
		err := s.update(func(m *mapfile.Map) error {
			if m.PartnerFileKey == "" {
				m.PartnerFileKey = newPartnerFileKey()
			}
			key = m.PartnerFileKey
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return PartnerFileName(s.store.Dir, key, name), nil
}

func nothingImported(name string) error {
	return fail("`attune import FILE --as "+name+"` brings in a map your partner exported for you",
		"nothing has been imported from %q yet", name)
}

// readPartnerMap reads the last import from a partner.
func (s *session) readPartnerMap(name string) (*mapfile.Map, error) {
	if err := mapfile.CheckPartnerName(name); err != nil {
		return nil, err
	}
	path, err := s.partnerFile(name, false)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nothingImported(name)
	}
	return s.readForeignFile(path)
}
