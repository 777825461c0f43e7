package app

import (
	"errors"
	"fmt"
	"slices"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// Who wrote a partner's file. age encrypts but does not say who wrote a
// file: anyone who has your public key can make one that says it is
// from your partner. So every export is signed by its author, for its
// recipients, and every path that reads one — import, list --from,
// summary --from — checks the signature before any TOML is read, that
// it was made for this person's key, and that the key that signed it is
// the one on record for the name it carries.

// sealed is a partner's export, opened and checked.
type sealed struct {
	m      *mapfile.Map
	signer string // the public signing key that signed it
	path   string // as named to the person ("standard input")
}

// openExport decrypts a partner's export ("-": standard input), checks
// its signature and that it was made for this person's key, and decodes
// it as an untrusted map.
func (s *session) openExport(path string) (*sealed, error) {
	if path == stdinMark {
		if err := s.x.stdinNotTerminal("the export", "attune import - < FILE"); err != nil {
			return nil, err
		}
	}
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	var plain []byte
	shown := path
	if path == stdinMark {
		shown = "standard input"
		plain, err = store.ReadSealedFrom(s.x.io.In, shown, ids)
	} else {
		plain, err = store.ReadSealed(path, ids)
	}
	if err != nil {
		if asked := s.ask.why(err); asked != err {
			return nil, asked
		}
		return nil, sharedError(err, shown)
	}
	signed, signer, err := export.Open(plain)
	var se *keys.SignatureError
	switch {
	case errors.Is(err, export.ErrUnsigned) && ownMap(plain):
		return nil, &userError{msg: fmt.Sprintf("%s is an attune map of someone's own, not an export: it holds partner keys, a secret key or a private anchor", safe(shown)), code: ExitError, err: err,
			hint: "to share a map, its owner runs `attune export --partner NAME --output FILE`"}
	case errors.Is(err, export.ErrUnsigned):
		return nil, &userError{msg: safe(shown) + " is not signed, so attune can't tell who made it; nothing was changed", code: ExitError, err: err,
			hint: "ask your partner to export it again with a current attune (attune export --partner YOURNAME)"}
	case errors.As(err, &se):
		return nil, &userError{msg: safe(shown) + ": " + se.Problem + "; nothing was changed", code: ExitError, err: err,
			hint: "someone may have changed or made this file; ask your partner to export it again"}
	case err != nil:
		return nil, err
	}
	m, err := mapfile.DecodeShared(signed)
	if err != nil {
		return nil, sharedError(&store.FileError{Path: shown, Err: err}, shown)
	}
	if err := s.madeForMe(m, shown); err != nil {
		return nil, err
	}
	return &sealed{m: m, signer: signer, path: shown}, nil
}

// ownMap reports whether plain is someone's own map rather than an
// export (it holds partners, or the keys only one's own map holds).
func ownMap(plain []byte) bool {
	m, err := mapfile.Decode(plain)
	return err == nil && (len(m.Partners) > 0 || m.PartnerFileKey != "" || m.SigningKey != "")
}

// madeForMe checks that an export lists one of this person's public keys
// among those it was made for: one re-encrypted by someone else to pass
// it on does not.
func (s *session) madeForMe(m *mapfile.Map, shown string) error {
	for _, r := range s.ownRecipientStrings() {
		if slices.Contains(m.EncryptedTo, keys.RecipientFingerprint(r)) {
			return nil
		}
	}
	return fail("ask your partner for an export made for you (attune key prints your public key)",
		"%s was not made for you: it names the keys it was made for, and yours is not among them (it may have been passed on); nothing was changed", safe(shown))
}

// ownRecipientStrings are this person's public keys: those of the
// identities that opened the map (config.toml may have been edited),
// and the one recorded (a plugin's can't be worked out).
func (s *session) ownRecipientStrings() []string {
	var out []string
	for _, id := range s.ids {
		if r, err := keys.RecipientString(id); err == nil {
			out = append(out, r)
		}
	}
	return append(out, s.store.Config.Recipient)
}

// signerFor checks who signed an export that says it is name's: the key
// on record for name, or, when none is, a key no other partner has (then
// known is false: trust on first use). asGiven says the name came from
// --as, not from the file.
func signerFor(own *mapfile.Map, name, signer, shown string, asGiven bool) (known bool, err error) {
	for _, p := range own.Partners {
		if p.SigningKey != signer || mapfile.SamePartnerName(p.Name, name) {
			continue
		}
		says := "says it is from " + showName(name)
		if asGiven {
			says = "is to be kept as " + showName(name) + "'s"
		}
		return false, fail("if it is "+showName(p.Name)+"'s map: attune import "+shellWord(shown)+" --as "+shellWord(p.Name),
			"%s %s, but it was signed with %s's key; nothing was changed", safe(shown), says, showName(p.Name))
	}
	p := own.Partner(name)
	if p == nil || p.SigningKey == "" {
		return false, nil
	}
	if p.SigningKey != signer {
		return false, fail("if "+showName(p.Name)+" has a new key, check it with them in person, then: attune partner add "+shellWord(p.Name)+" KEY-LINE --replace",
			"%s says it is from %s, but it was not signed with %s's key: someone else may have made it; nothing was changed",
			safe(shown), showName(p.Name), showName(p.Name))
	}
	return true, nil
}
