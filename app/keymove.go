package app

import (
	"errors"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// key move: the key of a store made before keys were kept apart moves
// out of the data folder, to this device's folder of keys: copied,
// synced, checked to open the map, recorded, and only then removed
// from the data folder. Never done without being asked.
func keyMoveAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		if s.store.KeysRoot == "" {
			return noKeysRoot()
		}
		from := s.store.Path(store.IdentityFile)
		dest, err := s.store.MoveIdentity(func(path string) error {
			ids, err := keys.LoadIdentities(path, s.x.keyOptions(&s.ask))
			if err != nil {
				return s.ask.why(err)
			}
			_, err = s.store.ReadMap(ids)
			return s.ask.why(err)
		})
		var dk *store.DeviceKeyError
		switch {
		case errors.Is(err, store.ErrAdopted):
			return fail("", "your key %s is already kept outside the data folder; nothing was changed", safe(s.store.Config.Identity))
		case errors.Is(err, store.ErrNotInFolder):
			return fail("", "your key is already kept outside the data folder, in %s; nothing was changed", safe(s.store.IdentityPath()))
		case errors.As(err, &dk):
			return fail("check which key it is; if it is not needed, move it away, then run attune key move again",
				"another key is already kept for this store at %s; nothing was changed", safe(dk.Path))
		case err != nil:
			return err
		}
		forgetUnlocked(s.store.Dir, from)
		x.say("moved your key to %s; the data folder no longer holds it", safe(dest))
		x.say("if the folder was synced or committed before, copies of the old file may remain elsewhere (other devices, the git history, backups): attune key rotate makes new keys, so that it no longer opens your map")
		return nil
	})
}
