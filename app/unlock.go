package app

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/testhooks"
	"github.com/attune-dev/attune/keys"
)

// keyringUnavailable means this system (or container) offers no kernel
// keyring to this process.
type keyringUnavailable struct{ err error }

func (e *keyringUnavailable) Error() string {
	return "the kernel keyring is not available here (" + e.err.Error() + ")"
}
func (e *keyringUnavailable) Unwrap() error { return e.err }

// keyringDesc names the key of one identity file: a hash of its absolute
// path, so different stores don't collide and the path isn't shown.
func keyringDesc(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs))
	return "attune:" + testhooks.KeyringPrefix + "identity:" + hex.EncodeToString(sum[:16])
}

// unlockedIdentities returns the identities kept by `attune unlock` for
// this identity file, if any.
func unlockedIdentities(f *keys.IdentityFile, opts keys.Options) ([]age.Identity, bool) {
	plain, ok := keyringGet(keyringDesc(f.Path))
	if !ok {
		return nil, false
	}
	ids, err := keys.ParseIdentities(plain, f.Path, opts)
	if err != nil {
		return nil, false
	}
	return ids, true
}

// CrashUnlockAdded is the crash point (internal/testhooks.CrashAt) of
// unlock where the key is in the kernel keyring but has no timeout yet.
const CrashUnlockAdded = "unlock-added"

// maxUnlock is the longest `unlock --for` accepts.
const maxUnlock = 24 * time.Hour

func unlockAction(x *ctx) error {
	ttl, err := time.ParseDuration(x.String("for"))
	if err != nil || ttl < time.Second || ttl > maxUnlock {
		return usage("for example: --for 30m, --for 2h (from 1s up to 24h)", "--for takes a duration from 1s to 24h, like 30m or 2h")
	}
	return withSession(x, func(s *session) error {
		f, err := keys.ReadIdentityFile(s.identityPath())
		if err != nil {
			return err
		}
		if !f.Protected() {
			return fail("unlock is for a key protected by a passphrase (init --passphrase)",
				"your key %s has no passphrase, so there is nothing to unlock", safe(f.Path))
		}
		plain, err := f.Decrypt(x.keyOptions(&s.ask))
		if err != nil {
			return s.ask.why(err)
		}
		where, err := keyringAdd(keyringDesc(f.Path), plain, ttl)
		if err != nil {
			var un *keyringUnavailable
			if errors.As(err, &un) {
				return fail("attune will ask for the passphrase each time instead", "%s", un.Error())
			}
			return err
		}
		x.say("unlocked for %s, kept in %s; `attune lock` forgets it now", ttl, where)
		return nil
	})
}
