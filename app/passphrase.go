package app

import (
	"unicode/utf8"

	"github.com/attune-dev/attune/keys"
)

// NewPassphraseEnv gives the new passphrase of `attune passphrase`, for
// scripts and tests only (see PassphraseEnv).
const NewPassphraseEnv = "ATTUNE_NEW_PASSPHRASE"

// shortPassphrase is the length below which a new passphrase is
// warned about (and asked again), never refused.
const shortPassphrase = 8

// newPassphrase asks for a new passphrase twice; a short one is warned
// about and confirmed. envName answers instead, in scripts.
func newPassphrase(x *ctx, envName, prompt string) (string, error) {
	if p, ok := x.io.LookupEnv(envName); ok {
		if p == "" {
			return "", fail("", "the passphrase is empty")
		}
		if utf8.RuneCountInString(p) < shortPassphrase {
			x.warn("the passphrase is short (%d characters): someone who copies your key file could guess it", utf8.RuneCountInString(p))
		}
		return p, nil
	}
	p, err := readPassphrase(x.io, prompt)
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", fail("choose a passphrase of a few words", "the passphrase is empty")
	}
	if n := utf8.RuneCountInString(p); n < shortPassphrase {
		x.warn("this passphrase is short (%d characters): someone who copies your key file could guess it; a few words are stronger", n)
		ok, err := confirm(x.io, "Use it anyway? [y/N] ")
		if err != nil {
			return "", err
		}
		if !ok {
			return "", fail("run the command again with a longer passphrase", "no passphrase was set; nothing was changed")
		}
	}
	again, err := readPassphrase(x.io, "Type it again")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", fail("run the command again and type the same passphrase twice", "the two passphrases are not the same")
	}
	return p, nil
}

func passphraseAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		if s.x.identityFlag() != "" || s.store.Config.Identity != "" {
			return fail("change the passphrase of your own key file with the tool that made it (age -p, ssh-keygen -p)",
				"attune changes the passphrase only of the key it made, in its store; yours is %s", safe(s.identityPath()))
		}
		f, err := keys.ReadIdentityFile(s.identityPath())
		if err != nil {
			return err
		}
		plain := f.Data
		if f.Protected() {
			ask := prompter{io: x.io, own: f.Path}
			opts := x.keyOptions(&ask)
			opts.Passphrase = func(string) (string, error) {
				return readPassphrase(x.io, "Current passphrase for your attune key")
			}
			if plain, err = f.Decrypt(opts); err != nil {
				return ask.why(err)
			}
		} else if x.Bool("remove") {
			return fail("", "your key has no passphrase; nothing was changed")
		}
		content := plain
		if !x.Bool("remove") {
			pass, err := newPassphrase(x, NewPassphraseEnv, "New passphrase for your attune key")
			if err != nil {
				return err
			}
			if content, err = keys.ProtectWithPassphrase(plain, pass); err != nil {
				return err
			}
		}
		// The new file must open the map before it replaces the old one.
		ids, err := keys.ParseIdentities(plain, f.Path, x.keyOptions(&prompter{io: x.io}))
		if err != nil {
			return err
		}
		if err := s.store.ReplaceIdentity(content, func() error {
			_, err := s.store.ReadMap(ids)
			return err
		}); err != nil {
			return err
		}
		forgetUnlocked(s.store.Dir, f.Path)
		switch {
		case x.Bool("remove"):
			x.say("removed the passphrase: anyone who can read %s can now open your map", safe(f.Path))
		case f.Protected():
			x.say("changed the passphrase of your attune key")
		default:
			x.say("your attune key is now protected by your passphrase; if you forget it, your map can't be opened")
		}
		return nil
	})
}
