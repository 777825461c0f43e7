//go:build unix

package app

import "syscall"

// privateUmask makes every file this process and its children (git, the
// drivers git runs) create the owner's alone, whatever mode they ask
// for: a file attune forgets to tighten still is.
func privateUmask() { syscall.Umask(0o077) }
