package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
)

// In a git store the map can change without attune knowing: a git pull
// run by hand (git runs attune's merge driver, which writes git's file,
// not the map, or only moves the branch on), a checkout, a reset. Undo
// must not take such a change back, any more than one a sync brought in
// (ErrBroughtIn). So each device records, in .git (never committed,
// never pushed), a digest of the map as attune last left it: whenever
// attune writes the map, and whenever it makes the map the backup. A
// map whose bytes are not the recorded ones was changed outside attune
// since (ErrChangedOutside).
//
// The record is written before the rename that puts the new map in
// place, and names the map being replaced too: killed in between, the
// map left there is still one attune left. Where there is no record (a
// store not kept in git, a store from before, a record that cannot be
// read), undo goes by the backup alone, as before.

// WrittenFile, inside .git, is the record of the map as attune last
// left it on this device.
const WrittenFile = "attune-map-written"

// ErrChangedOutside means the map is not as attune last left it on this
// device: git changed it, outside attune, since.
var ErrChangedOutside = errors.New("the map was changed outside attune since attune last wrote it")

// digest is a SHA-256 of the map file's bytes.
type digest [sha256.Size]byte

// maxWritten bounds what is read of the record: two lines of hex, with
// room to spare.
const maxWritten = 4 * (2*sha256.Size + 1)

// readWritten is the record: the digests of the maps attune last left
// (the newest first); ok is false where there is none that reads.
func (s *Store) readWritten() (sums []digest, ok bool) {
	if !s.IsGit() {
		return nil, false
	}
	f, err := os.Open(s.GitPath(WrittenFile))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxWritten+1))
	if err != nil || len(data) > maxWritten {
		return nil, false
	}
	for _, line := range bytes.Fields(data) {
		var d digest
		if len(line) != hex.EncodedLen(len(d)) {
			return nil, false
		}
		if _, err := hex.Decode(d[:], line); err != nil {
			return nil, false
		}
		sums = append(sums, d)
	}
	return sums, len(sums) > 0
}

// recordWritten records sums as the maps attune left (the newest
// first). It is kept at best: a record that cannot be written is
// removed, and undo then goes by the backup alone. The caller holds the
// lock.
func (s *Store) recordWritten(sums ...digest) {
	if !s.IsGit() {
		return
	}
	var text []byte
	for _, d := range sums {
		text = append(text, hex.EncodeToString(d[:])+"\n"...)
	}
	if atomicfile.WriteBytes(s.GitPath(WrittenFile), filePerm, text) != nil {
		os.Remove(s.GitPath(WrittenFile))
	}
}

// recordPending records, just before the rename that puts it in place,
// a new map attune wrote (sum), with the one it replaces: the one the
// record named, or, where there is none, the map as it is.
func (s *Store) recordPending(sum digest) {
	if !s.IsGit() {
		return
	}
	if was, ok := s.readWritten(); ok {
		s.recordWritten(sum, was[0])
		return
	}
	s.recordWritten(sum, s.mapSum())
}

// recordMap records the map as it is now as the one attune left.
func (s *Store) recordMap() {
	if s.IsGit() {
		s.recordWritten(s.mapSum())
	}
}

// changedOutside reports whether the map is not one the record names:
// changed outside attune since attune last left it. Without a record it
// cannot tell, and says no. The caller holds the lock.
func (s *Store) changedOutside() bool {
	sums, ok := s.readWritten()
	if !ok {
		return false
	}
	now := s.mapSum()
	for _, d := range sums {
		if d == now {
			return false
		}
	}
	return true
}

// encryptSummed is Encrypt of a map, also summing the bytes it writes.
func encryptSummed(w io.Writer, sum *digest, plain []byte, recipients ...age.Recipient) error {
	h := sha256.New()
	if err := Encrypt(io.MultiWriter(w, h), plain, false, recipients...); err != nil {
		return err
	}
	copy(sum[:], h.Sum(nil))
	return nil
}
