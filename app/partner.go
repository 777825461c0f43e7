package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// parseRecipientArgs reads public keys given as arguments and in files
// (one per line, # comments, as `age -R`). It returns them trimmed, in
// order, without duplicates. Errors never quote a key: it may be a secret
// pasted in the wrong place.
func parseRecipientArgs(c *cli.Context, args, files []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	keep := func(r string) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for i, a := range args {
		a = strings.TrimSpace(a)
		if _, err := keys.ParseRecipient(a, keyOptions(c, &prompter{})); err != nil {
			var re *keys.RecipientError
			if errors.As(err, &re) && (a == "ssh-ed25519" || a == "ssh-rsa") {
				return nil, fail("an SSH key line has spaces: put the whole line in quotes, 'ssh-ed25519 AAAA…'",
					"public key %d is only the word %s", i+1, a)
			}
			if errors.As(err, &re) {
				return nil, &userError{msg: fmt.Sprintf("public key %d: %s", i+1, re.Problem), hint: re.Hint, code: ExitError, err: err}
			}
			return nil, err
		}
		if strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return nil, fail("", "public key %d contains a control character", i+1)
		}
		keep(a)
	}
	for _, f := range files {
		data, err := readSmallFile(f)
		if err != nil {
			return nil, err
		}
		strs, _, err := keys.ParseRecipientsFile(data, keyOptions(c, &prompter{}))
		if err != nil {
			var re *keys.RecipientError
			if errors.As(err, &re) {
				return nil, &userError{msg: fmt.Sprintf("%s: %s", f, err), hint: re.Hint, code: ExitError, err: err}
			}
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, r := range strs {
			if strings.IndexFunc(r, unicode.IsControl) >= 0 {
				return nil, fail("", "%s: a public key contains a control character", f)
			}
			keep(r)
		}
	}
	if len(out) == 0 {
		return nil, usage("for example: attune partner add Alex age1…, or --file FILE", "no public key given")
	}
	if err := export.CheckMix(out); err != nil {
		return nil, fail("use either post-quantum keys or classic keys for one partner; ask them for a key of the other kind", "%s", err)
	}
	return out, nil
}

// readSmallFile reads a keys file given on the command line, at most
// keys.MaxFileSize bytes.
func readSmallFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > keys.MaxFileSize {
		return nil, fail("a recipients file holds a few public keys, one per line", "%s is too large (more than %d bytes)", path, keys.MaxFileSize)
	}
	return os.ReadFile(path)
}

func partnerAddAction(c *cli.Context) error {
	if c.NArg() < 1 {
		return usage("for example: attune partner add Alex age1…", "partner add needs a name and a public key")
	}
	name := textcheck.Clean(c.Args().First())
	if err := mapfile.CheckPartnerName(name); err != nil {
		return err
	}
	rcpts, err := parseRecipientArgs(c, c.Args().Slice()[1:], c.StringSlice("file"))
	if err != nil {
		return err
	}
	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			if p := m.Partner(name); p != nil {
				return fail("remove it first with `attune partner remove "+p.Name+"`, or choose another name",
					"you already have a partner called %q", p.Name)
			}
			m.Partners = append(m.Partners, mapfile.Partner{Name: name, Recipients: rcpts, Added: now()})
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "added %s as a partner (%s)\n", name, export.Count(len(rcpts), "public key", "public keys"))
		fmt.Fprintf(c.App.ErrWriter, "attune: share your map with: attune export --partner %s --output FILE\n", shellWord(name))
		return nil
	})(c)
}

// shellWord quotes a name for a command line shown to the user.
func shellWord(s string) string {
	if strings.ContainsAny(s, " '\"$`\\!*?&;|<>()[]{}#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// jsonPartner is the documented shape of `partner list --json`.
type jsonPartner struct {
	Name  string   `json:"name"`
	Keys  []string `json:"keys"`
	Added string   `json:"added"`
}

func partnerListAction(c *cli.Context) error {
	if c.Args().Present() {
		return usage("", "partner list takes no arguments")
	}
	return withSession(func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		ps := append([]mapfile.Partner(nil), m.Partners...)
		sort.SliceStable(ps, func(i, j int) bool { return strings.ToLower(ps[i].Name) < strings.ToLower(ps[j].Name) })
		w := c.App.Writer
		if c.Bool("json") {
			out := make([]jsonPartner, 0, len(ps))
			for _, p := range ps {
				out = append(out, jsonPartner{Name: p.Name, Keys: p.Recipients, Added: jsonTime(p.Added)})
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		if len(ps) == 0 {
			fmt.Fprintln(w, "no partners yet: attune partner add NAME PUBLIC-KEY")
			return nil
		}
		for _, p := range ps {
			added := ""
			if !p.Added.IsZero() {
				added = "  (added " + p.Added.Local().Format("2 January 2006") + ")"
			}
			fmt.Fprintf(w, "%s%s\n", safe(p.Name), added)
			for _, r := range p.Recipients {
				fmt.Fprintf(w, "  %s\n", safe(r))
			}
		}
		return nil
	})(c)
}

func partnerRemoveAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usage("for example: attune partner remove Alex", "partner remove needs one name")
	}
	name := textcheck.Clean(c.Args().First())
	return withSession(func(s *session) error {
		var removed string
		err := s.update(func(m *mapfile.Map) error {
			for i, p := range m.Partners {
				if strings.EqualFold(p.Name, name) {
					removed = p.Name
					m.Partners = append(m.Partners[:i], m.Partners[i+1:]...)
					return nil
				}
			}
			return unknownPartner(m, name)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "removed %s from your partners\n", safe(removed))
		return nil
	})(c)
}

// unknownPartner says that there is no such partner, listing the known ones.
func unknownPartner(m *mapfile.Map, name string) error {
	if len(m.Partners) == 0 {
		return fail("add one with `attune partner add NAME PUBLIC-KEY`", "there is no partner called %q: you have no partners yet", name)
	}
	names := make([]string, len(m.Partners))
	for i, p := range m.Partners {
		names[i] = p.Name
	}
	sort.Strings(names)
	return fail("your partners: "+strings.Join(names, ", "), "there is no partner called %q", name)
}
