package app

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/iostreams"
)

// testApp is a fresh app on a test terminal.
func testApp() *cli.App {
	ios, _, _, _ := iostreams.Test()
	return newApp(ios)
}

// eachCommand calls fn for every runnable command with its path.
func eachCommand(a *cli.App, fn func(path []*cli.Command)) {
	for _, p := range leafPaths(a.Commands, nil) {
		fn(p)
	}
}

// Every placeholder in the command table — of an argument or of a
// flag's value — is a kind the grammar, help, man page and completion
// know; every value flag has one.
func TestTablePlaceholdersAreKinds(t *testing.T) {
	a := testApp()
	check := func(where, name string) {
		if _, ok := kinds[name]; !ok {
			t.Errorf("%s: %q is not a known kind", where, name)
		}
	}
	for _, f := range a.Flags {
		if takesValue(f) {
			check("global --"+f.Names()[0], flagKind(f))
		}
	}
	eachCommand(a, func(p []*cli.Command) {
		c := p[len(p)-1]
		for _, s := range argSpecs(c) {
			check(commandPathOf(p), s.kind)
		}
		for _, f := range c.Flags {
			if takesValue(f) {
				check(commandPathOf(p)+" --"+f.Names()[0], flagKind(f))
			}
		}
		if c.UsageText == "" {
			t.Errorf("%s has no example", commandPathOf(p))
		}
		for _, ex := range strings.Split(c.UsageText, "\n") {
			if !strings.HasPrefix(ex, "attune "+commandPathOf(p)) {
				t.Errorf("%s: example %q is not of this command", commandPathOf(p), ex)
			}
		}
	})
}

// The examples in the table are command lines the grammar accepts, as
// they are written: help never shows a line that would be refused.
func TestTableExamplesParse(t *testing.T) {
	a := testApp()
	eachCommand(a, func(p []*cli.Command) {
		for _, ex := range strings.Split(p[len(p)-1].UsageText, "\n") {
			args := shellSplit(t, ex)[1:]
			if _, err := parseLine(a, args, false); err != nil {
				t.Errorf("example %q is refused: %v", ex, err)
			}
		}
	})
}

// shellSplit splits an example line as a shell would, for the quotes the
// examples use; a redirection ends the command.
func shellSplit(t *testing.T, line string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		case r == '>' || r == '|':
			if in {
				out = append(out, cur.String())
			}
			return out
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// Each word set is read the same by every part of attune: what
// completion offers parses to a value, what help and the man page list
// is every offered spelling, and a suggestion is always an offered
// spelling.
func TestWordSetsAgree(t *testing.T) {
	a := testApp()
	page := manPage(a, "test")
	for name, k := range kinds {
		if k.words == nil {
			continue
		}
		if k.complete != completeWords {
			t.Errorf("%s has words but completion does not offer them", name)
		}
		ios, _, out, _ := iostreams.Test()
		cands, _ := kindCompletions(a, ios, &line{}, name)
		var offered []string
		for _, c := range cands {
			offered = append(offered, c.value)
		}
		if !slices.Equal(offered, k.words.Completions()) {
			t.Errorf("%s: completion offers %v, the word set %v", name, offered, k.words.Completions())
		}
		for _, w := range offered {
			if !k.words.Has(w) {
				t.Errorf("%s: completion offers %q, which does not parse", name, w)
			}
		}
		desc := k.words.Describe()
		for _, w := range k.words.Offered() {
			if !k.words.Has(w) {
				t.Errorf("%s: %q is offered but does not parse", name, w)
			}
			if !strings.Contains(desc, w) {
				t.Errorf("%s: help does not list %q: %s", name, w, desc)
			}
			if s := k.words.Suggest(w[:len(w)-1] + "x"); s != "" && !slices.Contains(k.words.Offered(), s) {
				t.Errorf("%s: suggestion %q is not offered", name, s)
			}
		}
		if slices.Contains(manKinds(), name) && !strings.Contains(page, roff(desc)) {
			t.Errorf("the man page does not list the %s words", name)
		}
		_ = out
	}
	// Help of a command lists the words of its arguments' and flags'
	// kinds: list --light.
	var buf bytes.Buffer
	if err := showHelp(&buf, a, []*cli.Command{findCommand(a.Commands, "list")}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), kinds["LIGHT"].words.Describe()[:20]) {
		t.Errorf("list --help does not list the lights:\n%s", buf.String())
	}
}
