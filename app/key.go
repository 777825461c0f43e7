package app

import (
	"errors"
	"fmt"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

func keyAction(c *ctx) error {
	s, err := c.session()
	if err != nil {
		return err
	}
	// The key people are given must be the owner's: checked against the
	// identity and the map whenever that needs no passphrase.
	noPrompt := keys.Options{Passphrase: func(string) (string, error) { return "", errNoPrompt }}
	if ids, err := s.loadIdentities(noPrompt); err == nil {
		s.ids = ids
		if err := s.store.CheckOwner(ids); err != nil {
			var ue *userError
			if err := s.ownerError(err); !errors.As(err, &ue) {
				return err // the list was changed: never print it
			}
			// A device that joined and waits to be added: the key
			// partners have is the one config.toml records.
			fmt.Fprintln(c.out(), shareKey(&s.store.Config))
			return nil
		}
		if m, err := s.store.ReadMap(ids); err == nil {
			r, err := personRecipient(m, &s.store.Config)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.out(), r)
			return nil
		}
	}
	fmt.Fprintln(c.out(), shareKey(&s.store.Config))
	return nil
}

// shareKey is the public key partners encrypt to, as config.toml records
// it: the person key's, or the one key of a store from before.
func shareKey(cfg *store.Config) string {
	if cfg.ShareKey != "" {
		return cfg.ShareKey
	}
	return cfg.KeyList()[0].Recipient
}

// keyShareAction prints the one line to give a partner: the age key to
// encrypt to, and the key that signs this person's exports (kept inside
// the encrypted map: reading it may ask for the passphrase).
func keyShareAction(c *ctx) error {
	return withSession(c, func(s *session) error {
		var signing, recipient string
		// A map from before signing gets its key now (a write).
		_, err := s.update(func(m *mapfile.Map) error {
			r, err := personRecipient(m, &s.store.Config)
			if err != nil {
				return err
			}
			recipient = r
			if m.SigningKey == "" {
				k, err := keys.NewSigningKey()
				if err != nil {
					return err
				}
				m.SigningKey = k.String()
			}
			k, err := keys.ParseSigningKey(m.SigningKey)
			if err != nil {
				return err
			}
			signing = k.Public()
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(c.out(), keyLine(recipient, signing))
		c.say("give this line to your partner; they add you with: attune partner add YOUR-NAME LINE")
		c.say("then compare safety codes with them, in person or on a call: attune partner verify THEIR-NAME")
		return nil
	})
}
