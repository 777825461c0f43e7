// Package app is attune's command line: the table of commands, the flow
// of each command, and every word printed to the terminal. The domain
// (boundaries, triggers), the file format (mapfile) and the encrypted
// store (store, keys) know nothing of it.
package app

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// Version is set at build time with -ldflags "-X …app.Version=…".
var Version = "dev"

// Main runs attune with os.Args and returns the exit code.
func Main() int {
	return Run(os.Args, os.Stdout, os.Stderr)
}

// Run runs attune with args (args[0] is the program name).
func Run(args []string, stdout, stderr io.Writer) int {
	a := newApp(stdout, stderr)
	r := reorder(a, args[1:])
	if r.missing != "" && r.completing {
		return ExitOK // completion offers nothing, and prints no error
	}
	if r.missing != "" {
		name, _ := flagName(r.missing)
		hint := fmt.Sprintf("a value that starts with a dash goes after an equals sign: --%s=VALUE; %s", name, helpHint(r.path))
		return report(stderr, usage(hint, "%s needs a value", r.missing))
	}
	if r.pending != "" {
		a.Metadata = map[string]any{pendingFlagKey: r.pending}
	}
	argv := append([]string{"attune"}, r.args...)
	if err := a.Run(argv); err != nil {
		return report(stderr, err)
	}
	return ExitOK
}

// usageErr turns urfave/cli's flag errors into one-line usage errors.
func usageErr(c *cli.Context, err error, _ bool) error {
	return &userError{msg: flagMessage(err.Error()), hint: helpHint(commandPath(c)), code: ExitUsage, err: err}
}

// helpHint points to the help of a command ("" for attune itself).
func helpHint(path string) string {
	if path == "" {
		return "see `attune --help`"
	}
	return "see `attune " + path + " --help`"
}

// commandPath is the command c runs, as typed after attune ("" for
// attune itself).
func commandPath(c *cli.Context) string {
	if c.Command != nil && c.Command.HelpName != "" {
		return trimProgram(c.Command.HelpName)
	}
	return ""
}

// flagMessage rewords the errors of Go's flag package: long flag names
// with two dashes, as they are typed, and plainer words.
func flagMessage(msg string) string {
	// A flag as Go's flag package names it in its errors, "-output",
	// where attune's users type "--output". (Compiled here, on the error
	// path, not at every start.)
	shortFlagName := regexp.MustCompile(`(^|[\s:])-([A-Za-z][A-Za-z0-9-]+)`)
	msg = shortFlagName.ReplaceAllString(msg, "$1--$2")
	if f, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag " + f
	}
	if f, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return f + " needs a value"
	}
	return strings.TrimSuffix(msg, ": parse error")
}

func trimProgram(s string) string {
	if s == "attune" {
		return ""
	}
	return strings.TrimPrefix(s, "attune ")
}

// globalFlags are accepted anywhere on the command line.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "dir", Usage: "the store folder (default $XDG_DATA_HOME/attune or ~/.local/share/attune)", EnvVars: []string{"ATTUNE_DIR"}, TakesFile: true},
		&cli.StringFlag{Name: "identity", Aliases: []string{"i"}, Usage: "identity file to decrypt with (default: the store's own)", EnvVars: []string{"ATTUNE_IDENTITY"}, TakesFile: true},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (also: NO_COLOR=1)"},
	}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	a := &cli.App{
		Name:    "attune",
		Usage:   "keep your boundaries and trigger map, encrypted, and share them with a partner",
		Version: Version,
		Description: "attune keeps your boundaries (red light STOP, yellow light ASK FIRST, green light GO)\n" +
			"and your trigger map in one age-encrypted file, and helps you share them with your partner.",
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                globalFlags(),
		Commands:             commands(),
		OnUsageError:         usageErr,
		ExitErrHandler:       func(*cli.Context, error) {},
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usage("run `attune --help` to see the commands", "unknown command %q", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
	}
	setUsageErrors(a.Commands)
	setCompleters("", a.Commands)
	a.BashComplete = completeValues(cli.DefaultAppComplete) // attune --dir <TAB>
	return a
}

func setUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageErr
		c.HideHelpCommand = true
		if len(c.Subcommands) > 0 && c.Action == nil {
			c.Action = parentAction
		}
		setUsageErrors(c.Subcommands)
	}
}

// commands is the whole command surface of attune, in one place. Each
// command's action lives in the file named after it.
func commands() []*cli.Command {
	return []*cli.Command{
		{
			Name:      "init",
			Usage:     "create your store and a new key",
			ArgsUsage: " ",
			Description: "Creates the store folder, a new age identity (your key) and an empty map, and prints\n" +
				"your public key to give to your partner. With the global --identity FILE, adopts an\n" +
				"existing age identity or SSH key instead of making a new one.",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "name", Usage: "your name as your partner will see it"},
				&cli.BoolFlag{Name: "passphrase", Aliases: []string{"p"}, Usage: "protect the new identity file with a passphrase"},
				&cli.BoolFlag{Name: "pq", Usage: "make a post-quantum hybrid key (age1pq…)"},
			},
			Action: initAction,
		},
		{
			Name:      "key",
			Usage:     "print your public key, to give to your partner",
			ArgsUsage: " ",
			Action:    keyAction,
		},
		{
			Name:  "add",
			Usage: "add a boundary or a trigger",
			Subcommands: []*cli.Command{
				{
					Name:      "boundary",
					Usage:     "add a boundary: red (stop), yellow (ask first) or green (go)",
					ArgsUsage: "LIGHT TEXT",
					Flags:     append(entryFlags(), privateFlag()),
					Action:    addBoundaryAction,
				},
				{
					Name:      "trigger",
					Usage:     "add a trigger and what helps when it comes up",
					ArgsUsage: "CATEGORY TEXT",
					Flags: append(entryFlags(), privateFlag(),
						&cli.StringFlag{Name: "intensity", Usage: "low, medium or high"},
						&cli.StringFlag{Name: "helps", Usage: "what helps when this comes up"}),
					Action: addTriggerAction,
				},
			},
		},
		{
			Name:      "list",
			Aliases:   []string{"ls"},
			Usage:     "show your boundaries and triggers",
			ArgsUsage: "[boundaries|triggers]",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "light", Usage: "only boundaries with this light"},
				&cli.StringFlag{Name: "category", Usage: "only triggers in this category"},
				&cli.BoolFlag{Name: "json", Usage: "print JSON (the shape is described in the README)"},
				&cli.StringFlag{Name: "partner", Usage: "show the map last imported from this partner"},
				&cli.StringFlag{Name: "from", Usage: "show the map in an export a partner sent you", TakesFile: true},
			},
			Action: listAction,
		},
		{
			Name:      "edit",
			Usage:     "change an entry",
			ArgsUsage: "ID",
			Flags: append(entryFlags(),
				&cli.StringFlag{Name: "text", Usage: "new text"},
				&cli.StringFlag{Name: "light", Usage: "new light (boundaries)"},
				&cli.StringFlag{Name: "category", Usage: "new category (triggers)"},
				&cli.StringFlag{Name: "intensity", Usage: "new intensity (triggers)"},
				&cli.StringFlag{Name: "helps", Usage: "what helps (triggers)"},
				&cli.BoolFlag{Name: "private", Usage: "keep this entry on this machine only"},
				&cli.BoolFlag{Name: "shared", Usage: "share this entry again"},
			),
			Action: editAction,
		},
		{
			Name:      "remove",
			Aliases:   []string{"rm"},
			Usage:     "remove entries",
			ArgsUsage: "ID...",
			Action:    removeAction,
		},
		{
			Name:        "summary",
			Usage:       "write your boundaries and triggers to read, print or paste",
			ArgsUsage:   " ",
			Description: summaryDescription,
			Flags:       summaryFlags(),
			Action:      summaryAction,
		},
		{
			Name:      "set",
			Usage:     "set your name, stop word or stop signal",
			ArgsUsage: "name|safeword|signal VALUE",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "clear", Usage: "remove the value"},
			},
			Action: setAction,
		},
		{
			Name:  "partner",
			Usage: "the people you share your map with, and their public keys",
			Subcommands: []*cli.Command{
				{
					Name:      "add",
					Usage:     "add a partner with their public keys (age1…, age1pq1…, or an SSH key line in quotes)",
					ArgsUsage: "NAME [PUBLIC-KEY...]",
					Flags: []cli.Flag{
						&cli.StringSliceFlag{Name: "file", Usage: "read public keys from FILE, one per line (# comments), as `age -R`", TakesFile: true},
					},
					Action: partnerAddAction,
				},
				{
					Name:      "list",
					Aliases:   []string{"ls"},
					Usage:     "show your partners and their public keys",
					ArgsUsage: " ",
					Flags:     []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON"}},
					Action:    partnerListAction,
				},
				{
					Name:      "remove",
					Aliases:   []string{"rm"},
					Usage:     "remove a partner",
					ArgsUsage: "NAME",
					Action:    partnerRemoveAction,
				},
			},
		},
		{
			Name:      "export",
			Usage:     "write what you share (every entry not private) encrypted to your partner's key",
			ArgsUsage: " ",
			Description: "Encrypts your name, stop word, stop signal and every entry not marked private to your\n" +
				"partner's public keys only (not to yours), with age. Your partner reads it with\n" +
				"`attune import FILE`, or without attune: `age -d -i THEIR-KEY FILE`.",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "partner", Usage: "export for this partner (see `attune partner list`)"},
				&cli.StringSliceFlag{Name: "to", Usage: "export for this public key (may be repeated)"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to FILE (default: standard output)", TakesFile: true},
				&cli.BoolFlag{Name: "armor", Aliases: []string{"a"}, Usage: "write text (PEM-armored age) instead of binary"},
			},
			Action: exportAction,
		},
		{
			Name:      "import",
			Usage:     "bring in the map a partner exported for you",
			ArgsUsage: "FILE",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "as", Usage: "the name to keep it under (default: the name in the map)"},
				&cli.BoolFlag{Name: "older", Usage: "replace the import you have even with an export made before it"},
			},
			Action: importAction,
		},
		{
			Name:      "undo",
			Usage:     "put back the version of your map before the last change",
			ArgsUsage: " ",
			Description: "Puts back the version of your map from before the last change (attune keeps one\n" +
				"encrypted earlier version). Only one level: undo of an undo brings the newer version back.\n" +
				"The earlier version is checked first; if it can't be read, nothing is changed.",
			Action: undoAction,
		},
		{
			Name:      "completion",
			Usage:     "print a shell completion script (bash, zsh or fish)",
			ArgsUsage: "bash|zsh|fish",
			Description: "Prints a script that completes attune's commands, flags, lights, categories and\n" +
				"entry ids. Install: attune completion bash > ~/.local/share/bash-completion/completions/attune",
			Action: completionAction,
		},
		{
			Name:        "man",
			Usage:       "print the manual page (roff, section 1)",
			ArgsUsage:   " ",
			Description: "Install: attune man > ~/.local/share/man/man1/attune.1",
			Action:      manAction,
		},
		{
			Name:      "unlock",
			Usage:     "ask for your passphrase once, and keep your key unlocked for a while",
			ArgsUsage: " ",
			Description: "For an identity protected by a passphrase: asks once and keeps the decrypted key in the\n" +
				"Linux kernel keyring of this login session (memory only, never on disk) until --for has\n" +
				"passed or `attune lock`. Where there is no kernel keyring, attune says so and keeps asking.",
			Flags:  []cli.Flag{&cli.DurationFlag{Name: "for", Value: 15 * time.Minute, Usage: "how long to stay unlocked (1s to 24h)"}},
			Action: unlockAction,
		},
		{
			Name:      "lock",
			Usage:     "forget the unlocked key now",
			ArgsUsage: " ",
			Action:    lockAction,
		},
	}
}

func entryFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "note", Usage: "a note for your partner"},
	}
}

func privateFlag() cli.Flag {
	return &cli.BoolFlag{Name: "private", Usage: "keep this entry on this machine: never exported or summarised"}
}
