package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/internal/iostreams"
)

// FuzzGrammar: reading a command line never panics, nor does completing
// it; a line that is accepted reads the same again from the order it is
// handed to urfave/cli (so urfave/cli runs exactly what the grammar
// read); no argument typed is lost or moved; and a flag's value is never
// a flag attune knows.
func FuzzGrammar(f *testing.F) {
	for _, s := range []string{
		"add\x00boundary\x00red\x00Being held down\x00--note\x00wrists",
		"--dir\x00/tmp/s\x00list\x00--json",
		"add\x00trigger\x00smells\x00--\x00--helps\x00-x",
		"edit\x00b1\x00--text=New\x00--private",
		"-i\x00id\x00remove\x00b1\x00t2",
		"--\x00-x",
		"add\x00--note\x00wrists\x00boundary\x00red\x00Held",
		"add\x00boundary\x00red\x00Choking\x00--note\x00--private",
		"add\x00boundary\x00green\x00Kissing\x00--note\x00not\x00on the neck",
		"add\x00boundary\x00ask\x00first\x00time",
		"set\x00stop\x00word\x00mango",
		"import\x00--as\x00Sam\x00for-alex.age",
		"add\x00trigger\x00touch\x00x\x00-i\x00high",
		"help\x00add\x00boundary",
	} {
		f.Add(s)
	}
	a := newApp(func() *iostreams.IO { s, _, _, _ := iostreams.Test(); return s }())
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		ios, _, _, _ := iostreams.Test()
		completions(a, ios, completionReq{shell: "zsh", words: args})
		l, err := parseLine(a, args, false)
		if err != nil {
			return
		}
		again, err := parseLine(a, l.argv()[1:], false)
		if err != nil {
			t.Fatalf("%q was read, but its canonical form %q is refused: %v", args, l.argv(), err)
		}
		if again.help != l.help || again.version != l.version {
			t.Fatalf("%q asks for help or the version, its canonical form %q does not", args, l.argv())
		}
		if !slices.Equal(again.args, l.args) || len(again.path) != len(l.path) ||
			len(again.locals) != len(l.locals) || len(again.globals) != len(l.globals) {
			t.Fatalf("%q reads differently from its canonical form %q", args, l.argv())
		}
		for i, u := range slices.Concat(l.globals, l.locals) {
			v := slices.Concat(again.globals, again.locals)[i]
			if u.name() != v.name() || u.value != v.value {
				t.Fatalf("%q: flag %s=%q became %s=%q", args, u.name(), u.value, v.name(), v.value)
			}
			if takesValue(u.flag) && isFlag(u.value) && !strings.Contains(u.typed, "=") {
				name, _, _ := splitFlag(u.value)
				if l.lookup(a, name, nil) != nil {
					t.Fatalf("%q: --%s took the flag %q as its value", args, u.name(), u.value)
				}
			}
		}
		// Every argument typed is there, in order (two words of one
		// spelling may be joined by a space).
		if got, want := strings.Join(l.args, " "), strings.Join(typedArgs(args, l), " "); !strings.HasSuffix(want, got) && got != want {
			t.Fatalf("%q: arguments %q, typed %q", args, l.args, want)
		}
	})
}

// typedArgs are the words of args that are neither the command, nor
// flags, nor their values.
func typedArgs(args []string, l *line) []string {
	var out []string
	skip := map[int]bool{}
	cmds := len(l.path)
	for i := 0; i < len(args); i++ {
		w := args[i]
		if w == "--" {
			out = append(out, args[i+1:]...)
			break
		}
		if isFlag(w) {
			name, _, hasValue := splitFlag(w)
			if f := l.lookup(newAppForNames(), name, nil); f != nil && takesValue(f) && !hasValue {
				skip[i+1] = true
			}
			continue
		}
		if skip[i] {
			continue
		}
		if cmds > 0 {
			cmds--
			continue
		}
		out = append(out, w)
	}
	return out
}

var namesApp = newApp(func() *iostreams.IO { s, _, _, _ := iostreams.Test(); return s }())

func newAppForNames() *cli.App { return namesApp }
