package app

import (
	"errors"
	"fmt"
	"time"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

func importAction(x *ctx) error {
	path := x.Args().First()
	return withSession(x, func(s *session) error {
		// The recorded key is checked first: an import writes.
		if _, _, err := s.writeKeys(); err != nil {
			return err
		}
		e, err := s.openExport(path)
		if err != nil {
			return err
		}
		m := e.m
		if skew := m.Exported.Sub(x.io.Now()); skew > maxClockSkew {
			return fail("ask your partner to export again; their computer's clock may be wrong",
				"%s says it was made on %s, which is in the future, so it is not imported; nothing was changed", e.path, day(m.Exported, x.io.Now()))
		}
		name, err := s.importName(m, e.path)
		if err != nil {
			return err
		}
		own, err := s.readMap()
		if err != nil {
			return err
		}
		known, err := signerFor(own, name, e, x.IsSet("as"))
		if err != nil {
			return err
		}
		ids, r, err := s.writeKeys()
		if err != nil {
			return err
		}
		changedKeys := known && keysChangedFor(own.Partner(name), e)
		if !known {
			// Trust on first use: the key that signed the first file from
			// someone is recorded, and checked on every file after.
			if _, err := s.update(func(m *mapfile.Map) error { return recordSigner(m, name, e.signer, x.now()) }); err != nil {
				return err
			}
		}
		// Kept under the name it was imported as: that is how list,
		// summary and partner list show it.
		m.Name = name
		accept := func(old *mapfile.Map, oldErr error) error {
			if old == nil || x.Bool("older") {
				return nil
			}
			if m.Exported.IsZero() && !old.Exported.IsZero() {
				return fail("to bring it in anyway: attune import "+shellWord(e.path)+" --older",
					"%s has no date, so attune can't tell whether it is older than the one you have from %s (made %s); nothing was changed",
					e.path, showName(name), day(old.Exported, x.io.Now()))
			}
			if m.Exported.Before(old.Exported) {
				return olderExport(name, e.path, m.Exported, old.Exported, x.io.Now())
			}
			return nil
		}
		old, oldErr, err := s.store.SaveImport(ids, r, name, m, accept)
		if err != nil {
			return s.ask.why(err)
		}
		if changedKeys {
			// Checked: the notice is signed with the key on record.
			if _, err := s.update(func(m *mapfile.Map) error { recordKeyChange(m, name, e); return nil }); err != nil {
				return err
			}
		}
		w := x.out()
		fmt.Fprintf(w, "imported %s's map: %s\n", showName(name), export.Contents(m))
		switch {
		case oldErr != nil:
			x.warn("the earlier import could not be read (%s); it was replaced", oneLine(errorText(oldErr)))
		case old != nil:
			x.reporter().importReport(changes.Compare(old, m), x.io.Now())
		}
		if changedKeys {
			x.say("%s has new keys: this file tells so, signed with the key you had for them, so their new keys are recorded (signing key %s)",
				showName(name), keys.SigningFingerprint(e.signer))
			x.say("their safety code has changed, so they are not verified now: compare it again with them, in person or on a call: attune partner verify %s", shellWord(name))
		}
		if !known {
			x.say("this is the first signed file from %s: their signing key %s is recorded, and every file after must be signed with it",
				showName(name), keys.SigningFingerprint(e.signer))
			x.say("to be sure it is theirs, compare safety codes with %s: attune partner verify %s", showName(name), shellWord(name))
		}
		x.say("see it with: attune list --partner %s", shellWord(name))
		return nil
	})
}

// importName is the name an import is kept under: --as, or the name in
// the export. It must be a name that may enter now (CheckPartnerName), and
// must not look like the name of someone the person already shares with
// (a partner, or someone whose map was imported), unless it is that name.
//
// The name in an export is refused here, where it would become a
// partner's name, and not whenever an export is read: list --from and
// summary --from show it as a title and keep nothing, and an import kept
// before these rules must still open, so that it can be seen and removed.
func (s *session) importName(m *mapfile.Map, path string) (string, error) {
	x := s.x
	asHint := "name them yourself: attune import " + shellWord(path) + " --as NAME"
	name, in := mapfile.CleanPartnerName(x.String("as")), ""
	if name == "" {
		name, in = mapfile.CleanPartnerName(m.Name), path
	}
	if name == "" {
		return "", fail("name it with --as NAME", "the map in %s has no name", path)
	}
	if err := mapfile.CheckPartnerName(name); err != nil {
		return "", badImportName(err, name, in, asHint)
	}
	own, err := s.readMap()
	if err != nil {
		return "", err
	}
	imports, err := s.storedImports()
	if err != nil {
		return "", err
	}
	// The hint does not only offer the name it looks like: a map made to
	// look like a partner's is not theirs because its name looks the same.
	useIt := func(other string) string {
		return "if this is their map: attune import " + shellWord(path) + " --as " + shellWord(other) + "; if not, choose another name with --as NAME"
	}
	if err := lookAlike(name, in, knownNames(own, imports), useIt); err != nil {
		return "", err
	}
	return name, nil
}

// recordSigner records the key that signed the first file from name, on
// their partner record (made for them if they have none: someone whose
// map you have, but not their public key).
func recordSigner(m *mapfile.Map, name, signer string, now time.Time) error {
	if p := m.Partner(name); p != nil {
		p.SigningKey = signer
		return nil
	}
	m.Partners = append(m.Partners, mapfile.Partner{Name: name, SigningKey: signer, Added: now, ID: mapfile.NewKey()})
	return nil
}

// badImportName words a name refused on import: the one in the export
// (in is the file: the partner typed the name, the fix is --as) or the
// one given with --as (in is "").
func badImportName(err error, name, in, asHint string) error {
	var inv *mapfile.InvisibleError
	switch {
	case errors.As(err, &inv) && in != "":
		return &userError{msg: fmt.Sprintf("the name in %s, %q, %s", in, name, inv.Problem()), hint: asHint, code: ExitError, err: err}
	case errors.As(err, &inv):
		return withNameHint(err)
	case in != "":
		return &userError{msg: fmt.Sprintf("the name in %s, %q, cannot be used: %s", in, name, err), hint: asHint, code: ExitError, err: err}
	}
	return &userError{msg: fmt.Sprintf("cannot use %q as a name: %s", name, err), hint: "choose one with --as NAME", code: ExitError, err: err}
}

// maxClockSkew is how far in the future an export's date may be: two
// computers' clocks and time zones may disagree, but an export dated
// later than this would make every real export after it look older.
const maxClockSkew = 36 * time.Hour

// olderExport refuses to replace an import with an export made before
// it: an old file brought in by mistake would quietly undo what a partner
// has changed since (a STOP become a GO again).
func olderExport(name, path string, exported, have, now time.Time) error {
	if have.Sub(now) > maxClockSkew {
		// The import kept says it was made in the future: every real
		// export looks older than it. A sign it was forged.
		return fail("if "+path+" is really from "+showName(name)+", bring it in with: attune import "+shellWord(path)+" --older; and ask them whether they sent the one you have",
			"the map you have from %s says it was made on %s, which is in the future, so every real export looks older than it: it may not have been made by %s; nothing was changed",
			showName(name), day(have, now), showName(name))
	}
	newDay, haveDay := day(exported, now), day(have, now)
	for _, layout := range []string{", 15:04", ", 15:04:05"} {
		if newDay != haveDay {
			break
		}
		newDay, haveDay = day(exported, now)+exported.Local().Format(layout), day(have, now)+have.Local().Format(layout)
	}
	return fail("to bring in the older one anyway: attune import "+shellWord(path)+" --older",
		"this export (made %s) is older than the one you have from %s (made %s); nothing was changed", newDay, showName(name), haveDay)
}

func errorText(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	msg, _, _ := describe(err)
	return msg
}
