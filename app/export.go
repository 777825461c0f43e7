package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

func exportAction(c *cli.Context) error {
	if c.Args().Present() {
		return usage("for example: attune export --partner Alex --output for-alex.age", "export takes no arguments")
	}
	partner, to := c.String("partner"), c.StringSlice("to")
	switch {
	case partner != "" && len(to) > 0:
		return usage("use one of them", "--partner and --to cannot be used together")
	case partner == "" && len(to) == 0:
		return usage("add a partner with `attune partner add NAME KEY`, or give a public key with --to",
			"export needs --partner NAME or --to PUBLIC-KEY")
	}
	var toStrs []string
	if len(to) > 0 {
		var err error
		if toStrs, err = parseRecipientArgs(c, to, nil); err != nil {
			return err
		}
	}
	output, checkOut := outputFlag(c)
	armored := c.Bool("armor")
	toTerminal := isTerminal(c.App.Writer)
	if output != "" {
		toTerminal = isTerminalPath(output) // --output /dev/tty, /dev/stdout
	}
	if export.BinaryToTerminal(toTerminal, armored) {
		return usage("use --armor for text, or --output FILE", "refusing to write an encrypted file to the terminal")
	}
	return withSession(func(s *session) error {
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
			toStrs, forWhom = p.Recipients, safe(p.Name)
			// Keys given with --to were checked as they were read; a
			// partner's were checked when added, but the map may have
			// been edited by hand since.
			if err := export.CheckMix(toStrs); err != nil {
				return fail("keep either post-quantum or classic keys for one partner", "the keys for %s: %s", forWhom, err)
			}
		}
		rcpts, err := parseStored(c, toStrs, forWhom)
		if err != nil {
			return err
		}
		out, plain, kept, err := export.Prepare(m, time.Now())
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := store.Encrypt(&buf, plain, armored, rcpts...); err != nil {
			return encryptErr(err)
		}
		if output == "" {
			if _, err := c.App.Writer.Write(buf.Bytes()); err != nil {
				return err
			}
		} else if err := writeOutput(output, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(c.App.ErrWriter, "attune: %s\n", export.Message(out, kept, forWhom))
		return nil
	})(c)
}

// parseStored parses the public keys to export to.
func parseStored(c *cli.Context, strs []string, forWhom string) ([]age.Recipient, error) {
	out := make([]age.Recipient, 0, len(strs))
	for i, r := range strs {
		rc, err := keys.ParseRecipient(r, keyOptions(c, &prompter{}))
		if err != nil {
			return nil, fmt.Errorf("public key %d of %s: %w", i+1, forWhom, err)
		}
		out = append(out, rc)
	}
	return out, nil
}

func encryptErr(err error) error {
	return fmt.Errorf("could not encrypt the export: %w", err)
}

// foreignError rewords problems with a file that came from someone else:
// the fix is theirs (export again), not an edit or `attune undo`.
func foreignError(err error, path string) error {
	var (
		dec  *store.DecryptError
		ue   *userError
		perr *os.PathError
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &perr):
		return err
	case errors.Is(err, errOwnMap):
		return &userError{msg: fmt.Sprintf("%s is an attune map of someone's own (it holds partner keys), not an export", path), code: ExitError, err: err,
			hint: "to share a map, its owner runs `attune export --partner NAME --output FILE`"}
	case errors.As(err, &dec):
		switch dec.Reason {
		case store.WrongKey:
			return &userError{msg: err.Error(), code: ExitError, err: err,
				hint: "it was made for someone else's key; ask for an export to your key (`attune key` prints it)"}
		case store.NotAge, store.Empty:
			return &userError{msg: err.Error(), code: ExitError, err: err,
				hint: "attune reads only age-encrypted files; ask your partner to export it again (`attune export`)"}
		case store.TooLarge:
			return &userError{msg: fmt.Sprintf("%s: the file holds more than %d bytes, more than a shared map ever needs", path, MaxForeignSize),
				code: ExitError, err: err, hint: "check that this is the file your partner exported"}
		}
		return &userError{msg: err.Error(), code: ExitError, err: err,
			hint: "ask your partner to export it again (`attune export`)"}
	}
	return &userError{msg: err.Error(), code: ExitError, err: err,
		hint: "this is not a map attune can read safely; ask your partner to export it again with `attune export`"}
}
