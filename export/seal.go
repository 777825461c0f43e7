package export

import (
	"bytes"
	"errors"
	"strings"

	"github.com/attune-dev/attune/keys"
)

// An export's plaintext is the map's TOML followed by an SSH signature of
// exactly those bytes, as TOML comment lines, so `age -d` still prints
// readable TOML, and a standard tool can check it:
//
//	…the map's TOML…
//	# -----BEGIN SSH SIGNATURE-----
//	# U1NIU0lH…
//	# -----END SSH SIGNATURE-----
//
// What is signed holds the time the export was made (exported) and the
// fingerprints of the keys it is encrypted to (encrypted_to).
//
// After its author's keys changed (attune key rotate), an export holds
// a [[key_change]] notice, and is signed twice: first with the signing
// key it replaces (over the TOML), then with the new one (over the TOML
// and that first signature), so that a partner who knows only the old
// key can trust the new one:
//
//	…the map's TOML, with [[key_change]]…
//	# -----BEGIN SSH SIGNATURE-----   (the old key's)
//	# -----END SSH SIGNATURE-----
//	# -----BEGIN SSH SIGNATURE-----   (the new key's)
//	# -----END SSH SIGNATURE-----

const (
	sealBegin = "# -----BEGIN SSH SIGNATURE-----\n"
	sealEnd   = "# -----END SSH SIGNATURE-----\n"
)

// Seal signs the map's TOML with the author's key.
func Seal(plain []byte, signer *keys.SigningKey) ([]byte, error) {
	return appendSignature(plain, signer)
}

// SealChange signs the TOML of an export that holds a notice of a key
// change: with the key it replaces, then with the new one.
func SealChange(plain []byte, old, signer *keys.SigningKey) ([]byte, error) {
	inner, err := appendSignature(plain, old)
	if err != nil {
		return nil, err
	}
	return appendSignature(inner, signer)
}

// appendSignature is plain followed by signer's signature of it.
func appendSignature(plain []byte, signer *keys.SigningKey) ([]byte, error) {
	sig, err := signer.Sign(plain)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(plain) + len(sig) + 64)
	b.Write(plain)
	for _, l := range strings.SplitAfter(string(sig), "\n") {
		if l != "" {
			b.WriteString("# " + l)
		}
	}
	return b.Bytes(), nil
}

// ErrUnsigned is an export with no signature.
var ErrUnsigned = errors.New("the file is not signed")

// Open checks an export's signature and returns the TOML that was signed
// and the public key that signed it (keys.SigningKey.Public's form). It
// says nothing of whose key that is: the caller compares it with the
// key on record.
func Open(data []byte) (plain []byte, signer string, err error) {
	return openOne(data)
}

// Opened is an export whose signatures hold: the TOML that was signed,
// the key that signed it, and, when it was signed twice (a notice of a
// key change), the key that signed it first.
type Opened struct {
	Plain    []byte
	Signer   string
	Previous string
}

// OpenAll checks an export's signature and, when what it signed ends in
// a second signature, that one too. What each means is the caller's:
// a second signature is trusted only as the key a [[key_change]] names
// as replaced, and only if that is the key on record.
func OpenAll(data []byte) (Opened, error) {
	plain, signer, err := openOne(data)
	if err != nil {
		return Opened{}, err
	}
	o := Opened{Plain: plain, Signer: signer}
	if !bytes.HasSuffix(plain, []byte(sealEnd)) {
		return o, nil
	}
	inner, previous, err := openOne(plain)
	if err != nil {
		return Opened{}, err
	}
	if bytes.HasSuffix(inner, []byte(sealEnd)) {
		return Opened{}, &keys.SignatureError{Problem: "the file is signed more than twice"}
	}
	o.Plain, o.Previous = inner, previous
	return o, nil
}

func openOne(data []byte) (plain []byte, signer string, err error) {
	i := bytes.LastIndex(data, []byte("\n"+sealBegin))
	if i < 0 {
		if bytes.HasPrefix(data, []byte(sealBegin)) {
			return nil, "", &keys.SignatureError{Problem: "the file holds a signature and nothing signed"}
		}
		return nil, "", ErrUnsigned
	}
	plain, block := data[:i+1], data[i+1:]
	if !bytes.HasSuffix(block, []byte(sealEnd)) {
		return nil, "", &keys.SignatureError{Problem: "the file has something after its signature"}
	}
	var sig bytes.Buffer
	for _, l := range strings.SplitAfter(string(block), "\n") {
		if l == "" {
			continue
		}
		rest, ok := strings.CutPrefix(l, "# ")
		if !ok {
			return nil, "", &keys.SignatureError{Problem: "the file's signature is damaged"}
		}
		sig.WriteString(rest)
	}
	signer, err = keys.Verify(plain, sig.Bytes())
	if err != nil {
		return nil, "", err
	}
	return plain, signer, nil
}
