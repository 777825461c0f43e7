package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/attune-dev/attune/internal/gitcmd"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

func syncAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		if !s.store.IsGit() {
			return notGit("sync")
		}
		ids, _, err := s.writeKeys()
		if errors.Is(err, errNotAdded) {
			return s.syncToJoin(err)
		}
		if err != nil {
			return err
		}
		before, _ := s.store.ReadMap(ids) // nil when it does not read: Sync restores it
		res, err := s.store.Sync(ids, s.driverEnv())
		if res.Restored {
			x.say("your map did not decrypt after a git operation outside attune; put back the version of the last commit")
		}
		if res.Aborted {
			x.say("a merge left unfinished earlier was called off first")
		}
		if err != nil {
			return syncError(err)
		}
		after, err := s.readMap()
		if err != nil {
			return err
		}
		s.forgetRemovedPartners(before, after)
		remote := safe(res.Remote)
		switch {
		case res.Merged:
			x.say("synced with %s: merged the changes made there with yours, and sent them", remote)
		case res.Pulled:
			x.say("synced with %s: took the changes made there", remote)
		default:
			x.say("synced with %s", remote)
		}
		return nil
	})
}

// syncError words what stopped a sync: what happened, in one line, and
// what to do.
func syncError(err error) error {
	var se *store.SyncError
	switch {
	case errors.Is(err, store.ErrNoRemote):
		return &userError{msg: "your store has no git remote to sync with", code: ExitError, err: err,
			hint: "add one (a private repository, or a folder on a disk you keep): attune git remote add origin URL, then attune sync"}
	case errors.Is(err, store.ErrNoBranch):
		return &userError{msg: "your store's git repository is not on a branch", code: ExitError, err: err,
			hint: "go back to your branch first: attune git checkout main (or the one you use)"}
	case errors.Is(err, gitcmd.ErrNotInstalled):
		return gitWords(err)
	case !errors.As(err, &se):
		return err
	}
	var ge *gitcmd.Error
	if !errors.As(se.Err, &ge) {
		return err
	}
	remote := safe(se.Remote)
	why := oneLine(ge.Line())
	switch {
	case se.Step == "commit":
		return &userError{msg: "could not commit your changes before syncing: " + why, code: ExitError, err: err,
			hint: "attune git status shows the state of the repository"}
	case ge.Says("authentication failed", "permission denied", "could not read username", "terminal prompts disabled", "403"):
		return &userError{msg: fmt.Sprintf("%s refused the login, so nothing was synced", remote), code: ExitError, err: err,
			hint: "check your access to it (an SSH key, or git's credential helper for HTTPS), then attune sync again"}
	case se.Step == "push" && ge.Says("rejected", "fetch first", "non-fast-forward"):
		return &userError{msg: fmt.Sprintf("%s got new changes while this sync ran, so yours were not sent yet", remote), code: ExitError, err: err,
			hint: "run attune sync again"}
	case se.Step == "merge" && ge.Says("unrelated histories"):
		return &userError{msg: fmt.Sprintf("%s holds another store, not this one's history, so nothing was merged", remote), code: ExitError, err: err,
			hint: "a second device starts from a clone: git clone URL DIR, then attune --dir DIR git init"}
	case se.Step == "merge":
		if line := attuneLine(ge.Stderr); line != "" {
			why = line
		}
		return &userError{msg: fmt.Sprintf("could not merge the changes from %s, so nothing was changed: %s", remote, why), code: ExitError, err: err,
			hint: "your map is as it was; attune git log shows both versions' history"}
	}
	return &userError{msg: fmt.Sprintf("could not reach %s: %s", remote, why), code: ExitError, err: err,
		hint: "check the connection and the remote's address (attune git remote -v), then attune sync again"}
}

// attuneLine is the error the merge driver wrote among git's words.
func attuneLine(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "attune: error: "); ok {
			return oneLine(rest)
		}
	}
	return ""
}

// forgetRemovedPartners removes what this device imported from partners
// removed on another device: a removed partner is gone everywhere.
func (s *session) forgetRemovedPartners(before, after *mapfile.Map) {
	if before == nil {
		return
	}
	for _, p := range before.Partners {
		if after.Partner(p.Name) != nil {
			continue
		}
		if removed, err := s.store.RemoveImport(before, p.Name); err == nil && removed {
			s.x.say("forgot the map you imported from %s, removed as a partner on another device", showName(p.Name))
		}
	}
}

// syncToJoin is sync on a device that has joined and waits for its key
// to be added: it takes the remote's version, and says whether this
// device can open the map now.
func (s *session) syncToJoin(notAdded error) error {
	res, err := s.store.TakeRemote(s.driverEnv())
	if err != nil {
		return syncError(err)
	}
	// Open the store again: config.toml, with its list of keys, may be
	// the remote's now.
	fresh, err := s.x.session()
	if err != nil {
		return err
	}
	if _, _, err := fresh.writeKeys(); err != nil {
		if res.Pulled {
			s.x.say("took the changes made on %s, but your map is not encrypted to this device's key yet", safe(res.Remote))
		}
		return notAdded
	}
	s.x.say("synced with %s: took the changes made there; this device opens your map now", safe(res.Remote))
	return nil
}
