package store

import (
	"fmt"

	"filippo.io/age"

	"github.com/attune-dev/attune/keys"
)

// OwnerError means the public key recorded in config.toml (which is not
// secret, and may be edited or synced) is not the key of the identity
// used: the map would be encrypted to someone else, and be lost to its
// owner.
type OwnerError struct {
	Config string // the config file's path
	// Mine is the public key of the identity, when it could be worked
	// out: what the config should say.
	Mine string
}

func (e *OwnerError) Error() string {
	return fmt.Sprintf("the public key recorded in %s is not the key of your identity; attune won't encrypt your map to it", e.Config)
}

// CheckOwner refuses a recorded public key that none of ids can open
// (*OwnerError). A plugin identity's public key can't be worked out here;
// it may be the recorded key when that is a plugin's.
func (s *Store) CheckOwner(ids []age.Identity) error {
	recorded := s.Config.Recipient
	var mine string
	for _, id := range ids {
		r, err := keys.RecipientString(id)
		if err != nil {
			if keys.IsPluginRecipient(recorded) {
				return nil
			}
			continue
		}
		if keys.SameRecipient(r, recorded) {
			return nil
		}
		if mine == "" {
			mine = r
		}
	}
	return &OwnerError{Config: s.Path(ConfigFile), Mine: mine}
}
