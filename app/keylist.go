package app

import (
	"fmt"
	"os"

	"filippo.io/age"

	"github.com/attune-dev/attune/keys"
)

// key list: the owner's keys, which every file is encrypted to; this
// device's marked, and the recovery key.
func keyListAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		list := s.store.Config.KeyList()
		mine := -1
		ids, err := s.identities()
		if err == nil {
			if k, err := s.store.OwnKey(ids); err == nil {
				mine, _ = findKey(list, k.Recipient)
				s.readMap() // for the key partners encrypt to, when it opens
			}
		}
		w := x.out()
		fmt.Fprintf(w, "Your keys: every file of your map is encrypted to each of them.\n")
		for i, k := range list {
			label := k.Label
			if label == "" {
				label = "(no label)"
			}
			var notes []string
			if i == mine {
				notes = append(notes, "this device")
			}
			if k.Recovery {
				notes = append(notes, "recovery key, kept offline")
			}
			if !k.Added.IsZero() {
				notes = append(notes, "added "+k.Added.Local().Format("2 January 2006"))
			}
			fmt.Fprintf(w, "  %s\n    %s\n", safe(label), safe(k.Recipient))
			for _, n := range notes {
				fmt.Fprintf(w, "    %s\n", n)
			}
		}
		if mine < 0 && err == nil {
			if r := deviceRecipient(ids); r != "" {
				fmt.Fprintf(w, "This device's key is not among them yet: %s\n", safe(r))
				fmt.Fprintf(w, "On a device that opens your map: attune key add %s --label NAME\n", shellWord(r))
			}
		}
		share := shareKey(&s.store.Config)
		if s.keys.m != nil {
			if r, err := personRecipient(s.keys.m, &s.store.Config); err == nil {
				share = r
			}
		}
		fmt.Fprintf(w, "Your partners encrypt to %s (attune key share prints the line to give them)\n", safe(share))
		if _, statErr := os.Stat(s.store.IdentityPath()); statErr != nil && s.x.identityFlag() == "" {
			fmt.Fprintf(w, "This device has no key for this store yet: attune init --join makes one\n")
			return nil
		}
		if !s.store.IdentityInFolder() && s.x.identityFlag() == "" {
			fmt.Fprintf(w, "This device keeps its key in %s\n", safe(s.store.IdentityPath()))
		} else if s.x.identityFlag() == "" {
			fmt.Fprintf(w, "This device keeps its key inside the data folder, in %s (attune key move keeps it apart)\n", safe(s.store.IdentityPath()))
		}
		return nil
	})
}

// deviceRecipient is the public key of the first identity that has one.
func deviceRecipient(ids []age.Identity) string {
	for _, id := range ids {
		if r, err := keys.RecipientString(id); err == nil {
			return r
		}
	}
	return ""
}
