package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// The owner's keys. A map, its backup, the journal and the stored
// imports are encrypted to every key config.toml lists ([[key]]): one
// per device, and any recovery key. Each device keeps its own secret
// key outside the data folder (which may be synced or committed), at
// DeviceIdentityPath: $XDG_CONFIG_HOME/attune/keys/<store_id>/identity,
// where store_id is a random name recorded in config.toml, the same on
// every device. A store made before keeps its key inside the folder
// until `attune key move`.
//
// config.toml is plaintext, and may be synced: anyone who can write to
// the folder could add a key of theirs to the list. So each key added
// by attune carries a check (an HMAC under mapfile.Map.ConfigKey, a
// random key inside the encrypted map), and nothing is encrypted to a
// list that holds a key without a valid one (CheckConfig).

// Key is one of the owner's public keys, as config.toml lists it.
type Key struct {
	Recipient string `toml:"recipient"`
	// Label is a short name the person gave it ("laptop", "phone").
	Label string `toml:"label,omitempty"`
	// Recovery marks the key `attune key recovery` made, whose secret
	// half was written down and is kept nowhere.
	Recovery bool      `toml:"recovery,omitempty"`
	Added    time.Time `toml:"added,omitempty"`
	// Check ties the key to the map (KeyCheck).
	Check string `toml:"check,omitempty"`
}

// MaxLabel is the longest label of a key, in characters.
const MaxLabel = 40

// KeysDirName is the folder, under $XDG_CONFIG_HOME (or ~/.config),
// that holds each store's device key, in a folder named by its id.
const KeysDirName = "attune/keys"

// NextSuffix names the new identity `attune key rotate` writes beside
// the old one, used together with it until the rotation is done.
const NextSuffix = ".next"

// KeysRoot is where this device keeps its keys: $XDG_CONFIG_HOME/
// attune/keys, else ~/.config/attune/keys; "" when neither is set.
func KeysRoot(getenv func(string) string) string {
	if xdg := getenv("XDG_CONFIG_HOME"); xdg != "" && filepath.IsAbs(xdg) {
		return filepath.Join(xdg, filepath.FromSlash(KeysDirName))
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", filepath.FromSlash(KeysDirName))
	}
	return ""
}

// NewStoreID makes the random name of a store's folder of keys.
func NewStoreID() string {
	b := make([]byte, 15)
	rand.Read(b) // never fails (crypto/rand)
	return strings.ToLower(base32.StdEncoding.EncodeToString(b))
}

// validStoreID: 24 characters of lower-case base32, nothing a path
// could be made of (config.toml may come from anywhere).
func validStoreID(id string) bool {
	return len(id) == 24 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyz234567") == ""
}

// KeyList is the owner's keys: the list, or the single recipient of a
// config written before several keys.
func (c *Config) KeyList() []Key {
	if c.Recipient != "" {
		return []Key{{Recipient: c.Recipient}}
	}
	return c.Keys
}

// Recipients are the public keys of KeyList.
func (c *Config) Recipients() []string {
	list := c.KeyList()
	out := make([]string, len(list))
	for i, k := range list {
		out[i] = k.Recipient
	}
	return out
}

// Legacy reports whether the config is of the single-key form; it is
// written in the list form on the next change of keys, never before.
func (c *Config) Legacy() bool { return c.Recipient != "" }

// validate refuses a config no attune writes.
func (c *Config) validate() error {
	switch {
	case c.Recipient != "" && len(c.Keys) > 0:
		return errors.New("it has both recipient and [[key]]")
	case c.Recipient == "" && len(c.Keys) == 0:
		return errors.New("it lists no key")
	case c.StoreID != "" && !validStoreID(c.StoreID):
		return errors.New("store_id is not an attune store id")
	case c.ShareKey != "" && !mapfile.PublicKeyText(c.ShareKey):
		return errors.New("share_key is not a public key")
	}
	seen := map[string]bool{}
	for i, k := range c.Keys {
		fp := keys.RecipientFingerprint(k.Recipient)
		switch {
		case !mapfile.PublicKeyText(k.Recipient):
			return fmt.Errorf("key %d has no valid recipient", i+1)
		case seen[fp]:
			return fmt.Errorf("key %d is listed twice", i+1)
		case CheckLabel(k.Label, false) != nil:
			return fmt.Errorf("key %d has a label attune does not accept", i+1)
		case k.Check != "" && (len(k.Check) != 64 || strings.Trim(k.Check, "0123456789abcdef") != ""):
			return fmt.Errorf("key %d has a damaged check", i+1)
		}
		seen[fp] = true
	}
	return nil
}

// CheckLabel checks a key's label: short, one line, no control
// characters; typed, it must also show something.
func CheckLabel(label string, typed bool) error {
	if label == "" && !typed {
		return nil
	}
	check := textcheck.Check
	if typed {
		check = textcheck.CheckTyped
	}
	if err := check("label", label, false); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(label); n > MaxLabel {
		return &textcheck.TextError{Field: "label", Kind: textcheck.TooLong, Problem: fmt.Sprintf("is longer than %d characters (%d)", MaxLabel, n)}
	}
	return nil
}

// KeyCheck is the check of k under the map's config key: an HMAC of
// what the key is (its fingerprint, label, and whether it is the
// recovery key).
func KeyCheck(configKey string, k Key) string {
	mac := hmac.New(sha256.New, []byte(configKey))
	fmt.Fprintf(mac, "attune config key v1\x00%s\x00%s\x00%t", keys.RecipientFingerprint(k.Recipient), k.Label, k.Recovery)
	return hex.EncodeToString(mac.Sum(nil))
}

// UnlistedKeyError means config.toml lists keys attune did not add (or
// whose label was changed by hand): the map is not encrypted to such a
// list.
type UnlistedKeyError struct {
	Config     string
	Recipients []string
}

func (e *UnlistedKeyError) Error() string {
	what := "a key"
	if len(e.Recipients) > 1 {
		what = fmt.Sprintf("%d keys", len(e.Recipients))
	}
	return fmt.Sprintf("%s lists %s that attune did not add (%s); attune won't encrypt your files to it",
		e.Config, what, strings.Join(e.Fingerprints(), ", "))
}

// Fingerprints names the keys without showing them.
func (e *UnlistedKeyError) Fingerprints() []string {
	out := make([]string, len(e.Recipients))
	for i, r := range e.Recipients {
		out[i] = keys.RecipientFingerprint(r)[:16]
	}
	return out
}

// CheckConfig refuses a list of keys that holds one attune did not add
// (*UnlistedKeyError), by the checks made under configKey, the map's
// (mapfile.Map.ConfigKey). A list of one key needs no check: that key
// must be the owner's own (CheckOwner), as in the days of one key, and
// a map from before has no config key.
func (s *Store) CheckConfig(configKey string) error {
	list := s.Config.KeyList()
	if len(list) == 1 {
		return nil // the one key must be the owner's: CheckOwner
	}
	var bad []string
	for _, k := range list {
		if configKey == "" || !hmac.Equal([]byte(k.Check), []byte(KeyCheck(configKey, k))) {
			bad = append(bad, k.Recipient)
		}
	}
	if len(bad) > 0 {
		return &UnlistedKeyError{Config: s.Path(ConfigFile), Recipients: bad}
	}
	return nil
}

// DeviceIdentityPath is where this device keeps its key for this store,
// or "" for a store without an id (made before keys were kept apart) or
// a device without a home folder.
func (s *Store) DeviceIdentityPath() string {
	if s.Config.StoreID == "" || s.KeysRoot == "" {
		return ""
	}
	return filepath.Join(s.KeysRoot, s.Config.StoreID, IdentityFile)
}

// deviceKeysDir is this device's folder of the store's keys, resolved
// ("" when there is none).
func (s *Store) deviceKeysDir() string {
	if p := s.DeviceIdentityPath(); p != "" {
		return resolve(filepath.Dir(p))
	}
	return ""
}

// IdentityPath is where the owner's identity file is: the one adopted
// with init --identity; else this device's own, outside the folder;
// else, for a store from before, the one inside the folder.
func (s *Store) IdentityPath() string {
	inside, dev := s.Path(IdentityFile), s.DeviceIdentityPath()
	switch {
	case s.Config.Identity != "" && (dev == "" || exists(s.Config.Identity) || !exists(dev)):
		return s.Config.Identity
	case dev == "":
		return inside
	case !exists(dev) && exists(inside):
		return inside
	}
	return dev
}

// IdentityInFolder reports whether the identity in use is the one kept
// inside the data folder.
func (s *Store) IdentityInFolder() bool {
	return s.IdentityPath() == s.Path(IdentityFile)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// encodeConfig is config.toml's text.
func encodeConfig(cfg Config) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# attune store settings (no secrets here)\n")
	if err := toml.NewEncoder(&buf).Encode(cfg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeConfig puts cfg in place of config.toml, atomically. The caller
// holds the lock.
func (s *Store) writeConfig(cfg Config) error {
	data, err := encodeConfig(cfg)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(s.Path(ConfigFile), filePerm, data); err != nil {
		return err
	}
	s.Config = cfg
	return nil
}

// WriteConfig is writeConfig under the lock.
// In a git store it is committed at once.
func (s *Store) WriteConfig(cfg Config) error {
	return s.Locked(func() error {
		if err := s.writeConfig(cfg); err != nil {
			return err
		}
		s.committed(func() string {
			if s.Command == "" {
				return "attune: change config.toml"
			}
			return "attune: " + s.Command
		})
		return nil
	})
}

// WithChecks is cfg's keys, each given its check under configKey.
func WithChecks(cfg Config, configKey string) Config {
	list := cfg.KeyList()
	cfg.Recipient, cfg.Keys = "", make([]Key, len(list))
	for i, k := range list {
		k.Check = KeyCheck(configKey, k)
		cfg.Keys[i] = k
	}
	return cfg
}

// writeDeviceFile writes a secret key file of this device at path
// (0600), in its store's folder of keys (0700, as is the folder of all
// of them).
func (s *Store) writeDeviceFile(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return err
	}
	for _, d := range []string{filepath.Dir(path), s.KeysRoot} {
		if err := os.Chmod(d, dirPerm); err != nil {
			return err
		}
	}
	return atomicfile.WriteBytes(path, filePerm, content)
}

// ErrDeviceKeyExists means this device already has a key for the store.
var ErrDeviceKeyExists = errors.New("this device already has a key for this store")

// WriteDeviceIdentity keeps content as this device's key for the
// store, which must have an id; it never replaces one.
func (s *Store) WriteDeviceIdentity(content []byte) (string, error) {
	path := s.DeviceIdentityPath()
	if path == "" {
		return "", errors.New("the store has no id, or this device no home folder, to keep a key in")
	}
	if exists(path) {
		return "", ErrDeviceKeyExists
	}
	return path, s.writeDeviceFile(path, content)
}

// removeIfThere removes a file that may be gone already.
func removeIfThere(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// NewConfigKey makes the random key of the checks of config.toml's keys
// (mapfile.Map.ConfigKey).
func NewConfigKey() string { return NewPartnerFileKey() }

// Rekeying is a change of the set of keys: every file is encrypted to
// To, the map's key fields are changed by Change (its content stays),
// and the config Config makes from the changed map is written last.
type Rekeying struct {
	To     []age.Recipient
	Change func(m *mapfile.Map) error
	Config func(m *mapfile.Map) (Config, error)
}

// Rekey re-encrypts every file of the store — the journal, each stored
// import, the backup, the map — to r.To, each by an atomic write, under
// the lock, and then writes r.Config. A crash at any point leaves every
// file readable by a device whose key is in both the old set and r.To
// (adding a key: r.To holds the old set; removing one: config.toml is
// written only once no file is encrypted to it). A file that can't be
// read (damaged) is left as it was, and returned in left.
func (s *Store) Rekey(ids []age.Identity, r Rekeying) (left []error, err error) {
	err = s.Locked(func() error {
		m, _, err := s.readMap(ids)
		if err != nil {
			return err
		}
		before := m.Clone()
		if r.Change != nil {
			if err := r.Change(m); err != nil {
				return err
			}
		}
		if err := prepareWrite(m); err != nil {
			return err
		}
		if err := m.ValidateChange(before); err != nil {
			return err
		}
		cfg, err := r.Config(m)
		if err != nil {
			return err
		}
		for _, path := range s.rawFiles() {
			if err := s.reencrypt(path, ids, r.To); err != nil {
				var fe *FileError
				if !errors.As(err, &fe) || !IsDamaged(err) {
					return err
				}
				left = append(left, err)
			}
		}
		// A backup that is the map (ErrBroughtIn) stays so: keys are not
		// what undo takes back. A map git changed outside attune
		// (ErrChangedOutside) becomes so: the backup is from before.
		broughtIn := s.broughtIn() || s.changedOutside()
		if !broughtIn {
			if err := s.rekeyBackup(ids, m, r.To); err != nil {
				left = append(left, err)
			}
		}
		plain, err := m.Encode()
		if err != nil {
			return err
		}
		// Recorded as attune's before it is in place, unless it is to be
		// the backup too: until then, the backup is from before what
		// was brought in.
		var sum digest
		record := func() error {
			if !broughtIn {
				s.recordPending(sum)
			}
			return nil
		}
		if err := atomicfile.WriteThen(s.Path(MapFile), filePerm, func(w io.Writer) error {
			return encryptSummed(w, &sum, plain, r.To...)
		}, record); err != nil {
			return err
		}
		if broughtIn {
			s.keepAsBackup()
		}
		if err := s.writeConfig(cfg); err != nil {
			return err
		}
		// Committed at once, as every change is: left for later, the
		// next command would find a map that HEAD's keys do not match.
		s.committed(func() string { return CommitMessage(s.Command, before, m) })
		return nil
	})
	return left, err
}

// rawFiles are the files re-encrypted as they are, without reading
// what they hold: the journal and every stored import.
func (s *Store) rawFiles() []string {
	var out []string
	if exists(s.Path(JournalFile)) {
		out = append(out, s.Path(JournalFile))
	}
	entries, _ := os.ReadDir(s.Path(PartnersDir))
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), importSuffix) {
			out = append(out, filepath.Join(s.Path(PartnersDir), e.Name()))
		}
	}
	return out
}

// reencrypt decrypts the file at path and writes it again, encrypted
// to, in one atomic write.
func (s *Store) reencrypt(path string, ids []age.Identity, to []age.Recipient) error {
	plain, err := ReadEncrypted(path, ids, max(MaxJournalSize, MaxSharedSize))
	if err != nil {
		return err
	}
	defer clear(plain)
	return atomicfile.Write(path, filePerm, func(w io.Writer) error {
		return Encrypt(w, plain, false, to...)
	})
}

// rekeyBackup re-encrypts the backup, the earlier version undo puts
// back, with the keys of m (KeepKeys): the keys are not what undo takes
// back. A backup that can't be read is left as it was (its error is
// returned); there may be none.
func (s *Store) rekeyBackup(ids []age.Identity, m *mapfile.Map, to []age.Recipient) error {
	path := s.Path(BackupFile)
	if !exists(path) {
		return nil
	}
	data, err := ReadEncrypted(path, ids, MaxMapSize)
	if err != nil {
		return err
	}
	bak, err := mapfile.Decode(data)
	if err != nil {
		return &FileError{Path: path, Err: err}
	}
	bak.KeepKeys(m)
	if err := prepareWrite(bak); err != nil {
		return err
	}
	plain, err := bak.Encode()
	if err != nil {
		return err
	}
	return atomicfile.Write(path, filePerm, func(w io.Writer) error {
		return Encrypt(w, plain, false, to...)
	})
}

// ErrAdopted means the identity is one adopted from elsewhere (init
// --identity): attune leaves it where it is.
var ErrAdopted = errors.New("the identity was adopted from elsewhere")

// ErrNotInFolder means there is no identity inside the data folder to
// move.
var ErrNotInFolder = errors.New("there is no key inside the data folder")

// MoveIdentity moves the identity kept inside the data folder to this
// device's folder of keys, under the lock: copied (and synced), checked
// by check (which must show that the copy opens the map), recorded (the
// store's id in config.toml, when it had none), and only then removed
// from the data folder. A crash at any point leaves a key that opens
// the map where IdentityPath looks. It returns the new path.
func (s *Store) MoveIdentity(check func(path string) error) (dest string, err error) {
	err = s.Locked(func() error {
		if s.Config.Identity != "" {
			return ErrAdopted
		}
		inside := s.Path(IdentityFile)
		content, err := os.ReadFile(inside)
		if errors.Is(err, fs.ErrNotExist) {
			return ErrNotInFolder
		}
		if err != nil {
			return err
		}
		cfg := s.Config
		if cfg.StoreID == "" {
			cfg.StoreID = NewStoreID()
		}
		target := &Store{Dir: s.Dir, Config: cfg, KeysRoot: s.KeysRoot}
		if dest = target.DeviceIdentityPath(); dest == "" {
			return errors.New("there is no home folder to keep the key in")
		}
		if have, err := os.ReadFile(dest); err == nil && !bytes.Equal(have, content) {
			return &DeviceKeyError{Path: dest}
		}
		made := missingDirs(filepath.Dir(dest))
		undo := func() {
			os.Remove(dest)
			for _, d := range made {
				os.Remove(d) // only if empty: what this move made
			}
		}
		if err := target.writeDeviceFile(dest, content); err != nil {
			undo()
			return err
		}
		if err := check(dest); err != nil {
			undo()
			return err
		}
		if cfg.StoreID != s.Config.StoreID {
			if err := s.writeConfig(cfg); err != nil {
				return err
			}
		}
		if err := os.Remove(inside); err != nil {
			return err
		}
		return atomicfile.SyncDir(s.Dir)
	})
	return dest, err
}

// missingDirs are dir and those of its parents that do not exist yet,
// innermost first.
func missingDirs(dir string) []string {
	var out []string
	for d := dir; !exists(d) && d != filepath.Dir(d); d = filepath.Dir(d) {
		out = append(out, d)
	}
	return out
}

// DeviceKeyError means another key is already where this device's key
// for the store belongs.
type DeviceKeyError struct{ Path string }

func (e *DeviceKeyError) Error() string {
	return "another key is already kept for this store at " + e.Path
}

// NextIdentityPath is where `attune key rotate` keeps the new key until
// the rotation is done ("" without a store id).
func (s *Store) NextIdentityPath() string {
	if p := s.DeviceIdentityPath(); p != "" {
		return p + NextSuffix
	}
	return ""
}

// WriteNextIdentity keeps the new key of a rotation beside the old one.
func (s *Store) WriteNextIdentity(content []byte) error {
	path := s.NextIdentityPath()
	if path == "" {
		return errors.New("the store has no id to keep a key under")
	}
	return s.writeDeviceFile(path, content)
}

// FinishRotation puts the new key of a rotation in place of this
// device's old one (and removes an old one kept inside the data folder).
func (s *Store) FinishRotation() error {
	return s.Locked(func() error {
		next, dev := s.NextIdentityPath(), s.DeviceIdentityPath()
		if next == "" || !exists(next) {
			return nil
		}
		if err := os.Rename(next, dev); err != nil {
			return err
		}
		if err := atomicfile.SyncDir(filepath.Dir(dev)); err != nil {
			return err
		}
		if s.Config.Identity == "" && exists(s.Path(IdentityFile)) {
			if err := os.Remove(s.Path(IdentityFile)); err != nil {
				return err
			}
			return atomicfile.SyncDir(s.Dir)
		}
		return nil
	})
}

// ReadConfigKey is the map's config key (mapfile.Map.ConfigKey), read
// from the map, or from its backup when the map can't be read.
func (s *Store) ReadConfigKey(ids []age.Identity) (string, error) {
	m, err := s.ReadMap(ids)
	if err == nil {
		return m.ConfigKey, nil
	}
	data, berr := ReadEncrypted(s.Path(BackupFile), ids, MaxMapSize)
	if berr != nil {
		return "", err
	}
	bak, berr := mapfile.Decode(data)
	if berr != nil {
		return "", err
	}
	return bak.ConfigKey, nil
}
