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
