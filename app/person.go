package app

import (
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// The keys partners know belong to the person, not to a device: the age
// key they encrypt to (mapfile.Map.PersonKey) and the signing key, both
// inside the encrypted map, so every device that opens the map can read
// a partner's export and sign one. A map from before several keys has
// no person key: its store's one key is the person's.

// personRecipient is the public key partners encrypt to.
func personRecipient(m *mapfile.Map, cfg *store.Config) (string, error) {
	if m.PersonKey == "" {
		return cfg.KeyList()[0].Recipient, nil
	}
	_, r, err := keys.ParseNativeIdentity(m.PersonKey)
	return r, err
}

// personIdentities are the person's keys in the map that open a
// partner's export: the person key, and the one before the last
// rotation (for what a partner made before they heard of it).
func personIdentities(m *mapfile.Map) ([]age.Identity, []string) {
	var ids []age.Identity
	var rcpts []string
	for _, secret := range []string{m.PersonKey, m.PreviousPersonKey} {
		if secret == "" {
			continue
		}
		if id, r, err := keys.ParseNativeIdentity(secret); err == nil {
			ids, rcpts = append(ids, id), append(rcpts, r)
		}
	}
	return ids, rcpts
}

// ensurePersonKey gives a map from before several keys its person key,
// the first time a second key is added: the device's own identity when
// it is the key partners have, a native age one, and one attune made
// (copyable: it is already the person's key; nothing changes for
// partners); else a new one, and every export says so to partners in a
// signed notice (told is then true). An SSH or hardware key can't be
// copied; a key adopted from elsewhere (init --identity, --identity)
// may serve for more than attune, and is never copied into the map,
// where every key of the owner's could read it.
func ensurePersonKey(m *mapfile.Map, ids []age.Identity, cfg *store.Config, copyable bool, now time.Time) (told bool, err error) {
	if m.PersonKey != "" {
		return false, nil
	}
	known := cfg.KeyList()[0].Recipient
	for _, id := range ids {
		if secret, r, ok := keys.NativeSecret(id); ok && copyable && keys.SameRecipient(r, known) {
			m.PersonKey = secret
			return false, nil
		}
	}
	secret, _, err := keys.NewNative(export.IsPostQuantum(known))
	if err != nil {
		return false, err
	}
	m.PersonKey, m.KeysChanged = secret, now
	return true, nil
}

// keyChange is the notice an export carries after the person's keys
// changed (nil when they never did): the signing key it replaces, the
// new one, and the new public key to encrypt to; and the old signing
// key, to sign it with, when that changed too.
func keyChange(m *mapfile.Map, cfg *store.Config) (*mapfile.KeyChange, *keys.SigningKey, error) {
	if m.KeysChanged.IsZero() {
		return nil, nil, nil
	}
	signer, err := keys.ParseSigningKey(m.SigningKey)
	if err != nil {
		return nil, nil, err
	}
	rcpt, err := personRecipient(m, cfg)
	if err != nil {
		return nil, nil, err
	}
	kc := &mapfile.KeyChange{From: signer.Public(), SigningKey: signer.Public(), Recipient: rcpt, At: m.KeysChanged}
	if m.PreviousSigningKey == "" {
		return kc, nil, nil
	}
	old, err := keys.ParseSigningKey(m.PreviousSigningKey)
	if err != nil {
		return nil, nil, err
	}
	kc.From = old.Public()
	return kc, old, nil
}
