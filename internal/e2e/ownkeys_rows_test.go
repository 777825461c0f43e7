package e2e

import (
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// The refusals of the owner's own keys: key add, list, remove, recovery,
// rotate, move and init --join, a list of keys changed by hand, and a
// partner's notice of a change of keys that does not hold. The
// template's one key is labelled "laptop".

// phoneKey and tabletKey are other devices' public keys, classic.
var phoneKey, tabletKey = func() (string, string) {
	a, _ := age.GenerateX25519Identity()
	b, _ := age.GenerateX25519Identity()
	return a.Recipient().String(), b.Recipient().String()
}()

// addPhone adds phoneKey, labelled phone, before the row runs.
func addPhone(e *env) { e.must("key", "add", phoneKey, "--label", "phone") }

// dropDeviceKey removes this device's key, as on a device that has not
// joined yet.
func dropDeviceKey(e *env) { os.Remove(e.identityPath()) }

// linkKeysFolder puts a link named keys to this device's folder of the
// store's keys in the folder attune runs in.
func linkKeysFolder(e *env) {
	if err := os.Symlink(filepath.Dir(e.identityPath()), filepath.Join(e.root, "keys")); err != nil {
		e.t.Fatal(err)
	}
}

// legacyLayout makes the store as an attune before this version made
// it: the key inside the folder, config.toml of one recipient, no id.
func legacyLayout(e *env) {
	s, err := store.Open(e.store)
	if err != nil {
		e.t.Fatal(err)
	}
	s.KeysRoot = e.keysRoot()
	if err := os.Rename(s.IdentityPath(), s.Path(store.IdentityFile)); err != nil {
		e.t.Fatal(err)
	}
	os.WriteFile(s.Path(store.ConfigFile), []byte("recipient = \""+s.Config.Recipients()[0]+"\"\n"), 0o600)
}

// adoptedStore makes the store again with a key adopted from elsewhere
// (init --identity).
func adoptedStore(e *env) {
	os.RemoveAll(e.store)
	id, _ := age.GenerateX25519Identity()
	path := filepath.Join(e.root, "home", "my-age-key.txt")
	os.WriteFile(path, []byte(id.String()+"\n"), 0o600)
	e.must("--identity", path, "init")
}

// keepIDLegacy is legacyLayout keeping the store's id in config.toml,
// with another key already where this device's belongs.
func keepIDLegacy(e *env) {
	s, _ := store.Open(e.store)
	s.KeysRoot = e.keysRoot()
	dev := s.DeviceIdentityPath()
	os.Rename(dev, s.Path(store.IdentityFile))
	os.WriteFile(s.Path(store.ConfigFile), []byte("recipient = \""+s.Config.Recipients()[0]+"\"\nstore_id = \""+s.Config.StoreID+"\"\n"), 0o600)
	other, _ := age.GenerateX25519Identity()
	os.WriteFile(dev, []byte(other.String()+"\n"), 0o600)
}

// handAddedKey lists a key in config.toml by hand, without a check.
func handAddedKey(e *env) {
	path := filepath.Join(e.store, store.ConfigFile)
	text, _ := os.ReadFile(path)
	os.WriteFile(path, append(text, []byte("\n[[key]]\n  recipient = \""+phoneKey+"\"\n  label = \"phone\"\n")...), 0o600)
}

// writeNotice writes an export from Alex that carries a notice of a
// change of keys, made by sign (the TOML's signatures).
func writeNotice(from, signing string, sign func(plain []byte) []byte) func(*env) {
	return func(e *env) {
		s, k := e.open()
		plain := "encrypted_to = [\"" + keys.RecipientFingerprint(s.Config.Recipients()[0]) + "\"]\n" +
			validExport +
			"\n[[key_change]]\n  from = \"" + from + "\"\n  signing_key = \"" + signing + "\"\n  recipient = \"" + phoneKey + "\"\n"
		if err := store.WriteEncrypted(exportPath(e), sign([]byte(plain)), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

func newSigningKey() *keys.SigningKey {
	k, err := keys.NewSigningKey()
	if err != nil {
		panic(err)
	}
	return k
}

func sealWith(k *keys.SigningKey) func([]byte) []byte {
	return func(plain []byte) []byte { out, _ := export.Seal(plain, k); return out }
}

func sealChange(old, cur *keys.SigningKey) func([]byte) []byte {
	return func(plain []byte) []byte { out, _ := export.SealChange(plain, old, cur); return out }
}

func ownKeyRows() []badInput {
	mallory, mallory2 := newSigningKey(), newSigningKey()
	long := strings.Repeat("é", store.MaxLabel+1)
	return []badInput{
		// key add.
		{name: "key add without a key", args: []string{"key", "add"}, want: "needs a public key", code: 2},
		{name: "key add of no key", args: []string{"key", "add", "age1nope"}, want: "malformed age public key", code: 1},
		{name: "key add of a secret key", args: []string{"key", "add", pastedSecretArg}, want: "secret key", code: 1, secret: pastedSecretArg},
		{name: "key add of a partner's key line", args: []string{"key", "add", "attune:" + tabletKey + ":" + testSigner.Public()}, want: "that is a key line for partners", hint: "attune init --join", code: 1},
		{name: "key add of a key already listed", setup: addPhone, args: []string{"key", "add", phoneKey}, want: `that key is already one of yours ("phone")`, code: 1},
		{name: "key add of a post-quantum key beside classic ones", args: []string{"key", "add", pqKeyArg}, want: "post-quantum and classic keys cannot be mixed", hint: "--pq", code: 1},
		{name: "key add with a label too long", args: []string{"key", "add", phoneKey, "--label", long}, want: "label is longer than 40 characters", code: 1},
		{name: "key add with an escape in the label", args: []string{"key", "add", phoneKey, "--label", "ph" + esc + "[2Jone"}, want: "label contains a control character", code: 1},
		{name: "key add with an invisible label", args: []string{"key", "add", phoneKey, "--label", "\u200b"}, want: "label has no visible characters", code: 1},
		{name: "key add with a label taken", setup: addPhone, args: []string{"key", "add", tabletKey, "--label", "Phone"}, want: `another of your keys is labelled "Phone"`, code: 1},
		{name: "key add on a device not added yet", setup: otherKey, args: []string{"key", "add", phoneKey}, want: "this device's key is not one your map is encrypted to yet", hint: "attune key add age1", code: 1},
		{name: "key add with a key listed by hand", setup: handAddedKey, args: []string{"key", "add", pqKeyArg}, want: "lists a key that attune did not add", code: 1},

		// key remove.
		{name: "key remove without a key", args: []string{"key", "remove"}, want: "needs one of your keys", code: 2},
		{name: "key remove of a key not listed", args: []string{"key", "remove", "tablet"}, want: `none of your keys is labelled or is "tablet"`, hint: "attune key list", code: 1},
		{name: "key remove of this device's last key", args: []string{"key", "remove", "laptop"}, want: `"laptop" is the last key this device can open your map with`, hint: "attune key rotate", code: 1},
		{name: "key remove of this device's last key, others left", setup: addPhone, args: []string{"key", "remove", "laptop"}, want: "is the last key this device can open your map with", code: 1},

		// key recovery and rotate.
		{name: "key recovery with a label taken", args: []string{"key", "recovery", "--label", "laptop"}, want: `another of your keys is labelled "laptop"`, code: 1},
		{name: "key rotate with --identity", args: []string{"--identity", "other.txt", "key", "rotate"}, want: "key rotate replaces this device's own key", code: 2},

		// key move.
		{name: "key move of a key already outside", args: []string{"key", "move"}, want: "your key is already kept outside the data folder", code: 1},

		// init --join.
		{name: "init --join with --name", args: []string{"init", "--join", "--name", "Sam"}, want: "--join cannot be combined with --identity, --name or --label", code: 2},
		{name: "init --join where the key opens the map", args: []string{"init", "--join"}, want: "this device already opens your map", code: 1},
		{name: "init --join where there is no store", setup: noStore, args: []string{"init", "--join"}, want: "there is no attune store to join in", hint: "sync or clone", code: 1},
		{name: "init --join --pq beside classic keys", setup: dropDeviceKey, args: []string{"init", "--join", "--pq"}, want: "post-quantum and classic keys cannot be mixed, and your other keys are classic", code: 1},
		{name: "init without a home folder", args: []string{"--dir", "fresh", "init"}, env: []string{"HOME=", "XDG_CONFIG_HOME="}, want: "cannot tell where to keep your key", code: 1},

		// Output into this device's folder of keys (through a link to it).
		{name: "summary --output beside this device's key", setup: linkKeysFolder, args: []string{"summary", "--output", "keys/summary.txt"}, want: "inside your store", code: 1},
		{name: "export --output over this device's key", setup: linkKeysFolder, args: []string{"export", "--partner", "Alex", "--output", "keys/identity"}, want: "inside your store", code: 1},

		// A store from before: a refusal leaves its config.toml as it was.
		{name: "key rotate with a wrong passphrase, a store from before", setup: then(passphraseStore, legacyLayout), env: []string{"ATTUNE_PASSPHRASE=wrong words"},
			args: []string{"key", "rotate"}, want: "the passphrase is not right", code: 1},
		{name: "init --join with an empty passphrase, a store from before", setup: then(legacyLayout, func(e *env) { os.Remove(filepath.Join(e.store, store.IdentityFile)) }),
			env: []string{"ATTUNE_PASSPHRASE=", "ATTUNE_NEW_PASSPHRASE="}, args: []string{"init", "--join", "--passphrase"}, want: "the passphrase is empty", code: 1},

		// Without a home folder, there is nowhere to keep a key.
		{name: "key rotate without a home folder", args: []string{"key", "rotate"}, env: []string{"HOME=", "XDG_CONFIG_HOME="}, want: "cannot tell where to keep your key", code: 1},
		{name: "key move without a home folder", setup: legacyLayout, args: []string{"key", "move"}, env: []string{"HOME=", "XDG_CONFIG_HOME="}, want: "cannot tell where to keep your key", code: 1},
		{name: "init --join without a home folder", setup: dropDeviceKey, args: []string{"init", "--join"}, env: []string{"HOME=", "XDG_CONFIG_HOME="}, want: "cannot tell where to keep your key", code: 1},

		// More of key move, init --join, and a device without its key.
		{name: "key move of an adopted key", setup: adoptedStore, args: []string{"key", "move"}, want: "is already kept outside the data folder", code: 1},
		{name: "key move with another key in the way", setup: keepIDLegacy, args: []string{"key", "move"}, want: "another key is already kept for this store at", code: 1},
		{name: "key move of a key that does not open the map", setup: then(legacyLayout, func(e *env) {
			other, _ := age.GenerateX25519Identity()
			os.WriteFile(filepath.Join(e.store, store.IdentityFile), []byte(other.String()+"\n"), 0o600)
		}), args: []string{"key", "move"}, want: "was not encrypted to your key", code: 1},
		{name: "init --join where the key inside the folder opens the map", setup: legacyLayout, args: []string{"init", "--join"}, want: "with the key kept inside the data folder", hint: "attune key move", code: 1},
		{name: "init --join where this device has a key already", setup: otherKey, args: []string{"init", "--join"}, want: "this device already has a key for this store", code: 1},
		{name: "a device without its key", setup: dropDeviceKey, args: []string{"list"}, want: "this device has no key for this store yet", hint: "attune init --join", code: 1},
		{name: "key add with a wrong passphrase", setup: passphraseStore, env: []string{"ATTUNE_PASSPHRASE=wrong words"}, args: []string{"key", "add", phoneKey}, want: "the passphrase is not right", code: 1},

		// The list of keys changed by hand.
		{name: "a key listed by hand, add", setup: handAddedKey, args: []string{"add", "boundary", "red", "Something"}, want: "lists a key that attune did not add", hint: "attune key add", code: 1},
		{name: "a key listed by hand, checkin", setup: handAddedKey, args: []string{"checkin", "--feel", "numb", "--save"}, want: "lists a key that attune did not add", code: 1},

		// A partner's notice of a change of keys.
		{name: "notice not signed by the key it replaces", setup: writeNotice(mallory.Public(), testSigner.Public(), sealWith(testSigner)),
			args: []string{"import", "from-alex.age"}, want: "its notice of a change of keys is not signed with the key it replaces", code: 1},
		{name: "notice naming another signer", setup: writeNotice(testSigner.Public(), mallory.Public(), sealWith(testSigner)),
			args: []string{"import", "from-alex.age"}, want: "does not name the key that signed the file", code: 1},
		{name: "signed twice without a notice", setup: writeTampered(validExport, func(b []byte) []byte { out, _ := export.Seal(b, mallory); return out }),
			args: []string{"import", "from-alex.age"}, want: "signed twice, but says nothing of a change of keys", code: 1},
		{name: "notice from a key not on record", setup: writeNotice(mallory.Public(), mallory2.Public(), sealChange(mallory, mallory2)),
			args: []string{"import", "from-alex.age"}, want: "was not signed with Alex's key", code: 1},
		{name: "notice from a key not on record, list --from", setup: writeNotice(mallory.Public(), mallory2.Public(), sealChange(mallory, mallory2)),
			args: []string{"list", "--from", "from-alex.age"}, want: "was not signed with Alex's key", code: 1},
	}
}

func init() { badInputs = append(badInputs, ownKeyRows()...) }
