package app

import (
	"fmt"
)

func completionAction(x *ctx) error {
	shell, err := shellWords.Parse(x.Args().First())
	if err != nil {
		return usage("attune can complete for bash, zsh and fish", "no completion for the shell %q", x.Args().First())
	}
	script := map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}[shell]
	_, err = fmt.Fprint(x.out(), script)
	return err
}

// The scripts ask attune itself (`attune __complete SHELL WORDS… CUR`),
// so the three shells complete the same things; see complete.go.

const bashCompletion = `# bash completion for attune; install with:
#   attune completion bash > ~/.local/share/bash-completion/completions/attune
_attune() {
    local cur="${COMP_WORDS[COMP_CWORD]}" line directive="" w
    local -a out=()
    while IFS= read -r line; do
        case "$line" in
        :*) directive="$line" ;;
        *) out+=("${line%%$'\t'*}") ;;
        esac
    done < <("${COMP_WORDS[0]}" __complete bash "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null </dev/null)
    COMPREPLY=()
    case "$directive" in
    :files)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur")) ;;
    :dirs)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -d -- "$cur")) ;;
    *)
        for w in "${out[@]}"; do
            COMPREPLY+=("$(printf '%q' "$w")")
        done ;;
    esac
}
complete -F _attune attune
`

const zshCompletion = `#compdef attune
# zsh completion for attune; install with:
#   attune completion zsh > "${fpath[1]}/_attune"
_attune() {
    local -a lines cands
    local line directive=""
    lines=("${(@f)$(${words[1]} __complete zsh "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null </dev/null)}")
    for line in "${lines[@]}"; do
        case $line in
        :*) directive=$line ;;
        "") ;;
        *$'\t'*) cands+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}") ;;
        *) cands+=("${line//:/\\:}") ;;
        esac
    done
    case $directive in
    :files) _files ;;
    :dirs) _files -/ ;;
    *) (( ${#cands} )) && _describe 'attune' cands ;;
    esac
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
    set -l cur (commandline -ct)
    set -l directive
    for line in ($words[1] __complete fish $words[2..-1] "$cur" 2>/dev/null </dev/null)
        switch $line
            case ':*'
                set directive $line
            case '*'
                echo $line
        end
    end
    switch "$directive"
        case :files
            __fish_complete_path "$cur"
        case :dirs
            __fish_complete_directories "$cur"
    end
end
complete -c attune -f -a '(__attune_complete)'
`
