package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Another person on the same machine, made up: os.Lchown gives them
// files without any account. otherUID2 owns a shared folder of its own.
const otherUID, otherUID2 = 54321, 54322

// needRoot skips a test that must give files to another user.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user (os.Lchown) needs root; run the tests as root to check --output in shared folders")
	}
}

// sharedFolder makes a folder like /tmp under the test's world: sticky,
// everyone may write in it, owned by uid.
func sharedFolder(t *testing.T, e *env, name string, uid int) string {
	t.Helper()
	dir := filepath.Join(e.root, name)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, -1); err != nil {
		t.Fatal(err)
	}
	return dir
}

// plantLink and plantPipe leave a link or a named pipe that belongs to
// uid.
func plantLink(t *testing.T, target, link string, uid int) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(link, uid, -1); err != nil {
		t.Fatal(err)
	}
}

func plantPipe(t *testing.T, path string, uid int) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(path, uid, -1); err != nil {
		t.Fatal(err)
	}
}

// pipeReader opens the reading end of a named pipe without blocking, as
// the person who planted it would listen. attune, if it ever opened the
// pipe, would then not hang but hand over what it writes, which read
// returns.
type pipeReader struct{ fd int }

func listen(t *testing.T, path string) *pipeReader {
	t.Helper()
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	return &pipeReader{fd: fd}
}

// received is all that was written into the pipe so far.
func (p *pipeReader) received() string {
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := syscall.Read(p.fd, buf)
		if n <= 0 || err != nil {
			return string(got)
		}
		got = append(got, buf[:n]...)
	}
}

// runBounded runs attune, killed after a while: a run that opens a pipe
// nobody reads would otherwise hang the test.
func (e *env) runBounded(stdout *os.File, args ...string) result {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, e.bin, args...)
	c.Env, c.Dir = e.environ(), e.root
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if stdout != nil {
		c.Stdout = stdout
	}
	err := c.Run()
	if ctx.Err() != nil {
		e.t.Fatalf("attune %v did not finish: it waits on a pipe", args)
	}
	return result{out.String(), errb.String(), e.exitCode(err, args)}
}

// refused checks a refusal: exit 1, an error naming the file and whose
// it is, a hint, and nothing changed under the test's root.
func refused(t *testing.T, e *env, want string, args ...string) {
	t.Helper()
	before := snapshot(t, e.root)
	r := e.runBounded(nil, args...)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "attune: error: refusing to write to ") ||
		!strings.Contains(lines[0], want) || !strings.HasPrefix(lines[1], "attune: hint: write it in a folder of your own") {
		t.Errorf("attune %s: exit %d\n%s\nwant a refusal saying %q", strings.Join(args, " "), r.code, r.stderr, want)
	}
	if r.stdout != "" {
		t.Errorf("a refusal printed %q", r.stdout)
	}
	if d := diffSnapshots(before, snapshot(t, e.root)); d != "" {
		t.Errorf("files changed by a refusal: %s", d)
	}
}

// outputWorld is a store with something to show, a file of the person's
// own that a link could be aimed at, and a shared folder they own, like
// /tmp (owned by root, as the tests run).
func outputWorld(t *testing.T) (e *env, shared, important string) {
	e = newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("add", "boundary", "red", "Being held down", "--note", "wrists especially")
	important = filepath.Join(e.root, "home", "important.txt")
	if err := os.WriteFile(important, []byte("my own words, kept for years\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return e, sharedFolder(t, e, "shared", os.Geteuid()), important
}

// --output in a folder others can write to (/tmp, /dev/shm), where
// another user has put something under the name first: the kernel's
// rule for links and pipes (fs.protected_symlinks, protected_fifos) is
// attune's, since attune follows links itself.
func TestOutputInSharedFolderRefusesOthersFiles(t *testing.T) {
	t.Parallel()
	needRoot(t)
	e, shared, important := outputWorld(t)
	exportArgs := []string{"export", "--to", alexKeyArg, "--armor", "--output"}

	// A pipe: never opened, so the person listening gets nothing.
	pipe := filepath.Join(shared, "card.html")
	plantPipe(t, pipe, otherUID)
	listener := listen(t, pipe)
	refused(t, e, "card.html: it is a named pipe that belongs to another user (uid 54321), in "+shared, "summary", "--output", "shared/card.html")
	refused(t, e, "card.html: it is a named pipe that belongs to another user (uid 54321)", append(exportArgs, "shared/card.html")...)
	if got := listener.received(); got != "" {
		t.Errorf("another user's pipe received %d bytes: %.40q", len(got), got)
	}

	// A link to one of the person's own files: the file is untouched
	// (refused checks every file under the root, important.txt too).
	plantLink(t, important, filepath.Join(shared, "card.txt"), otherUID)
	refused(t, e, "card.txt: it is a link that belongs to another user (uid 54321)", "summary", "--output", "shared/card.txt")
	refused(t, e, "card.txt: it is a link that belongs to another user (uid 54321)", append(exportArgs, "shared/card.txt")...)

	// A link to a folder, as a folder on the way.
	plantLink(t, filepath.Join(e.root, "home"), filepath.Join(shared, "evil-dir"), otherUID)
	refused(t, e, filepath.Join(shared, "evil-dir")+" is a link that belongs to another user (uid 54321)", "summary", "--output", "shared/evil-dir/card.txt")

	// A file of theirs, which a rename would replace.
	theirs := filepath.Join(shared, "notes.txt")
	if err := os.WriteFile(theirs, []byte("their notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chown(theirs, otherUID, -1)
	refused(t, e, "notes.txt: it is a file that belongs to another user (uid 54321)", "summary", "--output", "shared/notes.txt")
}

// What is the person's own is used as before: links followed, pipes
// written to, devices too. This needs no other user, so it runs as
// anyone.
func TestOutputInSharedFolderUsesOwnFiles(t *testing.T) {
	t.Parallel()
	e, shared, important := outputWorld(t)

	// My own link: followed, the file it points to replaced, 0600.
	plantLink(t, important, filepath.Join(shared, "mine.txt"), os.Geteuid())
	e.must("summary", "--output", "shared/mine.txt")
	if data, _ := os.ReadFile(important); !strings.HasPrefix(string(data), "Sam's boundaries and triggers") {
		t.Errorf("my own link was not followed: %q", data)
	}
	if info, err := os.Lstat(filepath.Join(shared, "mine.txt")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link itself was replaced: %v", err)
	}

	// My own pipe: written to when someone reads it, a clear error
	// (and no wait) when nobody does.
	pipe := filepath.Join(shared, "my-pipe")
	plantPipe(t, pipe, os.Geteuid())
	r := e.runBounded(nil, "summary", "--output", "shared/my-pipe")
	if r.code != 1 || !strings.Contains(r.stderr, "attune: error: no program is reading from the named pipe shared/my-pipe, so nothing was written\n") {
		t.Errorf("my own pipe without a reader: exit %d\n%s", r.code, r.stderr)
	}
	listener := listen(t, pipe)
	e.runBounded(nil, "summary", "--output", "shared/my-pipe")
	if got := listener.received(); !strings.HasPrefix(got, "Sam's boundaries and triggers") {
		t.Errorf("my own pipe received %q", got)
	}

	// Devices, and standard output by name, added to a file the shell
	// would have opened.
	e.must("summary", "--output", "/dev/null")
	notes := filepath.Join(e.root, "home", "notes.txt")
	f, err := os.OpenFile(notes, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("Notes from Tuesday\n")
	r = e.runBounded(f, "summary", "--output", "/dev/stdout")
	f.Close()
	if data, _ := os.ReadFile(notes); r.code != 0 || !strings.HasPrefix(string(data), "Notes from Tuesday\nSam's boundaries") {
		t.Errorf("--output /dev/stdout into a file: exit %d, %s\n%q", r.code, r.stderr, data)
	}
}

// The shared folder's owner's link, in their own folder, is followed:
// they could replace anything in it anyway.
func TestOutputInSharedFolderFollowsItsOwnersLink(t *testing.T) {
	t.Parallel()
	needRoot(t)
	e, _, _ := outputWorld(t)
	theirFolder := sharedFolder(t, e, "their-shared", otherUID2)
	target := filepath.Join(e.root, "home", "from-owner.txt")
	plantLink(t, target, filepath.Join(theirFolder, "card.txt"), otherUID2)
	e.must("summary", "--output", "their-shared/card.txt")
	if data, err := os.ReadFile(target); err != nil || !strings.HasPrefix(string(data), "Sam's boundaries and triggers") {
		t.Errorf("the folder owner's link was not followed: %v", err)
	}
}

// The pipe check of the refusal test must be able to fail: a program
// that opens the pipe (here, the shell) is caught, not waited on.
func TestPipeListenerCatchesAWriter(t *testing.T) {
	t.Parallel()
	pipe := filepath.Join(t.TempDir(), "card.html")
	plantPipe(t, pipe, os.Geteuid())
	listener := listen(t, pipe)
	if err := exec.Command("sh", "-c", "echo leaked > "+pipe).Run(); err != nil {
		t.Fatal(err)
	}
	if got := listener.received(); got != "leaked\n" {
		t.Errorf("the listener missed a writer: %q", got)
	}
}
