package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// The store's files are the owner's alone: 0600, its folders 0700. git
// and a clone make them with the umask's bits (0644, 0755), and a .git
// folder of such files tells anyone who can list the folder how many
// changes were made and when; Tighten takes the group's and others' bits
// away again.

// privateBits are the permission bits of the group and others.
const privateBits fs.FileMode = 0o077

// Tighten strips the group's and others' permission bits from the store
// folder and from every folder and regular file inside it, the .git
// folder too, keeping the owner's bits (git's objects stay read-only).
// It never follows a symbolic link: a link is left as it is, and what
// it points to is never touched. It does its best: a file it cannot
// change is left as it was.
func (s *Store) Tighten() {
	root, err := filepath.EvalSymlinks(s.Dir)
	if err != nil {
		return
	}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that cannot be read: the rest still is
		}
		if d.Type().IsRegular() || d.IsDir() {
			tighten(path)
		}
		return nil
	})
}

// tighten strips privateBits from the regular file or folder at path,
// opened without following a link (which may have taken the place of
// what the walk saw), so the change lands on that very file.
func tighten(path string) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !(info.Mode().IsRegular() || info.IsDir()) {
		return
	}
	if perm := info.Mode().Perm(); perm&privateBits != 0 {
		f.Chmod(perm &^ privateBits)
	}
}
