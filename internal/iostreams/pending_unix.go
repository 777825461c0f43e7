//go:build unix

package iostreams

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/attune-dev/attune/internal/cleanup"
)

// pasteSettle is how long, in milliseconds, to wait for more of a paste
// after a line ends: a paste can reach the terminal in pieces (over
// SSH, through tmux), and no one types the next key this fast after
// Enter.
const pasteSettle = 30

// discardPending reads and throws away whatever waits at the terminal
// after a line, so that no more of a paste is left for the next
// question or, once attune ends, for the shell to run and keep in its
// history. It reports whether what was there held anything but blank
// lines, and whether it ended mid-line (the cursor is then after it).
//
// The terminal is made raw while it reads: in its usual, line-by-line
// mode a last line without its newline cannot be read and would stay.
func discardPending(tty *os.File) (extra, midLine bool) {
	fd := int(tty.Fd())
	state, err := term.MakeRaw(fd)
	if err != nil {
		return false, false
	}
	forget := cleanup.Add(func() { term.Restore(fd, state) })
	defer func() { term.Restore(fd, state); forget() }()
	buf := make([]byte, 4096)
	// Nothing is kept, so a paste of any length costs only its reading.
	for {
		n, err := readReady(fd, buf)
		if err != nil || n <= 0 {
			return extra, midLine
		}
		for _, b := range buf[:n] {
			midLine = b != '\n' && b != '\r'
			if midLine && b != ' ' && b != '\t' {
				extra = true
			}
		}
	}
}

// readReady reads what arrives within pasteSettle; 0 when nothing does.
func readReady(fd int, buf []byte) (int, error) {
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, pasteSettle)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 || fds[0].Revents&unix.POLLIN == 0 {
			return 0, err
		}
		return unix.Read(fd, buf)
	}
}
