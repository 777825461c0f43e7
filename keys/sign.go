package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Signing keys. Every export is signed by its author, so that a partner
// knows who made it: age encrypts, but anyone who has your public key
// can make a file encrypted to you. The signatures are SSH signatures
// (the "sshsig" format of OpenSSH's PROTOCOL.sshsig), made with an
// Ed25519 key: a partner without attune can check one with the standard
// `ssh-keygen -Y verify`, and the public key is an ordinary
// "ssh-ed25519 AAAA…" line. The secret half lives only inside the
// encrypted map.

// SignNamespace is the SSH signature namespace of attune's exports: a
// signature made for anything else never verifies as an export.
const SignNamespace = "attune-export"

// SigningKey is a person's Ed25519 signing key.
type SigningKey struct{ priv ed25519.PrivateKey }

// NewSigningKey makes a new signing key.
func NewSigningKey() (*SigningKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return &SigningKey{priv: priv}, nil
}

// String is the secret key as kept inside the encrypted map: its seed,
// in base64. It must never be printed or written anywhere else.
func (k *SigningKey) String() string {
	return base64.StdEncoding.EncodeToString(k.priv.Seed())
}

// ParseSigningKey reads a secret key written by String.
func ParseSigningKey(s string) (*SigningKey, error) {
	seed, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("the signing key is not an attune signing key")
	}
	return &SigningKey{priv: ed25519.NewKeyFromSeed(seed)}, nil
}

// Public is the public half, as the base64 of its SSH wire form (the
// second word of an "ssh-ed25519 AAAA…" line).
func (k *SigningKey) Public() string {
	pub, _ := ssh.NewPublicKey(k.priv.Public())
	return base64.StdEncoding.EncodeToString(pub.Marshal())
}

// ParseSigningPublic reads a public signing key: the base64 of an
// ssh-ed25519 key's wire form, or a whole "ssh-ed25519 AAAA…" line.
func ParseSigningPublic(s string) (ssh.PublicKey, error) {
	s = strings.TrimSpace(s)
	if f := strings.Fields(s); len(f) >= 2 {
		s = f[1]
	}
	blob, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("the signing key is not valid base64")
	}
	pub, err := ssh.ParsePublicKey(blob)
	if err != nil || pub.Type() != ssh.KeyAlgoED25519 {
		return nil, errors.New("the signing key is not an Ed25519 key")
	}
	return pub, nil
}

// SigningFingerprint is how a public signing key is shown: OpenSSH's
// fingerprint, "SHA256:…".
func SigningFingerprint(public string) string {
	pub, err := ParseSigningPublic(public)
	if err != nil {
		return "(not a valid key)"
	}
	return ssh.FingerprintSHA256(pub)
}

// SSHLine is the public key as an authorized_keys / allowed_signers line.
func SSHLine(public string) string {
	return "ssh-ed25519 " + public
}

// Sign makes an armored SSH signature of message.
func (k *SigningKey) Sign(message []byte) ([]byte, error) {
	signer, err := ssh.NewSignerFromKey(k.priv)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(rand.Reader, signedData(message))
	if err != nil {
		return nil, err
	}
	blob := ssh.Marshal(sshSig{sigMagic, 1, signer.PublicKey().Marshal(), SignNamespace, "", "sha512", ssh.Marshal(sig)})
	return armorSig(blob), nil
}

var sigMagic = [6]byte{'S', 'S', 'H', 'S', 'I', 'G'}

// signedData is what is signed (PROTOCOL.sshsig): the magic, the
// namespace, the hash algorithm and the hash of the message.
func signedData(message []byte) []byte {
	h := sha512.Sum512(message)
	return ssh.Marshal(struct {
		Magic     [6]byte
		Namespace string
		Reserved  string
		HashAlg   string
		Hash      []byte
	}{sigMagic, SignNamespace, "", "sha512", h[:]})
}

const (
	sigBegin = "-----BEGIN SSH SIGNATURE-----"
	sigEnd   = "-----END SSH SIGNATURE-----"
)

func armorSig(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(sigBegin + "\n")
	for len(enc) > 70 {
		b.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	b.WriteString(enc + "\n" + sigEnd + "\n")
	return b.Bytes()
}

// SignatureError says why a signature does not hold.
type SignatureError struct{ Problem string }

func (e *SignatureError) Error() string { return e.Problem }

// Verify checks an armored SSH signature of message, made in attune's
// namespace, and returns the public key that made it (the base64 of its
// wire form). It does not say whether that key is the right one: the
// caller compares it with the key on record.
func Verify(message, armored []byte) (string, error) {
	text := strings.TrimSpace(string(armored))
	if !strings.HasPrefix(text, sigBegin) || !strings.HasSuffix(text, sigEnd) {
		return "", &SignatureError{"the signature is not an SSH signature"}
	}
	body := strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(text, sigBegin), sigEnd)), "")
	blob, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return "", &SignatureError{"the signature is damaged"}
	}
	var s sshSig
	if err := ssh.Unmarshal(blob, &s); err != nil || s.Magic != sigMagic || s.Version != 1 {
		return "", &SignatureError{"the signature is damaged"}
	}
	if s.Namespace != SignNamespace {
		return "", &SignatureError{"the signature was made for something else than an attune export"}
	}
	if s.HashAlg != "sha512" {
		return "", &SignatureError{"the signature uses a hash attune does not accept"}
	}
	pub, err := ssh.ParsePublicKey(s.PublicKey)
	if err != nil || pub.Type() != ssh.KeyAlgoED25519 {
		return "", &SignatureError{"the signature was made with a key that is not an Ed25519 key"}
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(s.Signature, &sig); err != nil {
		return "", &SignatureError{"the signature is damaged"}
	}
	if err := pub.Verify(signedData(message), &sig); err != nil {
		return "", &SignatureError{"the signature does not match the content: the file was changed after it was signed"}
	}
	return base64.StdEncoding.EncodeToString(pub.Marshal()), nil
}

// RecipientFingerprint names a public key (an age recipient, or an SSH
// key line) without showing it: the first 16 bytes of the SHA-256 of
// its canonical form, in hex. An export lists the fingerprints of the
// keys it is encrypted to, and an import checks that its own is there.
func RecipientFingerprint(recipient string) string {
	sum := sha256.Sum256([]byte(canonicalRecipient(recipient)))
	return hex.EncodeToString(sum[:16])
}

// canonicalRecipient is the form two spellings of one key share: age
// keys in lower case, SSH keys as type and key without the comment.
func canonicalRecipient(r string) string {
	f := strings.Fields(r)
	if len(f) >= 2 && strings.HasPrefix(f[0], "ssh-") {
		return f[0] + " " + f[1]
	}
	return strings.ToLower(strings.TrimSpace(r))
}

// SafetyCode is the code two people read out to each other to check
// that each has the other's real keys: made from both people's public
// keys (age and signing, sorted), each through an iterated hash as
// Signal's safety numbers are, so the same on both sides, and 60 digits
// in 12 groups of 5 (about 199 bits; a person in the middle cannot grind
// a key to match it).
func SafetyCode(mine, theirs []string) string {
	a, b := codeHalf(mine), codeHalf(theirs)
	if b < a {
		a, b = b, a
	}
	all := a + b
	var groups []string
	for i := 0; i < len(all); i += 5 {
		groups = append(groups, all[i:i+5])
	}
	return strings.Join(groups, " ")
}

// codeIterations is how many times each half's hash is iterated.
const codeIterations = 5200

// codeHalf is one person's 30 digits.
func codeHalf(publicKeys []string) string {
	keys := make([]string, len(publicKeys))
	for i, k := range publicKeys {
		keys[i] = canonicalRecipient(k)
	}
	sortStrings(keys)
	in := []byte("attune safety code v1\x00" + strings.Join(keys, "\x00"))
	h := in
	for range codeIterations {
		sum := sha512.Sum512(append(h, in...))
		h = sum[:]
	}
	var b strings.Builder
	for i := 0; i < 30; i += 5 {
		chunk := uint64(h[i])<<32 | uint64(h[i+1])<<24 | uint64(h[i+2])<<16 | uint64(h[i+3])<<8 | uint64(h[i+4])
		fmt.Fprintf(&b, "%05d", chunk%100000)
	}
	return b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// sshSig is the body of an SSH signature (OpenSSH's PROTOCOL.sshsig),
// before its armour.
type sshSig struct {
	Magic     [6]byte
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlg   string
	Signature []byte
}
