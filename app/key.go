package app

import (
	"fmt"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

func keyAction(c *ctx) error {
	s, err := c.session()
	if err != nil {
		return err
	}
	// The key people are given must be the owner's: checked against the
	// identity whenever that needs no passphrase.
	noPrompt := keys.Options{Passphrase: func(string) (string, error) { return "", errNoPrompt }}
	if ids, err := s.loadIdentities(noPrompt); err == nil {
		if err := s.store.CheckOwner(ids); err != nil {
			return err
		}
	}
	fmt.Fprintln(c.out(), s.store.Config.Recipient)
	return nil
}

// keyShareAction prints the one line to give a partner: the age key to
// encrypt to, and the key that signs this person's exports (kept inside
// the encrypted map: reading it may ask for the passphrase).
func keyShareAction(c *ctx) error {
	return withSession(c, func(s *session) error {
		var signing string
		// A map from before signing gets its key now (a write).
		_, err := s.update(func(m *mapfile.Map) error {
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
		fmt.Fprintln(c.out(), keyLine(s.store.Config.Recipient, signing))
		c.say("give this line to your partner; they add you with: attune partner add YOUR-NAME LINE")
		c.say("then compare safety codes with them, in person or on a call: attune partner verify THEIR-NAME")
		return nil
	})
}
