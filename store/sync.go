package store

import (
	"errors"
	"os"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/gitcmd"
)

// ErrNotGit means the store is not a git repository (attune git init
// makes it one).
var ErrNotGit = errors.New("the store is not kept in git")

// ErrNoRemote means the store's repository has no remote to sync with.
var ErrNoRemote = errors.New("the store's git repository has no remote")

// ErrNoBranch means the repository is not on a branch (a commit was
// checked out by hand).
var ErrNoBranch = errors.New("the store's git repository is not on a branch")

// SyncError is a step of a sync that git could not do: "fetch",
// "merge" or "push" (or "commit", of changes not yet committed). Nothing
// of the store was changed by it: a merge that fails is called off.
type SyncError struct {
	Step   string
	Remote string
	Err    error
}

func (e *SyncError) Error() string { return e.Step + " with " + e.Remote + ": " + e.Err.Error() }
func (e *SyncError) Unwrap() error { return e.Err }

// SyncResult says what a sync did.
type SyncResult struct {
	Remote string
	// Restored: the map did not decrypt (a git operation outside attune
	// left it so) and the last commit's was put back first.
	Restored bool
	// Aborted: a merge left unfinished (stopped in the middle) was
	// called off first; the sync then merged again.
	Aborted bool
	// Pulled: the remote had changes, now here; Merged: they were
	// merged with changes made here (not only taken).
	Pulled, Merged bool
	// Pushed: the remote now has this device's changes.
	Pushed bool
}

// Sync brings the store and its remote together, holding the lock
// throughout: it puts back the last commit's map if the map does not
// decrypt, calls off a merge left unfinished, commits what is not yet,
// fetches, merges (git runs attune's merge driver, which runs inside
// this lock; env is added to its environment: the identity to decrypt
// with), and pushes.
func (s *Store) Sync(ids []age.Identity, env []string) (res SyncResult, err error) {
	if !s.IsGit() {
		return res, ErrNotGit
	}
	err = s.Locked(func() error {
		return s.withToken(func() error { return s.sync(ids, env, &res) })
	})
	return res, err
}

// syncTarget is git in the store (with env), the branch checked out, and
// the remote and upstream branch it syncs with: ErrNoBranch or
// ErrNoRemote where there is nothing to sync with.
func (s *Store) syncTarget(env []string) (g gitcmd.Git, branch, remote, upstream string, err error) {
	g = s.git()
	g.Env = append(g.Env, env...)
	if branch, err = g.Output("symbolic-ref", "--quiet", "--short", "HEAD"); err != nil {
		return g, "", "", "", ErrNoBranch
	}
	if remote, upstream = s.remoteOf(g, branch); remote == "" {
		return g, "", "", "", ErrNoRemote
	}
	return g, branch, remote, upstream, nil
}

// sync is Sync, inside the lock, with the token written. Where there
// is nothing to sync with, it stops before changing anything.
func (s *Store) sync(ids []age.Identity, env []string, res *SyncResult) error {
	g, branch, remote, upstream, err := s.syncTarget(env)
	if err != nil {
		return err
	}
	res.Remote = remote
	defer s.tidyPerms()
	defer s.keepIfChanged(s.mapSum())
	if res.Restored, err = s.restoreLocked(ids); err != nil {
		return err
	}
	if _, err := os.Lstat(s.GitPath("MERGE_HEAD")); err == nil {
		if err := g.Run("merge", "--abort"); err != nil {
			return &SyncError{Step: "merge", Remote: remote, Err: err}
		}
		res.Aborted = true
	}
	if err := s.commitLocked("attune: save before sync"); err != nil {
		return &SyncError{Step: "commit", Remote: remote, Err: err}
	}
	if err := s.fetch(g, remote); err != nil {
		return &SyncError{Step: "fetch", Remote: remote, Err: err}
	}
	target := upstream
	if target == "" {
		if _, err := g.Output("rev-parse", "--verify", "--quiet", "refs/remotes/"+remote+"/"+branch); err == nil {
			target = remote + "/" + branch
		}
	}
	if target != "" {
		if err := s.merge(g, target, res); err != nil {
			return &SyncError{Step: "merge", Remote: remote, Err: err}
		}
	}
	push := []string{"push", "--quiet"}
	if upstream == "" {
		push = append(push, "--set-upstream", remote, branch)
	}
	if err := g.Run(push...); err != nil {
		return &SyncError{Step: "push", Remote: remote, Err: err}
	}
	res.Pushed = true
	return nil
}

// TakeRemote brings in the remote's version as it is, when this device
// cannot open the map yet: a device that has joined (init --join) and
// waits for its key to be added cannot decrypt, so cannot merge — and
// has made no change of its own to merge — but can take what the remote
// holds, once another device has added its key and synced. Only a fast
// forward: anything else is refused as git refuses it, changing nothing.
func (s *Store) TakeRemote(env []string) (res SyncResult, err error) {
	if !s.IsGit() {
		return res, ErrNotGit
	}
	err = s.Locked(func() error {
		g, branch, remote, upstream, err := s.syncTarget(env)
		if err != nil {
			return err
		}
		res.Remote = remote
		defer s.tidyPerms()
		defer s.keepIfChanged(s.mapSum())
		if err := s.fetch(g, remote); err != nil {
			return &SyncError{Step: "fetch", Remote: remote, Err: err}
		}
		target := upstream
		if target == "" {
			target = remote + "/" + branch
		}
		before, _ := g.Output("rev-parse", "HEAD")
		if err := g.Run("merge", "--ff-only", "--quiet", target); err != nil {
			return &SyncError{Step: "merge", Remote: remote, Err: err}
		}
		after, _ := g.Output("rev-parse", "HEAD")
		res.Pulled = after != before
		return nil
	})
	return res, err
}

// fetch fetches from remote; one that fails leaves git's note of the
// last fetch (FETCH_HEAD) as it was.
func (s *Store) fetch(g gitcmd.Git, remote string) error {
	path := s.GitPath("FETCH_HEAD")
	was, wasErr := os.ReadFile(path)
	err := g.Run("fetch", "--quiet", remote)
	if err != nil {
		if wasErr != nil {
			os.Remove(path)
		} else {
			os.WriteFile(path, was, filePerm)
		}
	}
	return err
}

// merge merges target into the branch (git runs attune's merge driver
// for the map); a merge that fails is called off, leaving things as
// they were.
func (s *Store) merge(g gitcmd.Git, target string, res *SyncResult) error {
	before, _ := g.Output("rev-parse", "HEAD")
	// --no-stat: a summary of what changed would run the diff driver.
	if err := g.Run(withAuthor(g, "merge", "--no-edit", "--no-stat", "-m", "attune: sync", target)...); err != nil {
		g.Run("merge", "--abort")
		// A driver killed half-way may have left its temporary file
		// (ciphertext): this holding of the lock tidies it.
		atomicfile.Clean(s.Dir)
		return err
	}
	after, _ := g.Output("rev-parse", "HEAD")
	theirs, _ := g.Output("rev-parse", target)
	res.Pulled = after != before
	res.Merged = res.Pulled && after != theirs // not only taken: a merge made here
	return nil
}

// remoteOf is the remote a branch syncs with, and its upstream when it
// has one set; without one, origin, or the only remote there is.
func (s *Store) remoteOf(g gitcmd.Git, branch string) (remote, upstream string) {
	if up, err := g.Output("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"); err == nil && up != "" {
		if r, err := g.Output("config", "branch."+branch+".remote"); err == nil && r != "" && r != "." {
			return r, up
		}
	}
	out, err := g.Output("remote")
	if err != nil {
		return "", ""
	}
	remotes := strings.Fields(out)
	switch {
	case len(remotes) == 0:
		return "", ""
	case len(remotes) == 1:
		return remotes[0], ""
	}
	for _, r := range remotes {
		if r == "origin" {
			return r, ""
		}
	}
	return remotes[0], ""
}
