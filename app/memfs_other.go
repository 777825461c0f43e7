//go:build !linux

package app

// inMemory is false where attune cannot tell (not Linux): attune edit
// then refuses, rather than put the map in a file on a disk.
func inMemory(string) bool { return false }
