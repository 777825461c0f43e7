package app

import (
	"github.com/attune-dev/attune/internal/iostreams"
)

// newPassphrase asks for a new passphrase twice.
func newPassphrase(ios *iostreams.IO) (string, error) {
	if p, ok := ios.LookupEnv(PassphraseEnv); ok {
		if p == "" {
			return "", fail("", "the passphrase is empty")
		}
		return p, nil
	}
	p, err := readPassphrase(ios, "Choose a passphrase for your attune key")
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", fail("choose a passphrase of a few words", "the passphrase is empty")
	}
	again, err := readPassphrase(ios, "Type it again")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", fail("run the command again and type the same passphrase twice", "the two passphrases are not the same")
	}
	return p, nil
}
