package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"filippo.io/age/plugin"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// Exit codes. These are the only codes attune returns; the README lists them.
const (
	ExitOK    = 0 // success
	ExitError = 1 // the command could not be done; nothing was changed, unless the message says so
	ExitUsage = 2 // the command line itself was wrong
	// ExitBrokenPipe is attune git's status when git was stopped because
	// what it wrote to was closed (attune git log | head): the status a
	// shell gives git itself then (128 + SIGPIPE), with no words.
	ExitBrokenPipe = 141
)

// quietExit ends attune with code and no words: what stopped it was
// said, or needs no saying.
type quietExit struct{ code int }

func (e *quietExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// userError is an error worded for the person at the terminal, with an
// optional hint that says how to fix it.
type userError struct {
	msg  string
	hint string
	code int
	err  error
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.err }

func fail(hint, format string, args ...any) error {
	return &userError{msg: fmt.Sprintf(format, args...), hint: hint, code: ExitError}
}

func usage(hint, format string, args ...any) error {
	return &userError{msg: fmt.Sprintf(format, args...), hint: hint, code: ExitUsage}
}

// typed rewords an unknown light, category, intensity or format typed on
// the command line as a usage mistake (exit 2), keeping the "did you
// mean" hint. The same error read from a map file stays an error of the
// file (describe, exit 1): only the Parse* calls on what was typed go
// through typed.
func typed(err error) error {
	var unknown *textcheck.UnknownValueError
	if !errors.As(err, &unknown) {
		return err
	}
	hint := ""
	if unknown.Suggestion != "" {
		hint = "did you mean " + unknown.Suggestion + "?"
	}
	return &userError{msg: err.Error(), hint: hint, code: ExitUsage, err: err}
}

// oneLine keeps a message on one line and free of terminal controls,
// whatever text it quotes.
func oneLine(s string) string {
	return textcheck.Neutralize(strings.TrimSpace(s))
}

// describe turns any error into words, a hint and an exit code. The
// words are the error's own (errors carry their context: the file, the
// entry); the hint is chosen by the error's type, never by its text.
func describe(err error) (msg, hint string, code int) {
	var (
		ue      *userError
		unknown *textcheck.UnknownValueError
		textErr *textcheck.TextError
		dec     *store.DecryptError
		syn     *mapfile.SyntaxError
		keysErr *mapfile.UnknownKeysError
		newer   *mapfile.NewerVersionError
		perm    *keys.PermissionError
		recErr  *keys.RecipientError
		missing *plugin.NotFoundError
		pathErr *os.PathError
		linkErr *os.LinkError

		unconfirmed  *atomicfile.UnconfirmedError
		owner        *store.OwnerError
		notRegular   *safefile.NotRegularError
		outErr       *outputError
		shared       *sharedFileError
		changed      *changedError
		afterMap     *afterMapError
		newerJournal *journal.NewerVersionError
	)
	msg, code = err.Error(), ExitError
	if errors.As(err, &outErr) {
		// First: a full disk here is the output's, not the store's.
		if msg, hint, ok := outputWords(outErr); ok {
			return msg, hint, code
		}
	}
	switch {
	case isJournalDamage(err):
		// First: the map's hints (undo, fix the TOML) don't apply.
		return msg, "the journal keeps no earlier version; `attune journal forget --all` starts it afresh (what it held is lost)", code
	case errors.As(err, &newerJournal):
		return msg, "install a newer attune to read it", code
	case errors.As(err, &afterMap):
		// First: the cause (a full disk) would say nothing was changed.
		return afterMap.Error(), "the map changes are made; once the cause is fixed, run attune debrief again, without them, to keep the rest", code
	case errors.As(err, &shared):
		return shared.Error(), shared.hint(), code
	case errors.As(err, &changed):
		return changed.Error(), "check who else can write in that folder, then try again", code
	case errors.As(err, &unconfirmed):
		// First: the causes below (a full disk) would say nothing changed.
		var cause error = unconfirmed.Err
		var errno syscall.Errno
		if errors.As(cause, &errno) {
			cause = errno // "input/output error", without the paths
		}
		return fmt.Sprintf("the change was saved, but the disk reported an error right after (%v), so it may not survive a sudden power cut", cause),
			"the change is in place, so don't repeat the command; check the disk (free space, errors in the system log)", code
	case errors.As(err, &ue):
		return ue.msg, ue.hint, ue.code
	case errors.As(err, &owner):
		hint := "check which identity this store uses (--identity, ATTUNE_IDENTITY)"
		switch {
		case owner.Listed && owner.Mine != "":
			hint = fmt.Sprintf("if you did not change it, put back %s from a copy you trust (your sync's or git's history); this device's key is %s", owner.Config, owner.Mine)
		case owner.Mine != "":
			hint = fmt.Sprintf("if you did not change it, set recipient = %q in %s; that is your public key, taken from your identity", owner.Mine, owner.Config)
		}
		return owner.Error(), hint, code
	case errors.As(err, &notRegular):
		return notRegular.Error(), "give a regular file", code
	case errors.Is(err, store.ErrNoStore):
		where := "here"
		var ns *noStoreError
		if errors.As(err, &ns) {
			where = "in " + ns.dir
		}
		return "there is no attune store " + where + " yet", "run `attune init` to create one (or pass --dir)", code
	case errors.As(err, &unknown):
		if unknown.Suggestion != "" {
			hint = "did you mean " + unknown.Suggestion + "?"
		}
	case errors.As(err, &textErr):
		hint = textHint(textErr)
	case errors.As(err, &dec):
		switch dec.Reason {
		case store.WrongKey:
			hint = "use the identity this file was encrypted to (--identity FILE or ATTUNE_IDENTITY)"
		case store.NotAge, store.Empty:
			hint = "attune reads only age-encrypted files; if this is your map, `attune undo` puts back the previous version"
		default:
			hint = "if this is your map, `attune undo` puts back the previous version"
		}
	case errors.As(err, &syn):
		hint = "fix the TOML at that place, or put back the previous version with `attune undo`"
	case errors.As(err, &keysErr):
		hint = "check the spelling of those keys; the file format is in the README"
	case errors.As(err, &newer):
		hint = "install a newer attune to read it"
	case errors.Is(err, keys.ErrWrongPassphrase):
		return "the passphrase is not right for this identity", "try again; the passphrase is case-sensitive", code
	case errors.As(err, &perm):
		hint = "run: chmod 600 " + perm.Path
	case errors.As(err, &recErr):
		return recErr.Problem, recErr.Hint, code
	case errors.As(err, &missing):
		return fmt.Sprintf("the age plugin %q is not installed", missing.Name),
			fmt.Sprintf("install age-plugin-%s and make sure it is on your PATH", missing.Name), code
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "the disk is full, so the change could not be saved; nothing was changed",
			"free some space on the disk that holds the store, then try again", code
	case errors.Is(err, syscall.EROFS):
		return "the store is on a read-only disk, so the change could not be saved; nothing was changed",
			"make the disk writable, or use a store elsewhere with --dir", code
	case errors.As(err, &pathErr) && isTemp(pathErr.Path), errors.As(err, &linkErr) && isTemp(linkErr.Old):
		return tempFileError(err, msg, code)
	case errors.As(err, &pathErr) && errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("there is no file %s", pathErr.Path), "check the name and the folder", code
	case errors.As(err, &pathErr) && errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("cannot %s %s: permission denied", pathErr.Op, pathErr.Path), "check the folder's owner and permissions", code
	}
	return msg, hint, code
}

// isJournalDamage reports whether err is the journal's content damaged
// (not a key that does not open it).
func isJournalDamage(err error) bool {
	var fe *store.FileError
	return errors.As(err, &fe) && filepath.Base(fe.Path) == store.JournalFile && store.IsDamaged(err)
}

// outputWords words the errors of writing an --output file that would
// otherwise be taken for the store's: a full or read-only disk, a
// sync that failed, a named pipe nobody reads. ok is false for the
// rest, which describe words as any other (permission denied, …).
func outputWords(e *outputError) (msg, hint string, ok bool) {
	where, name := "the disk", safe(e.Path)
	if e.Folder != "" {
		where = "the disk that holds " + safe(e.Folder)
	}
	result := name + " was not written"
	if !e.Atomic {
		result = name + " may hold only part of it"
	}
	var unconfirmed *atomicfile.UnconfirmedError
	switch {
	case errors.As(e.Err, &unconfirmed):
		cause := unconfirmed.Err
		var errno syscall.Errno
		if errors.As(cause, &errno) {
			cause = errno
		}
		return fmt.Sprintf("wrote %s, but the disk reported an error right after (%v), so it may not survive a sudden power cut", name, cause),
			"check the disk (free space, errors in the system log)", true
	case errors.Is(e.Err, syscall.ENOSPC), errors.Is(e.Err, syscall.EDQUOT):
		return fmt.Sprintf("%s is full, so %s", where, result), "free some space there, or choose another place for --output", true
	case errors.Is(e.Err, syscall.EROFS):
		return fmt.Sprintf("%s is read-only, so %s", where, result), "choose another place for --output", true
	case e.Pipe && errors.Is(e.Err, syscall.ENXIO):
		return fmt.Sprintf("no program is reading from the named pipe %s, so nothing was written", name),
			"start the program that reads from it first, then run attune again", true
	case e.Pipe && errors.Is(e.Err, syscall.EPIPE):
		return fmt.Sprintf("the program reading from %s stopped before everything was written, so it has only part of it", name),
			"run it again, and keep the reading program open until attune is done", true
	}
	return "", "", false
}

// isTemp reports whether path is a temporary file of an atomic write:
// its name means nothing to the person, and must not show.
func isTemp(path string) bool {
	return strings.HasPrefix(filepath.Base(path), atomicfile.TempPrefix)
}

// tempFileError words a failed atomic write by the folder it was in,
// never by the temporary file's name.
func tempFileError(err error, msg string, code int) (string, string, int) {
	var (
		pathErr    *os.PathError
		linkErr    *os.LinkError
		tmp, inner string
		cause      error
	)
	if errors.As(err, &pathErr) {
		tmp, cause, inner = pathErr.Path, pathErr.Err, pathErr.Error()
	} else if errors.As(err, &linkErr) {
		tmp, cause, inner = linkErr.Old, linkErr.Err, linkErr.Error()
	}
	dir := filepath.Dir(tmp)
	switch {
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("cannot write a file in %s: permission denied", dir), "check the folder's owner and permissions", code
	case errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("there is no folder %s", dir), "create the folder first, or choose another place", code
	}
	if i := strings.Index(msg, inner); i > 0 {
		msg = msg[:i] // keep the context ("writing the summary: ")
	} else {
		msg = ""
	}
	return fmt.Sprintf("%scould not write in %s: %v", msg, dir, cause), "", code
}

func textHint(e *textcheck.TextError) string {
	switch e.Kind {
	case textcheck.Empty:
		return "write a few words"
	case textcheck.TooLong:
		return "shorten it, or split it into two entries"
	case textcheck.LineBreak:
		if e.Field == "text" {
			return "put it on one line; a note can hold several lines"
		}
		return "put it on one line"
	case textcheck.Control, textcheck.InvalidUTF8:
		return "type the text plainly, without control keys or escape sequences"
	}
	return ""
}

// isPathError reports whether err is about a file that can't be found
// or opened, which describe words by itself.
func isPathError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}
