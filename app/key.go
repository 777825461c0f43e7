package app

import (
	"fmt"

	"github.com/attune-dev/attune/keys"
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
