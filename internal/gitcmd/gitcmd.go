// Package gitcmd runs git, the program found on PATH, in a folder: to
// read its answer, or handing it the terminal. Errors are typed: git
// missing, or git that ended with a non-zero status and said why.
package gitcmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// ErrNotInstalled means there is no git on PATH.
var ErrNotInstalled = errors.New("git is not installed (or not on PATH)")

// Error is git that ended with a non-zero status.
type Error struct {
	Args   []string // what git was asked, without "git"
	Code   int      // its exit status (-1: killed by a signal)
	Stderr string   // what it said, trimmed
	// Signal is the signal that killed git, or nil.
	Signal os.Signal
}

// BrokenPipe reports whether git was killed by SIGPIPE: what it wrote
// to was closed before it was done (git log | head), which is no
// failure of git's.
func (e *Error) BrokenPipe() bool { return e.Signal == syscall.SIGPIPE }

func (e *Error) Error() string {
	what := "git " + firstWord(e.Args)
	if line := e.Line(); line != "" {
		return what + ": " + line
	}
	if e.Signal != nil {
		return fmt.Sprintf("%s was stopped (%v)", what, e.Signal)
	}
	return fmt.Sprintf("%s ended with status %d", what, e.Code)
}

// Line is the most telling line git wrote: its first "fatal:" or
// "error:" line, without the prefix, else its last line.
func (e *Error) Line() string {
	lines := strings.Split(strings.TrimSpace(e.Stderr), "\n")
	for _, l := range lines {
		for _, p := range []string{"fatal: ", "error: "} {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), p); ok {
				return rest
			}
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// Says reports whether git's message holds any of these (lower-case)
// words: for telling a failed login from a lost connection.
func (e *Error) Says(words ...string) bool {
	s := strings.ToLower(e.Stderr)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func firstWord(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") && !strings.Contains(a, "=") {
			return a
		}
	}
	return ""
}

// Git runs git in Dir, with Env added to the environment attune has.
type Git struct {
	Dir string
	Env []string
}

// Installed reports whether git is on PATH.
func Installed() bool {
	_, err := exec.LookPath("git")
	return err == nil
}

func (g Git) command(args ...string) (*exec.Cmd, error) {
	path, err := exec.LookPath("git")
	if err != nil {
		return nil, ErrNotInstalled
	}
	c := exec.Command(path, args...)
	c.Dir = g.Dir
	c.Env = append(c.Environ(), g.Env...)
	// Never ask for a login at a terminal git opens behind attune's back:
	// an operation that needs one fails, and says so.
	c.Env = append(c.Env, "GIT_TERMINAL_PROMPT=0")
	return c, nil
}

// Output runs git and returns what it wrote to standard output, trimmed
// of its last newline.
func (g Git) Output(args ...string) (string, error) {
	out, err := g.Bytes(args...)
	return strings.TrimSuffix(string(out), "\n"), err
}

// Bytes runs git and returns what it wrote to standard output, as is.
func (g Git) Bytes(args ...string) ([]byte, error) {
	c, err := g.command(args...)
	if err != nil {
		return nil, err
	}
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		return nil, wrap(args, err, errb.String())
	}
	return out.Bytes(), nil
}

// Run runs git for its effect.
func (g Git) Run(args ...string) error {
	_, err := g.Output(args...)
	return err
}

// Attached runs git with the given streams (a person's terminal): what
// it says goes straight there. A non-zero status is an *Error without
// its words (they were shown).
func (g Git) Attached(stdin io.Reader, stdout, stderr io.Writer, args ...string) error {
	c, err := g.command(args...)
	if err != nil {
		return err
	}
	c.Stdin, c.Stdout, c.Stderr = stdin, stdout, stderr
	if err := c.Run(); err != nil {
		return wrap(args, err, "")
	}
	return nil
}

func wrap(args []string, err error, stderr string) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ge := &Error{Args: args, Code: ee.ExitCode(), Stderr: strings.TrimSpace(stderr)}
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			ge.Signal = ws.Signal()
		}
		return ge
	}
	return err
}

// Quote is a word for a shell command line, as git runs its drivers
// (sh -c): in single quotes.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
