// Package keys loads, parses and generates the age identities (secret keys)
// and recipients (public keys) used by attune.
//
// The package does no terminal I/O of its own: whenever a secret must be
// obtained from the user it calls the hooks in [Options].
//
// Error messages produced by this package never contain the text of an
// identity or recipient that failed to parse, because a user may have pasted
// a secret key where a public key was expected.
package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"
	"golang.org/x/crypto/ssh"

	"github.com/attune-dev/attune/internal/testhooks"
)

// MaxFileSize is the largest identity or recipients file accepted (1 MiB).
const MaxFileSize = 1 << 20

// minRSABits is the smallest RSA modulus age accepts for ssh-rsa recipients.
const minRSABits = 2048

// ErrWrongPassphrase is returned (possibly wrapped) when a passphrase does
// not decrypt a passphrase-protected identity file or SSH key.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// Options carries the interactive hooks.
type Options struct {
	// Passphrase is called only when a secret is actually encrypted. The
	// prompt is a plain sentence such as
	// "passphrase for identity file /x/identity".
	Passphrase func(prompt string) (string, error)
	// PluginUI is used to talk to age plugins. If nil, plugin identities and
	// recipients are refused.
	PluginUI *plugin.ClientUI
}

// PermissionError reports an identity file that other users may access.
type PermissionError struct {
	Path string
	Mode fs.FileMode
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("identity file %s is readable by others (mode %#o)", e.Path, uint32(e.Mode.Perm()))
}

// RecipientError reports a recipient that could not be used. Neither field
// ever contains the offending input.
type RecipientError struct {
	Problem string
	Hint    string
}

func (e *RecipientError) Error() string { return e.Problem }

// Fixed recipient error texts. Keeping them constant guarantees that they
// can't leak the input.
const (
	problemEmpty     = "recipient is empty"
	problemMultiline = "recipient must be a single line"
	problemSpaces    = "an age public key has no spaces; this looks like several keys in one"
	hintSpaces       = "give each public key on its own: one per argument or line, or one per --to"
	problemSecret    = "this is a secret key (an identity), not a public key"
	hintSecret       = "share only the public key: it starts with age1 or ssh-; `attune key` prints yours"
	problemUnknown   = "not a recognised public key (expected age1…, age1pq1…, ssh-ed25519 or ssh-rsa)"
	problemX25519    = "malformed age public key (age1…)"
	problemHybrid    = "malformed post-quantum age public key (age1pq1…)"
	problemTag       = "tagged age public keys (age1tag1… and age1tagpq1…) are not supported"
	hintTag          = "use the recipient printed by the hardware key's age plugin, or an age key"
	problemPlugin    = "malformed plugin public key (age1<plugin>1…)"
	hintCopy         = "check that the whole key was copied, without extra or missing characters"
	problemSSH       = "malformed SSH public key"
	hintSSH          = "use one line of an authorized_keys or .pub file: \"ssh-ed25519 AAAA…\""
	problemSSHType   = "unsupported SSH key type: age can use only ssh-ed25519 and ssh-rsa keys"
	hintSSHType      = "generate one with `ssh-keygen -t ed25519`, or use an age key"
	problemRSASmall  = "SSH RSA key is too small: at least 2048 bits are required"
	hintRSASmall     = "use an ssh-ed25519 key or an age key instead"
	problemPluginUI  = "a plugin UI is required to use plugin recipients"
)

// recipientMessages lists every fixed text a RecipientError can carry (tests
// use it to tell a leaked input from a coincidence).
var recipientMessages = []string{
	problemEmpty, problemMultiline, problemSecret, hintSecret, problemUnknown,
	problemX25519, problemHybrid, problemTag, hintTag, problemPlugin, hintCopy,
	problemSSH, hintSSH, problemSSHType, hintSSHType, problemRSASmall,
	hintRSASmall, problemPluginUI,
}

func recipientErr(problem, hint string) error {
	return &RecipientError{Problem: problem, Hint: hint}
}

// looksSecret reports whether s looks like (or contains) a secret key.
func looksSecret(s string) bool {
	u := strings.ToUpper(s)
	return strings.HasPrefix(u, "AGE-SECRET-KEY-") || strings.HasPrefix(u, "AGE-PLUGIN-") ||
		strings.Contains(u, "PRIVATE KEY") ||
		// A whole pasted identity file or several lines.
		strings.Contains(u, "\nAGE-SECRET-KEY-") || strings.Contains(u, "\nAGE-PLUGIN-")
}

// ParseRecipient parses one recipient (public key): "age1…" (X25519),
// "age1pq1…" (post-quantum hybrid), "age1<plugin>1…" (plugin), "ssh-ed25519 …" or "ssh-rsa …"
// (RSA keys need at least 2048 bits). Tagged keys ("age1tag1…",
// "age1tagpq1…") are refused as unsupported. Surrounding whitespace is ignored.
// Errors are *RecipientError and never include the input.
func ParseRecipient(s string, opts Options) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, recipientErr(problemEmpty, "")
	case looksSecret(s):
		return nil, recipientErr(problemSecret, hintSecret)
	case strings.ContainsAny(s, "\r\n"):
		return nil, recipientErr(problemMultiline, "")
	case strings.HasPrefix(s, "age1") && strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return nil, recipientErr(problemSpaces, hintSpaces)
	}

	switch {
	case strings.HasPrefix(s, "age1tag1") || strings.HasPrefix(s, "age1tagpq1"):
		// Tagged (hardware) recipients would need filippo.io/age/tag and
		// its extra dependencies; refuse them for now.
		return nil, recipientErr(problemTag, hintTag)
	case strings.HasPrefix(s, "age1pq1"):
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, recipientErr(problemHybrid, hintCopy)
		}
		return r, nil
	case strings.HasPrefix(s, "age1") && strings.Count(s, "1") > 1:
		// The Bech32 data alphabet has no '1', so a second '1' means the
		// human-readable part is "age1<plugin>".
		name, _, err := plugin.ParseRecipient(s)
		if err != nil {
			return nil, recipientErr(problemPlugin, hintCopy)
		}
		if opts.PluginUI == nil {
			return nil, recipientErr(problemPluginUI, "this public key belongs to age-plugin-"+name)
		}
		r, err := plugin.NewRecipient(s, opts.PluginUI)
		if err != nil {
			return nil, recipientErr(problemPlugin, hintCopy)
		}
		return r, nil
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, recipientErr(problemX25519, hintCopy)
		}
		return r, nil
	case strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-") || strings.HasPrefix(s, "sk-"):
		return parseSSHRecipient(s)
	}
	return nil, recipientErr(problemUnknown, "")
}

func parseSSHRecipient(s string) (age.Recipient, error) {
	pub, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(s))
	if err != nil || len(bytes.TrimSpace(rest)) != 0 {
		return nil, recipientErr(problemSSH, hintSSH)
	}
	var r age.Recipient
	switch pub.Type() {
	case ssh.KeyAlgoED25519:
		r, err = agessh.NewEd25519Recipient(pub)
	case ssh.KeyAlgoRSA:
		if rsaBits(pub) < minRSABits {
			return nil, recipientErr(problemRSASmall, hintRSASmall)
		}
		r, err = agessh.NewRSARecipient(pub)
	default:
		return nil, recipientErr(problemSSHType, hintSSHType)
	}
	if err != nil {
		return nil, recipientErr(problemSSH, hintSSH)
	}
	return r, nil
}

// rsaBits returns the modulus size of an ssh-rsa public key, or 0.
func rsaBits(pub ssh.PublicKey) int {
	cpk, ok := pub.(ssh.CryptoPublicKey)
	if !ok {
		return 0
	}
	k, ok := cpk.CryptoPublicKey().(*rsa.PublicKey)
	if !ok {
		return 0
	}
	return k.N.BitLen()
}

// ParseRecipientsFile parses text in the format of `age -R`: one recipient
// per line, blank lines and lines starting with # ignored. It returns the
// trimmed recipient strings (in order, duplicates removed) and the parsed
// recipients. Errors name the line number but never echo the line; a
// per-line error wraps the *RecipientError.
func ParseRecipientsFile(data []byte, opts Options) ([]string, []age.Recipient, error) {
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("recipients file is too large (more than %d bytes)", MaxFileSize)
	}
	var (
		strs []string
		recs []age.Recipient
		seen = map[string]bool{}
	)
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ParseRecipient(line, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		if seen[line] {
			continue
		}
		seen[line] = true
		strs = append(strs, line)
		recs = append(recs, r)
	}
	if len(recs) == 0 {
		return nil, nil, errors.New("no recipients found")
	}
	return strs, recs, nil
}

// ParseIdentities parses the (already decrypted) text of an age identity
// file: blank lines and # comments are skipped; every other line must be an
// AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1… or AGE-PLUGIN-… identity. name is
// used in error messages, which never echo a line.
func ParseIdentities(data []byte, name string, opts Options) ([]age.Identity, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: identity file is too large (more than %d bytes)", name, MaxFileSize)
	}
	var ids []age.Identity
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		malformed := func(extra string) error {
			return fmt.Errorf("%s: malformed identity at line %d%s", name, n, extra)
		}
		var (
			id  age.Identity
			err error
		)
		switch {
		case strings.HasPrefix(line, "AGE-SECRET-KEY-PQ-1"):
			id, err = age.ParseHybridIdentity(line)
		case strings.HasPrefix(line, "AGE-SECRET-KEY-1"):
			id, err = age.ParseX25519Identity(line)
		case strings.HasPrefix(line, "AGE-PLUGIN-"):
			pname, _, perr := plugin.ParseIdentity(line)
			if perr != nil {
				return nil, malformed("")
			}
			if opts.PluginUI == nil {
				return nil, fmt.Errorf("%s: line %d: a plugin UI is required to use plugin identities (age-plugin-%s)", name, n, pname)
			}
			id, err = plugin.NewIdentity(line, opts.PluginUI)
		case strings.HasPrefix(line, "age1") || strings.HasPrefix(line, "ssh-"):
			return nil, malformed(" (it looks like a public key, not a secret key)")
		default:
			return nil, malformed("")
		}
		if err != nil {
			return nil, malformed("")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no identities found", name)
	}
	return ids, nil
}

// LoadIdentities reads the identity file at path and returns its identities.
// The file must not be accessible by group or others (*PermissionError), and
// may be: an age-encrypted (passphrase-protected, `age -p`) identity file,
// binary or armored; an unencrypted or passphrase-protected SSH private key
// (ed25519 or RSA ≥ 2048 bits); or a plain age identity file (see
// ParseIdentities).
//
// SSH keys are returned as *SSHIdentity. For a passphrase-protected SSH key
// the passphrase is only requested when Unwrap meets a stanza for that key.
func LoadIdentities(path string, opts Options) ([]age.Identity, error) {
	f, err := ReadIdentityFile(path)
	if err != nil {
		return nil, err
	}
	return f.Load(opts)
}

// IdentityFile is an identity file as read from disk, once: whether it is
// protected, its identities and its hash all come from the same bytes.
type IdentityFile struct {
	Path string
	Data []byte
}

// ReadIdentityFile reads an identity file, refusing one that group or
// others can read (*PermissionError), as ssh does, one that is not a
// regular file, and one over the size limit.
func ReadIdentityFile(path string) (*IdentityFile, error) {
	data, err := readIdentityFile(path)
	if err != nil {
		return nil, err
	}
	return &IdentityFile{Path: path, Data: data}, nil
}

// Protected reports whether the file is protected by a passphrase (an
// age-encrypted file, as `age -p` makes).
func (f *IdentityFile) Protected() bool {
	return isProtected(bytes.TrimLeft(f.Data, " \t\r\n"))
}

// Load returns the file's identities (see LoadIdentities).
func (f *IdentityFile) Load(opts Options) ([]age.Identity, error) {
	trimmed := bytes.TrimLeft(f.Data, " \t\r\n")
	switch {
	case isProtected(trimmed):
		plain, err := decryptProtected(f.Path, trimmed, opts)
		if err != nil {
			return nil, err
		}
		return ParseIdentities(plain, f.Path, opts)
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		id, err := loadSSHIdentity(f.Path, f.Data, opts)
		if err != nil {
			return nil, err
		}
		return []age.Identity{id}, nil
	}
	return ParseIdentities(f.Data, f.Path, opts)
}

// Decrypt asks for the passphrase of a protected identity file and
// returns its decrypted text, for keeping it unlocked in memory.
func (f *IdentityFile) Decrypt(opts Options) ([]byte, error) {
	trimmed := bytes.TrimLeft(f.Data, " \t\r\n")
	if !isProtected(trimmed) {
		return nil, fmt.Errorf("identity file %s is not protected by a passphrase", f.Path)
	}
	plain, err := decryptProtected(f.Path, trimmed, opts)
	if err != nil {
		return nil, err
	}
	if _, err := ParseIdentities(plain, f.Path, opts); err != nil {
		return nil, err
	}
	return plain, nil
}

// readIdentityFile reads an identity file, refusing one that group or
// others can read (*PermissionError), as ssh does, and one over the size
// limit.
func readIdentityFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("identity file %s is not a regular file", path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, &PermissionError{Path: path, Mode: fi.Mode().Perm()}
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("identity file %s is too large (more than %d bytes)", path, MaxFileSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading identity file %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("identity file %s is too large (more than %d bytes)", path, MaxFileSize)
	}
	return data, nil
}

// isProtected reports whether identity file content (leading white space
// trimmed) is an age-encrypted, passphrase-protected file.
func isProtected(trimmed []byte) bool {
	return bytes.HasPrefix(trimmed, []byte("age-encryption.org/v1")) || bytes.HasPrefix(trimmed, []byte(armor.Header))
}

// Protected reports whether the identity file at path is protected by a
// passphrase (an age-encrypted file, as `age -p` makes).
func Protected(path string) bool {
	f, err := ReadIdentityFile(path)
	return err == nil && f.Protected()
}

// DecryptIdentityFile asks for the passphrase of a protected identity file
// and returns its decrypted text.
func DecryptIdentityFile(path string, opts Options) ([]byte, error) {
	f, err := ReadIdentityFile(path)
	if err != nil {
		return nil, err
	}
	return f.Decrypt(opts)
}

// decryptProtected asks for the passphrase and decrypts a protected
// identity file (binary or armored).
func decryptProtected(path string, trimmed []byte, opts Options) ([]byte, error) {
	var src io.Reader = bytes.NewReader(trimmed)
	if bytes.HasPrefix(trimmed, []byte(armor.Header)) {
		src = armor.NewReader(src)
	}
	if opts.Passphrase == nil {
		return nil, fmt.Errorf("identity file %s is passphrase-protected, but no way to ask for the passphrase is available", path)
	}
	pass, err := opts.Passphrase("passphrase for identity file " + path)
	if err != nil {
		return nil, fmt.Errorf("reading passphrase for identity file %s: %w", path, err)
	}
	if pass == "" {
		return nil, fmt.Errorf("identity file %s: %w (the passphrase is empty)", path, ErrWrongPassphrase)
	}
	sid, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", path, err)
	}
	r, err := age.Decrypt(src, sid)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			for _, t := range nm.StanzaTypes {
				if t == "scrypt" {
					return nil, fmt.Errorf("identity file %s: %w", path, ErrWrongPassphrase)
				}
			}
			return nil, fmt.Errorf("identity file %s is age-encrypted, but to a key rather than a passphrase", path)
		}
		return nil, fmt.Errorf("decrypting identity file %s: %w", path, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("decrypting identity file %s: %w", path, err)
	}
	if len(plain) > MaxFileSize {
		return nil, fmt.Errorf("identity file %s is too large", path)
	}
	return plain, nil
}

// SSHIdentity is an age identity backed by an SSH private key (ed25519 or
// RSA), as returned by LoadIdentities. It exists because agessh identities
// don't expose their public key, which RecipientString needs.
type SSHIdentity struct {
	id        age.Identity // *agessh.Ed25519Identity, *agessh.RSAIdentity or *agessh.EncryptedSSHIdentity
	pub       ssh.PublicKey
	path      string
	encrypted bool
}

var _ age.Identity = (*SSHIdentity)(nil)

// Unwrap implements age.Identity. For a passphrase-protected key, the
// passphrase is requested only if a stanza matches this key; a wrong
// passphrase yields an error wrapping ErrWrongPassphrase.
func (i *SSHIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	k, err := i.id.Unwrap(stanzas)
	// agessh formats the ssh error with %v, so only its text survives.
	if err != nil && i.encrypted && strings.Contains(err.Error(), x509.IncorrectPasswordError.Error()) {
		return nil, fmt.Errorf("SSH key %s: %w", i.path, ErrWrongPassphrase)
	}
	return k, err
}

// PublicKey returns the SSH public key of the identity.
func (i *SSHIdentity) PublicKey() ssh.PublicKey { return i.pub }

// Encrypted reports whether the private key is passphrase-protected.
func (i *SSHIdentity) Encrypted() bool { return i.encrypted }

// Recipient returns the age recipient matching the identity.
func (i *SSHIdentity) Recipient() age.Recipient {
	switch id := i.id.(type) {
	case *agessh.Ed25519Identity:
		return id.Recipient()
	case *agessh.RSAIdentity:
		return id.Recipient()
	case *agessh.EncryptedSSHIdentity:
		return id.Recipient()
	}
	return nil
}

func checkSSHPublicKey(path string, pub ssh.PublicKey) error {
	switch pub.Type() {
	case ssh.KeyAlgoED25519:
		return nil
	case ssh.KeyAlgoRSA:
		if b := rsaBits(pub); b < minRSABits {
			return fmt.Errorf("SSH key %s: RSA key is too small (%d bits; at least %d required)", path, b, minRSABits)
		}
		return nil
	}
	return fmt.Errorf("SSH key %s: unsupported key type %s (age can use only ed25519 and RSA keys)", path, pub.Type())
}

func loadSSHIdentity(path string, pemBytes []byte, opts Options) (*SSHIdentity, error) {
	k, err := ssh.ParseRawPrivateKey(pemBytes)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		pub := missing.PublicKey
		if pub == nil {
			// Legacy PEM encryption doesn't store the public key: fall back
			// on the .pub file next to the key, as ssh and age do.
			pub, err = readPubFile(path + ".pub")
			if err != nil {
				return nil, fmt.Errorf("SSH key %s is passphrase-protected in a legacy format that doesn't include the public key, and %s.pub could not be used (%v); convert the key with `ssh-keygen -p -f %s`", path, path, err, path)
			}
		}
		if err := checkSSHPublicKey(path, pub); err != nil {
			return nil, err
		}
		prompt := "passphrase for SSH key " + path
		enc, err := agessh.NewEncryptedSSHIdentity(pub, pemBytes, func() ([]byte, error) {
			if opts.Passphrase == nil {
				return nil, errors.New("no way to ask for the passphrase is available")
			}
			p, err := opts.Passphrase(prompt)
			if err != nil {
				return nil, err
			}
			return []byte(p), nil
		})
		if err != nil {
			return nil, fmt.Errorf("SSH key %s: %v", path, err)
		}
		return &SSHIdentity{id: enc, pub: pub, path: path, encrypted: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("SSH key %s: %v", path, err)
	}

	var priv any
	switch k := k.(type) {
	case *ed25519.PrivateKey:
		priv = *k
	case ed25519.PrivateKey, *rsa.PrivateKey:
		priv = k
	default:
		return nil, fmt.Errorf("SSH key %s: unsupported key type %T (age can use only ed25519 and RSA keys)", path, k)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, fmt.Errorf("SSH key %s: %v", path, err)
	}
	pub := signer.PublicKey()
	if err := checkSSHPublicKey(path, pub); err != nil {
		return nil, err
	}
	var id age.Identity
	switch priv := priv.(type) {
	case ed25519.PrivateKey:
		id, err = agessh.NewEd25519Identity(priv)
	case *rsa.PrivateKey:
		id, err = agessh.NewRSAIdentity(priv)
	}
	if err != nil {
		return nil, fmt.Errorf("SSH key %s: %v", path, err)
	}
	return &SSHIdentity{id: id, pub: pub, path: path}, nil
}

func readPubFile(name string) (ssh.PublicKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		return nil, errors.New("malformed public key file")
	}
	return pub, nil
}

// RecipientString returns the public key string for an identity returned by
// LoadIdentities or ParseIdentities: "age1…" for X25519, "age1pq1…" for
// hybrid, and the authorized_keys form without comment ("ssh-ed25519 AAAA…")
// for SSH keys.
//
// Plugin identities are refused: the plugin client API cannot compute their
// public key (plugin.Identity.Recipient().String() is only a placeholder);
// use IdentityRecipient to encrypt to them.
func RecipientString(id age.Identity) (string, error) {
	switch id := id.(type) {
	case *age.X25519Identity:
		return id.Recipient().String(), nil
	case *age.HybridIdentity:
		return id.Recipient().String(), nil
	case *SSHIdentity:
		return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(id.pub))), nil
	case *plugin.Identity:
		return "", fmt.Errorf("the public key of a plugin identity (age-plugin-%s) can't be derived; use the recipient printed by the plugin", id.Name())
	case *agessh.Ed25519Identity, *agessh.RSAIdentity, *agessh.EncryptedSSHIdentity:
		return "", errors.New("the public key of an agessh identity isn't available; load SSH keys with LoadIdentities")
	case nil:
		return "", errors.New("no identity")
	}
	return "", fmt.Errorf("unsupported identity type %T", id)
}

// IsPluginRecipient reports whether s looks like an age plugin's public
// key (age1<plugin>1…): the Bech32 data alphabet has no '1', so a second
// '1' means a plugin name in the human-readable part. Post-quantum keys
// (age1pq1…) are age's own.
func IsPluginRecipient(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "age1") && strings.Count(s, "1") > 1 && !strings.HasPrefix(s, "age1pq1")
}

// SameRecipient reports whether two recipient strings name the same key:
// SSH keys by type and key (the comment does not count), age keys with
// bech32's case folded.
func SameRecipient(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) >= 2 && len(fb) >= 2 && strings.HasPrefix(fa[0], "ssh-") {
		return fa[0] == fb[0] && fa[1] == fb[1]
	}
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// IdentityRecipient returns an age.Recipient that encrypts to id. For plugin
// identities this is the plugin's identity-based recipient, which works only
// if the plugin supports encrypting to its identities.
func IdentityRecipient(id age.Identity) (age.Recipient, error) {
	switch id := id.(type) {
	case *age.X25519Identity:
		return id.Recipient(), nil
	case *age.HybridIdentity:
		return id.Recipient(), nil
	case *SSHIdentity:
		if r := id.Recipient(); r != nil {
			return r, nil
		}
	case *plugin.Identity:
		return id.Recipient(), nil
	}
	return nil, fmt.Errorf("unsupported identity type %T", id)
}

// Generate makes a new identity, X25519 or (when pq) post-quantum hybrid. It
// returns the identity file content, in exactly the format of age-keygen,
// and the recipient string.
func Generate(pq bool, now time.Time) (fileContent []byte, recipient string, err error) {
	var secret string
	if pq {
		id, err := age.GenerateHybridIdentity()
		if err != nil {
			return nil, "", err
		}
		secret, recipient = id.String(), id.Recipient().String()
	} else {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, "", err
		}
		secret, recipient = id.String(), id.Recipient().String()
	}
	content := fmt.Sprintf("# created: %s\n# public key: %s\n%s\n", now.Format(time.RFC3339), recipient, secret)
	return []byte(content), recipient, nil
}

// ProtectWithPassphrase encrypts data exactly like `age -p` (binary age file
// with a single scrypt stanza), so the real age CLI can decrypt it, and
// LoadIdentities (or `age -d -i`) can use it as an identity file.
//
// The scrypt work factor is age's default, unless a test has set
// testhooks.ScryptWorkFactor to a value in 1..22, so that it doesn't spend a
// second per call. Decryption accepts work factors up to age's default
// maximum (22), so files written either way stay readable.
func ProtectWithPassphrase(data []byte, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, errors.New("passphrase is empty")
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	if n := testhooks.ScryptWorkFactor; n >= 1 && n <= 22 {
		r.SetWorkFactor(n)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
