package app

import (
	"errors"
	"strings"

	"github.com/attune-dev/attune/keys"
)

// A key line is what two people exchange: one line that carries both
// public keys a partner needs, the age key to encrypt to and the key
// that signs one's exports:
//
//	attune:AGE-RECIPIENT:SIGNING-KEY
//
// The signing key is the base64 of an ssh-ed25519 public key; an SSH age
// recipient ("ssh-ed25519 AAAA…") has its space written as a dot, so the
// line is one word a shell keeps whole.

const keyLinePrefix = "attune:"

// keyLine makes the line for an age recipient and a public signing key.
func keyLine(recipient, signing string) string {
	return keyLinePrefix + strings.Join(strings.Fields(recipient), ".") + ":" + signing
}

// errNotKeyLine: the text is not a key line (it may be a bare age key).
var errNotKeyLine = errors.New("not a key line")

// parseKeyLine reads a key line: the age recipient and the signing key.
func parseKeyLine(s string) (recipient, signing string, err error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), keyLinePrefix)
	if !ok {
		return "", "", errNotKeyLine
	}
	r, sig, ok := strings.Cut(rest, ":")
	if !ok || r == "" || sig == "" {
		return "", "", &keys.RecipientError{Problem: "the key line is cut short: it has an age key and a signing key, after attune:",
			Hint: "copy the whole line `attune key share` printed, from attune: to its end"}
	}
	if _, err := keys.ParseSigningPublic(sig); err != nil {
		return "", "", &keys.RecipientError{Problem: "the signing key in the key line is damaged",
			Hint: "copy the whole line `attune key share` printed, from attune: to its end"}
	}
	if strings.HasPrefix(r, "ssh-") {
		r = strings.Replace(r, ".", " ", 1)
	}
	return r, sig, nil
}
