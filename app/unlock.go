package app

import (
	"crypto/sha256"
	"crypto/subtle"
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

// keyringDesc names the key kept for one identity file of one store: a
// hash of both absolute paths, so that different stores don't collide,
// even when they share an identity file, and no path is shown.
func keyringDesc(storeDir, identityPath string) string {
	sum := sha256.Sum256([]byte("attune unlocked key name\x00" + absPath(storeDir) + "\x00" + absPath(identityPath)))
	return "attune:" + testhooks.KeyringPrefix + "identity:" + hex.EncodeToString(sum[:16])
}

// absPath is path made absolute, or path itself if that fails.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// unlockBinding ties a kept key to the identity file's content, as read,
// and to the store: a key kept for a file that has since been replaced
// (a store moved away and made again at the same place, a new
// passphrase, another key copied over it) or for another store is never
// used.
func unlockBinding(f *keys.IdentityFile, storeDir string) [sha256.Size]byte {
	content := sha256.Sum256(f.Data)
	h := sha256.New()
	h.Write([]byte("attune unlocked key binding v1\x00"))
	h.Write(content[:])
	h.Write([]byte(absPath(storeDir)))
	var b [sha256.Size]byte
	h.Sum(b[:0])
	return b
}

// sealUnlocked is what goes into the keyring: the binding, then the
// decrypted identity file.
func sealUnlocked(binding [sha256.Size]byte, plain []byte) []byte {
	return append(binding[:], plain...)
}

// openUnlocked returns the decrypted identity file kept in the keyring,
// or false if it was kept for another file or store.
func openUnlocked(kept []byte, binding [sha256.Size]byte) ([]byte, bool) {
	if len(kept) < len(binding) || subtle.ConstantTimeCompare(kept[:len(binding)], binding[:]) != 1 {
		return nil, false
	}
	return kept[len(binding):], true
}

// unlockedIdentities returns the identities kept by `attune unlock` for
// this identity file of this store, if any. A kept key that no longer
// matches the file or the store is dropped.
func unlockedIdentities(f *keys.IdentityFile, storeDir string, opts keys.Options) ([]age.Identity, bool) {
	desc := keyringDesc(storeDir, f.Path)
	kept, ok := keyringGet(desc)
	if !ok {
		return nil, false
	}
	plain, ok := openUnlocked(kept, unlockBinding(f, storeDir))
	if !ok {
		keyringForget(desc)
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
		kept := sealUnlocked(unlockBinding(f, s.store.Dir), plain)
		where, err := keyringAdd(keyringDesc(s.store.Dir, f.Path), kept, ttl)
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
