package keys

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"
	"golang.org/x/crypto/ssh"

	"github.com/attune-dev/attune/internal/testbuild"
	"github.com/attune-dev/attune/internal/testhooks"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if ageDir != "" {
		os.RemoveAll(ageDir)
	}
	os.Exit(code)
}

// ageDir holds the age CLI once ageCLI has built it.
var ageDir string

// ageCLI builds age and age-keygen from the module attune depends on, once
// per test binary, and returns their folder.
var ageCLI = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "attune-keys-agecli-")
	if err != nil {
		return "", err
	}
	ageDir = dir
	return dir, testbuild.AgeCLI(dir)
})

// setWorkFactor turns the scrypt hook on for one test.
func setWorkFactor(t *testing.T, n int) {
	old := testhooks.ScryptWorkFactor
	testhooks.ScryptWorkFactor = n
	t.Cleanup(func() { testhooks.ScryptWorkFactor = old })
}

// ---- helpers ----

func writeFile(t *testing.T, name string, data []byte, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask-proof
		t.Fatal(err)
	}
	return p
}

func encryptTo(t *testing.T, plaintext []byte, rs ...age.Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plaintext); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decryptWith(ciphertext []byte, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(ciphertext), ids...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// roundTrip encrypts to the recipient string (parsed with ParseRecipient)
// and checks that ids decrypt it.
func roundTrip(t *testing.T, recipient string, ids []age.Identity) {
	t.Helper()
	r, err := ParseRecipient(recipient, Options{})
	if err != nil {
		t.Fatalf("ParseRecipient: %v", err)
	}
	msg := []byte("very private data")
	got, err := decryptWith(encryptTo(t, msg, r), ids...)
	if err != nil {
		t.Fatalf("decrypt: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("decrypted %q, want %q", got, msg)
	}
}

// prompter records the prompts it receives and answers with pass.
type prompter struct {
	mu      sync.Mutex
	pass    string
	prompts []string
}

func (p *prompter) fn(prompt string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prompts = append(p.prompts, prompt)
	return p.pass, nil
}

func (p *prompter) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.prompts)
}

func noPrompt(t *testing.T) func(string) (string, error) {
	return func(prompt string) (string, error) {
		t.Errorf("unexpected passphrase prompt %q", prompt)
		return "", errors.New("unexpected prompt")
	}
}

func sshPEM(t *testing.T, key any, passphrase string) []byte {
	t.Helper()
	var (
		block *pem.Block
		err   error
	)
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(key, "test comment")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(key, "test comment", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

func authorizedKey(t *testing.T, pub any) string {
	t.Helper()
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp)))
}

var (
	rsaOnce          sync.Once
	rsa2048, rsa1024 *rsa.PrivateKey
	rsaErr1, rsaErr2 error
)

func rsaKeys(t *testing.T) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	rsaOnce.Do(func() {
		rsa2048, rsaErr1 = rsa.GenerateKey(rand.Reader, 2048)
		rsa1024, rsaErr2 = rsa.GenerateKey(rand.Reader, 1024)
	})
	if rsaErr1 != nil || rsaErr2 != nil {
		t.Fatal(rsaErr1, rsaErr2)
	}
	return rsa2048, rsa1024
}

// ---- Generate / LoadIdentities ----

func TestGenerateAndLoad(t *testing.T) {
	now := time.Date(2024, 3, 5, 7, 8, 9, 0, time.FixedZone("", 3600))
	for _, pq := range []bool{false, true} {
		content, rec, err := Generate(pq, now)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(content), "\n")
		if len(lines) != 4 || lines[3] != "" {
			t.Fatalf("pq=%v: want 3 newline-terminated lines, got %q", pq, content)
		}
		if lines[0] != "# created: 2024-03-05T07:08:09+01:00" {
			t.Errorf("pq=%v: created line %q", pq, lines[0])
		}
		if lines[1] != "# public key: "+rec {
			t.Errorf("pq=%v: public key line %q, recipient %q", pq, lines[1], rec)
		}
		wantSecret, wantRec := "AGE-SECRET-KEY-1", "age1"
		if pq {
			wantSecret, wantRec = "AGE-SECRET-KEY-PQ-1", "age1pq1"
		}
		if !strings.HasPrefix(lines[2], wantSecret) || !strings.HasPrefix(rec, wantRec) {
			t.Errorf("pq=%v: secret %.20q… recipient %q", pq, lines[2], rec)
		}
		if !pq && strings.HasPrefix(rec, "age1pq1") {
			t.Errorf("classic key got PQ recipient %q", rec)
		}

		path := writeFile(t, "identity", content, 0o600)
		ids, err := LoadIdentities(path, Options{Passphrase: noPrompt(t)})
		if err != nil {
			t.Fatalf("pq=%v: LoadIdentities: %v", pq, err)
		}
		if len(ids) != 1 {
			t.Fatalf("pq=%v: got %d identities", pq, len(ids))
		}
		switch ids[0].(type) {
		case *age.X25519Identity:
			if pq {
				t.Errorf("pq identity loaded as X25519")
			}
		case *age.HybridIdentity:
			if !pq {
				t.Errorf("X25519 identity loaded as hybrid")
			}
		default:
			t.Errorf("unexpected identity type %T", ids[0])
		}
		got, err := RecipientString(ids[0])
		if err != nil || got != rec {
			t.Errorf("pq=%v: RecipientString = %q, %v; want %q", pq, got, err, rec)
		}
		if r, err := IdentityRecipient(ids[0]); err != nil || r == nil {
			t.Errorf("IdentityRecipient: %v", err)
		}
		roundTrip(t, rec, ids)

		// A different key must not decrypt.
		other, _, _ := Generate(pq, now)
		otherIDs, err := ParseIdentities(other, "other", Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := ParseRecipient(rec, Options{})
		if _, err := decryptWith(encryptTo(t, []byte("x"), r), otherIDs...); err == nil {
			t.Errorf("pq=%v: another identity decrypted the file", pq)
		}
	}
}

func TestLoadIdentitiesPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	content, _, err := Generate(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o601} {
		path := writeFile(t, "identity", content, mode)
		_, err := LoadIdentities(path, Options{})
		var pe *PermissionError
		if !errors.As(err, &pe) {
			t.Fatalf("mode %o: want *PermissionError, got %v", mode, err)
		}
		if pe.Path != path || pe.Mode.Perm() != mode {
			t.Errorf("PermissionError = %+v", pe)
		}
		if mode == 0o644 {
			want := "identity file " + path + " is readable by others (mode 0644)"
			if pe.Error() != want {
				t.Errorf("Error() = %q, want %q", pe.Error(), want)
			}
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		path := writeFile(t, "identity", content, mode)
		if _, err := LoadIdentities(path, Options{}); err != nil {
			t.Errorf("mode %o refused: %v", mode, err)
		}
	}
}

func TestLoadIdentitiesLimitsAndErrors(t *testing.T) {
	// Too large.
	big := bytes.Repeat([]byte("# comment\n"), MaxFileSize/10+1)
	path := writeFile(t, "big", big, 0o600)
	if _, err := LoadIdentities(path, Options{}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("large file: %v", err)
	}
	// Missing.
	if _, err := LoadIdentities(filepath.Join(t.TempDir(), "nope"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	// Directory.
	dir := t.TempDir()
	os.Chmod(dir, 0o700)
	if _, err := LoadIdentities(dir, Options{}); err == nil {
		t.Errorf("directory accepted")
	}
	// Empty / comments only.
	path = writeFile(t, "empty", []byte("# nothing\n\n"), 0o600)
	if _, err := LoadIdentities(path, Options{}); err == nil || !strings.Contains(err.Error(), "no identities") {
		t.Errorf("empty file: %v", err)
	}
}

func TestParseIdentities(t *testing.T) {
	a, recA, _ := Generate(false, time.Now())
	b, recB, _ := Generate(true, time.Now())
	text := "\n# my keys\r\n" + string(a) + "\n   \n" + string(b)
	ids, err := ParseIdentities([]byte(text), "f", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Fatalf("got %d identities", len(ids))
	}
	for i, want := range []string{recA, recB} {
		if got, _ := RecipientString(ids[i]); got != want {
			t.Errorf("identity %d: %q, want %q", i, got, want)
		}
	}

	secretLine := strings.Split(string(a), "\n")[2]
	bad := []struct {
		text, want string
	}{
		{"# c\n" + secretLine + "\n" + secretLine[:len(secretLine)-3] + "qqq\n", "f: malformed identity at line 3"},
		{"\n\nAGE-SECRET-KEY-PQ-1QQQQQQQQQQQQQQQQQ\n", "f: malformed identity at line 3"},
		{"hello world secret stuff\n", "f: malformed identity at line 1"},
		{"AGE-PLUGIN-NOTVALIDBECH32\n", "f: malformed identity at line 1"},
		{"# x\n" + recA + "\n", "f: malformed identity at line 2 (it looks like a public key"},
		{"", "f: no identities found"},
		{"# only\n# comments\n", "f: no identities found"},
	}
	for _, tc := range bad {
		_, err := ParseIdentities([]byte(tc.text), "f", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ParseIdentities(%q): error %v, want prefix %q", tc.text, err, tc.want)
			continue
		}
		for _, line := range strings.Split(tc.text, "\n") {
			if len(line) > 8 && !strings.HasPrefix(line, "#") && strings.Contains(err.Error(), line) {
				t.Errorf("error %q echoes line %q", err, line)
			}
		}
	}
}

func TestPluginIdentity(t *testing.T) {
	idStr := plugin.EncodeIdentity("yubikey", []byte("some identity data"))
	if idStr == "" {
		t.Fatal("EncodeIdentity failed")
	}
	_, err := ParseIdentities([]byte(idStr+"\n"), "f", Options{})
	if err == nil || !strings.Contains(err.Error(), "plugin UI is required") || strings.Contains(err.Error(), idStr) {
		t.Errorf("nil PluginUI: %v", err)
	}
	ids, err := ParseIdentities([]byte(idStr+"\n"), "f", Options{PluginUI: &plugin.ClientUI{}})
	if err != nil {
		t.Fatal(err)
	}
	pid, ok := ids[0].(*plugin.Identity)
	if !ok || pid.Name() != "yubikey" {
		t.Fatalf("got %T", ids[0])
	}
	if s, err := RecipientString(pid); err == nil {
		t.Errorf("RecipientString of a plugin identity = %q, want error", s)
	}
	if r, err := IdentityRecipient(pid); err != nil || r == nil {
		t.Errorf("IdentityRecipient: %v", err)
	}
}

func TestRecipientStringUnknown(t *testing.T) {
	sid, _ := age.NewScryptIdentity("x")
	if _, err := RecipientString(sid); err == nil {
		t.Error("scrypt identity accepted")
	}
	if _, err := RecipientString(nil); err == nil {
		t.Error("nil identity accepted")
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	raw, err := agessh.NewEd25519Identity(priv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecipientString(raw); err == nil {
		t.Error("raw agessh identity accepted")
	}
}

// ---- passphrase-protected identity files ----

func TestPassphraseProtectedIdentity(t *testing.T) {
	setWorkFactor(t, 10)
	content, rec, err := Generate(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ProtectWithPassphrase(content, ""); err == nil {
		t.Error("empty passphrase accepted")
	}
	protected, err := ProtectWithPassphrase(content, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	// Same shape as `age -p`: binary, one scrypt stanza, our work factor.
	hdr := strings.SplitN(string(protected), "\n", 3)
	if hdr[0] != "age-encryption.org/v1" || !strings.HasPrefix(hdr[1], "-> scrypt ") || !strings.HasSuffix(hdr[1], " 10") {
		t.Fatalf("unexpected header %q", hdr[:2])
	}
	if bytes.Contains(protected, content[len(content)-20:]) {
		t.Fatal("secret visible in protected file")
	}
	// The plain age API (as `age -d` does) decrypts it with the passphrase.
	sid, _ := age.NewScryptIdentity("correct horse")
	if got, err := decryptWith(protected, sid); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("age decrypt: %v", err)
	}

	var armored bytes.Buffer
	armored.WriteString("\n  \n")
	aw := armor.NewWriter(&armored)
	aw.Write(protected)
	aw.Close()

	for name, data := range map[string][]byte{"binary": protected, "armored": armored.Bytes()} {
		path := writeFile(t, "identity.age", data, 0o600)

		p := &prompter{pass: "correct horse"}
		ids, err := LoadIdentities(path, Options{Passphrase: p.fn})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(p.prompts) != 1 || p.prompts[0] != "passphrase for identity file "+path {
			t.Errorf("%s: prompts %q", name, p.prompts)
		}
		if got, _ := RecipientString(ids[0]); got != rec {
			t.Errorf("%s: recipient %q, want %q", name, got, rec)
		}
		roundTrip(t, rec, ids)

		wrong := &prompter{pass: "wrong horse"}
		_, err = LoadIdentities(path, Options{Passphrase: wrong.fn})
		if !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("%s: wrong passphrase: %v", name, err)
		}
		empty := &prompter{pass: ""}
		if _, err = LoadIdentities(path, Options{Passphrase: empty.fn}); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("%s: empty passphrase: %v", name, err)
		}
		if _, err = LoadIdentities(path, Options{}); err == nil {
			t.Errorf("%s: no Passphrase callback accepted", name)
		}
		failing := func(string) (string, error) { return "", errors.New("cancelled") }
		if _, err = LoadIdentities(path, Options{Passphrase: failing}); err == nil || errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("%s: cancelled prompt: %v", name, err)
		}
	}

	// An age file encrypted to a key (not a passphrase) is not a wrong passphrase.
	x, _ := age.GenerateX25519Identity()
	path := writeFile(t, "identity.age", encryptTo(t, content, x.Recipient()), 0o600)
	p := &prompter{pass: "whatever"}
	if _, err := LoadIdentities(path, Options{Passphrase: p.fn}); err == nil || errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("key-encrypted identity file: %v", err)
	}
}

func TestProtectDefaultWorkFactor(t *testing.T) {
	setWorkFactor(t, 1)
	if got := stanzaWorkFactor(t); got != "1" {
		t.Errorf("hook 1: work factor %s", got)
	}
	if testing.Short() {
		t.Skip("slow scrypt")
	}
	// Off (0), and out of range (23: age reads no file above 22 by
	// default): age's default.
	for _, n := range []int{0, 23} {
		setWorkFactor(t, n)
		if got := stanzaWorkFactor(t); got != "18" {
			t.Errorf("hook %d: work factor %s, want age's default 18", n, got)
		}
	}
}

// stanzaWorkFactor protects a secret and returns the work factor its
// scrypt stanza names.
func stanzaWorkFactor(t *testing.T) string {
	t.Helper()
	out, err := ProtectWithPassphrase([]byte("x"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(strings.SplitN(string(out), "\n", 3)[1])
	if len(f) != 4 || f[0] != "->" || f[1] != "scrypt" {
		t.Fatalf("not one scrypt stanza: %q", f)
	}
	return f[3]
}

// ---- SSH keys ----

func TestSSHKeys(t *testing.T) {
	_, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, _ := rsaKeys(t)
	for name, tc := range map[string]struct {
		priv any
		pub  any
	}{
		"ed25519": {edPriv, edPriv.Public()},
		"rsa2048": {rsaKey, &rsaKey.PublicKey},
	} {
		path := writeFile(t, "id_"+name, sshPEM(t, tc.priv, ""), 0o600)
		ids, err := LoadIdentities(path, Options{Passphrase: noPrompt(t)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ids) != 1 {
			t.Fatalf("%s: %d identities", name, len(ids))
		}
		want := authorizedKey(t, tc.pub)
		got, err := RecipientString(ids[0])
		if err != nil || got != want {
			t.Errorf("%s: RecipientString = %q, %v; want %q", name, got, err, want)
		}
		if si := ids[0].(*SSHIdentity); si.Encrypted() {
			t.Errorf("%s: reported encrypted", name)
		}
		roundTrip(t, got, ids)
		roundTrip(t, want+" user@host", ids)
	}
}

func TestEncryptedSSHKey(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsaKeys(t)
	for name, tc := range map[string]struct {
		priv any
		pub  any
	}{
		"ed25519": {edPriv, edPriv.Public()},
		"rsa2048": {rsaKey, &rsaKey.PublicKey},
	} {
		path := writeFile(t, "id_"+name, sshPEM(t, tc.priv, "s3cret"), 0o600)
		p := &prompter{pass: "s3cret"}
		ids, err := LoadIdentities(path, Options{Passphrase: p.fn})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := authorizedKey(t, tc.pub)
		got, err := RecipientString(ids[0])
		if err != nil || got != want {
			t.Errorf("%s: RecipientString = %q, %v; want %q", name, got, err, want)
		}
		if !ids[0].(*SSHIdentity).Encrypted() {
			t.Errorf("%s: not reported encrypted", name)
		}
		if p.count() != 0 {
			t.Fatalf("%s: prompted during load: %q", name, p.prompts)
		}

		// A file for someone else doesn't prompt.
		x, _ := age.GenerateX25519Identity()
		other := encryptTo(t, []byte("not for ssh"), x.Recipient())
		if _, err := decryptWith(other, append(ids, x)...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.count() != 0 {
			t.Fatalf("%s: prompted for a non-matching file", name)
		}

		// Wrong passphrase.
		wrongP := &prompter{pass: "nope"}
		wrongIDs, err := LoadIdentities(path, Options{Passphrase: wrongP.fn})
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRecipient(got, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ct := encryptTo(t, []byte("for ssh"), r)
		if _, err := decryptWith(ct, wrongIDs...); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("%s: wrong passphrase: %v", name, err)
		}

		// Right passphrase: prompted exactly once, on Unwrap.
		pt, err := decryptWith(ct, ids...)
		if err != nil || string(pt) != "for ssh" {
			t.Fatalf("%s: decrypt: %q, %v", name, pt, err)
		}
		if len(p.prompts) != 1 || p.prompts[0] != "passphrase for SSH key "+path {
			t.Errorf("%s: prompts %q", name, p.prompts)
		}
	}
}

func TestUnsupportedSSHKeys(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, small := rsaKeys(t)
	cases := map[string]struct {
		pem  []byte
		want string
	}{
		"ecdsa":           {sshPEM(t, ec, ""), "unsupported key type"},
		"ecdsa-encrypted": {sshPEM(t, ec, "pw"), "unsupported key type"},
		"rsa1024":         {sshPEM(t, small, ""), "too small"},
		"rsa1024-enc":     {sshPEM(t, small, "pw"), "too small"},
		"garbage":         {[]byte("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"), "SSH key"},
	}
	for name, tc := range cases {
		path := writeFile(t, "id_"+name, tc.pem, 0o600)
		_, err := LoadIdentities(path, Options{Passphrase: noPrompt(t)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
}

// ---- recipients ----

func TestParseRecipientKinds(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsaKeys(t)
	pluginRec := plugin.EncodeRecipient("yubikey", []byte("recipient data"))
	if !strings.HasPrefix(pluginRec, "age1yubikey1") {
		t.Fatalf("plugin recipient %q", pluginRec)
	}

	ok := []struct {
		s    string
		opts Options
		want string // %T
	}{
		{x.Recipient().String(), Options{}, "*age.X25519Recipient"},
		{"  " + x.Recipient().String() + "\n", Options{}, "*age.X25519Recipient"},
		{h.Recipient().String(), Options{}, "*age.HybridRecipient"},
		{authorizedKey(t, edPriv.Public()), Options{}, "*agessh.Ed25519Recipient"},
		{authorizedKey(t, edPriv.Public()) + " me@example.com", Options{}, "*agessh.Ed25519Recipient"},
		{authorizedKey(t, &rsaKey.PublicKey), Options{}, "*agessh.RSARecipient"},
		{pluginRec, Options{PluginUI: &plugin.ClientUI{}}, "*plugin.Recipient"},
	}
	for _, tc := range ok {
		r, err := ParseRecipient(tc.s, tc.opts)
		if err != nil {
			t.Errorf("ParseRecipient(%.30q…): %v", tc.s, err)
			continue
		}
		if got := fmt.Sprintf("%T", r); got != tc.want {
			t.Errorf("ParseRecipient(%.30q…) = %s, want %s", tc.s, got, tc.want)
		}
	}
	if r, _ := ParseRecipient(pluginRec, Options{PluginUI: &plugin.ClientUI{}}); r.(*plugin.Recipient).String() != pluginRec {
		t.Errorf("plugin recipient string changed")
	}
}

func TestParseRecipientRefusals(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	_, small := rsaKeys(t)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	genContent, _, _ := Generate(false, time.Now())
	xs := x.Recipient().String()
	hs := h.Recipient().String()
	pluginRec := plugin.EncodeRecipient("yubikey", []byte("recipient data"))

	cases := []struct {
		name, s, problem, hint string
	}{
		{"empty", "", problemEmpty, ""},
		{"blank", " \t\n ", problemEmpty, ""},
		{"x25519 secret", x.String(), problemSecret, hintSecret},
		{"lowercase secret", strings.ToLower(x.String()), problemSecret, hintSecret},
		{"pq secret", h.String(), problemSecret, hintSecret},
		{"plugin secret", plugin.EncodeIdentity("yubikey", []byte("identity data")), problemSecret, hintSecret},
		{"identity file", string(genContent), problemSecret, hintSecret},
		{"ssh private key", string(sshPEM(t, edPriv, "")), problemSecret, hintSecret},
		{"garbage", "hello there general kenobi", problemUnknown, ""},
		{"bad x25519 checksum", xs[:len(xs)-2] + flip(xs[len(xs)-2:]), problemX25519, hintCopy},
		{"truncated x25519", xs[:len(xs)-5], problemX25519, hintCopy},
		{"bad hybrid", hs[:len(hs)-4], problemHybrid, hintCopy},
		{"tag", "age1tag1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", problemTag, hintTag},
		{"tagpq", "age1tagpq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", problemTag, hintTag},
		{"plugin nil UI", pluginRec, problemPluginUI, "this public key belongs to age-plugin-yubikey"},
		{"bad plugin", pluginRec[:len(pluginRec)-3], problemPlugin, hintCopy},
		{"rsa1024", authorizedKey(t, &small.PublicKey), problemRSASmall, hintRSASmall},
		{"ecdsa", authorizedKey(t, &ec.PublicKey), problemSSHType, hintSSHType},
		{"bad ssh", "ssh-ed25519 AAAAnotbase64!!!", problemSSH, hintSSH},
		{"two lines", xs + "\n" + xs, problemMultiline, ""},
		{"two keys on one line", xs + " " + xs, problemSpaces, hintSpaces},
		{"two kinds on one line", hs + "\t" + xs, problemSpaces, hintSpaces},
	}
	for _, tc := range cases {
		_, err := ParseRecipient(tc.s, Options{})
		var re *RecipientError
		if !errors.As(err, &re) {
			t.Errorf("%s: want *RecipientError, got %v", tc.name, err)
			continue
		}
		if re.Problem != tc.problem || re.Hint != tc.hint {
			t.Errorf("%s: got (%q, %q), want (%q, %q)", tc.name, re.Problem, re.Hint, tc.problem, tc.hint)
		}
		if re.Error() != re.Problem {
			t.Errorf("%s: Error() = %q", tc.name, re.Error())
		}
		if in := strings.TrimSpace(tc.s); in != "" && (strings.Contains(re.Problem, in) || strings.Contains(re.Hint, in)) {
			t.Errorf("%s: error echoes the input", tc.name)
		}
	}
}

// flip changes a bech32 suffix to a different valid-alphabet suffix.
func flip(s string) string {
	if s == "qq" {
		return "pp"
	}
	return "qq"
}

func TestParseRecipientsFile(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	xs, hs := x.Recipient().String(), h.Recipient().String()
	ed := authorizedKey(t, edPriv.Public()) + " alice@example.com"

	text := "# team\r\n" + xs + "\r\n\n   # indented comment\n  " + ed + "  \n" + xs + "\n" + hs + "\n"
	strs, recs, err := ParseRecipientsFile([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{xs, ed, hs}
	if strings.Join(strs, "|") != strings.Join(want, "|") {
		t.Errorf("strings = %q, want %q", strs, want)
	}
	if len(recs) != 3 {
		t.Fatalf("%d recipients", len(recs))
	}
	if _, ok := recs[2].(*age.HybridRecipient); !ok {
		t.Errorf("recs[2] is %T", recs[2])
	}

	// Bad line 3, which is a pasted secret key.
	secret := x.String()
	bad := "# c\n" + xs + "\n" + secret + "\n" + hs + "\n"
	_, _, err = ParseRecipientsFile([]byte(bad), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "line 3: ") {
		t.Fatalf("bad line: %v", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), secret[:20]) {
		t.Errorf("error echoes the secret: %v", err)
	}
	var re *RecipientError
	if !errors.As(err, &re) || re.Hint != hintSecret {
		t.Errorf("error does not carry the hint: %v", err)
	}

	// Bad line 3, garbage.
	_, _, err = ParseRecipientsFile([]byte("\n\nnot-a-key-at-all-xyz\n"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "line 3: ") || strings.Contains(err.Error(), "not-a-key") {
		t.Errorf("garbage line: %v", err)
	}

	for _, empty := range []string{"", "\n\n", "# only comments\n"} {
		if _, _, err := ParseRecipientsFile([]byte(empty), Options{}); err == nil {
			t.Errorf("%q: no error", empty)
		}
	}
	big := bytes.Repeat([]byte(xs+"\n"), MaxFileSize/len(xs)+1)
	if _, _, err := ParseRecipientsFile(big, Options{}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("large file: %v", err)
	}
}

// ---- fuzzing ----

func FuzzParseRecipient(f *testing.F) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	sp, _ := ssh.NewPublicKey(edPriv.Public())
	f.Add(x.Recipient().String())
	f.Add(h.Recipient().String())
	f.Add(strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))) + " bob@host")
	f.Add("garbage that is not a key")
	f.Add(x.String())
	f.Add(h.String())
	f.Add(plugin.EncodeRecipient("yubikey", []byte("data")))
	f.Add("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ")
	f.Fuzz(func(t *testing.T, s string) {
		for _, opts := range []Options{{}, {PluginUI: &plugin.ClientUI{}}} {
			r, err := ParseRecipient(s, opts)
			if err == nil {
				if r == nil {
					t.Fatal("nil recipient without error")
				}
				continue
			}
			var re *RecipientError
			if !errors.As(err, &re) {
				t.Fatalf("error of type %T", err)
			}
			if len(s) <= 8 || isFixedText(s) {
				continue
			}
			if strings.Contains(re.Problem, s) || strings.Contains(re.Hint, s) {
				t.Fatalf("error %q / %q contains the input", re.Problem, re.Hint)
			}
		}
	})
}

// isFixedText reports whether s is part of one of the package's fixed
// messages, in which case the "input echoed" check would be a false alarm.
func isFixedText(s string) bool {
	for _, m := range recipientMessages {
		if strings.Contains(m, s) {
			return true
		}
	}
	return strings.Contains("this public key belongs to age-plugin-", s)
}

// ---- interoperability with the real age CLI (built from the module) ----

func TestAgeCLIInterop(t *testing.T) {
	dir, err := ageCLI()
	if err != nil {
		t.Fatal(err)
	}
	ageBin, keygenBin := filepath.Join(dir, "age"), filepath.Join(dir, "age-keygen")
	for _, pq := range []bool{false, true} {
		content, rec, err := Generate(pq, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "identity", content, 0o600)
		out, err := exec.Command(keygenBin, "-y", path).Output()
		if err != nil || strings.TrimSpace(string(out)) != rec {
			t.Fatalf("age-keygen -y: %q, %v; want %q", out, err, rec)
		}
		cmd := exec.Command(ageBin, "-r", rec)
		cmd.Stdin = strings.NewReader("from the real age")
		ct, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		ids, err := LoadIdentities(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if pt, err := decryptWith(ct, ids...); err != nil || string(pt) != "from the real age" {
			t.Fatalf("decrypt: %q, %v", pt, err)
		}
	}
}

func TestSameRecipient(t *testing.T) {
	const x = "age1qcsmzh4cmvz06p8pp7lyfh0fcpq69sra7hayeq6us4pn7mqy3cvssyq4yr"
	const y = "age1sgg44euq6n96629dnr5kcxyysfkucxvwy2lw07nycstzpf59f3hsdhm3z6"
	const ssh1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKu8l0bRmlmrk6yXh4Wc2cX0fF1fWfTmOQz5qGmO3z1a"
	const ssh2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm3yQ2b8m8bF1U6l3dN0QeV9w3H5yq0t7C4oD2k9r8s"
	cases := []struct {
		a, b string
		same bool
	}{
		{x, x, true},
		{x, strings.ToUpper(x), true},
		{x, " " + x + "\n", true},
		{x, y, false},
		{ssh1, ssh1 + " sam@laptop", true},
		{ssh1, ssh2, false},
		{ssh1, "ssh-rsa " + strings.Fields(ssh1)[1], false},
		{x, ssh1, false},
	}
	for _, c := range cases {
		if got := SameRecipient(c.a, c.b); got != c.same {
			t.Errorf("SameRecipient(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
