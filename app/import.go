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
		name, err := importName(x, m, e.path)
		if err != nil {
			return err
		}
		own, err := s.readMap()
		if err != nil {
			return err
		}
		known, err := signerFor(own, name, e.signer, e.path, x.IsSet("as"))
		if err != nil {
			return err
		}
		ids, r, err := s.writeKeys()
		if err != nil {
			return err
		}
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
					e.path, safe(name), day(old.Exported, x.io.Now()))
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
		w := x.out()
		fmt.Fprintf(w, "imported %s's map: %s and %s\n", safe(name),
			export.Count(len(m.Boundaries), "boundary", "boundaries"),
			export.Count(len(m.Triggers), "trigger", "triggers"))
		switch {
		case oldErr != nil:
			x.warn("the earlier import could not be read (%s); it was replaced", oneLine(errorText(oldErr)))
		case old != nil:
			x.reporter().importReport(changes.Compare(old, m), x.io.Now())
		}
		if !known {
			x.say("this is the first signed file from %s: their signing key %s is recorded, and every file after must be signed with it",
				safe(name), keys.SigningFingerprint(e.signer))
			x.say("to be sure it is theirs, compare safety codes with %s: attune partner verify %s", safe(name), shellWord(name))
		}
		x.say("see it with: attune list --partner %s", shellWord(name))
		return nil
	})
}

// importName is the name an import is kept under: --as, else the name in
// the map.
func importName(x *ctx, m *mapfile.Map, path string) (string, error) {
	name := mapfile.CleanPartnerName(x.String("as"))
	if name == "" {
		name = mapfile.CleanPartnerName(m.Name)
	}
	if name == "" {
		return "", fail("name it with --as NAME", "the map in %s has no name", path)
	}
	if err := mapfile.CheckPartnerName(name); err != nil {
		return "", &userError{msg: "cannot use " + fmt.Sprintf("%q", name) + " as a name: " + err.Error(),
			hint: "choose one with --as NAME", code: ExitError, err: err}
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
		return fail("if "+path+" is really from "+safe(name)+", bring it in with: attune import "+shellWord(path)+" --older; and ask them whether they sent the one you have",
			"the map you have from %s says it was made on %s, which is in the future, so every real export looks older than it: it may not have been made by %s; nothing was changed",
			safe(name), day(have, now), safe(name))
	}
	newDay, haveDay := day(exported, now), day(have, now)
	for _, layout := range []string{", 15:04", ", 15:04:05"} {
		if newDay != haveDay {
			break
		}
		newDay, haveDay = day(exported, now)+exported.Local().Format(layout), day(have, now)+have.Local().Format(layout)
	}
	return fail("to bring in the older one anyway: attune import "+shellWord(path)+" --older",
		"this export (made %s) is older than the one you have from %s (made %s); nothing was changed", newDay, safe(name), haveDay)
}

func errorText(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	msg, _, _ := describe(err)
	return msg
}
