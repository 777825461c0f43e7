package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/attune-dev/attune/internal/gitcmd"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/merge"
	"github.com/attune-dev/attune/store"
)

// The drivers git runs for a store kept in git (attune git init
// registers them in the repository's own config): hidden commands, read
// before the grammar as completion is, since git gives them file names
// as they come.
const (
	gitDiffDriver  = "__git-diff"
	gitMergeDriver = "__git-merge"
)

func isGitDriver(word string) bool { return word == gitDiffDriver || word == gitMergeDriver }

// gitAction runs git in the store's folder with the arguments as typed,
// under the store's lock; `attune git init` sets the store up for git.
func gitAction(x *ctx) error {
	args := x.Args().Slice()
	return withSession(x, func(s *session) error {
		if len(args) > 0 && args[0] == "init" {
			return s.setUpGit(args[1:])
		}
		if !s.store.IsGit() {
			return notGit("git")
		}
		in, out, errw := x.std()
		err := s.store.Git(func(g gitcmd.Git) error { return g.Attached(in, out, errw, args...) }, s.driverEnv()...)
		var ge *gitcmd.Error
		switch {
		case errors.As(err, &ge) && ge.BrokenPipe():
			// What git wrote to was closed (git log | head): as git
			// itself, no words.
			return &quietExit{code: ExitBrokenPipe}
		case errors.As(err, &ge) && ge.Signal != nil:
			return &userError{msg: fmt.Sprintf("git was stopped (%v)", ge.Signal), code: ExitError, err: err}
		case errors.As(err, &ge):
			// git has said why, above.
			return &userError{msg: fmt.Sprintf("git ended with status %d", ge.Code), code: ExitError, err: err}
		}
		return gitWords(err)
	})
}

// std are the streams to hand git: the process's own, so that git pages
// and colours as at the terminal.
func (x *ctx) std() (io.Reader, io.Writer, io.Writer) {
	if in, out, errw, ok := x.io.Files(); ok {
		return in, out, errw
	}
	return x.io.In, x.io.Out, x.io.Err
}

// setUpGit makes the store a git repository (git init with args), or
// finishes setting up one cloned from another device.
func (s *session) setUpGit(initArgs []string) error {
	x := s.x
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding attune's own path, for git to run it: %w", err)
	}
	was := s.store.IsGit()
	_, out, errw := x.std()
	err = s.store.SetUpGit(exe, initArgs, func(g gitcmd.Git) error {
		if was && len(initArgs) == 0 {
			return nil
		}
		return g.Attached(nil, out, errw, append([]string{"init", "--quiet"}, initArgs...)...)
	})
	if err != nil {
		return gitWords(err)
	}
	if was {
		x.say("your store in %s is set up for git on this device", safe(s.store.Dir))
	} else {
		x.say("your store in %s is kept in git now", safe(s.store.Dir))
	}
	x.say("every change you make is committed; what stays on this device (your key, partners' maps, backups) never is")
	if _, err := os.Stat(s.identityPath()); err != nil {
		x.say("your key is not on this device yet: copy it to %s, or name it with --identity", safe(s.identityPath()))
	}
	if remotes, _ := (gitcmd.Git{Dir: s.store.Dir}).Output("remote"); remotes == "" {
		x.say("to sync with your other devices, add a remote: attune git remote add origin URL, then attune sync")
	} else {
		x.say("attune sync brings this device and the remote together")
	}
	return nil
}

// initGit is init --git: the new store, kept in git.
func initGit(x *ctx) error {
	s, err := x.session()
	if err != nil {
		return err
	}
	return s.setUpGit(nil)
}

// driverEnv is what the drivers git runs need to decrypt as this run
// does: the identity named with --identity, if one was.
func (s *session) driverEnv() []string {
	if p := s.x.identityFlag(); p != "" {
		if abs, err := filepath.Abs(p); err == nil {
			return []string{"ATTUNE_IDENTITY=" + abs}
		}
	}
	return nil
}

// driverSession opens the store git runs a driver in: git runs them at
// the top of the work tree, which is the store's folder.
func driverSession(x *ctx) (*session, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return x.openSession(dir)
}

// gitDiffAction is git's textconv for the map: the version in FILE in
// plain words, entry by entry, on standard output only (git keeps no
// copy: attune git init turns its cache off). A version that does not
// decrypt is said so, for git diff to show, not an error that stops it.
func gitDiffAction(x *ctx) error {
	args := x.Args().Slice()
	if len(args) != 1 {
		return usage("git runs it, with the file to show", "%s needs one file", gitDiffDriver)
	}
	s, err := driverSession(x)
	if err != nil {
		return err
	}
	ids, err := s.identities()
	if err != nil {
		return err
	}
	plain, err := store.ReadEncrypted(args[0], ids, store.MaxMapSize)
	var m *mapfile.Map
	if err == nil {
		m, err = mapfile.Decode(plain)
	}
	if err != nil {
		msg, _, _ := describe(err)
		fmt.Fprintf(x.out(), "(attune cannot read this version of the map: %s)\n", oneLine(msg))
		return nil
	}
	writeMapText(x.out(), m)
	return nil
}

// gitMergeAction is git's merge driver for the map: attune __git-merge
// BASE OURS THEIRS PATH. It writes the merge over OURS and ends 0, or
// leaves OURS as it was and ends 1, for git to leave the file unmerged.
func gitMergeAction(x *ctx) error {
	args := x.Args().Slice()
	if len(args) != 4 {
		return usage("git runs it, with %O %A %B %P", "%s needs four files", gitMergeDriver)
	}
	s, err := driverSession(x)
	if err != nil {
		return err
	}
	ids, r, err := s.writeKeys()
	if err != nil {
		return err
	}
	at := x.now()
	return s.store.MergeVersions(x.io.Getenv(store.LockTokenEnv), ids, r, args[0], args[1], args[2],
		func(base, ours, theirs *mapfile.Map, tag string) *mapfile.Map {
			res, _ := merge.MergeWith(base, ours, theirs, merge.Options{At: at, Tag: tag})
			return res
		})
}

// notGit is a command that needs the store kept in git.
func notGit(cmd string) error {
	return &userError{msg: "your store is not kept in git, so there is nothing for attune " + cmd + " to do",
		hint: "attune git init keeps it in git, to sync between your devices", code: ExitError, err: store.ErrNotGit}
}

// gitWords words git missing.
func gitWords(err error) error {
	if errors.Is(err, gitcmd.ErrNotInstalled) {
		return &userError{msg: "git is not installed (or not on PATH)", hint: "install git, then try again", code: ExitError, err: err}
	}
	return err
}
