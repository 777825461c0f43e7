package app

import (
	"errors"
	"fmt"
	"os"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/store"
)

// init --join: this device joins a store whose folder is already here (a
// clone, a synced copy). It makes this device's own key, outside the
// folder, and prints its public key; a device that already opens the map
// adds it (attune key add KEY --label NAME), and once that is synced,
// this device opens the map too.
func joinAction(c *ctx) error {
	if c.identityFlag() != "" || c.IsSet("name") || c.IsSet("label") {
		return usage("init --join makes a new key for this device: run it alone (with --passphrase or --pq if wanted); a key you keep yourself is used with --identity FILE on each command",
			"--join cannot be combined with --identity, --name or --label")
	}
	s, err := c.session()
	if err != nil {
		var ns *noStoreError
		if errors.As(err, &ns) {
			return fail("sync or clone your data folder to this device first, then run attune init --join there (or pass --dir)",
				"there is no attune store to join in %s", safe(ns.dir))
		}
		return err
	}
	if s.store.KeysRoot == "" {
		return noKeysRoot()
	}
	if err := s.alreadyOpens(); err != nil {
		return err
	}
	list := s.store.Config.KeyList()
	pq := export.IsPostQuantum(list[0].Recipient)
	if c.IsSet("pq") && c.Bool("pq") != pq {
		kind := "classic"
		if pq {
			kind = "post-quantum"
		}
		return fail("run attune init --join without --pq, or with it, to match them",
			"post-quantum and classic keys cannot be mixed, and your other keys are %s; nothing was changed", kind)
	}
	content, recipient, _, err := newIdentity(c, pq)
	if err != nil {
		return err
	}
	if s.store.Config.StoreID == "" {
		// A store from before keys were kept apart: it gets its id here,
		// in config.toml, the same for every device once synced.
		cfg := s.store.Config
		cfg.StoreID = store.NewStoreID()
		if err := s.store.WriteConfig(cfg); err != nil {
			return err
		}
	}
	path, err := s.store.WriteDeviceIdentity(content)
	if errors.Is(err, store.ErrDeviceKeyExists) {
		return fail("`attune key list` shows whether your map is encrypted to it yet",
			"this device already has a key for this store, in %s; nothing was changed", safe(s.store.DeviceIdentityPath()))
	}
	if err != nil {
		return err
	}
	// A clone is made with the umask's modes (0644, 0755): the store
	// is the owner's alone.
	s.store.Tighten()
	c.say("this device's key is in %s, outside the data folder", safe(path))
	c.say("on a device that already opens your map, add it: attune key add %s --label NAME", shellWord(recipient))
	c.say("then sync the folder; this device opens your map once its key is added")
	fmt.Fprintln(c.out(), recipient)
	return nil
}

// alreadyOpens refuses to join on a device whose key already opens the
// map: a second key would take the first one's place here, and lock
// this device out until a device adds it.
func (s *session) alreadyOpens() error {
	path := s.store.IdentityPath()
	if _, err := os.Lstat(path); err != nil {
		return nil
	}
	if _, err := s.readMap(); err != nil {
		var dec *store.DecryptError
		var ue *userError
		if errors.As(err, &dec) || errors.As(err, &ue) {
			return nil // a key the map is not encrypted to: this device has none yet
		}
		return err
	}
	if s.store.IdentityInFolder() {
		return fail("to keep it apart from what you sync: attune key move; a device that used the same key then runs attune init --join",
			"this device already opens your map, with the key kept inside the data folder (%s); nothing was changed", safe(path))
	}
	return fail("`attune key list` shows your keys", "this device already opens your map, with its key in %s; nothing was changed", safe(path))
}
