// Package iostreams is attune's one seam with the terminal: the three
// standard streams, whether each is a terminal, the width, colour, the
// environment, the clock, and how to ask a person for a passphrase or a
// line of text. It is decided once, when attune starts (System), or made
// by a test (Test); commands receive it and never reach for os.Stdout,
// os.Getenv or /dev/tty themselves.
package iostreams

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/attune-dev/attune/internal/cleanup"
)

// IO is everything a command may know about where it runs.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer

	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
	// Width is the width of Out in columns when it is a terminal, else 0.
	Width int

	// LookupEnv reads the environment.
	LookupEnv func(string) (string, bool)
	// Now is the clock.
	Now func() time.Time
	// Terminal asks questions; nil when there is no terminal to ask at.
	Terminal Terminal
	colour   bool
	flush    func() error
	system   bool
}

// Files are the process's own standard streams, for a program attune
// hands them to (git, which then pages and colours as at the terminal);
// ok is false for an IO that is not the process's (tests).
func (s *IO) Files() (in, out, errs *os.File, ok bool) {
	if !s.system {
		return nil, nil, nil, false
	}
	s.Flush()
	return os.Stdin, os.Stdout, os.Stderr, true
}

// Flush writes out what is buffered for standard output.
func (s *IO) Flush() error {
	if s.flush == nil {
		return nil
	}
	return s.flush()
}

// Terminal is the person at the keyboard: where prompts are written and
// answers read. It is the controlling terminal (/dev/tty), so prompts
// work with standard input and output redirected.
type Terminal interface {
	// Secret asks without echoing what is typed.
	Secret(prompt string) (string, error)
	// Line asks for one line, echoed.
	Line(prompt string) (string, error)
	// Say writes a line to the terminal (not to standard output).
	Say(text string) error
}

// ErrNoTerminal means a question was needed and there is no terminal.
var ErrNoTerminal = errors.New("there is no terminal to ask at")

// ErrInterrupted means the person pressed Ctrl-C or Ctrl-D at a prompt.
var ErrInterrupted = errors.New("interrupted")

// System is the IO of the running process. Standard output is
// buffered (a list of 10,000 entries is thousands of lines): Flush
// writes it out, and happens before every question and when attune ends.
func System() *IO {
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	s := &IO{
		In: os.Stdin, Out: out, Err: os.Stderr, flush: out.Flush,
		InTTY:     term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY:    term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY:    term.IsTerminal(int(os.Stderr.Fd())),
		LookupEnv: os.LookupEnv,
		Now:       time.Now,
		system:    true,
	}
	s.Terminal = &devTTY{before: s.Flush}
	if s.OutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.Width = w
		}
	}
	return s
}

// Getenv is the value of an environment variable, "" when unset.
func (s *IO) Getenv(name string) string {
	v, _ := s.LookupEnv(name)
	return v
}

// DecideColour settles, once, whether Out is coloured: only at a
// terminal, never with NO_COLOR (any non-empty value), TERM=dumb or
// --no-color.
func (s *IO) DecideColour(noColourFlag bool) {
	s.colour = s.OutTTY && !noColourFlag && s.Getenv("NO_COLOR") == "" && s.Getenv("TERM") != "dumb"
}

// Colour reports whether Out is coloured.
func (s *IO) Colour() bool { return s.colour }

// devTTY asks at /dev/tty, opened for each question; before, it writes
// out what standard output holds, so the question comes after it.
type devTTY struct{ before func() error }

func (d devTTY) open() (*os.File, error) {
	if d.before != nil {
		d.before()
	}
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, ErrNoTerminal
	}
	return f, nil
}

func (d devTTY) Secret(prompt string) (string, error) {
	tty, err := d.open()
	if err != nil {
		return "", err
	}
	defer tty.Close()
	// Interrupted while echo is off, the terminal is put back first.
	if state, err := term.GetState(int(tty.Fd())); err == nil {
		defer cleanup.Add(func() { term.Restore(int(tty.Fd()), state); fmt.Fprintln(tty) })()
	}
	return oneLineOnly(tty, prompt, func() (string, error) {
		p, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if err != nil {
			return "", fmt.Errorf("reading the passphrase: %w", err)
		}
		return string(p), nil
	})
}

func (d devTTY) Line(prompt string) (string, error) {
	tty, err := d.open()
	if err != nil {
		return "", err
	}
	defer tty.Close()
	return oneLineOnly(tty, prompt, func() (string, error) { return readLine(tty) })
}

// MoreThanOneLine is said when the answer to a question came with more
// lines after it (a paste): none of it is kept, and the question is
// asked again.
const MoreThanOneLine = "That was more than one line, so none of it was kept. Please type it again, on one line."

// oneLineOnly asks until the answer is one line with nothing after it.
// What came after a line is read and thrown away, never shown: left
// waiting, the next question would take it as its answer, and the shell
// would run it, and keep it in its history, once attune ends.
func oneLineOnly(tty *os.File, prompt string, read func() (string, error)) (string, error) {
	for {
		fmt.Fprint(tty, prompt)
		s, err := read()
		extra, midLine := discardPending(tty)
		if err != nil || !extra {
			return s, err
		}
		if midLine {
			fmt.Fprintln(tty)
		}
		fmt.Fprintln(tty, MoreThanOneLine)
	}
}

func (d devTTY) Say(text string) error {
	tty, err := d.open()
	if err != nil {
		return err
	}
	defer tty.Close()
	_, err = fmt.Fprintln(tty, text)
	return err
}

// readLine reads one line a byte at a time (a buffered reader would
// swallow what is typed for the next question). End of input before a
// line ends is ErrInterrupted.
func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return strings.TrimSuffix(string(b), "\r"), nil
			}
			if one[0] == 0x04 { // Ctrl-D in raw-ish modes
				return "", ErrInterrupted
			}
			b = append(b, one[0])
			if len(b) > 1<<16 {
				return "", errors.New("the line is too long")
			}
		}
		if err == io.EOF {
			return "", ErrInterrupted
		}
		if err != nil {
			return "", err
		}
	}
}

// Test is an IO for tests: buffers for the streams, nothing a terminal,
// an empty environment, a fixed clock, and a terminal that answers from
// a script.
func Test() (*IO, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errb := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	env := map[string]string{}
	s := &IO{
		In: in, Out: out, Err: errb,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Now:       func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) },
	}
	return s, in, out, errb
}

// Scripted is a Terminal that answers from a list, and records what it
// was asked and told.
type Scripted struct {
	Answers []string
	Asked   []string
	Said    []string
}

func (s *Scripted) next(prompt string) (string, error) {
	s.Asked = append(s.Asked, prompt)
	if len(s.Answers) == 0 {
		return "", ErrInterrupted
	}
	a := s.Answers[0]
	s.Answers = s.Answers[1:]
	return a, nil
}

func (s *Scripted) Secret(prompt string) (string, error) { return s.next(prompt) }
func (s *Scripted) Line(prompt string) (string, error)   { return s.next(prompt) }
func (s *Scripted) Say(text string) error                { s.Said = append(s.Said, text); return nil }

// SetEnv sets a variable in a Test IO's environment.
func (s *IO) SetEnv(k, v string) {
	prev := s.LookupEnv
	s.LookupEnv = func(name string) (string, bool) {
		if name == k {
			return v, true
		}
		return prev(name)
	}
}

// StdoutFile is what standard output is when it is a regular file (a
// shell's `> file` or `>> file`): its path as the kernel names it, its
// details, and whether this user owns it. ok is false for a terminal, a
// pipe, a device, or an IO that is not the process's own.
func (s *IO) StdoutFile() (path string, info os.FileInfo, own, ok bool) {
	if !s.system {
		return "", nil, false, false
	}
	info, err := os.Stdout.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return "", nil, false, false
	}
	path, _ = os.Readlink("/proc/self/fd/1")
	st, isUnix := info.Sys().(*syscall.Stat_t)
	return path, info, isUnix && int(st.Uid) == os.Getuid(), true
}

// PrivateStdout makes the file standard output is 0600.
func (s *IO) PrivateStdout() error {
	s.Flush()
	return os.Stdout.Chmod(0o600)
}
