package keys

import (
	"errors"
	"strings"

	"filippo.io/age"
)

// Native age identities (X25519 and post-quantum hybrid) are the only
// ones whose secret can be written as text and copied: a person's key
// kept inside their map is one of them.

// NativeSecret is the secret key of a native age identity
// (AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…), and its public key;
// ok is false for any other identity (SSH, plugin).
func NativeSecret(id age.Identity) (secret, recipient string, ok bool) {
	switch id := id.(type) {
	case *age.X25519Identity:
		return id.String(), id.Recipient().String(), true
	case *age.HybridIdentity:
		return id.String(), id.Recipient().String(), true
	}
	return "", "", false
}

// ParseNativeIdentity parses a native age identity's secret key.
func ParseNativeIdentity(secret string) (age.Identity, string, error) {
	secret = strings.TrimSpace(secret)
	var id age.Identity
	var err error
	if strings.HasPrefix(secret, "AGE-SECRET-KEY-PQ-1") {
		id, err = age.ParseHybridIdentity(secret)
	} else {
		id, err = age.ParseX25519Identity(secret)
	}
	if err != nil {
		return nil, "", errors.New("the key is not a valid age secret key")
	}
	_, r, _ := NativeSecret(id)
	return id, r, nil
}

// NewNative makes a native age identity, post-quantum when pq, and
// returns its secret and public keys.
func NewNative(pq bool) (secret, recipient string, err error) {
	var id age.Identity
	if pq {
		id, err = age.GenerateHybridIdentity()
	} else {
		id, err = age.GenerateX25519Identity()
	}
	if err != nil {
		return "", "", err
	}
	secret, recipient, _ = NativeSecret(id)
	return secret, recipient, nil
}
