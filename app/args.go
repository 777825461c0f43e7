package app

import (
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/textcheck"
)

// Reorder lets flags stand anywhere on the command line, as people type
// them: `attune add boundary red "Being held down" --note "wrists"`.
// urfave/cli v2 stops reading flags at the first argument, so before it
// runs, Reorder moves every flag of the command (with its value) in front
// of the arguments, global flags in front of the command, and ends the
// flags with `--` so that arguments are never read as flags. A `--` typed
// by the user ends the flags there: what follows stays an argument.
//
// args excludes the program name. Unknown flags are moved too, so that
// the command reports them.
func Reorder(app *cli.App, args []string) []string {
	return reorder(app, args).args
}

// completeFlag is the marker the completion scripts append. It is never a
// flag's value: `attune edit b1 --text <TAB>` completes a value for
// --text, and must not set the text to the marker.
const completeFlag = "--generate-bash-completion"

// reordered is what reorder makes of a command line.
type reordered struct {
	args []string
	// pending is a flag whose value is being completed: the line ends
	// with it, then the completion marker. The flag is left out of args.
	pending string
	// missing is a flag that takes a value and ends the line without one
	// (urfave/cli would take the `--` reorder adds, or the command's
	// name, as its value). Run refuses the line.
	missing string
	// path is the command typed, e.g. "partner add".
	path string
	// completing: the line ends with the completion marker.
	completing bool
}

// reorder is Reorder, and says what else it found.
func reorder(app *cli.App, args []string) reordered {
	var (
		pending, missing                string
		global, path, local, positional []string
		cmdFlags                        []cli.Flag
		subs                            = app.Commands
		completion, dashDash, help      bool
	)
	// The shells put the marker last. It is taken off first, so that
	// nothing before it (a flag that takes a value, a typed `--`) can make
	// it an argument, and the command run instead of completed.
	markerLast := false
	if n := len(args); n > 0 && args[n-1] == completeFlag {
		completion, markerLast, args = true, true, args[:n-1]
		// The scripts pass the word being completed when it is empty
		// (so that "-- <TAB>" and "--<TAB>" differ); it is no argument.
		if n := len(args); n > 0 && args[n-1] == "" {
			args = args[:n-1]
		}
	}
	globalFlags := flagTable(app.Flags)
	var leafFlags map[string]bool
	// knownFlag: a flag of the command typed so far (or of one of its
	// subcommands), a global one, or one urfave/cli adds.
	knownFlag := func(a string) bool {
		if !isFlag(a) {
			return false
		}
		name, _ := flagName(a)
		_, global := globalFlags[name]
		_, leaf := leafFlags[name]
		switch {
		case global, leaf, name == "help", name == "h", a == completeFlag,
			len(path) == 0 && (name == "version" || name == "v"):
			return true
		}
		return subs != nil && subcommandHasFlag(subs, name)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == completeFlag:
			completion = true
		case a == "--":
			dashDash = true
			positional = append(positional, args[i+1:]...)
			i = len(args)
		case isFlag(a):
			name, hasValue := flagName(a)
			takesValue, isGlobal := globalFlags[name]
			if name == "help" || name == "h" {
				// --help belongs to the innermost command typed so far:
				// `attune add boundary --help` is boundary's help.
				takesValue, isGlobal = false, len(path) == 0
				help = !isGlobal
			}
			target := &global
			if !isGlobal {
				target = &local
				var known bool
				takesValue, known = leafFlags[name]
				if !known && subs != nil {
					// A flag of a subcommand not typed yet:
					// `attune add --note wrists boundary red …`.
					takesValue = subcommandFlagTakesValue(subs, name)
				}
			}
			// A value flag at the end of the line, or followed by `--` or
			// by another flag attune knows (`--note --private`), has no
			// value: that flag must never be taken for the value.
			if takesValue && !hasValue && (i+1 == len(args) || args[i+1] == "--" || knownFlag(args[i+1])) {
				if markerLast && i+1 == len(args) {
					pending = name
				} else if missing == "" {
					missing = a
				}
				continue
			}
			*target = append(*target, a)
			if takesValue && !hasValue && i+1 < len(args) {
				i++
				*target = append(*target, args[i])
			}
		case len(positional) == 0 && subs != nil:
			cmd := findCommand(subs, a)
			if cmd == nil {
				// Not a command: the command's own first argument.
				subs = nil
				positional = append(positional, a)
				continue
			}
			path = append(path, a)
			cmdFlags = cmd.Flags
			leafFlags = flagTable(cmdFlags)
			subs = cmd.Subcommands
			if len(subs) == 0 {
				subs = nil
			}
		default:
			positional = append(positional, a)
		}
	}
	if help && !completion {
		// urfave/cli would read the first argument as a help topic:
		// with --help, the arguments do not matter.
		positional = nil
	}
	out := make([]string, 0, len(args)+2)
	out = append(out, global...)
	out = append(out, path...)
	out = append(out, local...)
	// A typed `--` is kept even before any command: `attune -- -x` must
	// not turn -x into a flag. urfave/cli turns completion off after a
	// `--`, and would run the command instead: never add one when
	// completing.
	if (len(path) > 0 || dashDash) && len(positional) > 0 && !completion {
		out = append(out, "--")
	}
	if completion {
		// urfave/cli runs the command, marker and all, when it sees a
		// `--` anywhere: a TAB must never run a command.
		notEnd := func(a string) bool { return a == "--" }
		global = slices.DeleteFunc(global, notEnd)
		local = slices.DeleteFunc(local, notEnd)
		positional = slices.DeleteFunc(positional, notEnd)
	}
	out = append(out, positional...)
	if completion {
		out = append(out, completeFlag)
	}
	return reordered{args: out, pending: pending, missing: missing, path: strings.Join(path, " "), completing: markerLast}
}

// subcommandHasFlag reports whether any of cmds, or below, has a flag of
// that name.
func subcommandHasFlag(cmds []*cli.Command, name string) bool {
	for _, c := range cmds {
		if _, ok := flagTable(c.Flags)[name]; ok || subcommandHasFlag(c.Subcommands, name) {
			return true
		}
	}
	return false
}

// subcommandFlagTakesValue reports whether a flag of that name, on any of
// cmds or below, takes a value.
func subcommandFlagTakesValue(cmds []*cli.Command, name string) bool {
	for _, c := range cmds {
		if flagTable(c.Flags)[name] || subcommandFlagTakesValue(c.Subcommands, name) {
			return true
		}
	}
	return false
}

func isFlag(a string) bool {
	return len(a) > 1 && a[0] == '-'
}

// flagName returns the name in "--name", "-n" or "--name=value", and
// whether the value came attached.
func flagName(a string) (string, bool) {
	a = strings.TrimLeft(a, "-")
	if i := strings.IndexByte(a, '='); i >= 0 {
		return a[:i], true
	}
	return a, false
}

// flagTable maps every name of every flag to whether it takes a value.
// help and h are not in it: Reorder gives them to the innermost command.
func flagTable(flags []cli.Flag) map[string]bool {
	t := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			t[n] = !isBool
		}
	}
	return t
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// parentAction runs for a command that only holds subcommands (add,
// partner) when no subcommand was found. Alone or followed by a word that
// is not one of its subcommands, that is a usage mistake; the error names
// the subcommands, or the nearest one.
func parentAction(c *cli.Context) error {
	var names, first []string
	for _, sub := range c.Command.Subcommands {
		if !sub.Hidden {
			names = append(names, sub.Names()...)
			first = append(first, sub.Name)
		}
	}
	path := trimProgram(c.Command.HelpName)
	hint := "run `attune " + path + " --help` to see its commands"
	if !c.Args().Present() {
		return usage(hint, "attune %s needs one of its commands: %s", path, orList(first))
	}
	word := c.Args().First()
	if s := textcheck.Suggest(word, names); s != "" {
		hint = "did you mean " + s + "?"
	}
	return usage(hint, "unknown command %q for attune %s", word, path)
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
