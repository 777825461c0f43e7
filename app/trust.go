package app

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"filippo.io/age"

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
	// change is the notice that the partner's keys changed, checked to
	// be signed with the key it replaces (nil when there is none).
	change *mapfile.KeyChange
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
	ids, err := s.exportIdentities()
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
	opened, err := export.OpenAll(plain)
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
	m, err := mapfile.DecodeExport(opened.Plain)
	if err != nil {
		return nil, sharedError(&store.FileError{Path: shown, Err: err}, shown)
	}
	change, err := s.checkKeyChange(m, opened, shown)
	if err != nil {
		return nil, err
	}
	if err := s.madeForMe(m, shown); err != nil {
		return nil, err
	}
	return &sealed{m: m, signer: opened.Signer, path: shown, change: change}, nil
}

// exportIdentities open a partner's export: this device's identities
// and the person's keys kept in the map (person.go).
func (s *session) exportIdentities() ([]age.Identity, error) {
	m, err := s.readMap()
	if err != nil {
		return nil, err
	}
	person, _ := personIdentities(m)
	return append(slices.Clip(s.ids), person...), nil
}

// checkKeyChange checks an export's notice that its author's keys
// changed: it names the key that signed the export as the new one, and
// it was signed first with the key it replaces (unless only the age key
// changed). A second signature without a notice, or a notice signed
// only with the new key, is refused: the notice is trusted only as far
// as the old key vouches for it (signerFor then compares that key with
// the one on record).
func (s *session) checkKeyChange(m *mapfile.Map, o export.Opened, shown string) (*mapfile.KeyChange, error) {
	bad := func(what string) error {
		return &userError{msg: safe(shown) + ": " + what + "; nothing was changed", code: ExitError,
			hint: "someone may have changed or made this file; ask your partner to export it again"}
	}
	if len(m.KeyChange) == 0 {
		if o.Previous != "" {
			return nil, bad("the file is signed twice, but says nothing of a change of keys")
		}
		return nil, nil
	}
	kc := m.KeyChange[0]
	switch {
	case kc.SigningKey != o.Signer:
		return nil, bad("its notice of a change of keys does not name the key that signed the file")
	case kc.From == kc.SigningKey && o.Previous != "":
		return nil, bad("the file is signed twice, but its notice says the signing key did not change")
	case kc.From != kc.SigningKey && kc.From != o.Previous:
		return nil, bad("its notice of a change of keys is not signed with the key it replaces")
	}
	if _, err := keys.ParseRecipient(kc.Recipient, keys.Options{}); err != nil {
		return nil, bad("its notice of a change of keys holds a public key attune can't use")
	}
	return &kc, nil
}

// ownMap reports whether plain is someone's own map rather than an
// export (it holds partners, or the keys only one's own map holds).
func ownMap(plain []byte) bool {
	m, err := mapfile.Decode(plain)
	return err == nil && (len(m.Partners) > 0 || m.PartnerFileKey != "" || m.SigningKey != "" || m.HoldsOwnKeys())
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

// ownRecipientStrings are this person's public keys: the person keys
// in the map, those of the identities that opened the map (config.toml
// may have been edited), and those recorded (a plugin's can't be worked
// out).
func (s *session) ownRecipientStrings() []string {
	var out []string
	if s.keys.m != nil {
		_, out = personIdentities(s.keys.m)
	}
	for _, id := range s.ids {
		if r, err := keys.RecipientString(id); err == nil {
			out = append(out, r)
		}
	}
	return append(out, s.store.Config.Recipients()...)
}

// signerFor checks who signed an export that says it is name's: the key
// on record for name (or the one a checked notice of a change of keys
// says it replaces), or, when none is, a key no other partner has (then
// known is false: trust on first use). asGiven says the name came from
// --as, not from the file.
func signerFor(own *mapfile.Map, name string, e *sealed, asGiven bool) (known bool, err error) {
	signer, shown := e.signer, e.path
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
	if p.SigningKey != signer && (e.change == nil || p.SigningKey != e.change.From) {
		return false, fail("if "+showName(p.Name)+" has a new key, check it with them in person, then: attune partner add "+shellWord(p.Name)+" KEY-LINE --replace",
			"%s says it is from %s, but it was not signed with %s's key: someone else may have made it; nothing was changed",
			safe(shown), showName(p.Name), showName(p.Name))
	}
	return true, nil
}

// keysChangedFor reports whether an export's checked notice of a change
// of keys changes what is on record for partner p: their signing key,
// or the public key to encrypt to.
func keysChangedFor(p *mapfile.Partner, e *sealed) bool {
	if e.change == nil || p == nil || p.SigningKey == "" {
		return false
	}
	return p.SigningKey != e.signer || !slices.Equal(p.Recipients, []string{e.change.Recipient})
}

// recordKeyChange records a partner's new keys from a checked notice:
// they are no longer verified (their safety code changed).
func recordKeyChange(m *mapfile.Map, name string, e *sealed) {
	if p := m.Partner(name); p != nil {
		p.SigningKey, p.Recipients, p.Verified = e.signer, []string{e.change.Recipient}, time.Time{}
	}
}
