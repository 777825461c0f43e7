package app

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

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
		if n := len(os.Args); n > 2 && strings.HasPrefix(os.Args[n-2], "-") {
			cli.DefaultCompleteWithFlags(c.Command)(c)
			return
		}
		for _, v := range values(c) {
			fmt.Fprintln(c.App.Writer, v)
		}
	}
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

// setCompleters installs completers on the commands that have one.
func setCompleters(prefix string, cmds []*cli.Command) {
	for _, c := range cmds {
		path := strings.TrimSpace(prefix + " " + c.Name)
		if f, ok := completers[path]; ok && c.BashComplete == nil {
			c.BashComplete = f
		}
		setCompleters(path, c.Subcommands)
	}
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
		fish, err := c.App.ToFishCompletion()
		if err != nil {
			return err
		}
		script = fish + fishDynamic
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
    --dir|--identity|-i|--to|--file|-o|--output)
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0 ;;
    esac
    local args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
    [[ "$cur" == -* ]] && args+=("$cur")
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
    [[ $cur == -* ]] && args+=("$cur")
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

const fishDynamic = `
# Values that depend on the command line (lights, categories, entry ids).
function __attune_dynamic
    set -l args (commandline -opc)[2..-1]
    attune $args --generate-bash-completion 2>/dev/null </dev/null
end
complete -c attune -f -n '__fish_seen_subcommand_from boundary trigger edit remove rm list ls set completion' -a '(__attune_dynamic)'
`
