// Package app is attune's command line: the table of commands, the
// grammar made from it, the flow of each command, and every word printed
// to the terminal. The domain (boundaries, triggers), the file format
// (mapfile), the store folder (store) and the keys (keys) know nothing of
// it; the terminal reaches it only through internal/iostreams.
package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/cleanup"
	"github.com/attune-dev/attune/internal/iostreams"
)

// Version is set at build time with -ldflags "-X …app.Version=…"; when
// it is not, the module version or the commit from the build information
// is used.
var Version = ""

// Main runs attune on this process's terminal and returns the exit code.
func Main() int {
	privateUmask()
	cleanup.Catch()
	ios := iostreams.System()
	code := Run(os.Args, ios)
	if err := ios.Flush(); err != nil && code == ExitOK {
		fmt.Fprintf(ios.Err, "attune: error: writing to standard output: %v\n", err)
		return ExitError
	}
	return code
}

// Run runs attune with args (args[0] is the program name) on the given
// streams and terminal, and returns the exit code. Everything about the
// terminal is decided here, once.
func Run(args []string, ios *iostreams.IO) int {
	a := newApp(ios)
	if req, ok := completionRequest(args[1:]); ok {
		complete(a, ios, req)
		return ExitOK
	}
	if len(args) > 1 && isGitDriver(args[1]) {
		// git runs these with file names as they come: no grammar.
		a.Metadata = map[string]any{ioKey: ios, lineKey: &line{}}
		return report(ios.Err, a.Run(append([]string{"attune"}, args[1:]...)))
	}
	l, err := parseLine(a, args[1:], false)
	if err != nil {
		return report(ios.Err, err)
	}
	switch {
	case l.help:
		return report(ios.Err, showHelp(ios.Out, a, l.path))
	case l.version:
		fmt.Fprintln(ios.Out, "attune", version())
		return ExitOK
	case len(l.path) == 0:
		return report(ios.Err, showHelp(ios.Out, a, nil))
	}
	noColour := false
	for _, g := range l.globals {
		if g.name() == "no-color" {
			on, err := strconv.ParseBool(g.value)
			noColour = !g.hasValue || err == nil && on
		}
	}
	ios.DecideColour(noColour)
	a.Metadata = map[string]any{ioKey: ios, lineKey: l}
	if err := a.Run(l.argv()); err != nil {
		ios.Flush()
		return report(ios.Err, err)
	}
	return ExitOK
}

// report prints err as `attune: error: …` plus an optional hint line, and
// returns the exit code; nil is success.
func report(w io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	if q := (*quietExit)(nil); errors.As(err, &q) {
		return q.code
	}
	msg, hint, code := describe(err)
	fmt.Fprintf(w, "attune: error: %s\n", oneLine(msg))
	if hint != "" {
		fmt.Fprintf(w, "attune: hint: %s\n", oneLine(hint))
	}
	return code
}

const (
	ioKey   = "io"
	lineKey = "line"
)

func newApp(ios *iostreams.IO) *cli.App {
	a := &cli.App{
		Name:  "attune",
		Usage: "keep your boundaries and trigger map, encrypted, and share them with a partner",
		Description: "attune keeps your boundaries (red light STOP, yellow light ASK FIRST, green light GO) " +
			"and your trigger map in one age-encrypted file, and helps you share them with your partner.",
		Writer:          ios.Out,
		ErrWriter:       ios.Err,
		Flags:           globalFlags(),
		Commands:        commands(),
		OnUsageError:    usageErr,
		ExitErrHandler:  func(*cli.Context, error) {},
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
	}
	prepare(a.Commands)
	return a
}

// prepare gives every command the same usage-error handling, and no
// help of urfave/cli's own (the grammar answers --help).
func prepare(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageErr
		c.HideHelp = true
		c.HideHelpCommand = true
		prepare(c.Subcommands)
	}
}

// usageErr turns urfave/cli's flag errors (a value of the wrong type)
// into one-line usage errors.
func usageErr(c *cli.Context, err error, _ bool) error {
	path := ""
	if c.Command != nil {
		path = trimProgram(c.Command.HelpName)
	}
	return &userError{msg: flagMessage(err.Error()), hint: helpHint(path), code: ExitUsage, err: err}
}

// flagMessage rewords the errors of Go's flag package: long flag names
// with two dashes, as they are typed, and plainer words.
func flagMessage(msg string) string {
	shortFlagName := regexp.MustCompile(`(^|[\s:])-([A-Za-z][A-Za-z0-9-]+)`)
	msg = shortFlagName.ReplaceAllString(msg, "$1--$2")
	return strings.TrimSuffix(msg, ": parse error")
}

func trimProgram(s string) string {
	if s == "attune" {
		return ""
	}
	return strings.TrimPrefix(s, "attune ")
}

// version is Version, else the module's version or the commit it was
// built from.
func version() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(version unknown)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified, at string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			at = s.Value
		}
	}
	if rev == "" {
		return "(version unknown: built without version control information)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "commit " + rev
	if modified == "true" {
		out += " with changes"
	}
	if at != "" {
		out += " (" + at + ")"
	}
	return out
}
