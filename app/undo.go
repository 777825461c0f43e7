package app

import (
	"errors"
	"fmt"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/store"
)

func undoAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		ids, r, err := s.writeKeys()
		if err != nil {
			return err
		}
		before, after, err := s.store.Undo(ids, r)
		err = s.ask.why(err)
		var bad *store.BackupError
		switch {
		case errors.Is(err, store.ErrNoBackup):
			return fail("undo goes back one change; there has been no change to go back from yet",
				"there is no earlier version of your map to go back to")
		case errors.Is(err, store.ErrBroughtIn):
			return &userError{msg: "undo does not take back changes a sync or a merge brought in from your other devices, and you have made none here since; nothing was changed",
				hint: "to change or remove an entry, use attune edit or attune remove; attune history shows what changed", code: ExitError, err: err}
		case errors.Is(err, store.ErrChangedOutside):
			return &userError{msg: "your map was changed outside attune (a git pull, merge, checkout or reset) since your last change here; undo does not take that back, so nothing was changed",
				hint: "to change or remove an entry, use attune edit or attune remove; attune history shows what changed", code: ExitError, err: err}
		case errors.As(err, &bad):
			msg, _, _ := describe(bad.Err)
			return &userError{msg: "the earlier version cannot be used, so nothing was changed: " + msg,
				hint: "your current map is as it was; `attune list` shows it", code: ExitError, err: err}
		case err != nil:
			return err
		}
		w := x.out()
		if before == nil {
			fmt.Fprintf(w, "put back your map as it was before the last change: %s\n", export.Contents(after))
			fmt.Fprintln(w, "the version it replaced could not be read; it is kept as the backup")
			return nil
		}
		rep := changes.Compare(before, after)
		if rep.None() {
			fmt.Fprintln(w, "put back your map as it was before the last change; it reads the same as the one it replaced")
		} else {
			fmt.Fprintln(w, "put back your map as it was before the last change:")
			x.reporter().report("  ", rep)
		}
		fmt.Fprintln(w, "`attune undo` again takes this back (an undo is a change too)")
		return nil
	})
}
