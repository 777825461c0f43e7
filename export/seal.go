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

const (
	sealBegin = "# -----BEGIN SSH SIGNATURE-----\n"
	sealEnd   = "# -----END SSH SIGNATURE-----\n"
)

// Seal signs the map's TOML with the author's key.
func Seal(plain []byte, signer *keys.SigningKey) ([]byte, error) {
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
