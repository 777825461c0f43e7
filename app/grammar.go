package app

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/wordset"
)

// The grammar of attune's command line, made from the command table.
//
// urfave/cli v2 reads flags only before the first argument, and has its
// own idea of the rest. People type flags anywhere: `attune add boundary
// red "Being held down" --note "wrists"`. So before urfave/cli runs, the
// grammar reads the whole line once — which words are the command, which
// are flags and their values (global flags, the command's own, or a
// subcommand's typed before it), which are the arguments — checks it
// against the table, and hands urfave/cli the same line in the one order
// it reads: global flags, the command, its flags, `--`, the arguments.
// Completion, help and the man page read the same table, through the same
// functions, so they cannot disagree with what is run.

// flagUse is one flag as it was typed.
type flagUse struct {
	flag     cli.Flag
	typed    string // as typed: "-o", "--note=x"
	value    string
	hasValue bool
	global   bool
}

// name is the flag's canonical name.
func (u flagUse) name() string { return u.flag.Names()[0] }

// line is a command line as the grammar read it.
type line struct {
	path    []*cli.Command // the command typed: [partner, add]
	globals []flagUse
	locals  []flagUse
	args    []string // the arguments, in order
	help    bool     // --help or -h anywhere
	version bool     // --version or -v before any command
	// pending is a value flag that ends the line, when completing: its
	// value is the word being completed.
	pending *flagUse
	// dashDash: a `--` was typed; what follows is arguments only.
	dashDash bool
}

// cmd is the innermost command typed, or nil for attune itself.
func (l *line) cmd() *cli.Command {
	if len(l.path) == 0 {
		return nil
	}
	return l.path[len(l.path)-1]
}

// pathString is the command as typed after attune: "partner add".
func (l *line) pathString() string { return commandPathOf(l.path) }

func commandPathOf(path []*cli.Command) string {
	names := make([]string, len(path))
	for i, c := range path {
		names[i] = c.Name
	}
	return strings.Join(names, " ")
}

// argv is the line in the order urfave/cli reads.
func (l *line) argv() []string {
	out := []string{"attune"}
	add := func(uses []flagUse) {
		for _, u := range uses {
			if takesValue(u.flag) || u.hasValue {
				// A switch given a value (--no-color=maybe) is passed on
				// with it, for urfave/cli to accept or refuse.
				out = append(out, "--"+u.name()+"="+u.value)
			} else {
				out = append(out, "--"+u.name())
			}
		}
	}
	add(l.globals)
	if l.version {
		out = append(out, "--version")
	}
	for _, c := range l.path {
		out = append(out, c.Name)
	}
	if l.help {
		// Help is answered before urfave/cli runs, but the canonical
		// form still says it was asked for.
		out = append(out, "--help")
	}
	if c := l.cmd(); c != nil && c.SkipFlagParsing {
		return append(out, l.args...)
	}
	add(l.locals)
	if len(l.args) > 0 {
		out = append(out, "--")
		out = append(out, l.args...)
	}
	return out
}

// takesValue reports whether a flag needs a value.
func takesValue(f cli.Flag) bool {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.TakesValue()
	}
	return false
}

// isFlag reports whether a word is a flag: a dash and something more
// ("-" alone is an argument: standard input).
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// splitFlag returns the name in "--name", "-n" or "--name=value", and
// the value when it came attached.
func splitFlag(a string) (name, value string, hasValue bool) {
	a = strings.TrimLeft(a, "-")
	name, value, hasValue = strings.Cut(a, "=")
	return name, value, hasValue
}

func findFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) && !c.Hidden {
			return c
		}
	}
	return nil
}

// subFlag finds a flag of one of cmds or of their subcommands, for a
// flag typed before its subcommand: `attune add --note x boundary …`.
func subFlag(cmds []*cli.Command, name string) cli.Flag {
	for _, c := range cmds {
		if f := findFlag(c.Flags, name); f != nil {
			return f
		}
		if f := subFlag(c.Subcommands, name); f != nil {
			return f
		}
	}
	return nil
}

// parseLine reads args (without the program name). completing is set
// when the line is being completed: then nothing is refused, and a value
// flag at the end is pending.
func parseLine(a *cli.App, args []string, completing bool) (*line, error) {
	l := &line{}
	subs := a.Commands
	// valueAfterWords is the first value flag typed after some
	// arguments: any argument after it starts a second run of words.
	var valueAfterWords *flagUse
	known := func(word string) bool {
		if !isFlag(word) || word == "--" {
			return false
		}
		name, _, _ := splitFlag(word)
		return l.lookup(a, name, subs) != nil || name == "help" || name == "h"
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		if c := l.cmd(); c != nil && c.SkipFlagParsing {
			l.args = append(l.args, args[i:]...)
			break
		}
		switch {
		case w == "--":
			l.dashDash = true
			rest := args[i+1:]
			if valueAfterWords != nil && len(rest) > 0 && !completing {
				return nil, secondRun(valueAfterWords, rest)
			}
			l.args = append(l.args, rest...)
			i = len(args)
		case isFlag(w):
			name, value, hasValue := splitFlag(w)
			if name == "help" || name == "h" {
				l.help = true
				continue
			}
			if (name == "version" || name == "v") && len(l.path) == 0 {
				l.version = true
				continue
			}
			f := l.lookup(a, name, subs)
			if f == nil {
				if completing {
					continue
				}
				return nil, l.unknownFlag(a, w, subs)
			}
			u := flagUse{flag: f, typed: w, value: value, hasValue: hasValue, global: findFlag(a.Flags, name) != nil}
			if takesValue(f) && !hasValue {
				// A value flag at the end, or followed by `--` or by
				// another flag attune knows (`--note --private`), has no
				// value: the next word must never be taken for it.
				if i+1 == len(args) || args[i+1] == "--" || known(args[i+1]) {
					if completing && i+1 == len(args) {
						l.pending = &u
						continue
					}
					if completing {
						continue
					}
					return nil, missingValue(w, l.pathString(), i+1 == len(args))
				}
				i++
				u.value, u.hasValue = args[i], true
			}
			if !completing {
				if err := l.checkShortI(u); err != nil {
					return nil, err
				}
				if err := l.checkTwice(u); err != nil {
					return nil, err
				}
			}
			if u.global {
				l.globals = append(l.globals, u)
			} else {
				l.locals = append(l.locals, u)
			}
			if takesValue(f) && len(l.args) > 0 && valueAfterWords == nil {
				after := u
				valueAfterWords = &after
			}
		case len(l.args) == 0 && len(subs) > 0:
			c := findCommand(subs, w)
			if c == nil {
				if completing {
					l.args = append(l.args, w)
					subs = nil
					continue
				}
				return nil, unknownCommand(a, l.path, w)
			}
			l.path = append(l.path, c)
			subs = c.Subcommands
		default:
			if valueAfterWords != nil && !completing {
				return nil, secondRun(valueAfterWords, wordRun(args[i:]))
			}
			l.args = append(l.args, w)
		}
	}
	if completing || l.help || l.version {
		return l, nil
	}
	if err := l.checkLocals(a); err != nil {
		return nil, err
	}
	if c := l.cmd(); c != nil && len(c.Subcommands) > 0 && c.Action == nil {
		return nil, needsSubcommand(l.path)
	}
	if c := l.cmd(); c != nil && !c.SkipFlagParsing {
		args, err := checkArgs(l.path, l.args)
		if err != nil {
			return nil, err
		}
		l.args = args
	}
	return l, nil
}

// lookup finds a flag by name: a global one, one of the command typed so
// far, or one of its subcommands not yet typed.
func (l *line) lookup(a *cli.App, name string, subs []*cli.Command) cli.Flag {
	if f := findFlag(a.Flags, name); f != nil {
		return f
	}
	if c := l.cmd(); c != nil {
		if f := findFlag(c.Flags, name); f != nil {
			return f
		}
	}
	return subFlag(subs, name)
}

// checkLocals refuses a flag of a subcommand typed before a subcommand
// that does not have it.
func (l *line) checkLocals(a *cli.App) error {
	c := l.cmd()
	for _, u := range l.locals {
		if c == nil || findFlag(c.Flags, u.name()) == nil {
			return l.unknownFlag(a, u.typed, nil)
		}
	}
	return nil
}

// checkShortI refuses `-i high` on a command that has --intensity: -i is
// --identity, as in age, and taking "high" for a key file would only
// confuse.
func (l *line) checkShortI(u flagUse) error {
	if u.name() != "identity" || u.typed != "-i" && !strings.HasPrefix(u.typed, "-i=") {
		return nil
	}
	c := l.cmd()
	if c == nil || findFlag(c.Flags, "intensity") == nil {
		return nil
	}
	if !kinds["INTENSITY"].words.Has(u.value) {
		return nil
	}
	return usage(fmt.Sprintf("did you mean --intensity? (for example: --intensity %s)", wordset.Fold(u.value)),
		"-i is --identity, the key file to decrypt with, not --intensity")
}

// unknownFlag words a flag the command does not have, with the nearest
// one it has.
func (l *line) unknownFlag(a *cli.App, typed string, subs []*cli.Command) error {
	var names []string
	for _, f := range allFlags(a, l.cmd()) {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, "--"+n)
			}
		}
	}
	for _, c := range subs {
		for _, f := range c.Flags {
			names = append(names, "--"+f.Names()[0])
		}
	}
	name, _, _ := splitFlag(typed)
	hint := helpHint(l.pathString())
	if s := textcheck.Suggest("--"+name, names); s != "" {
		hint = "did you mean " + s + "?"
	}
	where := ""
	if p := l.pathString(); p != "" {
		where = " for attune " + p
	}
	return usage(hint, "unknown flag %s%s", shownFlag(typed), where)
}

// checkTwice refuses a flag given twice with two values (--private
// --private=false, --light red --light green): which one was meant is
// not for attune to guess. A flag that takes a list (--share-with) may
// be repeated; the same value twice is harmless.
func (l *line) checkTwice(u flagUse) error {
	if _, list := u.flag.(*cli.StringSliceFlag); list {
		return nil
	}
	for _, v := range slices.Concat(l.globals, l.locals) {
		if v.name() == u.name() && v.value != u.value {
			return usage("give it once, with the value you mean",
				"--%s is given twice, with two values", u.name())
		}
	}
	return nil
}

// shownFlag is a typed flag without its value (which may be text).
func shownFlag(typed string) string {
	name, _, _ := splitFlag(typed)
	if strings.HasPrefix(typed, "--") || len(name) > 1 {
		return "--" + name
	}
	return "-" + name
}

// allFlags are the flags a command accepts: its own and the global ones.
func allFlags(a *cli.App, c *cli.Command) []cli.Flag {
	if c == nil {
		return a.Flags
	}
	return slices.Concat(c.Flags, a.Flags)
}

// missingValue refuses a value flag given none: last on the line, or
// followed by -- or another flag (then the value may have been meant to
// start with a dash).
func missingValue(typed, path string, last bool) error {
	name, _, _ := splitFlag(typed)
	hint := fmt.Sprintf("a value that starts with a dash goes after an equals sign: --%s=VALUE; %s", name, helpHint(path))
	if last {
		hint = fmt.Sprintf("give it a value after a space: --%s VALUE; %s", name, helpHint(path))
	}
	return usage(hint, "%s needs a value", shownFlag(typed))
}

// secondRun refuses words that follow a flag's value after other words:
// in `add boundary green Kissing --note not on the neck`, "on the neck"
// could be the note or the text, and a partner must read what was meant.
func secondRun(after *flagUse, rest []string) error {
	words := strings.Join(rest, " ")
	name := after.name()
	return usage(fmt.Sprintf("put the %s in quotes: --%s %s", flagNoun(name), name, shellQuote(after.value+" "+words)),
		"%q follows --%s's value %q", words, name, after.value)
}

// wordRun is the run of words args starts with, up to a flag.
func wordRun(args []string) []string {
	for i, a := range args {
		if isFlag(a) {
			return args[:i]
		}
	}
	return args
}

// flagNoun is how a hint names the value of a flag.
func flagNoun(name string) string {
	switch name {
	case "note", "text", "name":
		return name
	case "helps":
		return "text of what helps"
	}
	return "whole value"
}

func unknownCommand(a *cli.App, path []*cli.Command, word string) error {
	cmds := a.Commands
	where := "attune"
	if len(path) > 0 {
		cmds = path[len(path)-1].Subcommands
		where = "attune " + commandPathOf(path)
	}
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	hint := "run `" + where + " --help` to see its commands"
	if s := textcheck.Suggest(word, names); s != "" {
		hint = "did you mean " + s + "?"
	}
	if len(path) == 0 {
		return usage(hint, "unknown command %q", word)
	}
	return usage(hint, "unknown command %q for %s", word, where)
}

// needsSubcommand: a command that only holds others (add, partner),
// alone.
func needsSubcommand(path []*cli.Command) error {
	var first []string
	for _, sub := range path[len(path)-1].Subcommands {
		if !sub.Hidden {
			first = append(first, sub.Name)
		}
	}
	p := commandPathOf(path)
	return usage("run `attune "+p+" --help` to see its commands", "attune %s needs one of its commands: %s", p, wordset.OrList(first))
}

// argSpec is one argument of a command, read from its ArgsUsage:
// "LIGHT", "TEXT..." (the rest), "[ID]" (optional), "[KEY...]".
type argSpec struct {
	kind     string
	optional bool
	many     bool
}

var specCache sync.Map // *cli.Command → []argSpec

// argSpecs reads a command's arguments from its ArgsUsage.
func argSpecs(c *cli.Command) []argSpec {
	if v, ok := specCache.Load(c); ok {
		return v.([]argSpec)
	}
	var out []argSpec
	for _, w := range strings.Fields(c.ArgsUsage) {
		s := argSpec{}
		if strings.HasPrefix(w, "[") {
			s.optional, w = true, strings.Trim(w, "[]")
		}
		if strings.HasSuffix(w, "...") {
			s.many, w = true, strings.TrimSuffix(w, "...")
		}
		s.kind = w
		out = append(out, s)
	}
	specCache.Store(c, out)
	return out
}

// checkArgs checks the arguments against the command's spec: enough of
// them, not too many, and a word of two-word spellings typed without
// quotes ("ask first", "green light", "stop word") read as meant or
// refused when it could be either.
func checkArgs(path []*cli.Command, args []string) ([]string, error) {
	c := path[len(path)-1]
	specs := argSpecs(c)
	p := commandPathOf(path)
	example := firstExample(c)
	hint := helpHint(p)
	if example != "" {
		hint = "for example: " + example
	}
	var needed []string
	for _, s := range specs {
		if !s.optional {
			needed = append(needed, kinds[s.kind].noun)
		}
	}
	if len(args) < len(needed) {
		return nil, usage(hint, "%s needs %s", p, andList(needed))
	}
	last := len(specs) > 0 && specs[len(specs)-1].many
	if !last && len(args) > len(specs) {
		if len(specs) == 0 {
			return nil, usage(hint, "%s takes no arguments", p)
		}
		return nil, usage(hint, "%s takes at most %s", p, countWord(len(specs), "argument", "arguments"))
	}
	for i, s := range specs {
		if i >= len(args) || s.many {
			break
		}
		joined, err := joinTwoWords(s.kind, args, i, p)
		if err != nil {
			return nil, err
		}
		args = joined
	}
	return args, nil
}

// joinTwoWords reads an argument whose words include spellings of two
// words. "stop word" typed without quotes is the setting when "stop"
// alone is not one; when the first word is a spelling on its own and the
// two together are one too ("green" and "green light", "ask" and "ask
// first"), the line could mean either, and is refused: `add boundary
// green Light spanking` must never store "spanking" as GO.
func joinTwoWords(kindName string, args []string, i int, path string) ([]string, error) {
	w := kinds[kindName].words
	if w == nil || i+1 >= len(args) || strings.TrimSpace(args[i+1]) == "" || strings.ContainsAny(args[i+1], " \t") {
		return args, nil
	}
	pair := args[i] + " " + args[i+1]
	if !w.Has(pair) {
		return args, nil
	}
	if !w.Has(args[i]) {
		return slices.Concat(args[:i], []string{pair}, args[i+2:]), nil
	}
	rest := strings.Join(args[i+2:], " ")
	hint := fmt.Sprintf("put what belongs together in quotes: attune %s %s %s, or attune %s %s %s",
		path, shellQuote(pair), shellQuote(rest), path, args[i], shellQuote(args[i+1]+" "+rest))
	if rest == "" {
		hint = fmt.Sprintf("for the %s, put it in quotes: attune %s %s", w.Kind(), path, shellQuote(pair))
	}
	return nil, usage(hint, "%q could be the %s %q, or the %s %q followed by %q", pair, w.Kind(), pair, w.Kind(), args[i], args[i+1])
}

func firstExample(c *cli.Command) string {
	ex, _, _ := strings.Cut(c.UsageText, "\n")
	return ex
}

func andList(words []string) string { return joinList(words, "and") }

func orList(words []string) string { return joinList(words, "or") }

// joinList is "a, b and c".
func joinList(words []string, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + last + " " + words[len(words)-1]
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "one " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// helpHint points to the help of a command ("" for attune itself).
func helpHint(path string) string {
	if path == "" {
		return "see `attune --help`"
	}
	return "see `attune " + path + " --help`"
}

// shellQuote quotes text for a command line shown to a person: double
// quotes when that is safe (easier to read), single quotes otherwise.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"$`\\!*?&;|<>()[]{}#~") {
		return s
	}
	if !strings.ContainsAny(s, "\"$`\\!") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
