package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"filippo.io/age"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// What a run knows of the owner's keys: the device's identity (session
// ids), the keys config.toml lists (recipients), and the person's keys
// for partners, which live in the map (person.go).

// sessionKeys is what a run learnt of the keys from the map it read.
type sessionKeys struct {
	read bool // a map was read in this run
	m    *mapfile.Map
	// configErr is CheckConfig's answer for the map read.
	configErr error
	// noted: the note about a key kept inside the data folder was given.
	noted bool
}

// keysRoot is where this device keeps its keys for every store.
func (x *ctx) keysRoot() string { return store.KeysRoot(x.io.Getenv) }

// learn keeps what the map says of the keys.
func (s *session) learn(m *mapfile.Map) {
	s.keys.read, s.keys.m = true, m
	s.keys.configErr = s.store.CheckConfig(m.ConfigKey)
}

// checkConfig refuses to encrypt to a list of keys that holds one attune
// did not add. It reads the map when this run has not (the journal's
// writes, undo); a map that can't be read is checked by its backup.
func (s *session) checkConfig() error {
	if len(s.store.Config.KeyList()) == 1 {
		return nil // one key, which CheckOwner has found to be this device's
	}
	if !s.keys.read {
		ids, err := s.identities()
		if err != nil {
			return err
		}
		key, err := s.store.ReadConfigKey(ids)
		if err != nil {
			return s.ask.why(err)
		}
		s.keys.read = true
		s.keys.configErr = s.store.CheckConfig(key)
	}
	var ue *store.UnlistedKeyError
	if errors.As(s.keys.configErr, &ue) {
		return &userError{msg: ue.Error(), code: ExitError, err: ue,
			hint: "if the key is yours, add it again on a device that opens your map (attune key add KEY); if not, take it out of " + ue.Config}
	}
	return s.keys.configErr
}

// withNext adds the new key of a rotation that is not finished
// (store.NextIdentityPath) to ids: until it is, some files may be
// encrypted to it and not to the old one.
func (s *session) withNext(ids []age.Identity, opts keys.Options) ([]age.Identity, error) {
	next := s.store.NextIdentityPath()
	if next == "" || s.x.identityFlag() != "" {
		return ids, nil
	}
	if _, err := os.Lstat(next); err != nil {
		return ids, nil
	}
	more, err := keys.LoadIdentities(next, opts)
	if err != nil {
		return nil, err
	}
	return append(ids, more...), nil
}

// ownerError words a device key that config.toml does not list: a
// device that joined and waits to be added, unless its key opens the
// map (then the list was changed, and OwnerError says so).
func (s *session) ownerError(err error) error {
	var oe *store.OwnerError
	if !errors.As(err, &oe) || !oe.Listed {
		return err
	}
	if _, rerr := s.store.ReadMap(s.ids); rerr == nil {
		return err
	}
	return notAddedError(oe.Mine, err)
}

// notAddedError: a device whose key is not one the map is encrypted to
// yet (after init --join, before a device that opens the map adds it).
func notAddedError(mine string, err error) error {
	add := "attune key add THIS-DEVICE'S-KEY --label NAME"
	if mine != "" {
		add = "attune key add " + shellWord(mine) + " --label NAME"
	}
	return &userError{msg: "this device's key is not one your map is encrypted to yet", code: ExitError, err: errors.Join(errNotAdded, err),
		hint: "on a device that opens your map: " + add + "; then sync, and this device can open it"}
}

// errNotAdded marks notAddedError: sync then only takes the remote's
// version, which may be the one encrypted to this device's key too.
var errNotAdded = errors.New("this device's key is not added yet")

// notYetAdded rewords a map this device's key does not open, when the
// key is not one config.toml lists: the device has joined, and waits to
// be added.
func (s *session) notYetAdded(err error) error {
	var dec *store.DecryptError
	if !errors.As(err, &dec) || dec.Reason != store.WrongKey || s.x.identityFlag() != "" {
		return err
	}
	if _, owner := s.store.OwnKey(s.ids); owner != nil {
		return s.ownerError(owner)
	}
	return err
}

// noteKeyInFolder tells, once a run and only on a command that writes,
// that the key is kept inside the data folder, with the fix; louder
// when the folder looks synced and the key has no passphrase.
func (s *session) noteKeyInFolder() {
	if s.keys.noted || s.x.identityFlag() != "" || !s.store.IdentityInFolder() {
		return
	}
	s.keys.noted = true
	path := s.store.Path(store.IdentityFile)
	if why := store.LooksSynced(s.store.Dir); why != "" && !keys.Protected(path) {
		s.x.warn("your key %s has no passphrase and is inside a folder that looks synced (%s): anyone with a copy of the folder can open your map; move it out with: attune key move", safe(path), why)
		return
	}
	s.x.say("note: your key is kept inside your data folder (%s); `attune key move` keeps it apart from what you sync or back up", safe(path))
}

// keyLabel is how a key is named to the person.
func keyLabel(k store.Key) string {
	if k.Label != "" {
		return fmt.Sprintf("%q", k.Label)
	}
	return "the key " + keys.RecipientFingerprint(k.Recipient)[:16]
}

// noDeviceKey words a device that has no key for the store (a folder
// synced or cloned here, before `attune init --join`).
func (s *session) noDeviceKey(err error) error {
	if !errors.Is(err, fs.ErrNotExist) || s.x.identityFlag() != "" || s.store.IdentityPath() != s.store.DeviceIdentityPath() {
		return err
	}
	return &userError{msg: "this device has no key for this store yet", code: ExitError, err: err,
		hint: "run attune init --join here, then add the key it prints from a device that opens your map (or, with no such device, with your recovery key: attune --identity FILE key add KEY)"}
}
