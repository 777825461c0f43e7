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
		forWhom := export.RecipientsWord(len(toStrs))
		if partner != "" {
			p := m.Partner(partner)
			if p == nil {
				return unknownPartner(m, partner)
			}
			if len(p.Recipients) == 0 {
				return fail("add it with the line their `attune key share` prints: attune partner add "+shellWord(p.Name)+" KEY-LINE",
					"you have %s's map, but no public key of theirs to export yours to", showName(p.Name))
			}
			if export.BinaryToTerminal(toTerminal, armored) {
				return usage("use --armor for text, or --output FILE", "refusing to write an encrypted file to the terminal")
			}
			toStrs, forWhom, partner = p.Recipients, showName(p.Name), p.Name
			// Keys given with --to were checked as they were read; a
			// partner's were checked when added, but the map may have
			// been edited by hand since.
			if err := export.CheckMix(toStrs); err != nil {
				return fail("keep either post-quantum or classic keys for one partner", "the keys for %s: %s", forWhom, err)
			}
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
		x.say("%s", export.Message(out, kept, forWhom))
		return nil
	})
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
