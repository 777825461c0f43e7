package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/plugin"
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// ctx is what a command's action receives: urfave/cli's context (the
// flags' values, the arguments), the terminal, and the line as the
// grammar read it.
type ctx struct {
	*cli.Context
	io   *iostreams.IO
	line *line
	// stdinUsedBy names what read standard input, which can be read once.
	stdinUsedBy string
	// sess is the store the command opened, for what is said after it
	// (afterCommand); listingNotices and listingCopies: the command
	// itself lists what merges decided, or copies of the map.
	sess                          *session
	listingNotices, listingCopies bool
}

// run wraps a command's action.
func run(fn func(x *ctx) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		ios, _ := c.App.Metadata[ioKey].(*iostreams.IO)
		l, _ := c.App.Metadata[lineKey].(*line)
		x := &ctx{Context: c, io: ios, line: l}
		err := fn(x)
		if err == nil {
			x.afterCommand()
		}
		return err
	}
}

// out is standard output.
func (x *ctx) out() io.Writer { return x.io.Out }

// say writes a line of attune's own to standard error: what happened,
// where it went, what to do next.
func (x *ctx) say(format string, args ...any) {
	x.io.Flush() // after what standard output already holds
	fmt.Fprintf(x.io.Err, "attune: "+format+"\n", args...)
}

// warn writes a warning to standard error.
func (x *ctx) warn(format string, args ...any) {
	x.io.Flush()
	fmt.Fprintf(x.io.Err, "attune: warning: "+format+"\n", args...)
}

// PassphraseEnv is read instead of asking, for scripts and tests only:
// environment variables can be seen by other processes of the same user.
const PassphraseEnv = "ATTUNE_PASSPHRASE"

// session holds what one run of a command needs: the store, and the keys
// once they have been loaded (at most once per run).
type session struct {
	x     *ctx
	store *store.Store
	ids   []age.Identity
	rcpts []age.Recipient
	ask   prompter
	at    time.Time // when this run changes the map: see now
	// fresh: ids were decrypted from the identity file in this run,
	// never taken from `attune unlock`'s keyring (freshIdentities).
	fresh bool
	// seen is the map as this run last read or wrote it, for what merges
	// decided (afterCommand).
	seen *mapfile.Map
	// keys is what this run learnt of the owner's keys (keyset.go).
	keys sessionKeys
}

// prompter asks for passphrases and remembers why asking failed: some
// identities (encrypted SSH keys) ask only while decrypting, and age
// reports their failure only as text.
type prompter struct {
	io  *iostreams.IO
	own string // the store's own identity file, named plainly in prompts
	err error
	// given is the last passphrase given for the store's own identity
	// file, for a new key of this device to have the same (key rotate).
	given string
}

func (p *prompter) passphrase(prompt string) (string, error) {
	pass, err := readPassphrase(p.io, p.words(prompt))
	if err != nil {
		p.err = err
	} else if prompt == "passphrase for identity file "+p.own {
		p.given = pass
	}
	return pass, err
}

// words is the prompt in plain words: keys says "passphrase for identity
// file PATH".
func (p *prompter) words(prompt string) string {
	if prompt == "passphrase for identity file "+p.own {
		return "Passphrase for your attune key"
	}
	return "Passphrase for " + prompt[len("passphrase for "):]
}

// why returns the prompt's own error, if asking failed, else err.
func (p *prompter) why(err error) error {
	if err != nil && p.err != nil {
		return p.err
	}
	return err
}

// readPassphrase asks at the terminal, never echoing; ATTUNE_PASSPHRASE
// answers instead.
func readPassphrase(ios *iostreams.IO, prompt string) (string, error) {
	if p, ok := ios.LookupEnv(PassphraseEnv); ok {
		return p, nil
	}
	if ios.Terminal == nil {
		return "", noTerminal()
	}
	p, err := ios.Terminal.Secret(prompt + ": ")
	if errors.Is(err, iostreams.ErrNoTerminal) {
		return "", noTerminal()
	}
	return p, err
}

func noTerminal() error {
	return &userError{
		msg:  "a passphrase is needed, and there is no terminal to ask for it",
		hint: "run attune in a terminal (or, in scripts only, set " + PassphraseEnv + ")",
		code: ExitError,
	}
}

// storeDir is --dir, ATTUNE_DIR, $XDG_DATA_HOME/attune or ~/.local/share/attune.
func (x *ctx) storeDir() (string, error) {
	d := x.String("dir")
	if d == "" {
		d = x.io.Getenv("ATTUNE_DIR")
	}
	if d != "" {
		return filepath.Abs(d)
	}
	if xdg := x.io.Getenv("XDG_DATA_HOME"); xdg != "" && filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "attune"), nil
	}
	home := x.io.Getenv("HOME")
	if home == "" {
		return "", fail("set --dir, ATTUNE_DIR or HOME", "cannot tell where to keep the store: there is no home folder")
	}
	return filepath.Join(home, ".local", "share", "attune"), nil
}

// identityFlag is --identity or ATTUNE_IDENTITY, "" when neither is set.
func (x *ctx) identityFlag() string {
	if p := x.String("identity"); p != "" {
		return p
	}
	return x.io.Getenv("ATTUNE_IDENTITY")
}

// session opens the store, or says how to create one.
func (x *ctx) session() (*session, error) {
	dir, err := x.storeDir()
	if err != nil {
		return nil, err
	}
	ss, err := x.openSession(dir)
	if err != nil {
		return nil, err
	}
	if x.line != nil {
		ss.store.Command = x.line.pathString()
	}
	x.sess = ss
	return ss, nil
}

// openSession opens the store in dir, or says there is none there.
func (x *ctx) openSession(dir string) (*session, error) {
	s, err := store.Open(dir)
	if errors.Is(err, store.ErrNoStore) {
		return nil, &noStoreError{dir: dir}
	}
	if err != nil {
		return nil, err
	}
	s.KeysRoot = x.keysRoot()
	return &session{x: x, store: s, ask: prompter{io: x.io, own: s.IdentityPath()}}, nil
}

// noStoreError is store.ErrNoStore with the folder that was looked in, so
// that a mistyped --dir shows.
type noStoreError struct{ dir string }

func (e *noStoreError) Error() string { return "there is no attune store in " + e.dir }
func (e *noStoreError) Unwrap() error { return store.ErrNoStore }

// keyOptions are the interactive hooks for loading keys.
func (x *ctx) keyOptions(ask *prompter) keys.Options {
	say := func(format string, v ...any) { x.say(format, v...) }
	warn := func(format string, v ...any) { x.warn(format, v...) }
	return keys.Options{Passphrase: ask.passphrase, PluginUI: plugin.NewTerminalUI(say, warn)}
}

// identityPath is --identity / ATTUNE_IDENTITY, else the store's.
func (s *session) identityPath() string {
	if p := s.x.identityFlag(); p != "" {
		return p
	}
	return s.store.IdentityPath()
}

// identities loads the owner's identities, once.
func (s *session) identities() ([]age.Identity, error) {
	if s.ids != nil {
		return s.ids, nil
	}
	ids, err := s.loadIdentities(s.x.keyOptions(&s.ask))
	if err != nil {
		return nil, s.noDeviceKey(s.ask.why(err))
	}
	s.ids = ids
	return ids, nil
}

// loadIdentities reads the owner's identity file once, and uses the key
// `attune unlock` kept when there is one for it.
func (s *session) loadIdentities(opts keys.Options) ([]age.Identity, error) {
	f, err := keys.ReadIdentityFile(s.identityPath())
	if err != nil {
		return nil, err
	}
	if f.Protected() {
		if ids, ok := unlockedLookup(f, s.store.Dir, opts); ok {
			return s.withNext(ids, opts)
		}
	}
	ids, err := f.Load(opts)
	if err != nil {
		return nil, err
	}
	return s.withNext(ids, opts)
}

// unlockedLookup is unlockedIdentities; a test replaces it to play a
// key kept by `attune unlock` where there is no kernel keyring.
var unlockedLookup = unlockedIdentities

// freshIdentities loads the owner's identities from the identity file
// itself, never from the key `attune unlock` keeps: the journal is
// opened only by a key decrypted for this one command (the passphrase
// asked again, or ATTUNE_PASSPHRASE in scripts). The map, when the same
// command reads or changes it, uses the same identities, so the
// passphrase is asked once.
func (s *session) freshIdentities() ([]age.Identity, error) {
	if s.fresh {
		return s.ids, nil
	}
	f, err := keys.ReadIdentityFile(s.identityPath())
	if err != nil {
		return nil, s.noDeviceKey(err)
	}
	ids, err := f.Load(s.x.keyOptions(&s.ask))
	if err == nil {
		ids, err = s.withNext(ids, s.x.keyOptions(&s.ask))
	}
	if err != nil {
		return nil, s.ask.why(err)
	}
	s.ids, s.fresh = ids, true
	return ids, nil
}

// recipients are the owner's public keys, which the map is encrypted to.
func (s *session) recipients() ([]age.Recipient, error) {
	if s.rcpts != nil {
		return s.rcpts, nil
	}
	r, err := s.parseOwnKeys(s.store.Config.Recipients())
	if err != nil {
		return nil, err
	}
	s.rcpts = r
	return s.rcpts, nil
}

// parseOwnKeys parses the owner's public keys, as config.toml lists them.
func (s *session) parseOwnKeys(strs []string) ([]age.Recipient, error) {
	out := make([]age.Recipient, 0, len(strs))
	for i, str := range strs {
		r, err := keys.ParseRecipient(str, s.x.keyOptions(&s.ask))
		if err != nil {
			return nil, fmt.Errorf("%s: recorded public key %d is not valid: %w", s.store.Path(store.ConfigFile), i+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// readMap decrypts the map for reading.
func (s *session) readMap() (*mapfile.Map, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	m, err := s.store.ReadMap(ids)
	if s.mapUnreadable(err) && s.restored(ids) {
		m, err = s.store.ReadMap(ids)
	}
	if err != nil {
		return nil, s.notYetAdded(s.ask.why(err))
	}
	s.seen = m
	s.learn(m)
	return m, nil
}

// mapUnreadable reports whether err is the map that does not decrypt
// or read (or is gone), in a store kept in git: what a git operation
// outside attune can leave, and the last commit can mend.
func (s *session) mapUnreadable(err error) bool {
	if err == nil || !s.store.IsGit() {
		return false
	}
	var fe *store.FileError
	var pe *fs.PathError
	return errors.As(err, &fe) && fe.Path == s.store.Path(store.MapFile) ||
		errors.As(err, &pe) && pe.Path == s.store.Path(store.MapFile) && errors.Is(err, fs.ErrNotExist)
}

// restored puts back the map of the last commit in a store kept in git,
// when the map does not read (a git operation outside attune left it
// so) and the committed one does, and says so.
func (s *session) restored(ids []age.Identity) bool {
	ok, err := s.store.RestoreFromGit(ids)
	if ok && err == nil {
		s.x.say("your map did not decrypt after a git operation outside attune; put back the version of the last commit")
	}
	return ok && err == nil
}

// writeKeys are what a change needs: the identities to read and the
// recipients to write, once the recorded keys are checked: one is the
// owner's, and each was added by attune (checkConfig).
func (s *session) writeKeys() ([]age.Identity, []age.Recipient, error) {
	ids, r, err := s.keysToWrite()
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkConfig(); err != nil {
		return nil, nil, err
	}
	return ids, r, nil
}

// keysToWrite is writeKeys without the check of the list against the
// map, for a change that reads the map anyway (update).
func (s *session) keysToWrite() ([]age.Identity, []age.Recipient, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, nil, err
	}
	r, err := s.recipients()
	if err != nil {
		return nil, nil, err
	}
	if err := s.store.CheckOwner(ids); err != nil {
		return nil, nil, s.ownerError(err)
	}
	s.noteKeyInFolder()
	return ids, r, nil
}

// update is a locked read-modify-write of the map; changed is false when
// fn changed nothing (and nothing was written). Every change to an
// entry, whatever the command, is recorded here in the entry's history
// (changes.Record), in the same write.
func (s *session) update(fn func(m *mapfile.Map) error) (changed bool, err error) {
	ids, r, err := s.keysToWrite()
	if err != nil {
		return false, err
	}
	at := s.now()
	var last *mapfile.Map
	wrapped := func(m *mapfile.Map) error {
		s.learn(m)
		if err := s.checkConfig(); err != nil {
			return err
		}
		before := *m // the settings, to see which fn changed
		if err := fn(m); err != nil {
			return err
		}
		resolveChosen(&before, m)
		last = m
		return nil
	}
	record := func(before, after *mapfile.Map) { changes.Record(before, after, at) }
	changed, err = s.store.UpdateAndRecord(ids, r, wrapped, record)
	if s.mapUnreadable(err) && s.restored(ids) {
		changed, err = s.store.UpdateAndRecord(ids, r, wrapped, record)
	}
	if err == nil && last != nil {
		s.seen = last
	}
	return changed, s.ask.why(err)
}

// resolveChosen ends the conflict on a setting (a stop word that
// differed between devices) the person has just set to something else.
func resolveChosen(before, after *mapfile.Map) {
	for _, n := range after.OpenConflicts() {
		what := strings.ReplaceAll(n.Setting, "_", "-")
		if *settingField(before, what) != *settingField(after, what) {
			after.ResolveConflict(n.Setting)
		}
	}
}

// now is when this run changes the map, one time for all it records
// (a review's changes and its looks are of one moment).
func (s *session) now() time.Time {
	if s.at.IsZero() {
		s.at = s.x.now()
	}
	return s.at
}

// withSession runs fn with the store open.
func withSession(x *ctx, fn func(s *session) error) error {
	s, err := x.session()
	if err != nil {
		return err
	}
	return fn(s)
}

// now is the time stamp of new entries, to the second, in UTC.
func (x *ctx) now() time.Time { return x.io.Now().UTC().Truncate(time.Second) }
