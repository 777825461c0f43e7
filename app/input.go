package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/textcheck"
)

// Text off the command line. Text typed as arguments is seen by other
// users in `ps` and kept by the shell in its history file; so any text
// field can instead be read from standard input ("-" as the text, or as
// a text flag's value), and at a terminal, a command given no text asks
// for it. One field per command may read standard input.

// stdinMark is the word that means standard input.
const stdinMark = "-"

// maxTextInput bounds what one field reads from standard input.
const maxTextInput = 64 << 10

// stdinFields are the fields of this command line that would read
// standard input: its text argument, and each text flag given "-".
func (x *ctx) stdinFields() []string {
	var out []string
	if c := x.Command; c != nil {
		specs := argSpecs(c)
		if n := len(specs); n > 0 && (specs[n-1].kind == "TEXT" || specs[n-1].kind == "VALUE") &&
			x.NArg() == n && x.Args().Get(n-1) == stdinMark {
			out = append(out, strings.ToLower(specs[n-1].kind))
		}
		for _, f := range c.Flags {
			if flagKind(f) == "TEXT" && x.IsSet(f.Names()[0]) && x.String(f.Names()[0]) == stdinMark {
				out = append(out, "--"+f.Names()[0])
			}
		}
	}
	return out
}

// checkStdinOnce refuses a line where two fields would read standard
// input (it can be read once), before anything is read or written.
func (x *ctx) checkStdinOnce() error {
	if f := x.stdinFields(); len(f) > 1 {
		return usage("read one of them from standard input, and type or quote the other",
			"%s and %s both ask for standard input, which can be read once", f[0], f[1])
	}
	return nil
}

// readStdin reads one field's text from standard input. At a terminal
// it says how to end the text.
func (x *ctx) readStdin(field string) (string, error) {
	if x.io.InTTY {
		if field == "text" {
			x.say("type the text on one line, then Ctrl-D on a line of its own")
		} else {
			x.say("type the %s; end it with Ctrl-D on a line of its own", field)
		}
	}
	data, err := safefile.ReadLimited(x.io.In, "standard input", maxTextInput)
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return "", fail("a field holds at most 1000 characters", "standard input holds more than %d bytes, more than a %s can hold", maxTextInput, field)
	}
	if err != nil {
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	return string(data), nil
}

// textFlag is a text flag's value ("-" read from standard input), and
// whether it was given. Line breaks are kept (notes, what helps), with
// CR LF as LF.
func (x *ctx) textFlag(name string) (string, bool, error) {
	if !x.IsSet(name) {
		return "", false, nil
	}
	v := x.String(name)
	if v == stdinMark {
		in, err := x.readStdin(flagNounOf(name))
		if err != nil {
			return "", true, err
		}
		v = in
	}
	return textcheck.CleanLines(v), true, nil
}

// flagNounOf names a text flag's field in prompts: "note".
func flagNounOf(name string) string {
	if name == "helps" {
		return "text of what helps"
	}
	return name
}

// argText is the text of the arguments from index i on: several words
// joined, "-" read from standard input, or, when none is given at a
// terminal, asked for (prompt) so that it never shows in `ps` or shell
// history. Off a terminal, missing text is the usage error missing.
func (x *ctx) argText(i int, prompt string, missing error) (string, error) {
	args := x.Args().Slice()
	switch {
	case len(args) == i+1 && args[i] == stdinMark:
		in, err := x.readStdin("text")
		if err != nil {
			return "", err
		}
		return textcheck.CleanLines(in), nil
	case len(args) > i:
		return textcheck.Clean(strings.Join(args[i:], " ")), nil
	case !x.io.InTTY || x.io.Terminal == nil:
		return "", missing
	}
	text, err := x.io.Terminal.Line(prompt)
	if errors.Is(err, iostreams.ErrInterrupted) {
		return "", fail("", "nothing was typed, so nothing was changed")
	}
	if errors.Is(err, iostreams.ErrNoTerminal) {
		return "", missing
	}
	if err != nil {
		return "", err
	}
	return textcheck.Clean(text), nil
}

// stdinNotTerminal refuses to read a file's bytes (an export, keys)
// from standard input when it is a terminal: they are piped in.
func (x *ctx) stdinNotTerminal(what, example string) error {
	if x.io.InTTY {
		return usage("pipe it in, for example: "+example, "standard input is a terminal, so %s can't be read from it", what)
	}
	if x.stdinUsedBy != "" {
		return usage("read one of them from standard input, and give the other as a file",
			"%s and %s both ask for standard input, which can be read once", x.stdinUsedBy, what)
	}
	x.stdinUsedBy = what
	return nil
}
