package app

import (
	"errors"
)

func lockAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		found, err := keyringForget(keyringDesc(s.store.Dir, s.identityPath()))
		if err != nil {
			var un *keyringUnavailable
			if errors.As(err, &un) {
				return fail("", "%s; nothing is kept unlocked", un.Error())
			}
			return err
		}
		if found {
			x.say("locked; the passphrase will be asked for again")
		} else {
			x.say("nothing was unlocked")
		}
		return nil
	})
}

// forgetUnlocked drops any unlocked copy of the key at path for the store
// in storeDir (its passphrase changed, or it was replaced).
func forgetUnlocked(storeDir, path string) {
	keyringForget(keyringDesc(storeDir, path))
}
