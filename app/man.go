package app

import (
	roffpkg "github.com/attune-dev/attune/internal/roff"

	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// The manual page, made from the command table (never from the running
// app, whose flags may hold values from the environment): a synopsis
// line per command, what each does with its flags, the values, examples,
// files, environment, exit status.

func manAction(x *ctx) error {
	_, err := io.WriteString(x.out(), manPage(newApp(x.io), version()))
	return err
}

func manPage(a *cli.App, ver string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH ATTUNE 1 \"\" \"attune %s\" \"User Commands\"\n.nh\n.ad l\n", roff(strings.ReplaceAll(ver, "\"", "")))
	b.WriteString(".SH NAME\nattune \\- " + roff(a.Usage) + "\n")
	b.WriteString(".SH SYNOPSIS\n")
	paths := leafPaths(a.Commands, nil)
	for _, p := range paths {
		b.WriteString(manSynopsis(p) + "\n.br\n")
	}
	b.WriteString(".SH DESCRIPTION\n" + roff(a.Description) + "\n.PP\n" + roff(manIntro) + "\n")
	b.WriteString(".SH COMMANDS\n")
	for _, p := range paths {
		c := p[len(p)-1]
		b.WriteString(".TP\n" + manSynopsis(p) + "\n")
		text := c.Usage
		if c.Description != "" {
			text = c.Description
		}
		b.WriteString(roff(text) + "\n")
		if len(c.Aliases) > 0 {
			b.WriteString(".br\nAlso: " + roff(strings.Join(c.Aliases, ", ")) + ".\n")
		}
		for _, f := range c.Flags {
			b.WriteString(".RS\n.TP\n" + manFlag(f) + "\n" + roff(flagAbout(f)) + "\n.RE\n")
		}
	}
	b.WriteString(".SH GLOBAL FLAGS\nAccepted anywhere on the line.\n")
	for _, f := range a.Flags {
		b.WriteString(".TP\n" + manFlag(f) + "\n" + roff(flagAbout(f)) + "\n")
	}
	b.WriteString(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the help of the command typed before it\n")
	b.WriteString(".TP\n\\fB\\-v\\fR, \\fB\\-\\-version\\fR\nprint attune's version\n")
	b.WriteString(".SH VALUES\n")
	for _, name := range manKinds() {
		b.WriteString(".TP\n\\fI" + name + "\\fR\n" + roff(kinds[name].words.Describe()) + "\n")
	}
	b.WriteString(manTail)
	return b.String()
}

// manKinds are the kinds with fixed words, in the order the page lists
// them.
func manKinds() []string {
	return []string{"LIGHT", "CATEGORY", "INTENSITY", "FORMAT", "SETTING", "SECTION", "SHELL"}
}

// manSynopsis is a command's line: bold words, italic placeholders.
func manSynopsis(path []*cli.Command) string {
	c := path[len(path)-1]
	s := "\\fBattune " + roff(commandPathOf(path)) + "\\fR"
	for _, w := range strings.Fields(c.ArgsUsage) {
		kind := strings.Trim(w, "[]")
		dots := strings.HasSuffix(kind, "...")
		kind = strings.TrimSuffix(kind, "...")
		arg := "\\fI" + kind + "\\fR"
		if dots {
			arg += "..."
		}
		if strings.HasPrefix(w, "[") {
			arg = "[" + arg + "]"
		}
		s += " " + arg
	}
	for _, f := range c.Flags {
		s += " [" + manFlagShort(f) + "]"
	}
	return s
}

func manFlagShort(f cli.Flag) string {
	s := "\\fB\\-\\-" + roff(f.Names()[0]) + "\\fR"
	if takesValue(f) {
		s += " \\fI" + flagKind(f) + "\\fR"
	}
	return s
}

func manFlag(f cli.Flag) string {
	var parts []string
	for _, n := range f.Names()[1:] {
		parts = append(parts, "\\fB\\-"+roff(n)+"\\fR")
	}
	parts = append(parts, "\\fB\\-\\-"+roff(f.Names()[0])+"\\fR")
	s := strings.Join(parts, ", ")
	if takesValue(f) {
		s += " \\fI" + flagKind(f) + "\\fR"
	}
	return s
}

// roff escapes text for the page (internal/roff).
func roff(s string) string { return roffpkg.Text(s) }

const manIntro = "Flags may come before or after the arguments. Text may be one quoted argument or several words, " +
	"but the words of one field are one unbroken run: words after a flag's value are refused, never " +
	"guessed. A light of two words (\"ask first\", \"red light\") is one quoted argument. `--` ends the " +
	"flags, for text that starts with a dash; a value that starts with a dash goes after an equals sign " +
	"(--note=-x)."

const manTail = `.SH EXAMPLES
.SS First run
.nf
attune init \-\-name Sam
attune add boundary red "Being held down" \-\-note "wrists especially"
attune add boundary "ask first" Kissing my neck
attune add trigger smells "A particular aftershave" \-\-intensity high \-\-helps "Open a window"
attune set safeword pineapple
attune list
.fi
.SS Sharing with a partner
.nf
attune key                                  # give this line to your partner
attune partner add Alex age1...             # the line Alex's attune key printed
attune export \-\-partner Alex \-\-output for\-alex.age
attune import from\-alex.age                 # what Alex sent you
attune list \-\-partner Alex
.fi
.SS Printing a card
.nf
attune summary \-\-format html \-\-output card.html
.fi
Open card.html in a browser and print it. The file is not encrypted: delete it when you are done.
.SH FILES
.TP
.I ~/.local/share/attune/map.toml.age
your map, age\-encrypted to your key; map.toml.age.bak is the previous version
.TP
.I ~/.local/share/attune/identity
your key (an age identity file); keep a copy somewhere safe: without it the map cannot be opened
.TP
.I ~/.local/share/attune/config.toml
your public key, and where your key is when you adopted one; no secrets
.TP
.I ~/.local/share/attune/partners/
the maps your partners exported for you, encrypted to your key
.SH ENVIRONMENT
.TP
.B ATTUNE_DIR
the store folder (like \-\-dir)
.TP
.B ATTUNE_IDENTITY
the identity file to decrypt with (like \-\-identity)
.TP
.B XDG_DATA_HOME
where the store is when neither is set: $XDG_DATA_HOME/attune
.TP
.B NO_COLOR
when set, never colour the output
.TP
.B ATTUNE_PASSPHRASE
for scripts and tests only: the passphrase, instead of asking at the terminal (other processes of the same user can read it)
.SH EXIT STATUS
.TP
.B 0
done
.TP
.B 1
could not be done (the message says why); nothing was changed, unless the message says the change was saved
.TP
.B 2
the command line was wrong (an unknown command or flag, a missing argument, an unknown light, category, intensity, kind of sign, time or format)
.SH SEE ALSO
.BR age (1),
.BR age\-keygen (1)
`
