package app

import (
	"os"
	"path/filepath"
	"strings"

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
// attune's own encrypted files), and one whose folder does not exist. what
// names the output ("export", "summary"); example is a good file name.
func checkOutput(s *session, output, what, example string) error {
	if output == "" {
		return usage("give a file name: --output "+example, "--output needs a file name")
	}
	abs, err := filepath.Abs(output)
	if err != nil {
		return err
	}
	if info, err := os.Stat(abs); err == nil && info.IsDir() {
		return fail("give a file name, like "+example, "%s is a folder", safe(output))
	}
	if s.store.Owns(abs, s.identityPath()) {
		return fail("write the "+what+" outside the store folder, for example --output "+example,
			"refusing to write the %s to %s: it is inside your store", what, safe(output))
	}
	dir := filepath.Dir(abs)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fail("create the folder first, or choose another place", "there is no folder %s to write the %s in", safe(filepath.Dir(output)), what)
	}
	return nil
}

// writeOutput writes an --output file. A regular file, new or existing, is
// replaced atomically with mode 0600 (through a symbolic link, where the
// link points). Anything else that exists, such as /dev/null or a named
// pipe, is written to as it is, as age does: a rename would replace the
// device or the pipe itself with a file. So is whatever a process's file
// descriptor stands for (/dev/stdout, /dev/fd/N, links to them), maybe a
// file the shell opened (`>> notes.txt`): it is added to, never replaced.
// Errors while writing are *outputError, which names the file and its
// folder.
func writeOutput(path string, data []byte) error {
	given := path
	viaFD := throughFD(path)
	if r, err := filepath.EvalSymlinks(path); err == nil && !viaFD {
		path = r
	}
	info, err := os.Stat(path)
	if err == nil && (viaFD || !info.Mode().IsRegular()) {
		return wrapOutput(given, path, viaFD, false, appendTo(path, data))
	}
	if err != nil && resolvedDir(path) == "/dev" {
		return err // never create a file among the devices
	}
	return wrapOutput(given, path, viaFD, true, atomicfile.WriteBytes(path, 0o600, data))
}

// appendTo adds data to an existing device, pipe or file descriptor.
func appendTo(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// throughFD reports whether path is, or leads by symbolic links to, a
// file descriptor's name (/proc/…/fd/N, /dev/fd/N), whose link points
// to whatever the descriptor stands for.
func throughFD(path string) bool {
	for range 40 {
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		// Its folder as it really is (a link to /proc/self/fd counts).
		abs = filepath.Join(resolvedDir(abs), filepath.Base(abs))
		if strings.HasPrefix(abs, "/proc/") || strings.HasPrefix(abs, "/dev/fd/") {
			return true
		}
		info, err := os.Lstat(abs)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			return false
		}
		target, err := os.Readlink(abs)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		path = target
	}
	return false
}

// resolve follows symbolic links where it can, so a link into the store
// folder is seen for what it is.
func resolve(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return filepath.Clean(path)
}

// resolvedDir is the folder path is in, with every symbolic link on the
// way followed where it can be.
func resolvedDir(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Dir(path)
	}
	return resolve(filepath.Dir(abs))
}

// isTerminalPath reports whether the file at path is a terminal.
func isTerminalPath(path string) bool {
	info, err := os.Stat(path)
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
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

// wrapOutput makes err, from writing the file at path (every link
// resolved), an *outputError.
func wrapOutput(given, path string, viaFD, atomic bool, err error) error {
	if err == nil {
		return nil
	}
	oe := &outputError{Path: given, Atomic: atomic, Err: err}
	if !viaFD {
		oe.Folder = filepath.Dir(path)
	}
	info, serr := os.Stat(path)
	oe.Pipe = serr == nil && info.Mode()&os.ModeNamedPipe != 0
	return oe
}
