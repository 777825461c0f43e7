//go:build linux

package app

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/attune-dev/attune/internal/atomicfile"
)

// The Linux kernel keyring keeps an unlocked identity in memory for the
// login session: a "user" key in the session keyring, with a timeout. No
// daemon, nothing on disk.

// keyringTarget is the session keyring, or, when this process has none of
// its own (it would get a new one that dies with it), the user-session
// keyring, which lives as long as the user is logged in.
func keyringTarget() int {
	sess, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		return unix.KEY_SPEC_USER_SESSION_KEYRING
	}
	user, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_SESSION_KEYRING, false)
	if err == nil && user == sess {
		return unix.KEY_SPEC_USER_SESSION_KEYRING
	}
	return unix.KEY_SPEC_SESSION_KEYRING
}

// keyringWhere says in words where keyringTarget keeps a key.
func keyringWhere() string {
	if keyringTarget() == unix.KEY_SPEC_USER_SESSION_KEYRING {
		return "memory for every login session of this user (this system gives attune no keyring of its own session)"
	}
	return "memory for this login session"
}

// keyringAdd keeps secret under desc for ttl. The key is made in this
// process's own keyring, which nothing else searches and which dies with
// the process, and gets its timeout there; only then is it linked where
// the next command finds it. A kill at any step leaves either nothing to
// find or a key that expires.
func keyringAdd(desc string, secret []byte, ttl time.Duration) (string, error) {
	secs := int(ttl / time.Second)
	if secs < 1 {
		secs = 1
	}
	id, err := unix.AddKey("user", desc, secret, unix.KEY_SPEC_PROCESS_KEYRING)
	if err != nil {
		return "", keyringError(err)
	}
	defer unix.KeyctlInt(unix.KEYCTL_UNLINK, id, unix.KEY_SPEC_PROCESS_KEYRING, 0, 0)
	atomicfile.CrashPoint(CrashUnlockAdded)
	if _, err := unix.KeyctlInt(unix.KEYCTL_SET_TIMEOUT, id, secs, 0, 0); err != nil {
		unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return "", keyringError(err)
	}
	// Linking replaces a key of the same name kept there before.
	if _, err := unix.KeyctlInt(unix.KEYCTL_LINK, id, keyringTarget(), 0, 0); err != nil {
		unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return "", keyringError(err)
	}
	return keyringWhere(), nil
}

func keyringGet(desc string) ([]byte, bool) {
	id, err := unix.KeyctlSearch(keyringTarget(), "user", desc, 0)
	if err != nil {
		return nil, false
	}
	buf := make([]byte, 1<<16)
	n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
	if err != nil || n > len(buf) {
		return nil, false
	}
	return buf[:n], true
}

// keyringForget removes the key; found is false if there was none.
func keyringForget(desc string) (found bool, err error) {
	id, err := unix.KeyctlSearch(keyringTarget(), "user", desc, 0)
	if errors.Is(err, unix.ENOKEY) || errors.Is(err, unix.EKEYEXPIRED) || errors.Is(err, unix.EKEYREVOKED) {
		return false, nil
	}
	if err != nil {
		return false, keyringError(err)
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0); err != nil {
		if _, err := unix.KeyctlInt(unix.KEYCTL_UNLINK, id, keyringTarget(), 0, 0); err != nil {
			return true, keyringError(err)
		}
	}
	return true, nil
}

func keyringError(err error) error {
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, unix.EOPNOTSUPP) {
		return &keyringUnavailable{err: err}
	}
	return err
}
