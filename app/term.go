package app

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// PassphraseEnv is read instead of prompting, for scripts and tests only:
// environment variables can be seen by other processes of the same user.
const PassphraseEnv = "ATTUNE_PASSPHRASE"

// readPassphrase asks on the terminal (/dev/tty, so it works when stdin
// and stdout are redirected), never echoing. ATTUNE_PASSPHRASE overrides.
func readPassphrase(prompt string) (string, error) {
	if p, ok := os.LookupEnv(PassphraseEnv); ok {
		return p, nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", &userError{
			msg:  "a passphrase is needed, and there is no terminal to ask for it",
			hint: "run attune in a terminal (or, in scripts only, set " + PassphraseEnv + ")",
			code: ExitError,
		}
	}
	defer tty.Close()
	fmt.Fprintf(tty, "%s: ", prompt)
	p, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return "", fmt.Errorf("reading the passphrase: %w", err)
	}
	return string(p), nil
}

// newPassphrase asks for a new passphrase twice.
func newPassphrase() (string, error) {
	if p, ok := os.LookupEnv(PassphraseEnv); ok {
		if p == "" {
			return "", fail("", "the passphrase is empty")
		}
		return p, nil
	}
	p, err := readPassphrase("Choose a passphrase for your identity")
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", fail("choose a passphrase of a few words", "the passphrase is empty")
	}
	again, err := readPassphrase("Type it again")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", fail("run the command again and type the same passphrase twice", "the two passphrases are not the same")
	}
	return p, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
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

// useColour: only on a terminal, never with NO_COLOR (any non-empty
// value) or --no-color, never with TERM=dumb.
func useColour(w io.Writer, noColourFlag bool) bool {
	if noColourFlag || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// terminalWidth is the width of w if it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}
