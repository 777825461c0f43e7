package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/attune-dev/attune/internal/safefile"
)

// An --output path may lie in a folder other people can write to, such
// as /tmp or /dev/shm, where anyone can leave a link, a named pipe or a
// file under the name the person is about to use. The kernel protects
// such folders (fs.protected_symlinks, protected_fifos and
// protected_regular), but only for paths it follows itself, and only
// where those settings are on. attune follows links itself (to see where
// a link to /dev/stdout leads, to refuse the store folder), so it applies
// the same rule itself, on every step of the path: in a folder with the
// sticky bit that others can write to, a link, pipe, device or file is
// used only when it belongs to the person running attune or to the
// folder's owner. A sticky folder its group can write to counts too, as
// protected_fifos=2 has it: its other members are other people.

// maxLinks is how many links one path may lead through, as Linux allows.
const maxLinks = 40

// outTarget is where an --output path really leads, found without
// opening anything on the way.
type outTarget struct {
	// path has every link resolved: the file to write, or the one to
	// create. Through a file descriptor's name, it is that name.
	path string
	// info is path's Lstat, nil when there is no such file yet.
	info fs.FileInfo
	// viaFD: path is a process's file descriptor (/proc/…/fd/N,
	// /dev/fd/N), which only the kernel can follow.
	viaFD bool
}

// sharedFileError refuses a link, pipe, device or file that someone
// else left in a shared folder.
type sharedFileError struct {
	Output string      // the --output path, as given
	At     string      // the step of that path that was refused
	Mode   fs.FileMode // what At is
	UID    int         // whose At is
	Folder string      // the shared folder At is in
	Last   bool        // At is the path as given, no link followed on the way
}

func (e *sharedFileError) Error() string {
	what := "it"
	if !e.Last {
		what = safe(e.At)
	}
	return fmt.Sprintf("refusing to write to %s: %s is %s that belongs to %s, in %s, a folder others can write to",
		safe(e.Output), what, kindWords(e.Mode), ownerWords(e.UID), safe(e.Folder))
}

// hint says where to write instead: a folder of the person's own.
func (e *sharedFileError) hint() string {
	return "write it in a folder of your own instead, for example --output ~/" + safe(filepath.Base(e.Output))
}

// kindWords names a kind of file: "a file", "a link", "a named pipe".
func kindWords(m fs.FileMode) string {
	if m.IsRegular() {
		return "a file"
	}
	return safefile.Describe(m)
}

// ownerWords names a user in plain words: their user name where the
// system knows it, and always the number.
func ownerWords(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		return fmt.Sprintf("another user (%s, uid %s)", u.Username, id)
	}
	return "another user (uid " + id + ")"
}

// noFolderError means a folder on the way to an --output file does not
// exist, or is not a folder.
type noFolderError struct{ Path string }

func (e *noFolderError) Error() string { return "there is no folder " + e.Path }

// resolveOutput follows path the way the kernel would, step by step, and
// refuses any step that the shared-folder rule forbids. It only looks
// (Lstat, Readlink): nothing is opened, so a planted pipe is never
// touched.
func resolveOutput(given string) (*outTarget, error) {
	path := given
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		path = wd + "/" + path
	}
	w := &walk{given: given, done: "/", rest: steps(path)}
	for len(w.rest) > 0 {
		if t, err := w.step(); t != nil || err != nil {
			return t, err
		}
	}
	// The path ends in a folder ("/", "dir/.."), refused by checkOutput.
	info, err := os.Stat(w.done)
	if err != nil {
		return nil, err
	}
	return &outTarget{path: w.done, info: info}, nil
}

// walk is resolveOutput under way: done is the part of the path already
// resolved (a real folder, no links), rest the names still to take.
type walk struct {
	given string
	done  string
	rest  []string
	links int
}

// step takes the next name. It returns the target once the path ends.
// ".." is taken after the links before it, as the kernel does, not
// lexically (filepath.Clean would undo a link's folder).
func (w *walk) step() (*outTarget, error) {
	name := w.rest[0]
	w.rest = w.rest[1:]
	if name == ".." {
		w.done = filepath.Dir(w.done)
		return nil, nil
	}
	next := filepath.Join(w.done, name)
	if isFDName(next) {
		return &outTarget{path: filepath.Join(append([]string{next}, w.rest...)...), viaFD: true}, nil
	}
	last := len(w.rest) == 0
	info, err := os.Lstat(next)
	switch {
	case errors.Is(err, fs.ErrNotExist) && last:
		return &outTarget{path: next}, nil
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return nil, &noFolderError{Path: next}
	case err != nil:
		return nil, err
	}
	isLink := info.Mode()&fs.ModeSymlink != 0
	switch {
	case !isLink && !last && !info.IsDir():
		return nil, &noFolderError{Path: next}
	case !isLink && info.IsDir():
		// A folder on the way is entered: that hands its owner
		// nothing, and its entries are checked in turn. A folder at
		// the end is refused as one by checkOutput.
		w.done = next
		return nil, nil
	}
	if err := mayUse(w.given, w.done, next, info, last && w.links == 0); err != nil {
		return nil, err
	}
	if !isLink {
		return &outTarget{path: next, info: info}, nil
	}
	return nil, w.follow(next)
}

// follow puts the names a link points to before the rest.
func (w *walk) follow(link string) error {
	if w.links++; w.links > maxLinks {
		return &os.PathError{Op: "open", Path: w.given, Err: syscall.ELOOP}
	}
	target, err := os.Readlink(link)
	if err != nil {
		return err
	}
	if filepath.IsAbs(target) {
		w.done = "/"
	}
	w.rest = append(steps(target), w.rest...)
	return nil
}

// steps splits a path into its names, leaving out empty ones and ".".
func steps(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// isFDName reports whether path is a process's file descriptor, whose
// link points to whatever the descriptor stands for: a pipe, a file the
// shell opened. Only the kernel can follow it.
func isFDName(path string) bool {
	return strings.HasPrefix(path, "/proc/") || strings.HasPrefix(path, "/dev/fd/")
}

// mayUse applies the shared-folder rule to step, which is in folder
// dir: a link, or the file at the end, of whatever kind.
func mayUse(output, dir, step string, info fs.FileInfo, last bool) error {
	d, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !isShared(d) {
		return nil
	}
	uid, folderUID := ownerOf(info), ownerOf(d)
	if uid == os.Geteuid() || uid == folderUID {
		return nil
	}
	return &sharedFileError{Output: output, At: step, Mode: info.Mode(), UID: uid, Folder: dir, Last: last}
}

// isShared reports whether a folder is one where others can leave files
// under any name: sticky, and writable by its group or by everyone.
func isShared(d fs.FileInfo) bool {
	m := d.Mode()
	return m&fs.ModeSticky != 0 && m.Perm()&0o022 != 0
}

// ownerOf is the uid that owns a file, or -1 where the system does not
// say.
func ownerOf(info fs.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}
