package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/gitcmd"
	"github.com/attune-dev/attune/mapfile"
)

// A store folder can be a git repository, to keep the map on several
// devices (attune git init): git is the engine of the sync, attune its
// driver. What git may hold is the encrypted map and the files that say
// how to read it; what stays on each device — the identity, partners'
// imports, the journal, the backup, the lock, temporary files, the
// device's tag — is in .gitignore, and never committed. Every change
// attune makes is committed at once, under the lock, with a message
// that names the command and counts, never the words of an entry, a
// name or a key.

// The files of a git store.
const (
	GitIgnoreFile     = ".gitignore"
	GitAttributesFile = ".gitattributes"
	// DeviceFile holds this device's tag (mapfile.SetDeviceTag): the two
	// letters that end the ids made here.
	DeviceFile = ".attune-device"
	gitDir     = ".git"
)

// LockTokenEnv passes the drivers attune has git run (merge, diff) the
// token of the lock the attune that runs git holds, so that they run
// inside it without taking it again.
const LockTokenEnv = "ATTUNE_LOCK_TOKEN"

// gitIgnore is what a git store never commits.
var gitIgnore = []string{
	"# attune: what stays on this device, never committed",
	"/" + IdentityFile + "*",
	"/" + LockFile,
	"*.bak",
	"*.undo",
	atomicfile.TempPrefix + "*",
	"/" + PartnersDir + "/",
	"/journal*",
	"/" + DeviceFile,
}

// gitAttributes has git read and merge the map (and any *.age) through
// attune's drivers.
const gitAttributes = "*.age diff=attune merge=attune"

// tracked are the files a git store commits, when they are there.
var tracked = []string{MapFile, ConfigFile, GitIgnoreFile, GitAttributesFile}

// IsGit reports whether the store folder is a git repository.
func (s *Store) IsGit() bool {
	_, err := os.Lstat(s.Path(gitDir))
	return err == nil
}

// git runs git in the store, passing the drivers the lock's token.
func (s *Store) git() gitcmd.Git {
	g := gitcmd.Git{Dir: s.Dir}
	if s.token != "" {
		g.Env = append(g.Env, LockTokenEnv+"="+s.token)
	}
	return g
}

// Git runs git in the store under the lock, as a person typed it (attune
// git ARGS), with env added to its environment (the identity the
// drivers decrypt with); perms are tidied after, as git writes files
// with the umask's.
func (s *Store) Git(run func(g gitcmd.Git) error, env ...string) error {
	return s.Locked(func() error {
		return s.withToken(func() error {
			g := s.git()
			g.Env = append(g.Env, env...)
			was := s.mapSum()
			err := run(g)
			s.keepIfChanged(was)
			s.tidyPerms()
			atomicfile.Clean(s.Dir) // what a driver killed half-way left
			return err
		})
	})
}

// SetUpGit makes the store a git repository, or finishes setting up
// one cloned from another device: git init (with args), the files that
// say what never to commit and how to read the map, attune's drivers in
// the repository's own config (the absolute path of this attune, exe:
// never in a tracked file), and a first commit. It is safe to run again.
func (s *Store) SetUpGit(exe string, initArgs []string, init func(g gitcmd.Git) error) error {
	return s.Locked(func() error {
		g := s.git()
		if err := init(g); err != nil {
			return err
		}
		if err := s.ensureLines(GitIgnoreFile, gitIgnore); err != nil {
			return err
		}
		if err := s.ensureLines(GitAttributesFile, []string{gitAttributes}); err != nil {
			return err
		}
		q := gitcmd.Quote(exe)
		for _, kv := range [][2]string{
			{"diff.attune.textconv", q + " __git-diff"},
			// textconv's output is the map in plain words: never kept
			// in .git.
			{"diff.attune.cachetextconv", "false"},
			{"merge.attune.name", "attune: merge two versions of an attune map"},
			{"merge.attune.driver", q + " __git-merge %O %A %B %P"},
		} {
			if err := g.Run("config", "--local", kv[0], kv[1]); err != nil {
				return err
			}
		}
		// The map as it is here is the one attune left (a store kept
		// before on this device alone, or just cloned); run again, the
		// record already there stays.
		if _, ok := s.readWritten(); !ok {
			s.recordMap()
		}
		s.tidyPerms()
		return s.commitLocked("attune: set up git")
	})
}

// ensureLines makes sure a file of the store holds every line of want,
// adding those it lacks at its end (a person's own lines stay).
func (s *Store) ensureLines(name string, want []string) error {
	data, err := os.ReadFile(s.Path(name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	have := strings.Split(string(data), "\n")
	text := string(data)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	changed := false
	for _, l := range want {
		if !slices.Contains(have, l) {
			text += l + "\n"
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return atomicfile.WriteBytes(s.Path(name), filePerm, []byte(text))
}

// tidyPerms gives the store's files and folders, .git's too, back
// their privacy after git wrote them (Tighten).
func (s *Store) tidyPerms() { s.Tighten() }

// CommitError is a change that was saved but not committed.
type CommitError struct{ Err error }

func (e *CommitError) Error() string { return "git could not commit the change: " + e.Err.Error() }
func (e *CommitError) Unwrap() error { return e.Err }

// CommitError is why the last change this Store made was not committed
// to git, or nil: the change itself is saved (the map is written), so it
// is a warning, not a failure.
func (s *Store) CommitError() error { return s.commitErr }

// committed commits what a write changed, if the store is a git
// repository; the caller holds the lock. A failure is kept for
// CommitError, never returned: the write is done.
func (s *Store) committed(msg func() string) {
	if !s.IsGit() {
		return
	}
	if err := s.commitWritten(msg()); err != nil {
		s.commitErr = &CommitError{Err: err}
	}
}

// commitWritten commits right after a write, which changed the map.
func (s *Store) commitWritten(msg string) error { return s.commit(msg, false) }

// commitLocked stages the tracked files and commits them with msg, if
// anything changed. A device where git has no name and address set
// commits as "attune".
func (s *Store) commitLocked(msg string) error { return s.commit(msg, true) }

// commit is commitLocked; check first asks whether there is anything to
// commit at all (a write just made needs no asking).
func (s *Store) commit(msg string, check bool) error {
	g := s.git()
	var paths []string
	for _, name := range tracked {
		if _, err := os.Lstat(s.Path(name)); err == nil {
			paths = append(paths, name)
		}
	}
	if check && s.clean(g, paths) {
		return nil // nothing to commit, and git's index left as it is
	}
	if err := g.Run(append([]string{"add", "-A", "--"}, paths...)...); err != nil {
		return err
	}
	// Plumbing, which never runs the diff driver (decrypting twice).
	if err := g.Run("diff", "--cached", "--quiet", "--no-ext-diff", "--no-textconv"); err == nil {
		return nil // nothing to commit
	}
	return g.Run(withAuthor(g, "commit", "--quiet", "-m", msg)...)
}

// clean reports whether the tracked files are all committed as they
// are, asking only git's plumbing, which never writes (git add and git
// status may rewrite the index).
func (s *Store) clean(g gitcmd.Git, paths []string) bool {
	if g.Run("rev-parse", "--verify", "--quiet", "HEAD") != nil {
		return false // nothing committed yet
	}
	if g.Run(append([]string{"diff-files", "--quiet", "--"}, paths...)...) != nil ||
		g.Run(append([]string{"diff-index", "--cached", "--quiet", "HEAD", "--"}, paths...)...) != nil {
		return false
	}
	untracked, err := g.Output(append([]string{"ls-files", "--others", "--exclude-standard", "--"}, paths...)...)
	return err == nil && untracked == ""
}

// withAuthor is a git command that makes a commit, as "attune" where git
// has no name and address set on this device (git would refuse).
func withAuthor(g gitcmd.Git, args ...string) []string {
	if _, err := g.Output("config", "user.email"); err != nil {
		return append([]string{"-c", "user.name=attune", "-c", "user.email=attune@localhost"}, args...)
	}
	return args
}

// CommitMessage says what a change did, in a fixed vocabulary: the
// command that made it (from attune's command table) and what changed,
// counted — "attune: add boundary", "attune: edit 2 entries",
// "attune: review (edit 1 entry, remove 1 entry)" — never an entry's
// words, a name or a key.
func CommitMessage(command string, before, after *mapfile.Map) string {
	desc := describe(before, after)
	verb, _, _ := strings.Cut(command, " ")
	switch {
	case command == "":
		if desc == "" {
			desc = "change the map"
		}
		return "attune: " + desc
	case desc != "" && (verb == "add" || verb == "edit" || verb == "remove" || verb == "set"):
		return "attune: " + desc
	case desc == "":
		return "attune: " + command
	}
	return "attune: " + command + " (" + desc + ")"
}

// describe counts what changed between two versions of the map.
func describe(before, after *mapfile.Map) string {
	r := changes.Change(before, after)
	count := map[changes.Kind]int{}
	section := map[changes.Kind]string{}
	for _, e := range r.Entries {
		count[e.Kind]++
		if section[e.Kind] == "" || section[e.Kind] == e.Section {
			section[e.Kind] = e.Section
		} else {
			section[e.Kind] = "-"
		}
	}
	var parts []string
	for _, k := range []struct {
		kind changes.Kind
		verb string
	}{{changes.Added, "add"}, {changes.Changed, "edit"}, {changes.Removed, "remove"}} {
		switch n := count[k.kind]; {
		case n == 1:
			parts = append(parts, k.verb+" "+section[k.kind])
		case n > 1:
			parts = append(parts, fmt.Sprintf("%s %d entries", k.verb, n))
		}
	}
	for _, s := range r.Settings {
		parts = append(parts, "set "+s.Name)
	}
	if partnersChanged(before, after) {
		parts = append(parts, "change partners")
	}
	return strings.Join(parts, ", ")
}

// partnersChanged: a partner added, removed, or their keys changed (not
// the ids an export hands out, which every export may add to).
func partnersChanged(a, b *mapfile.Map) bool {
	if len(a.Partners) != len(b.Partners) {
		return true
	}
	for i := range a.Partners {
		p, q := a.Partners[i], b.Partners[i]
		if p.Name != q.Name || !slices.Equal(p.Recipients, q.Recipients) || p.SigningKey != q.SigningKey || !p.Verified.Equal(q.Verified) {
			return true
		}
	}
	return false
}

// newToken is a random lock token.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// HeldBy reports whether the store's lock is held by the attune that
// gave token (LockTokenEnv) and is running git now.
func (s *Store) HeldBy(token string) bool {
	if token == "" {
		return false
	}
	data, err := os.ReadFile(s.Path(LockFile))
	return err == nil && strings.TrimSpace(string(data)) == token
}

// deviceTag is this device's tag, made the first time the store is
// shared — a git repository, or a folder where a sync tool left a copy
// of the map — and kept in DeviceFile (never committed); "" for a store
// kept on one device. m is the map, whose ids a new tag must not end
// like. A new tag is only chosen here: keep (after the write that uses
// it) records it, so that a command that fails leaves no file behind. A
// tag chosen and lost to a crash is never chosen again: the map's ids
// end with it.
func (s *Store) deviceTag(m *mapfile.Map) (tag string, keep func()) {
	none := func() {}
	data, err := os.ReadFile(s.Path(DeviceFile))
	if err == nil {
		if tag := strings.TrimSpace(string(data)); mapfile.ValidDeviceTag(tag) {
			return tag, none
		}
	}
	if !s.IsGit() && len(s.ConflictCopies()) == 0 {
		return "", none
	}
	tag = mapfile.NewDeviceTag(m)
	// Kept at best: a tag not kept is not chosen again (the map's ids
	// end with it), and the write it follows is done.
	return tag, func() { atomicfile.WriteBytes(s.Path(DeviceFile), filePerm, []byte(tag+"\n")) }
}

// ConflictCopies lists the files of the folder that look like copies of
// the map another sync tool made beside it — map.toml.sync-conflict-….age
// (Syncthing), "map.toml (Sam's conflicted copy …).age" (Dropbox) — by
// name, sorted.
func (s *Store) ConflictCopies() []string {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n != MapFile && strings.HasPrefix(n, "map") && strings.HasSuffix(n, ".age") && e.Type().IsRegular() {
			out = append(out, n)
		}
	}
	return out
}

// RestoreFromGit puts back the map of the last commit when a git
// operation outside attune left the map in the folder damaged: it does
// not decrypt or read (or is gone), it is not the file the last commit
// holds, and the committed one reads. It says whether it did, under the
// lock. A map that is only encrypted to other keys than this device's
// is never replaced: that is a change of keys (made here or on another
// device), not damage, and putting back an older version would take it
// back.
func (s *Store) RestoreFromGit(ids []age.Identity) (restored bool, err error) {
	if !s.IsGit() {
		return false, nil
	}
	err = s.Locked(func() error {
		restored, err = s.restoreLocked(ids)
		return err
	})
	return restored, err
}

func (s *Store) restoreLocked(ids []age.Identity) (bool, error) {
	_, _, err := s.readMap(ids)
	var dec *DecryptError
	if err == nil || errors.Is(err, fs.ErrPermission) || errors.As(err, &dec) && dec.Reason == WrongKey {
		return false, nil
	}
	data, err := s.git().Bytes("show", "HEAD:"+MapFile)
	if err != nil {
		return false, nil // nothing committed to go back to
	}
	if s.mapIs(data) {
		return false, nil // the committed map is this one: git did not change it
	}
	plain, err := Decrypt(data, ids, MaxMapSize)
	if err != nil {
		return false, nil
	}
	if _, err := mapfile.Decode(plain); err != nil {
		return false, nil
	}
	if err := atomicfile.WriteBytes(s.Path(MapFile), filePerm, data); err != nil {
		return false, err
	}
	return true, nil
}

// mapIs reports whether the map in the folder is, byte for byte, data
// (read only when its size matches: it may be anything).
func (s *Store) mapIs(data []byte) bool {
	info, err := os.Lstat(s.Path(MapFile))
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	have, err := os.ReadFile(s.Path(MapFile))
	return err == nil && bytes.Equal(have, data)
}

// GitPath is the path of a file inside the store's .git folder.
func (s *Store) GitPath(name string) string { return filepath.Join(s.Dir, gitDir, name) }
