package app

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/term"

	"github.com/attune-dev/attune/internal/atomicfile"
)

// Stdout is the --output name that means standard output, as with age.
const Stdout = "-"

// outputFlag reads --output for export and summary: the file to write,
// or "" for standard output (no --output, or --output -), and whether the
// file must be checked with checkOutput (given, and not "-"; an empty
// name is then refused there).
func outputFlag(c *ctx) (path string, check bool) {
	v := c.String("output")
	if v == Stdout {
		return "", false
	}
	return v, c.IsSet("output")
}

// checkOutput refuses an --output file that would land over the map, its
// backup, a key, or anywhere inside the store folder (which holds only
// attune's own encrypted files); a link, pipe or file someone else left
// in a shared folder (resolveOutput); and one whose folder does not
// exist. what names the output ("export", "summary"); example is a good
// file name.
func checkOutput(s *session, output, what, example string) error {
	if output == "" {
		return usage("give a file name: --output "+example, "--output needs a file name")
	}
	t, err := resolveOutput(output)
	var noFolder *noFolderError
	if err != nil && !errors.As(err, &noFolder) {
		return err
	}
	if t != nil && t.info != nil && t.info.IsDir() {
		return fail("give a file name, like "+example, "%s is a folder", safe(output))
	}
	abs, err := filepath.Abs(output)
	if err != nil {
		return err
	}
	if s.store.Owns(abs, s.identityPath()) {
		return fail("write the "+what+" outside the store folder, for example --output "+example,
			"refusing to write the %s to %s: it is inside your store", what, safe(output))
	}
	if noFolder != nil {
		return fail("create the folder first, or choose another place", "there is no folder %s to write the %s in", safe(filepath.Dir(output)), what)
	}
	return nil
}

// writeOutput writes an --output file, found again by resolveOutput (so
// the shared-folder rule holds at the moment of writing too). A regular
// file, new or existing, is replaced atomically with mode 0600, through
// a new file made with O_EXCL and renamed over the name (which replaces
// a link or pipe put there since, never follows it). Anything else that
// exists, such as /dev/null or a named pipe, is written to as it is, as
// age does: a rename would replace the device or the pipe itself with a
// file. So is whatever a process's file descriptor stands for
// (/dev/stdout, /dev/fd/N, links to them), maybe a file the shell opened
// (`>> notes.txt`): it is added to, never replaced. Errors while writing
// are *outputError, which names the file and its folder.
func writeOutput(path string, data []byte) error {
	t, err := resolveOutput(path)
	if err != nil {
		return err
	}
	switch {
	case t.viaFD || t.info != nil && !t.info.Mode().IsRegular():
		return wrapOutput(path, t, false, appendTo(t, data))
	case t.info == nil && filepath.Dir(t.path) == "/dev":
		// Never create a file among the devices.
		return &os.PathError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	return wrapOutput(path, t, true, atomicfile.WriteOutput(t.path, 0o600, data))
}

// appendTo writes data to an existing device, pipe or file descriptor.
func appendTo(t *outTarget, data []byte) error {
	f, err := openExisting(t)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openExisting opens what t names for writing, without ever blocking: a
// named pipe with no program reading it is an error (ENXIO), not a wait.
// The file must be the one resolveOutput looked at (O_NOFOLLOW, and the
// same file once open), so nothing swapped in since is written to. Once
// open, writes block as usual, so a slow reader still gets everything.
func openExisting(t *outTarget) (*os.File, error) {
	flags := os.O_WRONLY | os.O_APPEND | syscall.O_NONBLOCK | syscall.O_NOCTTY
	if !t.viaFD {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(t.path, flags, 0)
	if err != nil {
		return nil, err
	}
	if !t.viaFD {
		if now, err := f.Stat(); err != nil || !os.SameFile(now, t.info) {
			f.Close()
			return nil, &changedError{Path: t.path}
		}
	}
	// Fd puts the file in blocking mode as far as Go is concerned; the
	// flag given to open is cleared by hand.
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// isTerminalPath reports whether the file at path is a terminal. It is
// looked at only if the shared-folder rule allows (checkOutput then
// says why not), and opened only if it is a device.
func isTerminalPath(path string) bool {
	t, err := resolveOutput(path)
	if err != nil {
		return false
	}
	info := t.info
	if t.viaFD {
		info, err = os.Stat(t.path)
	}
	if err != nil || info == nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	f, err := openExisting(t)
	if err != nil {
		return false
	}
	defer f.Close()
	return term.IsTerminal(int(f.Fd()))
}

// outputError is an error while writing an --output file: it names the
// file and the folder it is in, so a full disk is the right disk (not
// the one that holds the store).
type outputError struct {
	Path   string // the --output path, as given
	Folder string // the folder the file really is in; "" through a file descriptor
	// Atomic: the file is replaced whole or not at all, so a failure
	// leaves it as it was; otherwise part of it may have been written.
	Atomic bool
	Pipe   bool // a named pipe (or a descriptor that is one)
	Err    error
}

func (e *outputError) Error() string { return e.Err.Error() }
func (e *outputError) Unwrap() error { return e.Err }

// wrapOutput makes err, from writing t, an *outputError.
func wrapOutput(path string, t *outTarget, atomic bool, err error) error {
	if err == nil {
		return nil
	}
	oe := &outputError{Path: path, Atomic: atomic, Err: err}
	info := t.info
	if t.viaFD {
		info, _ = os.Stat(t.path) // what the descriptor stands for
	} else {
		oe.Folder = filepath.Dir(t.path)
	}
	oe.Pipe = info != nil && info.Mode()&os.ModeNamedPipe != 0
	return oe
}

// changedError means the file at an --output path was replaced between
// being looked at and being opened.
type changedError struct{ Path string }

func (e *changedError) Error() string {
	return e.Path + " was replaced by something else while attune was writing to it, so nothing was written"
}
