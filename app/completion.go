package app

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
	"github.com/attune-dev/attune/triggers"
)

// Shell completion. The scripts printed by `attune completion SHELL` call
// `attune WORDS… --generate-bash-completion`, and urfave/cli answers with
// the commands, or with what a command's BashComplete prints: one value a
// line. Completion never prompts and never prints an error: when the map
// can't be read quietly, there are simply no ids to offer.

// completeWords offers fixed words for the first argument.
func completeWords(words ...string) cli.BashCompleteFunc {
	return completeArgs(func(c *cli.Context) []string {
		if c.NArg() == 0 {
			return words
		}
		return nil
	})
}

// completeArgs prints values, or the command's flags when the word being
// completed starts with a dash.
func completeArgs(values func(c *cli.Context) []string) cli.BashCompleteFunc {
	return func(c *cli.Context) {
		if completingFlag(os.Args[1:]) {
			cli.DefaultCompleteWithFlags(c.Command)(c)
			return
		}
		for _, v := range values(c) {
			fmt.Fprintln(c.App.Writer, v)
		}
	}
}

// completingFlag reports whether the word being completed (the one
// before the marker: the scripts pass it on when it starts with a dash)
// is a flag, and not an argument after a typed `--`.
func completingFlag(args []string) bool {
	n := len(args)
	return n >= 2 && strings.HasPrefix(args[n-2], "-") && !slices.Contains(args[:n-2], "--")
}

var lightWords = []string{"red", "yellow", "green", "stop", "ask", "go"}

func categoryWords() []string {
	out := make([]string, len(triggers.Categories))
	for i, cat := range triggers.Categories {
		out[i] = string(cat)
	}
	return out
}

// completeIDs offers the map's entry ids not already on the line; only
// the first argument when one is enough.
func completeIDs(many bool) cli.BashCompleteFunc {
	return completeArgs(func(c *cli.Context) []string {
		if !many && c.NArg() > 0 {
			return nil
		}
		m := quietMap(c)
		if m == nil {
			return nil
		}
		given := map[string]bool{}
		for _, a := range c.Args().Slice() {
			given[a] = true
		}
		var ids []string
		for _, b := range m.SortedBoundaries() {
			if !given[b.ID] {
				ids = append(ids, b.ID)
			}
		}
		for _, t := range m.SortedTriggers() {
			if !given[t.ID] {
				ids = append(ids, t.ID)
			}
		}
		return ids
	})
}

// completePartners offers the names of the partners in the map.
func completePartners() cli.BashCompleteFunc {
	return completeArgs(func(c *cli.Context) []string {
		if c.NArg() > 0 {
			return nil
		}
		return partnerNames(c)
	})
}

// partnerNames lists the partners of the map, read quietly.
func partnerNames(c *cli.Context) []string {
	m := quietMap(c)
	if m == nil {
		return nil
	}
	var names []string
	for _, p := range m.Partners {
		names = append(names, p.Name)
	}
	return names
}

// errNoPrompt stops any attempt to ask for a passphrase during completion.
var errNoPrompt = errors.New("completion never prompts")

// quietMap reads the map only if that needs no question: an identity
// without a passphrase, ATTUNE_PASSPHRASE, or an unlocked identity. Plugin
// identities (which may talk to a hardware key) are not used. Any failure
// gives nil.
func quietMap(c *cli.Context) *mapfile.Map {
	dir, err := storeDir(c)
	if err != nil {
		return nil
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil
	}
	s := &session{c: c, store: st}
	opts := keys.Options{Passphrase: func(string) (string, error) {
		if p, ok := os.LookupEnv(PassphraseEnv); ok {
			return p, nil
		}
		return "", errNoPrompt
	}}
	ids, err := s.loadIdentities(opts)
	if err != nil {
		return nil
	}
	m, err := st.ReadMap(ids)
	if err != nil {
		return nil
	}
	return m
}

// completers gives each command (by its path) what its arguments complete
// to. It is kept apart from the command table so that the table stays
// easy to read.
var completers = map[string]cli.BashCompleteFunc{
	"add boundary":   completeWords(lightWords...),
	"add trigger":    completeWords(categoryWords()...),
	"edit":           completeIDs(false),
	"remove":         completeIDs(true),
	"list":           completeWords("boundaries", "triggers"),
	"set":            completeWords("name", "safeword", "signal"),
	"completion":     completeWords("bash", "zsh", "fish"),
	"partner remove": completePartners(),
	"export":         completePartners(),
}

// setCompleters installs on every command its completer, or urfave/cli's
// default (subcommands, and flags after a dash), behind the completion of
// flag values.
func setCompleters(prefix string, cmds []*cli.Command) {
	for _, c := range cmds {
		path := strings.TrimSpace(prefix + " " + c.Name)
		own, ok := completers[path]
		if !ok {
			own = cli.DefaultCompleteWithFlags(c)
		}
		c.BashComplete = completeValues(own)
		setCompleters(path, c.Subcommands)
	}
}

// pendingFlagKey is where Run notes, in the app's metadata, a flag whose
// value is being completed (`attune list --light <TAB>`).
const pendingFlagKey = "complete-value-of"

// completeValues offers the values of a pending flag, when there is one,
// and otherwise runs next.
func completeValues(next cli.BashCompleteFunc) cli.BashCompleteFunc {
	return func(c *cli.Context) {
		name, ok := c.App.Metadata[pendingFlagKey].(string)
		if !ok {
			next(c)
			return
		}
		for _, v := range flagValues(c, name) {
			fmt.Fprintln(c.App.Writer, v)
		}
	}
}

// flagValues is what a flag's value can be, by any of its names; none for
// free text and files (the shells offer files then).
func flagValues(c *cli.Context, name string) []string {
	flags := c.App.Flags
	if c.Command != nil && c.Command.Name != "" {
		flags = slices.Concat(c.Command.Flags, flags)
	}
	for _, f := range flags {
		if !slices.Contains(f.Names(), name) {
			continue
		}
		switch f.Names()[0] {
		case "light":
			return lightWords
		case "category":
			return categoryWords()
		case "intensity":
			out := make([]string, len(triggers.Intensities))
			for i, v := range triggers.Intensities {
				out[i] = string(v)
			}
			return out
		case "format":
			return export.Formats
		case "partner", "as":
			return partnerNames(c)
		}
		return nil
	}
	return nil
}

func completionAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usage("for example: attune completion bash", "completion needs one shell: bash, zsh or fish")
	}
	var script string
	switch c.Args().First() {
	case "bash":
		script = bashCompletion
	case "zsh":
		script = zshCompletion
	case "fish":
		script = fishCompletion
	default:
		return usage("attune can complete for bash, zsh and fish", "no completion for the shell %q", c.Args().First())
	}
	_, err := fmt.Fprint(c.App.Writer, script)
	return err
}

const bashCompletion = `# bash completion for attune; install with:
#   attune completion bash > ~/.local/share/bash-completion/completions/attune
_attune() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" IFS=$'\n' out
    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
    --dir|--identity|-i|--to|--file|--from|-o|--output)
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0 ;;
    esac
    local args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
    [[ -z "$cur" || "$cur" == -* ]] && args+=("$cur")
    out=$("${COMP_WORDS[0]}" "${args[@]}" --generate-bash-completion 2>/dev/null </dev/null) || return 0
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
}
complete -F _attune attune
`

const zshCompletion = `#compdef attune
# zsh completion for attune; install with:
#   attune completion zsh > "${fpath[1]}/_attune"
_attune() {
    local cur=${words[CURRENT]}
    local -a args opts
    args=("${(@)words[2,CURRENT-1]}")
    [[ -z $cur || $cur == -* ]] && args+=("$cur")
    opts=("${(@f)$(${words[1]} "${args[@]}" --generate-bash-completion 2>/dev/null </dev/null)}")
    opts=("${(@)opts:#}")
    if (( ${#opts} )); then
        _describe 'attune' opts
    else
        _files
    fi
}
if [[ "${funcstack[1]}" == _attune ]]; then
    _attune "$@"
else
    compdef _attune attune
fi
`

const fishCompletion = `# fish completion for attune; install with:
#   attune completion fish > ~/.config/fish/completions/attune.fish
function __attune_complete
    set -l words (commandline -opc)
    switch "$words[-1]"
        case --dir --identity -i --to --file --from -o --output
            __fish_complete_path (commandline -ct)
            return
    end
    set -l cur (commandline -ct)
    set -l args $words[2..-1]
    if test -z "$cur"; or string match -q -- '-*' "$cur"
        set -a args "$cur"
    end
    $words[1] $args --generate-bash-completion 2>/dev/null </dev/null
end
complete -c attune -f -a '(__attune_complete)'
`
