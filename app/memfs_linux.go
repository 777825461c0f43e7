//go:build linux

package app

import "golang.org/x/sys/unix"

// inMemory reports whether the folder is on a file system kept only in
// memory (tmpfs, ramfs): what is written there never reaches a disk
// (unless the system swaps it out).
func inMemory(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	return st.Type == unix.TMPFS_MAGIC || st.Type == unix.RAMFS_MAGIC
}
