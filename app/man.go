package app

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// manAction prints the manual page, generated from the command table so
// that it can't drift from it, plus the exit codes and files.
func manAction(c *cli.Context) error {
	if c.Args().Present() {
		return usage("", "man takes no arguments")
	}
	// From a fresh app: the running one's flags have taken their values
	// from the environment (ATTUNE_DIR), which the page must not show.
	page, err := newApp(nil, nil).ToManWithSection(1)
	if err != nil {
		return err
	}
	// md2man starts with .nh; a man page must start with .TH.
	page = strings.TrimPrefix(strings.TrimLeft(page, "\n"), ".nh\n")
	th := fmt.Sprintf(".TH ATTUNE 1 \"\" \"attune %s\" \"User Commands\"\n.nh\n", strings.ReplaceAll(c.App.Version, "\"", ""))
	page = strings.Replace(page, ".TH attune 1\n", th, 1)
	var b strings.Builder
	b.WriteString(page)
	b.WriteString(manExtra)
	_, err = fmt.Fprint(c.App.Writer, b.String())
	return err
}

const manExtra = `.SH EXIT STATUS
.TP
.B 0
done
.TP
.B 1
could not be done (the message says why); nothing was changed, unless the message says the change was saved
.TP
.B 2
the command line was wrong (unknown flag, missing argument)
.SH ENVIRONMENT
.TP
.B ATTUNE_DIR
the store folder (like \-\-dir)
.TP
.B ATTUNE_IDENTITY
the identity file to decrypt with (like \-\-identity)
.TP
.B NO_COLOR
when set, never colour the output
.TP
.B ATTUNE_PASSPHRASE
for scripts and tests only: the passphrase, instead of asking on the terminal
.SH FILES
.TP
.I ~/.local/share/attune/map.toml.age
your map, age\-encrypted; map.toml.age.bak is the previous version
.TP
.I ~/.local/share/attune/identity
your key (an age identity file)
`
