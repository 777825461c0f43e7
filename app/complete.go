package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// Shell completion. The scripts `attune completion SHELL` prints call
//
//	attune __complete SHELL WORDS… CURRENT
//
// with the words typed so far and the word being completed (maybe
// empty). attune answers one candidate a line, "value" or
// "value<TAB>description", then a last line saying what else the shell
// should offer: ":files", ":dirs" or ":none". The answer comes from the
// grammar, so completion offers exactly what the command line accepts.
// Completion never prompts, never prints an error, never runs the command
// being typed, and never writes a file.

// completeMarker is urfave/cli's completion flag, which scripts made by
// earlier versions of attune append: still answered, the old way (one
// value a line, nothing else).
const completeMarker = "--generate-bash-completion"

// completionReq is a request to complete a line.
type completionReq struct {
	shell   string
	words   []string // before the word being completed
	current string
	legacy  bool
}

// completionRequest recognises a completion request in args.
func completionRequest(args []string) (completionReq, bool) {
	if len(args) >= 2 && args[0] == "__complete" {
		rest := args[2:]
		req := completionReq{shell: args[1]}
		if len(rest) > 0 {
			req.words, req.current = rest[:len(rest)-1], rest[len(rest)-1]
		}
		return req, true
	}
	if n := len(args); n > 0 && args[n-1] == completeMarker {
		req := completionReq{shell: "bash", words: args[:n-1], legacy: true}
		// Those scripts pass the word being completed when it is empty
		// or starts with a dash.
		if k := len(req.words); k > 0 && (req.words[k-1] == "" || strings.HasPrefix(req.words[k-1], "-")) {
			req.current, req.words = req.words[k-1], req.words[:k-1]
		}
		return req, true
	}
	return completionReq{}, false
}

// candidate is one completion.
type candidate struct{ value, about string }

// complete answers a completion request on ios.Out.
func complete(a *cli.App, ios *iostreams.IO, req completionReq) {
	defer func() { _ = recover() }() // a TAB must never show a crash
	cands, directive := completions(a, ios, req)
	w := ios.Out
	for _, c := range cands {
		if !strings.HasPrefix(c.value, req.current) && !req.legacy {
			continue
		}
		if req.shell != "bash" && c.about != "" && !req.legacy {
			fmt.Fprintf(w, "%s\t%s\n", c.value, c.about)
		} else {
			fmt.Fprintln(w, c.value)
		}
	}
	if !req.legacy {
		fmt.Fprintln(w, ":"+directive)
	}
}

// completions works out what may come next on the line.
func completions(a *cli.App, ios *iostreams.IO, req completionReq) ([]candidate, string) {
	l, err := parseLine(a, req.words, true)
	if err != nil || l.help {
		return nil, "none"
	}
	c := l.cmd()
	switch {
	case l.pending != nil:
		return kindCompletions(a, ios, l, flagKind(l.pending.flag))
	case strings.HasPrefix(req.current, "-") && !l.dashDash:
		return flagCompletions(a, l), "none"
	case c == nil && len(l.args) == 0:
		return commandCompletions(a.Commands), "none"
	case c != nil && len(c.Subcommands) > 0 && len(l.args) == 0:
		return commandCompletions(c.Subcommands), "none"
	case c == nil || c.SkipFlagParsing:
		return nil, "none"
	}
	specs := argSpecs(c)
	if len(specs) == 0 {
		return nil, "none"
	}
	i := min(len(l.args), len(specs)-1)
	if len(l.args) >= len(specs) && !specs[len(specs)-1].many {
		return nil, "none"
	}
	if specs[i].kind == "TEXT" || specs[i].kind == "VALUE" {
		// Free text: only its first word may be the start of a
		// two-word spelling of the argument before it.
		return nil, "none"
	}
	return kindCompletions(a, ios, l, specs[i].kind)
}

func commandCompletions(cmds []*cli.Command) []candidate {
	var out []candidate
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, candidate{c.Name, c.Usage})
		}
	}
	return out
}

// flagCompletions are the flags the command accepts, not yet typed
// (those that can be repeated always).
func flagCompletions(a *cli.App, l *line) []candidate {
	used := map[string]bool{}
	for _, u := range slices.Concat(l.globals, l.locals) {
		if _, many := u.flag.(*cli.StringSliceFlag); !many {
			used[u.name()] = true
		}
	}
	var out []candidate
	for _, f := range allFlags(a, l.cmd()) {
		if !used[f.Names()[0]] {
			out = append(out, candidate{"--" + f.Names()[0], flagAbout(f)})
		}
	}
	out = append(out, candidate{"--help", "show help"})
	if len(l.path) == 0 {
		out = append(out, candidate{"--version", "print attune's version"})
	}
	return out
}

// kindCompletions are the values of a kind, and what else the shell
// should offer.
func kindCompletions(a *cli.App, ios *iostreams.IO, l *line, name string) ([]candidate, string) {
	k, ok := kinds[name]
	if !ok {
		return nil, "none"
	}
	switch k.complete {
	case completeWords:
		var out []candidate
		for _, w := range k.words.Completions() {
			out = append(out, candidate{value: w})
		}
		return out, "none"
	case completeFiles:
		return nil, "files"
	case completeDirs:
		return nil, "dirs"
	case completeCommands:
		return commandCompletions(a.Commands), "none"
	case completeIDs:
		return idCompletions(ios, l), "none"
	case completePartners:
		var out []candidate
		if m := quietMap(ios, l); m != nil {
			for _, p := range m.Partners {
				out = append(out, candidate{value: p.Name})
			}
		}
		return out, "none"
	}
	return nil, "none"
}

// idCompletions are the map's entry ids not already on the line.
func idCompletions(ios *iostreams.IO, l *line) []candidate {
	m := quietMap(ios, l)
	if m == nil {
		return nil
	}
	given := map[string]bool{}
	for _, a := range l.args {
		given[a] = true
	}
	var out []candidate
	for _, e := range changes.List(m.Sorted()) {
		if !given[e.ID] {
			out = append(out, candidate{e.ID, e.Shown + ": " + textcheck.Neutralize(e.Text)})
		}
	}
	return out
}

// flagKind is the kind of a flag's value: its placeholder.
func flagKind(f cli.Flag) string {
	placeholder, _ := splitUsage(usageOf(f))
	return placeholder
}

// usageOf is a flag's usage text.
func usageOf(f cli.Flag) string {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.GetUsage()
	}
	return ""
}

// splitUsage takes the `PLACEHOLDER` out of a usage text: "only
// boundaries with this `LIGHT`" is LIGHT and "only boundaries with this
// LIGHT"; a placeholder last after a colon ("a note: `TEXT`") is left
// out of the words.
func splitUsage(usage string) (placeholder, words string) {
	i := strings.IndexByte(usage, '`')
	if i < 0 {
		return "", usage
	}
	j := strings.IndexByte(usage[i+1:], '`')
	if j < 0 {
		return "", usage
	}
	placeholder = usage[i+1 : i+1+j]
	before, after := usage[:i], usage[i+2+j:]
	if after == "" && strings.HasSuffix(before, ": ") {
		return placeholder, strings.TrimSuffix(before, ": ")
	}
	return placeholder, before + placeholder + after
}

// flagAbout is a flag's usage in words.
func flagAbout(f cli.Flag) string {
	_, words := splitUsage(usageOf(f))
	return words
}

// errNoPrompt stops any attempt to ask for a passphrase where asking is
// not allowed (completion, `attune key`).
var errNoPrompt = errors.New("no question may be asked here")

// quietMap reads the map only if that needs no question: an identity
// without a passphrase, ATTUNE_PASSPHRASE, or an unlocked identity. Plugin
// identities (which may talk to a hardware key) are not used. Any failure
// gives nil.
func quietMap(ios *iostreams.IO, l *line) *mapfile.Map {
	dir, idPath := ios.Getenv("ATTUNE_DIR"), ios.Getenv("ATTUNE_IDENTITY")
	for _, g := range l.globals {
		switch g.name() {
		case "dir":
			dir = g.value
		case "identity":
			idPath = g.value
		}
	}
	if dir == "" {
		if xdg := ios.Getenv("XDG_DATA_HOME"); xdg != "" && filepath.IsAbs(xdg) {
			dir = filepath.Join(xdg, "attune")
		} else if home := ios.Getenv("HOME"); home != "" {
			dir = filepath.Join(home, ".local", "share", "attune")
		}
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil
	}
	st.KeysRoot = store.KeysRoot(ios.Getenv)
	if idPath == "" {
		idPath = st.IdentityPath()
	}
	opts := keys.Options{Passphrase: func(string) (string, error) {
		if p, ok := ios.LookupEnv(PassphraseEnv); ok {
			return p, nil
		}
		return "", errNoPrompt
	}}
	f, err := keys.ReadIdentityFile(idPath)
	if err != nil {
		return nil
	}
	ids, ok := []age.Identity(nil), false
	if f.Protected() {
		ids, ok = unlockedIdentities(f, st.Dir, opts)
	}
	if !ok {
		if ids, err = f.Load(opts); err != nil {
			return nil
		}
	}
	m, err := st.ReadMap(ids)
	if err != nil {
		return nil
	}
	return m
}
