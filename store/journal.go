package store

import (
	"errors"
	"io"
	"io/fs"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
)

// The journal is the second encrypted file of the store: what is only
// ever the owner's (check-ins and debriefs). It is encrypted to the
// owner's keys as the map is, and written the same way (locked, atomic,
// only ciphertext on disk), but it keeps no earlier version: a record
// forgotten is gone, and undo never touches it. Nothing reads it but the
// commands that need it; exports, summaries and partners' views never
// do.

// JournalFile is the journal's file name in the store folder.
const JournalFile = "journal.toml.age"

// MaxJournalSize bounds the decrypted size of the journal (10,000
// records are about 3 MiB).
const MaxJournalSize = 32 << 20

// ReadJournal decrypts and validates the journal. A store without one
// has an empty journal. It takes no lock: writes are atomic renames.
func (s *Store) ReadJournal(ids []age.Identity) (*journal.Journal, error) {
	data, err := ReadEncrypted(s.Path(JournalFile), ids, MaxJournalSize)
	if errors.Is(err, fs.ErrNotExist) {
		return journal.New(), nil
	}
	if err != nil {
		return nil, err
	}
	j, err := journal.Decode(data)
	clear(data) // the plaintext lives on only in j
	if err != nil {
		return nil, &FileError{Path: s.Path(JournalFile), Err: err}
	}
	return j, nil
}

// UpdateJournal is a locked read-modify-write of the journal: fn
// changes j; if it returns nil and changed something, the journal is
// validated, encrypted to the recipients and put in place atomically.
// No earlier version is kept. If fn changed nothing, nothing is written.
func (s *Store) UpdateJournal(ids []age.Identity, recipients []age.Recipient, fn func(j *journal.Journal) error) (changed bool, err error) {
	err = s.Locked(func() error {
		j, err := s.ReadJournal(ids)
		if err != nil {
			return err
		}
		before := j.Clone()
		if err := fn(j); err != nil {
			return err
		}
		j.Version = journal.Version
		if j.Equal(before) {
			return nil
		}
		if err := j.Validate(); err != nil {
			return err
		}
		plain := j.Encode()
		defer clear(plain)
		changed = true
		return atomicfile.Write(s.Path(JournalFile), filePerm, func(w io.Writer) error {
			return Encrypt(w, plain, false, recipients...)
		})
	})
	return changed, err
}

// ResetJournal puts an empty journal in place of whatever is there,
// without reading it, under the lock: how a journal that can no longer
// be read (IsDamaged) is forgotten.
func (s *Store) ResetJournal(recipients []age.Recipient) error {
	return s.Locked(func() error {
		plain := journal.New().Encode()
		return atomicfile.Write(s.Path(JournalFile), filePerm, func(w io.Writer) error {
			return Encrypt(w, plain, false, recipients...)
		})
	})
}

// IsDamaged reports whether err says that a file's content is damaged
// (cut short, changed, not an age file, empty, too large, or not valid
// inside), rather than that the key does not open it or could not be
// used, or that a newer attune wrote it: only then may the file be
// given up for lost.
func IsDamaged(err error) bool {
	var de *DecryptError
	if errors.As(err, &de) {
		return de.Reason != WrongKey
	}
	var newer *journal.NewerVersionError
	var newerMap *mapfile.NewerVersionError
	if errors.As(err, &newer) || errors.As(err, &newerMap) {
		return false
	}
	var fe *FileError
	return errors.As(err, &fe) && !isPassThrough(err)
}
