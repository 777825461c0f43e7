//go:build linux

package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// keyringUsable reports whether a key added to the kernel keyring by one
// process is visible to the next, as `attune unlock` needs; if not, why.
func keyringUsable() (bool, string) {
	desc := fmt.Sprintf("attune:probe:%d", os.Getpid())
	id, err := unix.AddKey("user", desc, []byte("probe"), unix.KEY_SPEC_USER_SESSION_KEYRING)
	if err != nil {
		return false, "add_key: " + err.Error()
	}
	unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
	return true, ""
}
