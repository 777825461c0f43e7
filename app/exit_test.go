package app

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
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
