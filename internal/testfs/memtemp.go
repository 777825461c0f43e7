package testfs

import "os"

// MemoryTempDir points TMPDIR, for the rest of this process and every
// program it starts, at a new private folder on /dev/shm (a tmpfs), and
// returns a function that removes that folder. Where TMPDIR is set
// already, or /dev/shm cannot hold a folder of ours, it changes nothing.
//
// The end-to-end tests make a world of files for each case, and each
// attune run syncs what it writes: on a disk, making folders and syncing
// files cost a fifth of their CPU time, and several times that in
// waiting when other programs keep the disk busy. In memory nothing
// waits for the disk, and nothing these tests check depends on it: what
// they check is what the files hold and which files exist (tests that
// need a file system of their own mount one). The full run keeps to the
// usual temporary folder, a disk on most machines, so attune is still
// tested there.
func MemoryTempDir() (remove func()) {
	if os.Getenv("TMPDIR") != "" {
		return func() {}
	}
	dir, err := os.MkdirTemp("/dev/shm", "attune-tests-")
	if err != nil {
		return func() {}
	}
	os.Setenv("TMPDIR", dir)
	return func() {
		os.Unsetenv("TMPDIR")
		os.RemoveAll(dir)
	}
}
