package app

import (
	"slices"

	"github.com/attune-dev/attune/store"
)

// key remove KEY|LABEL: every file is encrypted again without that key.
// It refuses to take away the last key this device opens the map with.
func keyRemoveAction(x *ctx) error {
	which := x.Args().First()
	return withSession(x, func(s *session) error {
		list := s.store.Config.KeyList()
		i, ok := findKey(list, which)
		if !ok {
			return fail("`attune key list` shows your keys and their labels",
				"none of your keys is labelled or is %q; nothing was changed", oneLine(which))
		}
		removed := list[i]
		rest := slices.Delete(slices.Clone(list), i, i+1)
		ids, err := s.freshIdentities()
		if err != nil {
			return err
		}
		if _, err := (&store.Store{Dir: s.store.Dir, Config: store.Config{Keys: rest}}).OwnKey(ids); err != nil {
			return fail("to replace this device's key with a new one: attune key rotate; to stop using this device, remove its key from another device",
				"%s is the last key this device can open your map with; without it, this device could no longer open it; nothing was changed", keyLabel(removed))
		}
		run := &keyChangeRun{list: rest}
		left, err := s.changeKeys(run)
		if err != nil {
			return err
		}
		x.say("removed %s: no file in the store is encrypted to it any more", keyLabel(removed))
		s.sayKeysChanged(run, left)
		x.say("earlier copies still open with it: the git history, backups, and other devices' copies not yet synced; if that device was lost or someone else may have it, run: attune key rotate")
		return nil
	})
}
