package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"filippo.io/age"
	"filippo.io/age/plugin"
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// session holds what one run of a command needs: the store, and the keys
// once they have been loaded (at most once per run).
type session struct {
	c     *cli.Context
	store *store.Store
	ids   []age.Identity
	rcpt  age.Recipient
	ask   prompter
	// unchanged is set when an update changed nothing and so wrote
	// nothing.
	unchanged bool
}

// prompter asks for passphrases and remembers why asking failed: some
// identities (encrypted SSH keys) ask only while decrypting, and age
// reports their failure only as text.
type prompter struct{ err error }

func (p *prompter) passphrase(prompt string) (string, error) {
	pass, err := readPassphrase(prompt)
	if err != nil {
		p.err = err
	}
	return pass, err
}

// why returns the prompt's own error, if asking failed, else err.
func (p *prompter) why(err error) error {
	if err != nil && p.err != nil {
		return p.err
	}
	return err
}

// storeDir is --dir, ATTUNE_DIR, $XDG_DATA_HOME/attune or ~/.local/share/attune.
func storeDir(c *cli.Context) (string, error) {
	if d := c.String("dir"); d != "" {
		return filepath.Abs(d)
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "attune"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", fail("set --dir, ATTUNE_DIR or HOME", "cannot tell where to keep the store: there is no home folder")
	}
	return filepath.Join(home, ".local", "share", "attune"), nil
}

// openSession opens the store, or says how to create one.
func openSession(c *cli.Context) (*session, error) {
	dir, err := storeDir(c)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(dir)
	if errors.Is(err, store.ErrNoStore) {
		return nil, &noStoreError{dir: dir}
	}
	if err != nil {
		return nil, err
	}
	return &session{c: c, store: s}, nil
}

// noStoreError is store.ErrNoStore with the folder that was looked in, so
// that a mistyped --dir shows.
type noStoreError struct{ dir string }

func (e *noStoreError) Error() string { return "there is no attune store in " + e.dir }
func (e *noStoreError) Unwrap() error { return store.ErrNoStore }

// keyOptions are the interactive hooks for loading keys.
func keyOptions(c *cli.Context, ask *prompter) keys.Options {
	warn := func(format string, v ...any) {
		fmt.Fprintf(c.App.ErrWriter, "attune: warning: "+format+"\n", v...)
	}
	say := func(format string, v ...any) {
		fmt.Fprintf(c.App.ErrWriter, "attune: "+format+"\n", v...)
	}
	return keys.Options{
		Passphrase: ask.passphrase,
		PluginUI:   plugin.NewTerminalUI(say, warn),
	}
}

// identityPath is --identity / ATTUNE_IDENTITY, else the store's.
func (s *session) identityPath() string {
	if p := s.c.String("identity"); p != "" {
		return p
	}
	return s.store.IdentityPath()
}

// identities loads the owner's identities, once.
func (s *session) identities() ([]age.Identity, error) {
	if s.ids != nil {
		return s.ids, nil
	}
	ids, err := s.loadIdentities(keyOptions(s.c, &s.ask))
	if err != nil {
		return nil, err
	}
	s.ids = ids
	return ids, nil
}

// loadIdentities reads the owner's identity file with opts.
func (s *session) loadIdentities(opts keys.Options) ([]age.Identity, error) {
	if ids, ok := unlockedIdentities(s.identityPath(), opts); ok {
		return ids, nil
	}
	return keys.LoadIdentities(s.identityPath(), opts)
}

// recipient is the owner's public key, which the map is encrypted to.
func (s *session) recipient() (age.Recipient, error) {
	if s.rcpt != nil {
		return s.rcpt, nil
	}
	r, err := keys.ParseRecipient(s.store.Config.Recipient, keyOptions(s.c, &s.ask))
	if err != nil {
		return nil, fmt.Errorf("%s: the recorded public key is not valid: %w", s.store.Path(store.ConfigFile), err)
	}
	s.rcpt = r
	return r, nil
}

// readMap decrypts the map for reading.
func (s *session) readMap() (*mapfile.Map, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	m, err := s.store.ReadMap(ids)
	return m, s.ask.why(err)
}

// writeKeys are what a change to the map needs: the identities to read
// it and the recipient to write it.
func (s *session) writeKeys() ([]age.Identity, age.Recipient, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, nil, err
	}
	r, err := s.recipient()
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkOwnRecipient(ids); err != nil {
		return nil, nil, err
	}
	return ids, r, nil
}

// checkOwnRecipient refuses a recorded public key (config.toml, which is
// not secret and may be edited or synced) that none of ids can open: the
// map would be encrypted to someone else, and be lost to its owner. Plugin
// identities, whose public key can't be derived here, are trusted.
func (s *session) checkOwnRecipient(ids []age.Identity) error {
	recorded := s.store.Config.Recipient
	var mine []string
	for _, id := range ids {
		r, err := keys.RecipientString(id)
		if err != nil {
			// A plugin identity, whose public key can't be derived here:
			// it may be the recorded key if that is a plugin's.
			if keys.IsPluginRecipient(recorded) {
				return nil
			}
			continue
		}
		if keys.SameRecipient(r, recorded) {
			return nil
		}
		mine = append(mine, r)
	}
	path := s.store.Path(store.ConfigFile)
	hint := "check which identity this store uses (--identity, ATTUNE_IDENTITY)"
	if len(mine) > 0 {
		hint = fmt.Sprintf("if you did not change it, set recipient = %q in %s; that is your public key, taken from your identity", mine[0], path)
	}
	return fail(hint,
		"the public key recorded in %s is not the key of your identity; attune won't encrypt your map to it", path)
}

// update is a locked read-modify-write of the map.
func (s *session) update(fn func(m *mapfile.Map) error) error {
	ids, r, err := s.writeKeys()
	if err != nil {
		return err
	}
	err = s.store.Update(ids, r, fn)
	if errors.Is(err, store.ErrUnchanged) {
		s.unchanged = true
		return nil
	}
	return s.ask.why(err)
}

// withSession is the Action wrapper of every command that needs a store.
func withSession(fn func(s *session) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		s, err := openSession(c)
		if err != nil {
			return err
		}
		return fn(s)
	}
}
