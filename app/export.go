package app

import (
	"bytes"
	"fmt"

	"filippo.io/age"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
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
		if toStrs, err = parseRecipientArgs(x, to, files); err != nil {
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
		forWhom := export.RecipientsWord(len(toStrs))
		if partner != "" {
			p := m.Partner(partner)
			if p == nil {
				return unknownPartner(m, partner)
			}
			if export.BinaryToTerminal(toTerminal, armored) {
				return usage("use --armor for text, or --output FILE", "refusing to write an encrypted file to the terminal")
			}
			toStrs, forWhom = p.Recipients, showName(p.Name)
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
		out, plain, kept, err := export.Prepare(m, x.io.Now())
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := store.Encrypt(&buf, plain, armored, rcpts...); err != nil {
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
