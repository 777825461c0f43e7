package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

func importAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usage("for example: attune import from-alex.age", "import needs one file")
	}
	path := c.Args().First()
	return withSession(func(s *session) error {
		m, err := s.readForeignFile(path)
		if err != nil {
			return err
		}
		if skew := time.Until(m.Exported); skew > maxClockSkew {
			return fail("ask your partner to export again; their computer's clock may be wrong",
				"%s says it was made on %s, which is in the future, so it is not imported; nothing was changed", path, export.Day(m.Exported))
		}
		name := mapfile.CleanPartnerName(c.String("as"))
		if name == "" {
			name = mapfile.CleanPartnerName(m.Name)
		}
		if name == "" {
			return fail("name it with --as NAME", "the map in %s has no name", path)
		}
		if err := mapfile.CheckPartnerName(name); err != nil {
			return &userError{msg: "cannot use " + fmt.Sprintf("%q", name) + " as a name: " + err.Error(),
				hint: "choose one with --as NAME", code: ExitError, err: err}
		}
		_, r, err := s.writeKeys()
		if err != nil {
			return err
		}
		// Kept under the name it was imported as: that is how list,
		// summary and partner list show it.
		m.Name = name
		plain, err := m.Encode()
		if err != nil {
			return err
		}
		dest, err := s.partnerFile(name, true)
		if err != nil {
			return err
		}
		var (
			old     *mapfile.Map
			oldErr  error
			changes export.Changes
		)
		err = s.store.Locked(func() error {
			if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
				return err
			}
			if err := os.Chmod(filepath.Dir(dest), 0o700); err != nil {
				return err
			}
			if _, err := os.Stat(dest); err == nil {
				old, oldErr = s.readForeignFile(dest)
			}
			if old != nil && !c.Bool("older") {
				if m.Exported.IsZero() && !old.Exported.IsZero() {
					return fail("to bring it in anyway: attune import "+shellWord(path)+" --older",
						"%s has no date, so attune can't tell whether it is older than the one you have from %s (made %s); nothing was changed",
						path, safe(name), export.Day(old.Exported))
				}
				if m.Exported.Before(old.Exported) {
					return olderExport(name, path, m.Exported, old.Exported)
				}
			}
			return store.WriteEncrypted(dest, plain, false, r)
		})
		if err != nil {
			return err
		}
		w := c.App.Writer
		fmt.Fprintf(w, "imported %s's map: %s and %s\n", safe(name),
			export.Count(len(m.Boundaries), "boundary", "boundaries"),
			export.Count(len(m.Triggers), "trigger", "triggers"))
		switch {
		case oldErr != nil:
			fmt.Fprintf(c.App.ErrWriter, "attune: warning: the earlier import could not be read (%s); it was replaced\n", oneLine(errorText(oldErr)))
		case old != nil:
			changes = export.Diff(old, m)
			fmt.Fprintln(w, changes.Summary())
		}
		fmt.Fprintf(c.App.ErrWriter, "attune: see it with: attune list --partner %s\n", shellWord(name))
		return nil
	})(c)
}

// maxClockSkew is how far in the future an export's date may be: two
// computers' clocks and time zones may disagree, but an export dated
// later than this would make every real export after it look older.
const maxClockSkew = 36 * time.Hour

// olderExport refuses to replace an import with an export made before
// it: an old file brought in by mistake would quietly undo what a partner
// has changed since (a STOP become a GO again).
func olderExport(name, path string, exported, have time.Time) error {
	newDay, haveDay := export.Day(exported), export.Day(have)
	for _, layout := range []string{", 15:04", ", 15:04:05"} {
		if newDay != haveDay {
			break
		}
		newDay, haveDay = export.Day(exported)+exported.Local().Format(layout), export.Day(have)+have.Local().Format(layout)
	}
	return fail("to bring in the older one anyway: attune import "+shellWord(path)+" --older",
		"this export (made %s) is older than the one you have from %s (made %s); nothing was changed", newDay, safe(name), haveDay)
}

func errorText(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	return err.Error()
}
