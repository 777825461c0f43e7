package app

import (
	"fmt"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// key recovery: a new key, printed once to be written down or printed
// and kept offline, never stored; its public key is added to the
// owner's, so that the map opens with it when every device is lost.
func keyRecoveryAction(x *ctx) error {
	label, err := labelFlag(x)
	if err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		list := s.store.Config.KeyList()
		if label == "" {
			label = freeLabel(list, "recovery")
		} else if labelTaken(list, label) {
			return fail("choose another label", "another of your keys is labelled %q; nothing was changed", label)
		}
		// Of the same kind as the others: age does not mix them.
		pq := len(list) > 0 && export.IsPostQuantum(list[0].Recipient)
		secret, recipient, err := keys.NewNative(pq)
		if err != nil {
			return err
		}
		run := &keyChangeRun{list: append(list[:len(list):len(list)], store.Key{Recipient: recipient, Label: label, Recovery: true, Added: x.now()})}
		left, err := s.changeKeys(run)
		if err != nil {
			return err
		}
		x.say("your recovery key is below. Write it down or print it, and keep it somewhere safe, away from this computer.")
		x.say("attune does not keep it: this is the only time it is shown. With it, your map opens on any computer, even if every device is lost.")
		fmt.Fprintf(x.out(), "# attune recovery key, made %s\n# public key: %s\n%s\n", x.now().Format("2006-01-02"), recipient, secret)
		s.sayKeysChanged(run, left)
		x.say("to use it: save it in a file and run attune --identity FILE, or age -d -i FILE map.toml.age (the README says how)")
		return nil
	})
}

// freeLabel is base, or base followed by the first number free.
func freeLabel(list []store.Key, base string) string {
	label := base
	for n := 2; labelTaken(list, label); n++ {
		label = fmt.Sprintf("%s %d", base, n)
	}
	return label
}
