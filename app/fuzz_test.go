package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/testmaps"
)

// FuzzDecodeForeign: a partner's file, however hostile, never makes
// attune panic, never brings in partner keys, and what is accepted is a
// valid map.
func FuzzDecodeForeign(f *testing.F) {
	shared, _ := testmaps.Sample(4).Shareable()
	data, _ := shared.Encode()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeForeign(data)
		if err != nil {
			return
		}
		if len(m.Partners) > 0 {
			t.Fatal("a foreign map with partners was accepted")
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("an accepted foreign map does not validate: %v", err)
		}
	})
}

// FuzzReorder: Reorder never panics; every argument typed is passed on
// (only a typed `--` may be replaced by attune's own); what follows a
// typed `--` stays, in order, at the end after a `--`; and the words not
// right after a flag (commands and arguments) keep their order.
func FuzzReorder(f *testing.F) {
	for _, s := range []string{
		"add\x00boundary\x00red\x00Being held down\x00--note\x00wrists",
		"--dir\x00/tmp/s\x00list\x00--json",
		"add\x00trigger\x00smells\x00--\x00--helps\x00-x",
		"edit\x00b1\x00--text=New\x00--private",
		"-i\x00id\x00remove\x00b1\x00t2",
		"list\x00--generate-bash-completion",
		"--\x00-x",
		"edit\x00b1\x00--text\x00--generate-bash-completion",
		"add\x00boundary\x00red\x00--\x00Words\x00--\x00--generate-bash-completion",
		"--generate-bash-completion\x00edit\x00--text",
		"edit\x00b1\x00--text",
		"add\x00--note\x00wrists\x00boundary\x00red\x00Held",
		"add\x00boundary\x00red\x00--note\x00--\x00--generate-bash-completion",
		"add\x00boundary\x00red\x00Choking\x00--note\x00--private",
	} {
		f.Add(s)
	}
	a := newApp(nil, nil)
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		r := reorder(a, args)
		out, pending := r.args, r.pending
		if !slices.Equal(out, Reorder(a, args)) {
			t.Fatalf("Reorder and reorder differ on %q", args)
		}

		// Completing never runs the command: the marker stays last, and
		// no `--` (after which urfave/cli would run the command with
		// the marker as an argument) is left.
		// (The shells put the marker last; one typed before any `--`
		// counts too.)
		beforeEnd := args
		if i := slices.Index(args, "--"); i >= 0 {
			beforeEnd = args[:i]
		}
		completing := len(args) > 0 && args[len(args)-1] == completeFlag || slices.Contains(beforeEnd, completeFlag)
		if completing && (out[len(out)-1] != completeFlag || slices.Contains(out, "--")) {
			t.Fatalf("completing %q gives %q", args, out)
		}
		if pending != "" && !completing {
			t.Fatalf("a pending flag %q without completion: %q", pending, args)
		}
		// The empty word the scripts pass before the marker is no
		// argument: the checks below go by the line without it.
		if n := len(args); n >= 2 && args[n-1] == completeFlag && args[n-2] == "" {
			args = append(slices.Clone(args[:n-2]), completeFlag)
		}
		if r.missing != "" {
			// Run refuses the line (or, completing, offers nothing): the
			// flag it names must be one that was typed.
			if !slices.Contains(args, r.missing) || !isFlag(r.missing) {
				t.Fatalf("missing value for %q, which is not a flag of %q", r.missing, args)
			}
			return
		}

		// Every argument is passed on, except that with --help the
		// arguments of the command do not matter and are dropped.
		before := args
		if i := slices.Index(args, "--"); i >= 0 {
			before = args[:i]
		}
		helpAsked := slices.ContainsFunc(before, func(a string) bool {
			name, _ := flagName(a)
			return isFlag(a) && (name == "help" || name == "h")
		})
		rest := slices.Clone(out)
		for _, x := range args {
			if x == "--" {
				continue
			}
			i := slices.Index(rest, x)
			if i < 0 {
				name, _ := flagName(x)
				if helpAsked || completing && (x == "--" || x == "" || isFlag(x) && name == pending) {
					continue
				}
				t.Fatalf("argument %q lost: %q -> %q", x, args, out)
			}
			rest = slices.Delete(rest, i, i+1)
		}
		for _, x := range rest {
			if x != "--" {
				t.Fatalf("argument %q appeared from nowhere: %q -> %q", x, args, out)
			}
		}
		if helpAsked {
			if !slices.ContainsFunc(out, func(a string) bool { name, _ := flagName(a); return isFlag(a) && (name == "help" || name == "h") }) {
				t.Fatalf("--help was lost: %q -> %q", args, out)
			}
			return
		}

		body := out
		if n := len(body); n > 0 && body[n-1] == completeFlag && completing {
			body = body[:n-1]
		}
		markerLast := len(args) > 0 && args[len(args)-1] == completeFlag
		// What follows a typed `--` stays at the end, after a `--` (when
		// completing, with every `--` left out).
		// (A `--` right after a flag may be that flag's value, and end
		// nothing: the check starts at a `--` that is not.)
		i := slices.Index(args, "--")
		if i > 0 && isFlag(args[i-1]) && !strings.Contains(args[i-1], "=") {
			return
		}
		if i >= 0 {
			// (The marker the shells put last is no argument; one typed
			// after the `--` but not last is text like any other.)
			tail := slices.Clone(args[i+1:])
			if markerLast {
				tail = tail[:len(tail)-1]
			}
			if completing {
				tail = slices.DeleteFunc(tail, func(s string) bool { return s == "--" })
			}
			if len(tail) > 0 {
				if len(body) < len(tail) || !slices.Equal(body[len(body)-len(tail):], tail) ||
					!completing && !slices.Contains(body[:len(body)-len(tail)], "--") {
					t.Fatalf("arguments after -- moved: %q -> %q", args, out)
				}
			}
			args = args[:i]
		}
		// Words not right after a flag keep their order.
		var words []string
		for i, x := range args {
			if !isFlag(x) && x != "--" && (i == 0 || !isFlag(args[i-1])) {
				words = append(words, x)
			}
		}
		j := 0
		for _, x := range body {
			if j < len(words) && x == words[j] {
				j++
			}
		}
		if j < len(words) {
			t.Fatalf("words out of order: %q -> %q", args, out)
		}
	})
}
