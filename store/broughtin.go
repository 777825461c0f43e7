package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/safefile"
)

// Undo takes back a change made on this device, never what a sync, a
// git command or a merge of a copy brought in from another device: the
// other device would lose its change at the next sync. So whatever
// changes the map from elsewhere also makes it the backup (a second
// name of the same file, as Snapshot makes). A backup that is the map
// itself means there is nothing of this device's own to take back
// (ErrBroughtIn); the next change made here takes a backup as usual.
// Two encryptions are never byte-identical, so no write of attune's
// own leaves the two alike.

// ErrBroughtIn means the map is as a sync or a merge left it, and no
// change has been made on this device since: undo has nothing of its
// own to take back.
var ErrBroughtIn = errors.New("the map is as a sync or a merge left it")

// BroughtInFile records the map (a digest of its bytes) that a sync, a
// git command or a merge made the backup. A backup that is the map is
// not enough to tell: a write killed after taking its backup and before
// putting the new map in place leaves the two alike too, and undo is
// then no more than a no-op, not a refusal. (It ends in .bak: git never
// commits it.)
const BroughtInFile = "brought-in.bak"

// broughtIn reports whether the backup is the map itself because the
// map was brought in (keepAsBackup), and nothing changed it since. The
// caller holds the lock.
func (s *Store) broughtIn() bool {
	info, err := os.Lstat(s.Path(MapFile))
	if err != nil {
		return false
	}
	same, err := sameContent(s.Path(MapFile), s.Path(BackupFile), info)
	if err != nil || !same {
		return false
	}
	data, err := safefile.Read(s.Path(BroughtInFile), 2*sha256.Size+1)
	if err != nil {
		return false
	}
	sum := s.mapSum()
	return strings.TrimSpace(string(data)) == hex.EncodeToString(sum[:])
}

// keepAsBackup makes the map, as it is now, the backup; where it
// cannot, the backup is removed, so that undo never takes back what was
// brought in (nor a backup stays encrypted to keys since removed). Only
// then is the map recorded as the one attune left (recordMap): killed
// in between, the map is still told apart as changed outside. The
// caller holds the lock. The map itself is not at stake.
func (s *Store) keepAsBackup() {
	if _, err := os.Lstat(s.Path(MapFile)); err != nil {
		return
	}
	sum := s.mapSum()
	if atomicfile.Snapshot(s.Path(MapFile), s.Path(BackupFile), filePerm) != nil ||
		atomicfile.WriteBytes(s.Path(BroughtInFile), filePerm, []byte(hex.EncodeToString(sum[:])+"\n")) != nil {
		os.Remove(s.Path(BackupFile))
	}
	s.recordMap()
}

// mapSum is a digest of the map file as it is (zero when there is
// none), to tell whether git changed it.
func (s *Store) mapSum() (sum digest) {
	f, err := os.Open(s.Path(MapFile))
	if err != nil {
		return sum
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum
	}
	copy(sum[:], h.Sum(nil))
	return sum
}

// keepIfChanged is run after git may have changed the map: when it did
// (the map is not the one was sums), the map becomes the backup.
func (s *Store) keepIfChanged(was digest) {
	if s.mapSum() != was {
		s.keepAsBackup()
	}
}
