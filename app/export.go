package app

import (
	"bytes"
	"fmt"

	"filippo.io/age"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

func exportAction(x *ctx) error {
	partner, to, files := x.String("partner"), x.StringSlice("to"), x.StringSlice("recipients-file")
	switch {
	case partner != "" && len(to)+len(files) > 0:
		return usage("use one of them", "--partner and --to (or -R) cannot be used together")
	case partner == "" && len(to)+len(files) == 0:
		return usage("add a partner with `attune partner add NAME KEY`, or give a public key with --to",
			"export needs --partner NAME or --to PUBLIC-KEY")
	}
	var toStrs []string
	if len(to)+len(files) > 0 {
		var err error
		if toStrs, _, err = parseRecipientArgs(x, to, files); err != nil {
			return err
		}
	}
	output, checkOut := outputFlag(x)
	armored := x.Bool("armor")
	toTerminal := x.io.OutTTY
	if output != "" {
		toTerminal = isTerminalPath(output) // --output /dev/tty, /dev/stdout
	}
	// Without a partner, the terminal is refused first, before any
	// passphrase is asked; with one, that partner must exist first.
	if export.BinaryToTerminal(toTerminal, armored) && partner == "" {
		return usage("use --armor for text, or --output FILE", "refusing to write an encrypted file to the terminal")
	}
	return withSession(x, func(s *session) error {
		if checkOut {
			if err := checkOutput(s, output, "export", "for-alex.age"); err != nil {
				return err
			}
		}
		m, err := s.readMap()
		if err != nil {
			return err
		}
		// A stop word or signal that differs between devices: the
		// person chooses before a partner reads either.
		if c := m.OpenConflicts(); len(c) > 0 {
			return conflictError(c[0])
		}
		forWhom, byKey := export.RecipientsWord(len(toStrs)), false
		if partner == "" {
			// Keys of a partner on record get that partner's export:
			// any other would look, to their import, like a map
			// removed and added again.
			p, err := keysPartner(m, toStrs)
			if err != nil {
				return err
			}
			if p != nil {
				partner, forWhom, byKey = p.Name, showName(p.Name), true
			}
		} else {
			p, err := partnerToExport(m, partner, export.BinaryToTerminal(toTerminal, armored))
			if err != nil {
				return err
			}
			toStrs, forWhom, partner = p.Recipients, showName(p.Name), p.Name
		}
		rcpts, err := parseStored(x, toStrs, forWhom)
		if err != nil {
			return err
		}
		sealed, out, kept, err := s.sealExport(partner, toStrs)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := store.Encrypt(&buf, sealed, armored, rcpts...); err != nil {
			return fmt.Errorf("could not encrypt the export: %w", err)
		}
		if output == "" {
			if _, err := x.out().Write(buf.Bytes()); err != nil {
				return err
			}
		} else if err := writeOutput(output, buf.Bytes()); err != nil {
			return err
		}
		if byKey {
			x.say("%s %s's: exported as --partner %s does, with what you share with %s",
				keysGiven(len(toStrs)), forWhom, shellWord(partner), forWhom)
		}
		x.say("%s", export.Message(out, kept, forWhom))
		return nil
	})
}

// partnerToExport is the partner named with --partner, once it is
// known they have keys to export to, and that the export is not about
// to go to a terminal.
func partnerToExport(m *mapfile.Map, name string, toTerminal bool) (*mapfile.Partner, error) {
	p := m.Partner(name)
	if p == nil {
		return nil, unknownPartner(m, name)
	}
	if len(p.Recipients) == 0 {
		return nil, fail("add it with the line their `attune key share` prints: attune partner add "+shellWord(p.Name)+" KEY-LINE",
			"you have %s's map, but no public key of theirs to export yours to", showName(p.Name))
	}
	if toTerminal {
		return nil, usage("use --armor for text, or --output FILE", "refusing to write an encrypted file to the terminal")
	}
	// Keys given with --to were checked as they were read; a partner's
	// were checked when added, but the map may have been edited by hand
	// since.
	if err := export.CheckMix(p.Recipients); err != nil {
		return nil, fail("keep either post-quantum or classic keys for one partner", "the keys for %s: %s", showName(p.Name), err)
	}
	return p, nil
}

// sealExport makes the export for a partner (or, with partner "", for
// the keys to), signed, under the store's lock: the ids handed out to a
// partner at an entry's first export to them are kept in the map (so
// the next export gives the same ones), and a map from before signing
// gets its signing key, on this first export.
func (s *session) sealExport(partner string, to []string) (sealed []byte, out *mapfile.Map, kept export.Kept, err error) {
	_, err = s.update(func(m *mapfile.Map) error {
		aud := export.Audience{Recipients: to}
		if partner != "" {
			aud.Partner = m.Partner(partner)
			if aud.Partner.ID == "" {
				aud.Partner.ID = mapfile.NewKey()
			}
		}
		if m.SigningKey == "" {
			k, err := keys.NewSigningKey()
			if err != nil {
				return err
			}
			m.SigningKey = k.String()
		}
		var assigned []string
		out, assigned, kept = export.Plan(m, aud, s.x.io.Now())
		if aud.Partner != nil {
			aud.Partner.ExportIDs = append(aud.Partner.ExportIDs, assigned...)
		}
		// After a change of keys, every export tells partners, signed
		// with the key they know.
		kc, old, err := keyChange(m, &s.store.Config)
		if err != nil {
			return err
		}
		if kc != nil {
			out.KeyChange = []mapfile.KeyChange{*kc}
			out.Version = out.MinVersion()
		}
		plain, err := export.Checked(out)
		if err != nil {
			return err
		}
		signer, err := keys.ParseSigningKey(m.SigningKey)
		if err != nil {
			return err
		}
		if old != nil {
			sealed, err = export.SealChange(plain, old, signer)
			return err
		}
		sealed, err = export.Seal(plain, signer)
		return err
	})
	return sealed, out, kept, err
}

// keysPartner is the partner on record whose public keys the keys given
// with --to are, or nil when none of them is a partner's. Keys of a
// partner mixed with anyone else's are refused: an export for a partner
// holds what is shared with them, which the others may not see, and
// their import would see, as changes, entries left out.
func keysPartner(m *mapfile.Map, to []string) (*mapfile.Partner, error) {
	var found *mapfile.Partner
	others := 0
	for _, r := range to {
		p := partnerOfKey(m, r)
		switch {
		case p == nil:
			others++
		case found == nil:
			found = p
		case found != p:
			return nil, fail("export to each of them with --partner NAME",
				"%s %s's and %s's: each partner gets an export of their own", keysGiven(len(to)), showName(found.Name), showName(p.Name))
		}
	}
	if found != nil && others > 0 {
		return nil, fail("export to "+showName(found.Name)+" with --partner "+shellWord(found.Name)+", and to the other keys in a second export",
			"some of the keys given are %s's and some are not: an export for %s holds what you share with them, and is theirs alone", showName(found.Name), showName(found.Name))
	}
	return found, nil
}

// partnerOfKey is the partner on record with this public key, however
// it is spelt (keys.RecipientFingerprint), or nil.
func partnerOfKey(m *mapfile.Map, key string) *mapfile.Partner {
	fp := keys.RecipientFingerprint(key)
	for i := range m.Partners {
		for _, r := range m.Partners[i].Recipients {
			if keys.RecipientFingerprint(r) == fp {
				return &m.Partners[i]
			}
		}
	}
	return nil
}

func keysGiven(n int) string {
	if n == 1 {
		return "the key given is"
	}
	return "the keys given are"
}

// parseStored parses the public keys to export to.
func parseStored(x *ctx, strs []string, forWhom string) ([]age.Recipient, error) {
	out := make([]age.Recipient, 0, len(strs))
	for i, r := range strs {
		rc, err := keys.ParseRecipient(r, x.keyOptions(&prompter{io: x.io}))
		if err != nil {
			return nil, fmt.Errorf("public key %d of %s: %w", i+1, forWhom, err)
		}
		out = append(out, rc)
	}
	return out, nil
}
