package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
)

// The maps imported from partners are kept in PartnersDir, one file per
// person, encrypted to the owner's key, each named by an HMAC of the
// person's name under a random key kept inside the encrypted map
// (mapfile.Map.PartnerFileKey), so the names of the people one shares
// with never show on disk (nor can be guessed from a list of names).

// ErrNoImport means nothing has been imported from that person.
var ErrNoImport = errors.New("nothing has been imported from them")

// NewPartnerFileKey makes the random key that names import files.
func NewPartnerFileKey() string {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand)
	return base64.StdEncoding.EncodeToString(key)
}

// The two files kept per person: the last import, and the one before
// it, so that a partner's view can mark what changed since.
const (
	importSuffix   = ".toml.age"
	previousSuffix = ".prev.toml.age"
)

// ImportFile is the path of the file that keeps the last import from a
// person, in the store in dir, under the map's file key.
func ImportFile(dir, fileKey, name string) string {
	return importBase(dir, fileKey, name) + importSuffix
}

func importBase(dir, fileKey, name string) string {
	mac := hmac.New(sha256.New, []byte(fileKey))
	mac.Write([]byte(mapfile.PartnerNameKey(name)))
	return filepath.Join(dir, PartnersDir, hex.EncodeToString(mac.Sum(nil)[:16]))
}

func (s *Store) importFile(m *mapfile.Map, name string) string {
	return ImportFile(s.Dir, m.PartnerFileKey, name)
}

func (s *Store) previousFile(m *mapfile.Map, name string) string {
	return importBase(s.Dir, m.PartnerFileKey, name) + previousSuffix
}

// ReadImport reads the last map imported from name (ErrNoImport if
// none). m is the owner's map, whose key names the file.
func (s *Store) ReadImport(ids []age.Identity, m *mapfile.Map, name string) (*mapfile.Map, error) {
	if m.PartnerFileKey == "" {
		return nil, ErrNoImport
	}
	path := s.importFile(m, name)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoImport
	}
	return ReadShared(path, ids)
}

// ReadPreviousImport reads the import before the last one from name, or
// nil when there is none.
func (s *Store) ReadPreviousImport(ids []age.Identity, m *mapfile.Map, name string) (*mapfile.Map, error) {
	if m.PartnerFileKey == "" {
		return nil, nil
	}
	path := s.previousFile(m, name)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return ReadShared(path, ids)
}

// Imports reads every stored import. One that can't be read is reported
// in bad and left out, so that it does not hide the others.
func (s *Store) Imports(ids []age.Identity) (maps []*mapfile.Map, bad []error, err error) {
	dir := s.Path(PartnersDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), importSuffix) || strings.HasSuffix(e.Name(), previousSuffix) {
			continue
		}
		m, err := ReadShared(filepath.Join(dir, e.Name()), ids)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		maps = append(maps, m)
	}
	return maps, bad, nil
}

// SaveImport keeps imported as the map imported from name, encrypted to
// the recipients, under the store's lock, and the import it replaces as
// the previous one (until the next import). The owner's map gets a file
// key first if it has none (a map written by hand). accept sees the
// import it would replace (nil when there is none; oldErr when that one
// can't be read) and may refuse; its error is returned as is. An import
// that is the one already kept writes nothing (the previous one stays).
func (s *Store) SaveImport(ids []age.Identity, recipients []age.Recipient, name string, imported *mapfile.Map,
	accept func(old *mapfile.Map, oldErr error) error) (old *mapfile.Map, oldErr error, err error) {
	plain, err := imported.Encode()
	if err != nil {
		return nil, nil, err
	}
	err = s.Locked(func() error {
		m, _, err := s.readMap(ids)
		if err != nil {
			return err
		}
		if m.PartnerFileKey == "" {
			m.PartnerFileKey = NewPartnerFileKey()
			if err := prepareWrite(m); err != nil {
				return err
			}
			if err := s.writeMap(m, recipients); err != nil {
				return err
			}
			s.committed(func() string { return CommitMessage(s.Command, m, m) })
		}
		path := s.importFile(m, name)
		if err := s.ensureDir(PartnersDir); err != nil {
			return err
		}
		if _, err := os.Lstat(path); err == nil {
			old, oldErr = ReadShared(path, ids)
		}
		if err := accept(old, oldErr); err != nil {
			return err
		}
		if old != nil && old.Equal(imported) {
			return nil
		}
		keepPrevious := func() error {
			if old == nil {
				return nil
			}
			return atomicfile.SnapshotNoSync(path, s.previousFile(m, name), filePerm)
		}
		return atomicfile.WriteThen(path, filePerm, func(w io.Writer) error {
			return Encrypt(w, plain, false, recipients...)
		}, keepPrevious)
	})
	return old, oldErr, err
}

// RemoveImport forgets the map imported from name, and says whether
// there was one. m is the owner's map, whose key names the file.
func (s *Store) RemoveImport(m *mapfile.Map, name string) (removed bool, err error) {
	if m.PartnerFileKey == "" {
		return false, nil
	}
	path, prev := s.importFile(m, name), s.previousFile(m, name)
	err = s.Locked(func() error {
		if _, err := os.Lstat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err := os.Remove(prev); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		} else if err == nil {
			removed = true
		}
		return atomicfile.SyncDir(filepath.Dir(path))
	})
	return removed, err
}

// HasImport reports whether something was imported from name.
func (s *Store) HasImport(m *mapfile.Map, name string) bool {
	if m.PartnerFileKey == "" {
		return false
	}
	_, err := os.Lstat(s.importFile(m, name))
	return err == nil
}

// ensureDir makes a folder of the store, 0700.
func (s *Store) ensureDir(name string) error {
	p := s.Path(name)
	if err := os.MkdirAll(p, dirPerm); err != nil {
		return err
	}
	return os.Chmod(p, dirPerm)
}
