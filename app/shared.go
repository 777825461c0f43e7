package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// Maps that came from someone else: an export a partner sent (import
// FILE, list --from, summary --from) or the last one kept from them
// (list --partner, summary --partner). Their errors are worded for a
// file from someone else: the fix is theirs (export again), never an
// edit or `attune undo`.

// whoseMap reads --partner and --from, which list and summary share, and
// refuses them together or empty (usage mistakes, before any file is
// read).
func whoseMap(c *ctx) (partner, from string, err error) {
	partner, from = c.String("partner"), c.String("from")
	switch {
	case c.IsSet("partner") && c.IsSet("from"):
		return "", "", usage("use --partner NAME for a map you imported, or --from FILE for an export file", "--partner and --from cannot be used together")
	case c.IsSet("partner") && strings.TrimSpace(partner) == "":
		return "", "", usage("give your partner's name: --partner NAME", "--partner needs a name")
	case c.IsSet("from") && from == "":
		return "", "", usage("give the export file: --from FILE", "--from needs a file name")
	}
	return partner, from, nil
}

// shownMap is a map a command shows, and what the person must know
// about it.
type shownMap struct {
	m   *mapfile.Map
	own bool
	// since marks, in a partner's last import, what changed since the
	// one before it.
	since changes.Report
	// trust says, for a partner's map, how sure it is theirs: "" when
	// their key was checked in person (partner verify); else a short
	// note.
	trust string
	// preview names the partner a preview of one's own export is for.
	preview string
}

// mapFor reads the map a command was asked about: the last import from
// partner, the export file from, or (with neither) the person's own.
func (s *session) mapFor(partner, from string) (shownMap, error) {
	switch {
	case partner != "":
		return s.partnerShown(partner)
	case from != "":
		return s.fromShown(from)
	}
	m, err := s.readMap()
	return shownMap{m: m, own: true}, err
}

func (s *session) partnerShown(name string) (shownMap, error) {
	m, prev, err := s.readPartnerMaps(name)
	if err != nil {
		return shownMap{}, err
	}
	v := shownMap{m: m}
	if prev != nil {
		v.since = changes.Compare(prev, m)
	}
	own, err := s.readMap()
	if err != nil {
		return shownMap{}, err
	}
	if p := own.Partner(name); p == nil || p.Verified.IsZero() {
		v.trust = "not verified: compare safety codes with attune partner verify " + shellWord(m.Name)
	}
	return v, nil
}

// fromShown reads an export file, checked for who signed it: a key on
// record for the name it carries, or one of nobody's (not verified);
// never another partner's.
func (s *session) fromShown(path string) (shownMap, error) {
	e, err := s.openExport(path)
	if err != nil {
		return shownMap{}, err
	}
	own, err := s.readMap()
	if err != nil {
		return shownMap{}, err
	}
	known, err := signerFor(own, e.m.Name, e, false)
	if err != nil {
		return shownMap{}, err
	}
	v := shownMap{m: e.m}
	switch p := own.Partner(e.m.Name); {
	case keysChangedFor(p, e):
		v.trust = "not verified: their keys changed (import this file to record the new ones, then compare safety codes again)"
	case !known:
		v.trust = "not verified: signed by a key you have no record of (" + keys.SigningFingerprint(e.signer) + ")"
	case p.Verified.IsZero():
		v.trust = "not verified: compare safety codes with attune partner verify " + shellWord(p.Name)
	}
	return v, nil
}

// readPartnerMaps reads the last import from a partner, and the one
// before it (nil if none, or if it can't be read: it only marks what
// changed).
func (s *session) readPartnerMaps(name string) (cur, prev *mapfile.Map, err error) {
	if err := checkTypedName(name); err != nil {
		return nil, nil, err
	}
	own, err := s.readMap()
	if err != nil {
		return nil, nil, err
	}
	ids, _ := s.identities()
	cur, err = s.store.ReadImport(ids, own, name)
	if errors.Is(err, store.ErrNoImport) {
		return nil, nil, nothingImported(name)
	}
	if err != nil {
		return nil, nil, sharedError(err, "the map you imported from "+showName(name))
	}
	prev, err = s.store.ReadPreviousImport(ids, own, name)
	if err != nil {
		s.x.warn("the import before the last one from %s could not be read, so changes since it are not marked", showName(name))
		prev = nil
	}
	return cur, prev, nil
}

func nothingImported(name string) error {
	return fail("`attune import FILE --as "+shellWord(name)+"` brings in a map your partner exported for you",
		"nothing has been imported from %q yet", name)
}

// sharedError rewords problems with a file that came from someone else,
// named path in the message (a stored import is named by whose it is,
// never by its file name).
func sharedError(err error, path string) error {
	var fe *store.FileError
	if errors.As(err, &fe) && fe.Path != path {
		err = &store.FileError{Path: path, Err: fe.Err}
	}
	var (
		dec *store.DecryptError
		ue  *userError
		nr  *safefile.NotRegularError
		// text that shows nothing (mapfile.DecodeExport)
		blank *textcheck.TextError
	)
	switch {
	case errors.As(err, &ue):
		return err
	case errors.As(err, &nr):
		if nr.Mode.IsDir() {
			return &userError{msg: fmt.Sprintf("%s is a folder, not an export file", nr.Path), code: ExitError, err: err,
				hint: "give the file your partner exported for you"}
		}
		return &userError{msg: nr.Error(), code: ExitError, err: err,
			hint: "give the file your partner exported for you; attune reads exports only from regular files or standard input"}
	case errors.Is(err, mapfile.ErrOwnMap):
		return &userError{msg: fmt.Sprintf("%s is an attune map of someone's own, not an export: it holds partner keys, a secret key or a private anchor", path), code: ExitError, err: err,
			hint: "to share a map, its owner runs `attune export --partner NAME --output FILE`"}
	case errors.Is(err, mapfile.ErrHistoryShared):
		return &userError{msg: fmt.Sprintf("%s holds the history of its entries, which only its owner's own map keeps, so it was not made by attune's export", path),
			code: ExitError, err: err, hint: "ask your partner to export it again (`attune export`)"}
	case errors.Is(err, mapfile.ErrPrivateShared):
		return &userError{msg: fmt.Sprintf("%s holds an entry marked private, which an export never does, so it was not made by attune's export", path),
			code: ExitError, err: err, hint: "ask your partner to export it again (`attune export`)"}
	case errors.As(err, &blank) && blank.Kind == textcheck.Empty:
		return &userError{msg: err.Error(), code: ExitError, err: err,
			hint: "only your partner can change it: ask them to put it in words, and to export again"}
	case errors.As(err, &dec):
		switch dec.Reason {
		case store.WrongKey:
			return &userError{msg: err.Error(), code: ExitError, err: err,
				hint: "it was made for someone else's key; ask for an export to your key (`attune key` prints it)"}
		case store.NotAge, store.Empty:
			return &userError{msg: err.Error(), code: ExitError, err: err,
				hint: "attune reads only age-encrypted files; ask your partner to export it again (`attune export`)"}
		case store.TooLarge:
			return &userError{msg: fmt.Sprintf("%s: the file holds more than %d bytes, more than a shared map ever needs", path, store.MaxSharedSize),
				code: ExitError, err: err, hint: "check that this is the file your partner exported"}
		}
		return &userError{msg: err.Error(), code: ExitError, err: err,
			hint: "ask your partner to export it again (`attune export`)"}
	}
	if isPathError(err) {
		return err
	}
	return &userError{msg: err.Error(), code: ExitError, err: err,
		hint: "this is not a map attune can read safely; ask your partner to export it again with `attune export`"}
}
