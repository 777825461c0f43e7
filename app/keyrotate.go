package app

import (
	"errors"
	"os"
	"time"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// key rotate: new keys, after a device was lost or a key may have been
// copied. This device gets a new key (kept beside the old one until
// every file is encrypted to it, then put in its place), the person a
// new key for partners and a new signing key; the next export to each
// partner carries a notice of the change, signed with the old signing
// key, so their attune records the new keys.
func keyRotateAction(x *ctx) error {
	if x.identityFlag() != "" {
		return usage("run it without --identity and ATTUNE_IDENTITY: it makes a new key for this device, where its own key is kept",
			"key rotate replaces this device's own key, not one given with --identity")
	}
	return withSession(x, func(s *session) error {
		if err := s.finishRotation(); err != nil {
			return err
		}
		own := s.store.Config.Identity == ""
		if own && s.store.KeysRoot == "" {
			return noKeysRoot()
		}
		ids, err := s.freshIdentities()
		if err != nil {
			return err
		}
		mine, err := s.store.OwnKey(ids)
		if err != nil {
			return s.ownerError(err)
		}
		if err := s.checkConfig(); err != nil {
			return err
		}
		if own && s.store.Config.StoreID == "" {
			// Recorded before the new key is made: its place is named by it.
			cfg := s.store.Config
			cfg.StoreID = store.NewStoreID()
			if err := s.store.WriteConfig(cfg); err != nil {
				return err
			}
		}
		list := s.store.Config.KeyList()
		run := &keyChangeRun{list: list, told: true}
		oldPath := s.store.IdentityPath()
		if own {
			newKey, err := s.nextIdentity()
			if err != nil {
				return err
			}
			i, _ := findKey(list, mine.Recipient)
			list = append(list[:0:0], list...)
			list[i] = store.Key{Recipient: newKey, Label: mine.Label, Added: x.now()}
			run.list = list
		}
		pq := export.IsPostQuantum(list[0].Recipient)
		run.change = func(m *mapfile.Map) error { return rotatePersonKeys(m, pq, s.now()) }
		left, err := s.changeKeys(run)
		if err != nil {
			return err
		}
		if own {
			if err := s.store.FinishRotation(); err != nil {
				return err
			}
			forgetUnlocked(s.store.Dir, oldPath)
			x.say("this device has a new key, in %s; the old one is gone", safe(s.store.DeviceIdentityPath()))
		} else {
			x.say("your own identity %s stays as it is: to replace it, make a new one with the tool that made it, then attune key add and attune key remove", safe(oldPath))
		}
		x.say("your key for partners and your signing key are new")
		s.sayKeysChanged(run, left)
		if len(list) > 1 {
			x.say("your other keys still open your map: if a device was lost, remove its key too (attune key list, attune key remove LABEL)")
		}
		return nil
	})
}

// rotatePersonKeys makes the person's new key for partners and new
// signing key, keeping the old ones: the old key for partners opens what
// they made before they heard of the change, and the old signing key
// signs the notice of it.
func rotatePersonKeys(m *mapfile.Map, pq bool, now time.Time) error {
	signing, err := keys.NewSigningKey()
	if err != nil {
		return err
	}
	secret, _, err := keys.NewNative(pq)
	if err != nil {
		return err
	}
	m.PreviousSigningKey, m.SigningKey = m.SigningKey, signing.String()
	m.PreviousPersonKey, m.PersonKey = m.PersonKey, secret
	m.KeysChanged = now
	return nil
}

// nextIdentity is the new key of this device for a rotation: the one an
// interrupted rotation left (some files may be encrypted to it), else a
// new one of the same kind as the others, protected by the passphrase
// the old one has. It returns its public key.
func (s *session) nextIdentity() (string, error) {
	path := s.store.NextIdentityPath()
	if ids, err := keys.LoadIdentities(path, s.x.keyOptions(&s.ask)); err == nil {
		if r, err := keys.RecipientString(ids[0]); err == nil {
			return r, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", s.ask.why(err)
	}
	list := s.store.Config.KeyList()
	content, recipient, err := keys.Generate(export.IsPostQuantum(list[0].Recipient), s.x.io.Now())
	if err != nil {
		return "", err
	}
	if s.ask.given != "" {
		if content, err = keys.ProtectWithPassphrase(content, s.ask.given); err != nil {
			return "", err
		}
	}
	return recipient, s.store.WriteNextIdentity(content)
}

// finishRotation completes a rotation that was stopped after config.toml
// listed the new key: the new key takes the old one's place.
func (s *session) finishRotation() error {
	next := s.store.NextIdentityPath()
	if next == "" || s.x.identityFlag() != "" {
		return nil
	}
	ids, err := keys.LoadIdentities(next, s.x.keyOptions(&s.ask))
	if err != nil {
		return nil // none, or unreadable: key rotate makes or reuses it
	}
	r, err := keys.RecipientString(ids[0])
	if err != nil {
		return nil
	}
	if _, listed := findKey(s.store.Config.KeyList(), r); !listed {
		return nil
	}
	old := s.store.IdentityPath()
	if err := s.store.FinishRotation(); err != nil {
		return err
	}
	forgetUnlocked(s.store.Dir, old)
	s.ids, s.fresh = nil, false
	s.x.say("finished a key rotation that was interrupted: this device's new key is in place")
	return nil
}
