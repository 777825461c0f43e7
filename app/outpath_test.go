package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// otherUID and otherUID2 are two made-up people on the same machine: no
// account is needed for a file to belong to them.
const otherUID, otherUID2 = 54321, 54322

// sharedDir makes a folder like /tmp: sticky, writable by everyone.
func sharedDir(t *testing.T, mode os.FileMode) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("making a file that belongs to another user needs root (os.Lchown); run the tests as root to check the shared-folder rule")
	}
}

// Paths are followed as the kernel follows them: links where they point,
// ".." after the link before it, a loop and a missing folder refused,
// a file descriptor's name left to the kernel.
func TestResolveOutputFollowsLikeTheKernel(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "a", "deep"), 0o700))
	must(os.MkdirAll(filepath.Join(root, "b"), 0o700))
	must(os.WriteFile(filepath.Join(root, "a", "file"), []byte("x"), 0o600))
	must(os.Symlink(filepath.Join(root, "a", "deep"), filepath.Join(root, "b", "to-deep")))
	must(os.Symlink("../a/file", filepath.Join(root, "b", "rel")))
	must(os.Symlink("loop2", filepath.Join(root, "b", "loop1")))
	must(os.Symlink("loop1", filepath.Join(root, "b", "loop2")))
	must(os.Symlink("/proc/self/fd", filepath.Join(root, "b", "fds")))
	cases := []struct {
		path, want string
		viaFD      bool
		wantErr    string
	}{
		{path: "b/rel", want: "a/file"},
		// The kernel takes .. in the folder the link leads to (a),
		// where filepath.Clean would stay in b.
		{path: "b/to-deep/../new.txt", want: "a/new.txt"},
		{path: "b/./to-deep/card.txt", want: "a/deep/card.txt"},
		{path: "b/loop1", wantErr: "too many levels of symbolic links"},
		{path: "b/missing/card.txt", wantErr: "there is no folder " + filepath.Join(root, "b/missing")},
		{path: "a/file/card.txt", wantErr: "there is no folder " + filepath.Join(root, "a/file")},
		{path: "b/fds/1", want: "/proc/self/fd/1", viaFD: true},
		{path: "/dev/stdout", want: "/proc/self/fd/1", viaFD: true},
	}
	for _, c := range cases {
		path := c.path
		if !filepath.IsAbs(path) {
			path = root + "/" + path // not Join, which would take .. away
		}
		got, err := resolveOutput(path)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: error %v, want %q", c.path, err, c.wantErr)
			}
			continue
		}
		want := c.want
		if !filepath.IsAbs(want) {
			want = filepath.Join(root, want)
		}
		if err != nil || got.path != want || got.viaFD != c.viaFD {
			t.Errorf("%s: got %+v, %v; want %s (through a descriptor: %v)", c.path, got, err, want, c.viaFD)
		}
	}
}

// The shared-folder rule, as fs.protected_symlinks and protected_fifos
// state it: in a sticky folder others can write to, a link, pipe or file
// is used only when it is the person's own or the folder owner's.
func TestResolveOutputSharedFolder(t *testing.T) {
	needRoot(t)
	me := os.Geteuid()
	cases := []struct {
		name      string
		mode      os.FileMode // of the folder
		folderUID int
		kind      string // link, fifo, file
		owner     int
		refused   bool
	}{
		{"someone else's link in /tmp", 0o777 | os.ModeSticky, me, "link", otherUID, true},
		{"someone else's pipe in /tmp", 0o777 | os.ModeSticky, me, "fifo", otherUID, true},
		{"someone else's file in /tmp", 0o777 | os.ModeSticky, me, "file", otherUID, true},
		{"my own link in /tmp", 0o777 | os.ModeSticky, me, "link", me, false},
		{"my own pipe in /tmp", 0o777 | os.ModeSticky, me, "fifo", me, false},
		{"the folder owner's link", 0o777 | os.ModeSticky, otherUID2, "link", otherUID2, false},
		{"a third person's link in someone's shared folder", 0o777 | os.ModeSticky, otherUID2, "link", otherUID, true},
		{"someone else's link in a sticky folder of a group", 0o770 | os.ModeSticky, me, "link", otherUID, true},
		// Where anyone could replace the link anyway, the kernel does
		// not protect it, and neither does attune: as before.
		{"someone else's link in a folder without the sticky bit", 0o777, me, "link", otherUID, false},
		{"someone else's link in a folder only I write to", 0o755 | os.ModeSticky, me, "link", otherUID, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := sharedDir(t, c.mode)
			if err := os.Chown(dir, c.folderUID, -1); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(t.TempDir(), "important.txt")
			path := filepath.Join(dir, "card.txt")
			var err error
			switch c.kind {
			case "link":
				err = os.Symlink(target, path)
			case "fifo":
				err = syscall.Mkfifo(path, 0o600)
			case "file":
				err = os.WriteFile(path, nil, 0o600)
			}
			if err == nil {
				err = os.Lchown(path, c.owner, -1)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = resolveOutput(path)
			var shared *sharedFileError
			if got := errors.As(err, &shared); got != c.refused {
				t.Fatalf("refused: %v (%v), want %v", got, err, c.refused)
			}
			if c.refused && (shared.UID != c.owner || shared.Folder != dir || !shared.Last) {
				t.Errorf("the refusal names %+v", shared)
			}
		})
	}
}

// A link to a folder, on the way, is checked like one at the end; a
// link of my own leading into another shared folder does not carry the
// rule off: the file there is checked in its own folder.
func TestResolveOutputSharedFolderOnTheWay(t *testing.T) {
	needRoot(t)
	dir, elsewhere := sharedDir(t, 0o777|os.ModeSticky), sharedDir(t, 0o777|os.ModeSticky)
	mine := t.TempDir()
	plant := func(target, link string, uid int) {
		t.Helper()
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if err := os.Lchown(link, uid, -1); err != nil {
			t.Fatal(err)
		}
	}
	plant(mine, filepath.Join(dir, "evil-dir"), otherUID)
	_, err := resolveOutput(filepath.Join(dir, "evil-dir", "card.html"))
	var shared *sharedFileError
	if !errors.As(err, &shared) || shared.At != filepath.Join(dir, "evil-dir") || shared.Last {
		t.Errorf("a link to a folder: %v", err)
	} else if msg := err.Error(); !strings.Contains(msg, ": "+shared.At+" is a link that belongs to another user (") {
		t.Errorf("the message does not name the link: %q", msg)
	}

	if err := syscall.Mkfifo(filepath.Join(elsewhere, "card.html"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Lchown(filepath.Join(elsewhere, "card.html"), otherUID, -1)
	plant(elsewhere, filepath.Join(dir, "my-dir"), os.Geteuid())
	_, err = resolveOutput(filepath.Join(dir, "my-dir", "card.html"))
	if !errors.As(err, &shared) || shared.Folder != elsewhere {
		t.Errorf("a pipe behind my own link: %v", err)
	}
}

// The refusal says whose the file is, in plain words, and where to go.
func TestSharedFileErrorWords(t *testing.T) {
	e := &sharedFileError{Output: "/tmp/card.html", At: "/tmp/card.html", Mode: os.ModeNamedPipe, UID: otherUID, Folder: "/tmp", Last: true}
	msg, hint, code := describe(fmt.Errorf("writing the summary: %w", e))
	want := "refusing to write to /tmp/card.html: it is a named pipe that belongs to another user (uid 54321), in /tmp, a folder others can write to"
	if msg != want || code != ExitError {
		t.Errorf("got %q (exit %d)\nwant %q", msg, code, want)
	}
	if hint != "write it in a folder of your own instead, for example --output ~/card.html" {
		t.Errorf("hint %q", hint)
	}
}
