package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/textwidth"
)

// Help is made from the command table: what a command does, its
// arguments and the values they accept, its flags, and examples. `attune
// help COMMAND` and `attune COMMAND --help` show the same page.

// helpWidth is the width help is wrapped to.
const helpWidth = 80

func helpAction(x *ctx) error {
	a := x.App
	var path []*cli.Command
	cmds := a.Commands
	for _, w := range x.Args().Slice() {
		c := findCommand(cmds, w)
		if c == nil {
			return unknownCommand(a, path, w)
		}
		path = append(path, c)
		cmds = c.Subcommands
	}
	return showHelp(x.out(), a, path)
}

// showHelp writes the help of the command at path (attune's own when
// path is empty).
func showHelp(w io.Writer, a *cli.App, path []*cli.Command) error {
	var b strings.Builder
	if len(path) == 0 {
		appHelp(&b, a)
	} else {
		commandHelp(&b, a, path)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func appHelp(b *strings.Builder, a *cli.App) {
	fmt.Fprintf(b, "attune — %s\n\n", a.Usage)
	para(b, "", a.Description)
	b.WriteString("\nUsage:\n  attune COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n")
	var rows [][2]string
	for _, p := range leafPaths(a.Commands, nil) {
		c := p[len(p)-1]
		name := commandPathOf(p)
		if len(c.Aliases) > 0 {
			name += " (" + strings.Join(c.Aliases, ", ") + ")"
		}
		rows = append(rows, [2]string{name, c.Usage})
	}
	table(b, rows)
	b.WriteString("\nGlobal flags, accepted anywhere on the line:\n")
	table(b, append(flagRows(a.Flags),
		[2]string{"-h, --help", "show help (of the command typed before it)"},
		[2]string{"-v, --version", "print attune's version"}))
	b.WriteString("\nRun `attune help COMMAND` for a command's arguments, values, flags and examples.\n")
}

// leafPaths lists every runnable command with the path to it.
func leafPaths(cmds []*cli.Command, prefix []*cli.Command) [][]*cli.Command {
	var out [][]*cli.Command
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		p := append(append([]*cli.Command(nil), prefix...), c)
		if len(c.Subcommands) > 0 {
			out = append(out, leafPaths(c.Subcommands, p)...)
		} else {
			out = append(out, p)
		}
	}
	return out
}

func commandHelp(b *strings.Builder, a *cli.App, path []*cli.Command) {
	c := path[len(path)-1]
	name := "attune " + commandPathOf(path)
	fmt.Fprintf(b, "%s — %s\n\n", name, c.Usage)
	if len(c.Subcommands) > 0 {
		b.WriteString("Commands:\n")
		var rows [][2]string
		for _, p := range leafPaths(c.Subcommands, path) {
			rows = append(rows, [2]string{commandPathOf(p) + " " + p[len(p)-1].ArgsUsage, p[len(p)-1].Usage})
		}
		table(b, rows)
		fmt.Fprintf(b, "\nRun `%s COMMAND --help` for one of them.\n", name)
		return
	}
	fmt.Fprintf(b, "Usage:\n  %s\n", synopsis(path))
	if c.Description != "" {
		b.WriteString("\n")
		para(b, "", c.Description)
	}
	if specs := argSpecs(c); len(specs) > 0 {
		b.WriteString("\nArguments:\n")
		var rows [][2]string
		for _, s := range specs {
			rows = append(rows, [2]string{s.kind, kinds[s.kind].about})
		}
		table(b, rows)
	}
	if len(c.Flags) > 0 {
		b.WriteString("\nFlags:\n")
		table(b, flagRows(c.Flags))
	}
	if vals := valueRows(c); len(vals) > 0 {
		b.WriteString("\nValues:\n")
		table(b, vals)
	}
	b.WriteString("\nGlobal flags: --dir DIR, -i/--identity FILE, --no-color, -h/--help (see `attune --help`)\n")
	if c.UsageText != "" {
		b.WriteString("\nExamples:\n")
		for _, ex := range strings.Split(c.UsageText, "\n") {
			b.WriteString("  " + ex + "\n")
		}
	}
}

// synopsis is a command's usage line: its path, arguments, and flags.
func synopsis(path []*cli.Command) string {
	c := path[len(path)-1]
	s := "attune " + commandPathOf(path)
	if c.ArgsUsage != "" {
		s += " " + c.ArgsUsage
	}
	if len(c.Flags) > 0 {
		s += " [FLAGS]"
	}
	return s
}

// flagRows are the flags as "-o, --output FILE" and what they do.
func flagRows(flags []cli.Flag) [][2]string {
	var rows [][2]string
	for _, f := range flags {
		rows = append(rows, [2]string{flagSpelling(f), flagAbout(f)})
	}
	return rows
}

// flagSpelling is how a flag is typed: "-o, --output FILE".
func flagSpelling(f cli.Flag) string {
	var names []string
	for _, n := range f.Names()[1:] {
		names = append(names, "-"+n)
	}
	names = append(names, "--"+f.Names()[0])
	s := strings.Join(names, ", ")
	if takesValue(f) {
		s += " " + flagKind(f)
	}
	return s
}

// valueRows lists, for each kind with fixed words that the command's
// arguments or flags take, the words it accepts.
func valueRows(c *cli.Command) [][2]string {
	var rows [][2]string
	seen := map[string]bool{}
	addKind := func(name string) {
		k, ok := kinds[name]
		if !ok || k.words == nil || seen[name] {
			return
		}
		seen[name] = true
		rows = append(rows, [2]string{name, k.words.Describe()})
	}
	for _, s := range argSpecs(c) {
		addKind(s.kind)
	}
	for _, f := range c.Flags {
		if takesValue(f) {
			addKind(flagKind(f))
		}
	}
	return rows
}

// table writes rows of two columns, the second wrapped with a hanging
// indent.
func table(b *strings.Builder, rows [][2]string) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	width = min(width, 28)
	for _, r := range rows {
		left := "  " + r[0]
		if len(r[0]) > width {
			b.WriteString(left + "\n")
			left = ""
		}
		pad := strings.Repeat(" ", width+4)
		first := left + strings.Repeat(" ", max(0, width+4-len(left)))
		for i, l := range wrapText(r[1], helpWidth-width-4) {
			if i == 0 {
				b.WriteString(first + l + "\n")
			} else {
				b.WriteString(pad + l + "\n")
			}
		}
	}
}

// para writes text wrapped to the help width.
func para(b *strings.Builder, indent, text string) {
	for _, l := range wrapText(text, helpWidth-len(indent)) {
		b.WriteString(indent + l + "\n")
	}
}

// wrapText breaks text between words into lines of at most width
// columns.
func wrapText(text string, width int) []string {
	return textwidth.Wrap("", "", text, width)
}
