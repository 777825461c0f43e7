package app

import (
	"errors"
	"strings"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// key add KEY [--label NAME]: one more key of the owner's (another
// device's, made with `attune init --join`), which every file is then
// encrypted to.
func keyAddAction(x *ctx) error {
	key := x.Args().First()
	label, err := labelFlag(x)
	if err != nil {
		return err
	}
	rcpt, err := parseOwnKeyArg(x, key)
	if err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		list := s.store.Config.KeyList()
		if i, ok := findKey(list, rcpt); ok {
			return fail("`attune key list` shows your keys", "that key is already one of yours (%s); nothing was changed", keyLabel(list[i]))
		}
		if labelTaken(list, label) {
			return fail("choose another label, or remove the key that has it first (attune key remove LABEL)",
				"another of your keys is labelled %q; nothing was changed", label)
		}
		run := &keyChangeRun{list: append(list[:len(list):len(list)], store.Key{Recipient: rcpt, Label: label, Added: x.now()})}
		left, err := s.changeKeys(run)
		if err != nil {
			return err
		}
		x.say("added %s", keyLabel(run.list[len(run.list)-1]))
		s.sayKeysChanged(run, left)
		x.say("once the folder is synced to the device that has this key, it can open your map")
		return nil
	})
}

// parseOwnKeyArg reads the public key key add is given: an age public
// key (age1…, age1pq1…, a plugin's) or an SSH key line. A partner's key
// line (attune:…) is not a device's key.
func parseOwnKeyArg(x *ctx, key string) (string, error) {
	key = strings.TrimSpace(key)
	if _, _, err := parseKeyLine(key); !errors.Is(err, errNotKeyLine) {
		return "", fail("on the new device, `attune init --join` prints its public key (age1…); add that one",
			"that is a key line for partners (attune:…), not a device's public key; nothing was changed")
	}
	if _, err := keys.ParseRecipient(key, x.keyOptions(&prompter{io: x.io})); err != nil {
		return "", err
	}
	return key, nil
}
