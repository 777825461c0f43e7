package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// A change of the owner's keys (key add, remove, recovery, rotate): a
// new list, every file re-encrypted to it by store.Rekey, config.toml
// written last. The journal is re-encrypted too, so the identities are
// decrypted in this run (freshIdentities), never taken from `attune
// unlock`'s keyring.

// keyChangeRun is one change of keys.
type keyChangeRun struct {
	// list is the new list of keys (without checks).
	list []store.Key
	// also are keys the files are encrypted to beside list, that the
	// config does not list (a rotation's new key, until it is done).
	also []string
	// change changes the map's key fields; it may set told.
	change func(m *mapfile.Map) error
	// told: partners will be told of new keys by the next export.
	told bool
}

// changeKeys re-encrypts every file to the new list and records it.
func (s *session) changeKeys(run *keyChangeRun) (left []error, err error) {
	ids, err := s.freshIdentities()
	if err != nil {
		return nil, err
	}
	if err := s.store.CheckOwner(ids); err != nil {
		return nil, s.ownerError(err)
	}
	if err := s.checkConfig(); err != nil {
		return nil, err
	}
	to := append(recipientsOf(run.list), run.also...)
	if err := checkKindsOfKeys(to); err != nil {
		return nil, err
	}
	rcpts, err := s.parseOwnKeys(to)
	if err != nil {
		return nil, err
	}
	now := s.now()
	left, err = s.store.Rekey(ids, store.Rekeying{
		To: rcpts,
		Change: func(m *mapfile.Map) error {
			if m.ConfigKey == "" {
				m.ConfigKey = store.NewConfigKey()
			}
			told, err := ensurePersonKey(m, ids, &s.store.Config, s.ownIdentity(), now)
			if err != nil {
				return err
			}
			run.told = run.told || told
			if run.change != nil {
				return run.change(m)
			}
			return nil
		},
		Config: func(m *mapfile.Map) (store.Config, error) {
			cfg := s.store.Config
			cfg.Recipient, cfg.Keys = "", run.list
			share, err := personRecipient(m, &cfg)
			if err != nil {
				return store.Config{}, err
			}
			cfg.ShareKey = share
			return store.WithChecks(cfg, m.ConfigKey), nil
		},
	})
	s.rcpts = nil // the list has changed
	return left, s.ask.why(err)
}

func recipientsOf(list []store.Key) []string {
	out := make([]string, len(list))
	for i, k := range list {
		out[i] = k.Recipient
	}
	return out
}

// checkKindsOfKeys refuses a list that mixes post-quantum and classic
// keys: age encrypts a file to post-quantum keys only when every key is
// one (a classic key beside them would make the file only as strong as
// it).
func checkKindsOfKeys(list []string) error {
	if err := export.CheckMix(list); err != nil {
		return fail("make this device's key of the same kind as the others: attune init --join, with --pq only if they are post-quantum (age1pq1…)",
			"post-quantum and classic keys cannot be mixed: age encrypts a file to post-quantum keys only when every key is one; nothing was changed")
	}
	return nil
}

// sayKeysChanged tells what a change of keys did.
func (s *session) sayKeysChanged(run *keyChangeRun, left []error) {
	x := s.x
	n := len(run.list)
	what := "your map, its earlier version, your journal and what you imported from partners are"
	x.say("%s now encrypted to %s", what, countKeys(n))
	for _, err := range left {
		msg, _, _ := describe(err)
		x.warn("%s could not be read, so it was left as it was (%s)", fileNamed(err), oneLine(msg))
	}
	if run.told {
		x.say("the key your partners encrypt to has changed: your next export to each of them tells them, signed with the key they know")
	}
}

func countKeys(n int) string {
	if n == 1 {
		return "your 1 key"
	}
	return fmt.Sprintf("each of your %d keys", n)
}

// fileNamed names the store's file an error is about.
func fileNamed(err error) string {
	var fe *store.FileError
	if !errors.As(err, &fe) {
		return "a file"
	}
	switch base := filepath.Base(fe.Path); {
	case base == store.JournalFile:
		return "your journal"
	case base == store.BackupFile:
		return "the earlier version of your map"
	case filepath.Base(filepath.Dir(fe.Path)) == store.PartnersDir:
		return "a map you imported from a partner"
	default:
		return safe(base)
	}
}

// findKey finds one of the owner's keys by its label or its public key.
func findKey(list []store.Key, which string) (int, bool) {
	which = strings.TrimSpace(which)
	for i, k := range list {
		if keys.SameRecipient(k.Recipient, which) {
			return i, true
		}
	}
	for i, k := range list {
		if k.Label != "" && mapfile.SamePartnerName(k.Label, which) {
			return i, true
		}
	}
	return -1, false
}

// labelTaken reports whether label names one of list already.
func labelTaken(list []store.Key, label string) bool {
	return label != "" && slices.ContainsFunc(list, func(k store.Key) bool { return mapfile.SamePartnerName(k.Label, label) })
}

// ownIdentity reports whether the identity in use is one attune made
// for this device (never one adopted or given with --identity).
func (s *session) ownIdentity() bool {
	return s.x.identityFlag() == "" && s.store.Config.Identity == ""
}
