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
	// Listed: the config lists keys ([[key]]), rather than the one
	// recipient of a store from before several keys.
	Listed bool
}

func (e *OwnerError) Error() string {
	if e.Listed {
		return fmt.Sprintf("the public keys listed in %s do not include the key of your identity, which opens your map; attune won't encrypt your map to them", e.Config)
	}
	return fmt.Sprintf("the public key recorded in %s is not the key of your identity; attune won't encrypt your map to it", e.Config)
}

// CheckOwner refuses a list of recorded public keys none of which ids
// can open (*OwnerError). A plugin identity's public key can't be
// worked out here; it may be a recorded key when that is a plugin's.
func (s *Store) CheckOwner(ids []age.Identity) error {
	_, err := s.OwnKey(ids)
	return err
}

// OwnKey is the recorded key that ids open: this device's (for a
// plugin identity, the first plugin key recorded, as it can't be
// told); *OwnerError when there is none.
func (s *Store) OwnKey(ids []age.Identity) (Key, error) {
	var mine string
	var plugin *Key
	list := s.Config.KeyList()
	for _, id := range ids {
		r, err := keys.RecipientString(id)
		if err != nil {
			for i := range list {
				if plugin == nil && keys.IsPluginRecipient(list[i].Recipient) {
					plugin = &list[i]
				}
			}
			continue
		}
		for _, k := range list {
			if keys.SameRecipient(r, k.Recipient) {
				return k, nil
			}
		}
		if mine == "" {
			mine = r
		}
	}
	if plugin != nil {
		return *plugin, nil
	}
	return Key{}, &OwnerError{Config: s.Path(ConfigFile), Mine: mine, Listed: !s.Config.Legacy()}
}
