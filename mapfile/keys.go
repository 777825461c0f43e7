package mapfile

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"
)

// The keys that belong to the person rather than to one device live in
// the map, so that every device that opens it can read a partner's
// export and sign one, and adding a device changes nothing for
// partners:
//
//   - PersonKey, the age identity partners encrypt to (its public key is
//     in `attune key share`'s line). A map without one uses the
//     device's own key, as before several keys;
//   - SigningKey (mapfile.go), which signs exports;
//   - after `attune key rotate`, the keys they replaced
//     (PreviousPersonKey, to open what a partner made before they heard
//     of the change; PreviousSigningKey, to sign the notice of the
//     change) and when (KeysChanged): every export carries the notice
//     until the next rotation;
//   - ConfigKey, which checks the list of keys in config.toml (a
//     plaintext file in a folder that may be synced): a key someone
//     else wrote there is never encrypted to.

// KeyChange is the notice, in an export, that its author's keys
// changed: the signing key it replaces (From), the new one
// (SigningKey, which signs the export) and the new public key to
// encrypt to (Recipient). The export is signed with From too, unless
// From is SigningKey (only the age key changed).
type KeyChange struct {
	From       string    `toml:"from"`
	SigningKey string    `toml:"signing_key"`
	Recipient  string    `toml:"recipient"`
	At         time.Time `toml:"at,omitempty"`
}

// HoldsOwnKeys reports whether m holds any of the person's secret keys
// beside the signing key, which only one's own map does.
func (m *Map) HoldsOwnKeys() bool {
	return m.PersonKey != "" || m.PreviousPersonKey != "" || m.PreviousSigningKey != "" ||
		!m.KeysChanged.IsZero() || m.ConfigKey != ""
}

// sameKeys compares the key fields of this file (Equal).
func (m *Map) sameKeys(o *Map) bool {
	return m.PersonKey == o.PersonKey && m.PreviousPersonKey == o.PreviousPersonKey &&
		m.PreviousSigningKey == o.PreviousSigningKey && m.KeysChanged.Equal(o.KeysChanged) &&
		m.ConfigKey == o.ConfigKey && len(m.KeyChange) == len(o.KeyChange) && (len(m.KeyChange) == 0 || m.KeyChange[0].equal(o.KeyChange[0]))
}

func (k KeyChange) equal(o KeyChange) bool {
	return k.From == o.From && k.SigningKey == o.SigningKey && k.Recipient == o.Recipient && k.At.Equal(o.At)
}

// KeepKeys gives m the person's keys that from holds: the keys are not
// part of what undo takes back, nor of the earlier version a change of
// keys re-encrypts.
func (m *Map) KeepKeys(from *Map) {
	if from.SigningKey != "" {
		m.SigningKey = from.SigningKey
	}
	m.PersonKey, m.PreviousPersonKey, m.PreviousSigningKey = from.PersonKey, from.PreviousPersonKey, from.PreviousSigningKey
	m.KeysChanged = from.KeysChanged
	if from.ConfigKey != "" {
		m.ConfigKey = from.ConfigKey
	}
}

// validateKeys checks the shape of the key fields; the keys themselves
// are read by the keys package when used.
func (m *Map) validateKeys() error {
	for _, f := range []struct{ name, value string }{{"person_key", m.PersonKey}, {"previous_person_key", m.PreviousPersonKey}} {
		if f.value != "" && !looksAgeSecret(f.value) {
			return errors.New(f.name + " is not an age secret key")
		}
	}
	for _, f := range []struct{ name, value string }{{"previous_signing_key", m.PreviousSigningKey}, {"config_key", m.ConfigKey}} {
		if f.value == "" {
			continue
		}
		if b, err := base64.StdEncoding.DecodeString(f.value); err != nil || len(b) != 32 {
			return errors.New(f.name + " is not an attune key")
		}
	}
	switch {
	case len(m.KeyChange) > 1:
		return errors.New("the file holds more than one [[key_change]]")
	case len(m.KeyChange) == 1:
		return m.KeyChange[0].validate()
	}
	return nil
}

// looksAgeSecret: one AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… word.
func looksAgeSecret(s string) bool {
	return len(s) < 8192 && strings.HasPrefix(s, "AGE-SECRET-KEY-") && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ""
}

func (k KeyChange) validate() error {
	for _, f := range []string{k.From, k.SigningKey} {
		if b, err := base64.StdEncoding.DecodeString(f); err != nil || len(b) < 32 || len(b) > 1024 {
			return errors.New("key_change holds a signing key that is not a public signing key")
		}
	}
	if !PublicKeyText(k.Recipient) {
		return errors.New("key_change holds a recipient that is not a public key")
	}
	return nil
}

// PublicKeyText reports whether s could be a public key as attune
// writes one: printable ASCII on one line (an SSH key has a space),
// not empty, and not longer than the longest (a post-quantum key is
// about 2,000 characters).
func PublicKeyText(s string) bool {
	if strings.TrimSpace(s) == "" || len(s) > 8192 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
