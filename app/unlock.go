package app

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/testhooks"
	"github.com/attune-dev/attune/keys"
)

// keyringPrefixEnv is for tests only: it keeps the keys of concurrent test
// scripts, which share one session keyring, apart.
const keyringPrefixEnv = "ATTUNE_TEST_KEYRING_PREFIX"

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

// unlockedIdentities returns the identities kept by `attune unlock`, if any.
func unlockedIdentities(path string, opts keys.Options) ([]age.Identity, bool) {
	if !keys.Protected(path) {
		return nil, false
	}
	plain, ok := keyringGet(keyringDesc(path))
	if !ok {
		return nil, false
	}
	ids, err := keys.ParseIdentities(plain, path, opts)
	if err != nil {
		return nil, false
	}
	return ids, true
}

func unlockAction(c *cli.Context) error {
	if c.Args().Present() {
		return usage("", "unlock takes no arguments")
	}
	ttl := c.Duration("for")
	if ttl < time.Second || ttl > 24*time.Hour {
		return usage("for example: --for 15m", "--for must be between 1s and 24h")
	}
	return withSession(func(s *session) error {
		path := s.identityPath()
		if !keys.Protected(path) {
			return fail("unlock is for an identity protected by a passphrase (init --passphrase)",
				"your identity %s has no passphrase, so there is nothing to unlock", path)
		}
		plain, err := keys.DecryptIdentityFile(path, keyOptions(c, &s.ask))
		if err != nil {
			return s.ask.why(err)
		}
		if err := keyringAdd(keyringDesc(path), plain, ttl); err != nil {
			var un *keyringUnavailable
			if errors.As(err, &un) {
				return fail("attune will ask for the passphrase each time instead", "%s", un.Error())
			}
			return err
		}
		fmt.Fprintf(c.App.ErrWriter, "attune: unlocked for %s in this login session; `attune lock` forgets it now\n", ttl)
		return nil
	})(c)
}

func lockAction(c *cli.Context) error {
	if c.Args().Present() {
		return usage("", "lock takes no arguments")
	}
	return withSession(func(s *session) error {
		found, err := keyringForget(keyringDesc(s.identityPath()))
		if err != nil {
			var un *keyringUnavailable
			if errors.As(err, &un) {
				return fail("", "%s; nothing is kept unlocked", un.Error())
			}
			return err
		}
		if found {
			fmt.Fprintln(c.App.ErrWriter, "attune: locked; the passphrase will be asked for again")
		} else {
			fmt.Fprintln(c.App.ErrWriter, "attune: nothing was unlocked")
		}
		return nil
	})(c)
}
