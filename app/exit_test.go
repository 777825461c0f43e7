package app

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
)

// A failed atomic write names the folder, never the temporary file.
func TestDescribeTempFile(t *testing.T) {
	tmp := "/home/sam/cards/.attune-tmp-card.txt-123456"
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("writing the summary: %w", &os.PathError{Op: "open", Path: tmp, Err: syscall.EACCES}),
			"cannot write a file in /home/sam/cards: permission denied"},
		{fmt.Errorf("writing the summary: %w", &os.PathError{Op: "write", Path: tmp, Err: syscall.EIO}),
			"writing the summary: could not write in /home/sam/cards: input/output error"},
		{&os.LinkError{Op: "rename", Old: tmp, New: "/home/sam/cards/card.txt", Err: syscall.EXDEV},
			"could not write in /home/sam/cards: invalid cross-device link"},
	}
	for _, c := range cases {
		msg, _, code := describe(c.err)
		if msg != c.want || code != ExitError {
			t.Errorf("describe(%v)\n got %q (exit %d)\nwant %q (exit 1)", c.err, msg, code, c.want)
		}
		if strings.Contains(msg, ".attune-tmp") {
			t.Errorf("the temporary file shows: %q", msg)
		}
	}
	// Other files are named as they are.
	msg, _, _ := describe(&os.PathError{Op: "open", Path: "/home/sam/card.txt", Err: syscall.EACCES})
	if !strings.Contains(msg, "/home/sam/card.txt") {
		t.Errorf("an ordinary file is not named: %q", msg)
	}
}

// An error after the new file is in place says the change was saved, and
// never that nothing was changed, whatever the cause (a full disk would
// otherwise be worded as a change that was not made).
func TestDescribeUnconfirmed(t *testing.T) {
	for _, cause := range []syscall.Errno{syscall.EIO, syscall.ENOSPC, syscall.EROFS} {
		sync := fmt.Errorf("syncing folder /s: %w", &os.PathError{Op: "sync", Path: "/s", Err: cause})
		err := fmt.Errorf("adding: %w", &atomicfile.UnconfirmedError{Path: "/s/map.toml.age", Err: sync})
		msg, hint, code := describe(err)
		if !strings.HasPrefix(msg, "the change was saved") || !strings.Contains(msg, cause.Error()) ||
			strings.Contains(msg, "nothing was changed") || strings.Contains(msg, "/s") {
			t.Errorf("%v: message %q", cause, msg)
		}
		if !strings.Contains(hint, "don't repeat") || code != ExitError {
			t.Errorf("%v: hint %q, exit %d", cause, hint, code)
		}
	}
}

// An error while writing an --output file names that file and its
// folder: a full disk there is not the store's disk.
func TestDescribeOutputErrors(t *testing.T) {
	tmp := "/media/stick/.attune-tmp-card.txt-123"
	write := &os.PathError{Op: "write", Path: tmp, Err: syscall.ENOSPC}
	cases := []struct {
		err        *outputError
		msg, hint  string
		notInWords string
	}{
		{&outputError{Path: "card.txt", Folder: "/media/stick", Atomic: true, Err: write},
			"the disk that holds /media/stick is full, so card.txt was not written", "free some space there, or choose another place for --output", "store"},
		{&outputError{Path: "card.txt", Folder: "/media/stick", Atomic: true, Err: &os.PathError{Op: "open", Path: tmp, Err: syscall.EROFS}},
			"the disk that holds /media/stick is read-only, so card.txt was not written", "choose another place for --output", "store"},
		{&outputError{Path: "/dev/stdout", Err: &os.PathError{Op: "write", Path: "/proc/self/fd/1", Err: syscall.EDQUOT}},
			"the disk is full, so /dev/stdout may hold only part of it", "free some space there, or choose another place for --output", "store"},
		{&outputError{Path: "pipe", Folder: "/home/sam", Pipe: true, Err: &os.PathError{Op: "open", Path: "/home/sam/pipe", Err: syscall.ENXIO}},
			"no program is reading from the named pipe pipe, so nothing was written", "start the program that reads from it first, then run attune again", "disk"},
		{&outputError{Path: "card.txt", Folder: "/home/sam", Atomic: true, Err: &atomicfile.UnconfirmedError{Path: "/home/sam/card.txt", Err: syscall.EIO}},
			"wrote card.txt, but the disk reported an error right after (input/output error), so it may not survive a sudden power cut", "check the disk (free space, errors in the system log)", "change"},
	}
	for _, c := range cases {
		msg, hint, code := describe(fmt.Errorf("writing the summary: %w", c.err))
		if msg != c.msg || hint != c.hint || code != ExitError {
			t.Errorf("%v:\n got %q, %q (exit %d)\nwant %q, %q", c.err.Err, msg, hint, code, c.msg, c.hint)
		}
		if strings.Contains(msg+hint, c.notInWords) || strings.Contains(msg, ".attune-tmp") {
			t.Errorf("%v: %q", c.err.Err, msg+hint)
		}
	}
	// Anything else is worded as before: by the folder of the
	// temporary file, with the command's own words in front.
	err := fmt.Errorf("writing the summary: %w", &outputError{Path: "card.txt", Folder: "/media/stick", Atomic: true,
		Err: &os.PathError{Op: "open", Path: tmp, Err: syscall.EACCES}})
	if msg, _, _ := describe(err); msg != "cannot write a file in /media/stick: permission denied" {
		t.Errorf("permission denied: %q", msg)
	}
}
