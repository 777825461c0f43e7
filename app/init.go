package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"filippo.io/age/plugin"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

func initAction(c *ctx) error {
	if c.Bool("join") {
		return joinAction(c)
	}
	dir, err := c.storeDir()
	if err != nil {
		return err
	}
	if err := store.CanInit(dir); err != nil {
		return initError(dir, err)
	}
	label, err := labelFlag(c)
	if err != nil {
		return err
	}
	if label == "" {
		// A label, so that `attune key remove` can name it later; not the
		// computer's name, which would go with the map's config into
		// every copy and git remote.
		label = firstDeviceLabel
	}
	m := mapfile.New()
	m.PartnerFileKey = store.NewPartnerFileKey()
	m.ConfigKey = store.NewConfigKey()
	if c.IsSet("name") {
		m.Name = textcheck.Clean(c.String("name"))
		if err := withNameHint(mapfile.CheckOwnName(m.Name)); err != nil {
			return err
		}
	}

	cfg := store.Config{StoreID: store.NewStoreID()}
	var (
		recipient    string
		identityFile []byte
		passphrase   bool
	)
	ask := prompter{io: c.io}
	if adopt := c.identityFlag(); adopt != "" {
		if c.Bool("passphrase") || c.Bool("pq") {
			return usage("--passphrase and --pq are for a new key; an adopted identity keeps its own protection",
				"--identity cannot be combined with --passphrase or --pq")
		}
		abs, err := filepath.Abs(adopt)
		if err != nil {
			return err
		}
		ids, err := keys.LoadIdentities(abs, c.keyOptions(&ask))
		if err != nil {
			return err
		}
		if recipient, err = adoptedRecipient(abs, ids[0]); err != nil {
			return err
		}
		cfg.Identity = abs
	} else {
		if c.keysRoot() == "" {
			return noKeysRoot()
		}
		if identityFile, recipient, passphrase, err = newIdentity(c, c.Bool("pq")); err != nil {
			return err
		}
	}
	rcpt, err := keys.ParseRecipient(recipient, c.keyOptions(&ask))
	if err != nil {
		return err
	}
	cfg.Keys = []store.Key{{Recipient: recipient, Label: label, Added: c.now()}}
	s, err := store.Init(dir, c.keysRoot(), store.WithChecks(cfg, m.ConfigKey), identityFile, m, rcpt)
	if err != nil {
		return initError(dir, err)
	}
	// A key kept unlocked for an earlier store in this folder (moved
	// away since) is not this store's key.
	forgetUnlocked(s.Dir, s.IdentityPath())

	c.say("created your store in %s", safe(dir))
	switch {
	case cfg.Identity != "":
		c.say("using your identity %s (it stays where it is; keep it safe)", safe(cfg.Identity))
	case passphrase:
		c.say("your key is in %s, outside the store folder, protected by your passphrase", safe(s.IdentityPath()))
	default:
		c.say("your key is in %s, outside the store folder; keep a copy somewhere safe (or make a recovery key: attune key recovery)", safe(s.IdentityPath()))
	}
	c.say("your public key is below; to share with a partner, give them the line `attune key share` prints")
	fmt.Fprintln(c.out(), recipient)
	if c.Bool("git") {
		return initGit(c)
	}
	return nil
}

// newIdentity makes a new identity, X25519 or post-quantum, protected by
// a passphrase when --passphrase asks.
func newIdentity(c *ctx, pq bool) (content []byte, recipient string, protected bool, err error) {
	content, recipient, err = keys.Generate(pq, c.io.Now())
	if err != nil || !c.Bool("passphrase") {
		return content, recipient, false, err
	}
	pass, err := newPassphrase(c, PassphraseEnv, "Choose a passphrase for your attune key")
	if err != nil {
		return nil, "", false, err
	}
	if content, err = keys.ProtectWithPassphrase(content, pass); err != nil {
		return nil, "", false, err
	}
	return content, recipient, true, nil
}

// firstDeviceLabel labels the key of init without --label.
const firstDeviceLabel = "first device"

// labelFlag is --label, checked as typed text ("" when not given).
func labelFlag(c *ctx) (string, error) {
	if !c.IsSet("label") {
		return "", nil
	}
	label := textcheck.Clean(c.String("label"))
	if err := store.CheckLabel(label, true); err != nil {
		return "", err
	}
	return label, nil
}

// noKeysRoot: there is nowhere outside the data folder to keep a key.
func noKeysRoot() error {
	return fail("set HOME (or XDG_CONFIG_HOME), or use a key you keep yourself with --identity FILE",
		"cannot tell where to keep your key: there is no home folder, and attune never keeps a new key inside the data folder")
}

// adoptedRecipient is the public key of an adopted identity. A plugin
// identity (a hardware key) can't tell its public key, so it is read from
// a "# public key: age1…" or "# recipient: age1…" comment in the identity
// file, as age-plugin-yubikey and age-keygen write.
func adoptedRecipient(path string, id age.Identity) (string, error) {
	pid, ok := id.(*plugin.Identity)
	if !ok {
		return keys.RecipientString(id)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		for _, label := range []string{"# public key:", "# recipient:"} {
			if len(line) > len(label) && strings.EqualFold(line[:len(label)], label) {
				r := strings.TrimSpace(line[len(label):])
				if strings.HasPrefix(r, "age1") {
					return r, nil
				}
			}
		}
	}
	return "", fail("add the line \"# public key: age1…\" with the recipient the plugin printed to the top of "+path,
		"the public key of a plugin identity (age-plugin-%s) can't be worked out from the identity itself", pid.Name())
}

// initError words why init cannot use dir.
func initError(dir string, err error) error {
	switch {
	case errors.Is(err, store.ErrStoreExists):
		return fail("`attune key` prints its public key; `attune set name NAME` changes your name; to start over, move that folder away first",
			"there is already an attune store in %s", safe(dir))
	case errors.Is(err, store.ErrUnfinished):
		return fail("if you have not used it, move that folder away and run `attune init` again",
			"%s holds an unfinished store: an earlier init was interrupted", safe(dir))
	case errors.Is(err, store.ErrFolderInUse):
		return fail("attune keeps its store in a folder of its own: name a new one with --dir, and attune creates it",
			"%s already holds other files", safe(dir))
	}
	return err
}
