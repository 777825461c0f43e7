package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// parseRecipientArgs reads public keys given as arguments and in files
// (one per line, # comments, as `age -R`). It returns them trimmed, in
// order, without duplicates. A key line (attune key share) may stand for
// a key in either place: its age key joins the others and its signing
// key is returned; there is at most one, as a key line is one person's.
// Errors never quote a key: it may be a secret pasted in the wrong place.
func parseRecipientArgs(c *ctx, args, files []string) (rcpts []string, signing string, err error) {
	seen := map[string]bool{}
	keep := func(r string) {
		if !seen[r] {
			seen[r] = true
			rcpts = append(rcpts, r)
		}
	}
	opts := c.keyOptions(&prompter{io: c.io})
	for i, a := range args {
		a = strings.TrimSpace(a)
		if a, signing, err = takeKeyLine(a, signing); err != nil {
			return nil, "", err
		}
		if _, err := keys.ParseRecipient(a, opts); err != nil {
			var re *keys.RecipientError
			if errors.As(err, &re) && (a == "ssh-ed25519" || a == "ssh-rsa") {
				return nil, "", fail("an SSH key line has spaces: put the whole line in quotes, 'ssh-ed25519 AAAA…'",
					"public key %d is only the word %s", i+1, a)
			}
			if errors.As(err, &re) {
				return nil, "", &userError{msg: fmt.Sprintf("public key %d: %s", i+1, re.Problem), hint: re.Hint, code: ExitError, err: err}
			}
			return nil, "", err
		}
		if strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return nil, "", fail("", "public key %d contains a control character", i+1)
		}
		keep(a)
	}
	for _, f := range files {
		data, err := c.readKeysFile(f)
		if err != nil {
			return nil, "", err
		}
		// A key line in a file counts as its age key, on the same line,
		// so that an error still names the right line.
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			if lines[i], signing, err = takeKeyLine(l, signing); err != nil {
				var re *keys.RecipientError
				if errors.As(err, &re) {
					return nil, "", &userError{msg: fmt.Sprintf("%s: line %d: %s", f, i+1, re.Problem), hint: re.Hint, code: ExitError, err: err}
				}
				return nil, "", err
			}
		}
		strs, _, err := keys.ParseRecipientsFile([]byte(strings.Join(lines, "\n")), opts)
		if err != nil {
			var re *keys.RecipientError
			if errors.As(err, &re) {
				return nil, "", &userError{msg: fmt.Sprintf("%s: %s", f, err), hint: re.Hint, code: ExitError, err: err}
			}
			return nil, "", fmt.Errorf("%s: %w", f, err)
		}
		for _, r := range strs {
			if strings.IndexFunc(r, unicode.IsControl) >= 0 {
				return nil, "", fail("", "%s: a public key contains a control character", f)
			}
			keep(r)
		}
	}
	if len(rcpts) == 0 {
		return nil, "", usage("for example: attune partner add Alex age1…, or --file FILE", "no public key given")
	}
	if err := export.CheckMix(rcpts); err != nil {
		return nil, "", fail("use either post-quantum keys or classic keys for one partner; ask them for a key of the other kind", "%s", err)
	}
	return rcpts, signing, nil
}

// takeKeyLine returns the age key of a key line, and its signing key
// (which must be the first seen); any other text comes back as it was.
func takeKeyLine(s, signing string) (string, string, error) {
	r, sig, err := parseKeyLine(s)
	switch {
	case errors.Is(err, errNotKeyLine):
		return s, signing, nil
	case err != nil:
		return "", "", err
	case signing != "" && sig != signing:
		return "", "", usage("give one person's key line at a time", "two key lines were given")
	}
	return r, sig, nil
}

// readKeysFile reads a keys file given on the command line ("-":
// standard input), at most keys.MaxFileSize bytes, a regular file only.
func (c *ctx) readKeysFile(path string) ([]byte, error) {
	var data []byte
	var err error
	if path == stdinMark {
		if err := c.stdinNotTerminal("the public keys", "attune partner add NAME --file - < keys.txt"); err != nil {
			return nil, err
		}
		data, err = safefile.ReadLimited(c.io.In, "standard input", keys.MaxFileSize)
	} else {
		data, err = safefile.Read(path, keys.MaxFileSize)
	}
	if err != nil {
		return nil, inputFileError(err, path, "a file that holds public keys, one per line")
	}
	return data, nil
}

// inputFileError words the refusal of a file named on the command line
// that is too large or not a regular file; what says what belongs there.
func inputFileError(err error, path, what string) error {
	var tl *safefile.TooLargeError
	var nr *safefile.NotRegularError
	switch {
	case errors.As(err, &tl):
		return fail("give "+what, "%s is too large (more than %d bytes)", safe(path), tl.Limit)
	case errors.As(err, &nr):
		return fail("give "+what, "%s", nr.Error())
	}
	return err
}

func partnerAddAction(c *ctx) error {
	name := mapfile.CleanPartnerName(c.Args().First())
	if err := checkTypedName(name); err != nil {
		return err
	}
	rcpts, signing, err := parseRecipientArgs(c, c.Args().Slice()[1:], c.StringSlice("file"))
	if err != nil {
		return err
	}
	replace := c.Bool("replace")
	return withSession(c, func(s *session) error {
		imports, err := s.storedImports()
		if err != nil {
			return err
		}
		_, err = s.update(func(m *mapfile.Map) error {
			p := m.Partner(name)
			if p == nil {
				if err := lookAlike(name, "", knownNames(m, imports), anotherName); err != nil {
					return err
				}
			}
			if other := keyOwner(m, p, rcpts, signing); other != "" {
				return fail("a key is one person's; if this is "+showName(other)+", they are already added (attune partner list)",
					"this key is already %s's", showName(other))
			}
			switch {
			case p == nil:
				m.Partners = append(m.Partners, mapfile.Partner{Name: name, Recipients: rcpts, SigningKey: signing, Added: c.now(), ID: mapfile.NewKey()})
				return nil
			case replace:
				p.Recipients, p.Verified = rcpts, time.Time{}
				if signing != "" {
					p.SigningKey = signing
				}
				return nil
			case len(p.Recipients) > 0:
				return fail("to change their keys: attune partner add "+shellWord(p.Name)+" KEY-LINE --replace; or choose another name",
					"you already have a partner called %q", p.Name)
			case signing != "" && p.SigningKey != "" && signing != p.SigningKey:
				return fail("if "+shellWord(p.Name)+" has a new key, check it with them in person, then add it with --replace",
					"the signing key in this key line is not the one %s's files were signed with; nothing was changed", showName(p.Name))
			}
			// Someone whose map was imported: now their public key too.
			p.Recipients = rcpts
			if signing != "" {
				p.SigningKey = signing
			}
			return nil
		})
		if err != nil {
			return err
		}
		what := export.Count(len(rcpts), "public key", "public keys")
		if signing != "" {
			what += " and a signing key"
		}
		verb := "added"
		if replace {
			verb = "replaced the keys of"
		}
		fmt.Fprintf(c.out(), "%s %s as a partner (%s)\n", verb, showName(name), what)
		if replace {
			c.say("%s is not verified with these keys: compare safety codes again with: attune partner verify %s", showName(name), shellWord(name))
		} else {
			c.say("share your map with: attune export --partner %s --output FILE", shellWord(name))
		}
		return nil
	})
}

// keyOwner names another partner than p who already has one of these
// keys, or "".
func keyOwner(m *mapfile.Map, p *mapfile.Partner, rcpts []string, signing string) string {
	for i := range m.Partners {
		q := &m.Partners[i]
		if q == p {
			continue
		}
		if signing != "" && q.SigningKey == signing {
			return q.Name
		}
		for _, r := range rcpts {
			if slices.Contains(q.Recipients, r) {
				return q.Name
			}
		}
	}
	return ""
}

// checkTypedName checks a name typed now (partner add, import --as, list
// --partner), with a hint for a character that shows nothing.
func checkTypedName(name string) error {
	return withNameHint(mapfile.CheckPartnerName(name))
}

func withNameHint(err error) error {
	var inv *mapfile.InvisibleError
	if errors.As(err, &inv) {
		return &userError{msg: err.Error(), hint: invisibleHint(inv), code: ExitError, err: err}
	}
	return err
}

func invisibleHint(inv *mapfile.InvisibleError) string {
	if inv.Joiner() {
		return "type the name without it: a joiner is kept only where it changes how the name looks (after a virama, between letters that join, inside an emoji)"
	}
	return "type the name without it; it shows nothing, so two names with and without it would look the same (it may have come with copied text)"
}

// knownNames are the names of everyone one shares with: partners with
// keys and people whose map was imported. partner list shows both, so a
// new name must not look like any of them.
func knownNames(m *mapfile.Map, imports []*mapfile.Map) []string {
	names := make([]string, 0, len(m.Partners)+len(imports))
	for _, p := range m.Partners {
		names = append(names, p.Name)
	}
	for _, im := range imports {
		names = append(names, im.Name)
	}
	return names
}

// lookAlike refuses a new name that looks the same as a known one
// without being the same name (mapfile.LookAlikePartner). in is the file
// whose name it is ("" for a name typed); fix, given the name it looks
// like, ends the hint.
func lookAlike(name, in string, known []string, fix func(other string) string) error {
	other, ok := mapfile.LookAlikePartner(name, known)
	if !ok {
		return nil
	}
	how := "written with other characters"
	if d := mapfile.NameDifference(name, other); len(d) > 0 {
		how += " (" + codePoints(d) + ")"
	}
	hint := fmt.Sprintf("you already have a partner called %q, whose name looks the same; %s", other, fix(other))
	if in != "" {
		return fail(hint, "the name in %s, %q, looks the same as %q but is %s", in, name, other, how)
	}
	return fail(hint, "%q looks the same as %q but is %s", name, other, how)
}

func anotherName(string) string { return "choose another name" }

func codePoints(rs []rune) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%U", r)
	}
	return strings.Join(out, ", ")
}

// shellWord quotes a name for a command line shown to the user. A name
// kept from before names had to show all they hold may have a character
// that shows nothing: it is written as bash and zsh read $'Sa\u200bm',
// so that the command names that partner and no other.
func shellWord(s string) string {
	if shown := mapfile.ShowPartnerName(s); shown != s {
		return "$'" + strings.ReplaceAll(shown, `'`, `\'`) + "'"
	}
	if strings.ContainsAny(s, " '\"$`\\!*?&;|<>()[]{}#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// showName is a partner's name for a list: safe for the terminal, with
// any character that shows nothing written out (\u200b).
func showName(s string) string { return safe(mapfile.ShowPartnerName(s)) }

// jsonPartner is the documented shape of `partner list --json`.
type jsonPartner struct {
	Name       string   `json:"name"`
	Keys       []string `json:"keys"`
	SigningKey string   `json:"signing_key"`
	Verified   string   `json:"verified"`
	Added      string   `json:"added"`
	Imported   string   `json:"imported,omitempty"`
}

// partnerEntry is one person in `partner list`: their keys, their last
// import, or both.
type partnerEntry struct {
	partner  *mapfile.Partner
	imported *mapfile.Map
}

func (p partnerEntry) name() string {
	if p.partner != nil {
		return p.partner.Name
	}
	return p.imported.Name
}

// storedImports reads every stored import (the name each was imported
// under is its name inside). One that can't be read is left out with a
// warning, so that it does not hide the others.
func (s *session) storedImports() ([]*mapfile.Map, error) {
	ids, err := s.identities()
	if err != nil {
		return nil, err
	}
	maps, bad, err := s.store.Imports(ids)
	if err != nil {
		return nil, err
	}
	for _, e := range bad {
		s.x.warn("a stored import could not be read (%s); import it again to replace it", oneLine(errorText(e)))
	}
	return maps, nil
}

func partnerListAction(c *ctx) error {
	return withSession(c, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		imports, err := s.storedImports()
		if err != nil {
			return err
		}
		var people []partnerEntry
		for i := range m.Partners {
			people = append(people, partnerEntry{partner: &m.Partners[i]})
		}
	imported:
		for _, im := range imports {
			for i := range people {
				if mapfile.SamePartnerName(people[i].name(), im.Name) {
					people[i].imported = im
					continue imported
				}
			}
			people = append(people, partnerEntry{imported: im})
		}
		sort.SliceStable(people, func(i, j int) bool {
			return mapfile.PartnerNameKey(people[i].name()) < mapfile.PartnerNameKey(people[j].name())
		})
		w := c.out()
		if c.Bool("json") {
			out := make([]jsonPartner, 0, len(people))
			for _, p := range people {
				j := jsonPartner{Name: p.name(), Keys: []string{}}
				if p.partner != nil {
					j.Keys, j.Added = p.partner.Recipients, jsonTime(p.partner.Added)
					if j.Keys == nil {
						j.Keys = []string{}
					}
					j.Verified = jsonTime(p.partner.Verified)
					if p.partner.SigningKey != "" {
						j.SigningKey = keys.SSHLine(p.partner.SigningKey)
					}
				}
				if p.imported != nil {
					j.Imported = jsonTime(p.imported.Exported)
				}
				out = append(out, j)
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		if len(people) == 0 {
			fmt.Fprintln(w, "no partners yet: attune partner add NAME PUBLIC-KEY")
			return nil
		}
		printPeople(w, people)
		return nil
	})
}

// printPeople is partner list as text. A map written before names were
// checked for characters that show nothing and for look-alikes may hold
// two names that print the same: such characters are written out
// (\u200b), and a name that looks like another says so and how they
// differ, so the person can tell them apart and remove one.
func printPeople(w io.Writer, people []partnerEntry) {
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.name()
	}
	alike := mapfile.LookAlikeGroups(names)
	for i, p := range people {
		status := "  (not verified)"
		if p.partner != nil && !p.partner.Verified.IsZero() {
			status = "  (verified " + p.partner.Verified.Local().Format("2 January 2006") + ")"
		}
		fmt.Fprintf(w, "%s%s\n", showName(p.name()), status)
		if j := alike[i]; j >= 0 {
			fmt.Fprintf(w, "  looks the same as %s, but is written with other characters (%s)\n",
				showName(names[j]), codePoints(mapfile.NameDifference(names[i], names[j])))
		}
		if p.partner != nil && len(p.partner.Recipients) > 0 {
			for _, r := range p.partner.Recipients {
				fmt.Fprintf(w, "  public key: %s\n", safe(r))
			}
		} else {
			fmt.Fprintf(w, "  public key: none: you can see their map, not share yours (attune partner add %s KEY-LINE)\n", shellWord(p.name()))
		}
		if p.partner != nil && p.partner.SigningKey != "" {
			fmt.Fprintf(w, "  signing key: %s\n", keys.SigningFingerprint(p.partner.SigningKey))
		} else {
			fmt.Fprintf(w, "  signing key: not known yet (recorded from the first signed file you import from them)\n")
		}
		if p.imported != nil {
			made := "undated"
			if !p.imported.Exported.IsZero() {
				made = "made " + p.imported.Exported.Local().Format("2 January 2006")
			}
			fmt.Fprintf(w, "  their map: imported, %s (attune list --partner %s)\n", made, shellWord(p.name()))
		}
	}
}

func partnerRemoveAction(c *ctx) error {
	name := mapfile.CleanPartnerName(c.Args().First())
	return withSession(c, func(s *session) error {
		var removed mapfile.Partner
		var own *mapfile.Map
		var nowPrivate []string
		_, err := s.update(func(m *mapfile.Map) error {
			own = m
			for i, p := range m.Partners {
				if mapfile.SamePartnerName(p.Name, name) {
					removed = p
					m.Partners = append(m.Partners[:i], m.Partners[i+1:]...)
					nowPrivate = forgetSharing(m, p.Name)
					return nil
				}
			}
			if s.store.HasImport(m, name) {
				return nil // only their import
			}
			return unknownPartner(m, name)
		})
		if err != nil {
			return err
		}
		hadImport, err := s.store.RemoveImport(own, name)
		if err != nil && removed.Name != "" {
			// The keys are gone already: say so, and how to finish.
			msg, _, _ := describe(err)
			return fail("once that is fixed, `attune partner remove "+shellWord(removed.Name)+"` removes the map too",
				"removed %s's public keys, but not the map you imported from them: %s", showName(removed.Name), msg)
		}
		if err != nil {
			return err
		}
		w := c.out()
		switch {
		case len(removed.Recipients) > 0 && hadImport:
			fmt.Fprintf(w, "removed %s: their public keys, and the map you imported from them\n", showName(removed.Name))
		case len(removed.Recipients) > 0:
			fmt.Fprintf(w, "removed %s from your partners\n", showName(removed.Name))
		default:
			fmt.Fprintf(w, "removed the map you imported from %s\n", showName(name))
		}
		for _, l := range nowPrivate {
			c.reporter().line("", l)
		}
		return nil
	})
}

// forgetSharing takes a removed partner's name off every entry shared
// with named partners; an entry shared with them alone becomes private
// (shared with no one), and is named in the lines returned.
func forgetSharing(m *mapfile.Map, name string) []string {
	var lines []string
	var ids []string
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		n := len(*r.ShareWith)
		*r.ShareWith = slices.DeleteFunc(slices.Clone(*r.ShareWith), func(s string) bool { return mapfile.SamePartnerName(s, name) })
		if n > 0 && len(*r.ShareWith) == 0 {
			*r.ShareWith, *r.Private = nil, true
			ids = append(ids, *r.ID)
		}
	})
	for _, id := range ids {
		lines = append(lines, entryLineOf(m, id)+" is now private: it was shared with "+name+" alone")
	}
	return lines
}

// unknownPartner says that there is no such partner, listing the known
// ones, or naming the one whose name looks the same (a map written before
// look-alikes were refused may hold "Sa\u200bm", which prints as "Sam").
func unknownPartner(m *mapfile.Map, name string) error {
	if len(m.Partners) == 0 {
		return fail("add one with `attune partner add NAME PUBLIC-KEY`", "there is no partner called %q: you have no partners yet", name)
	}
	names := make([]string, len(m.Partners))
	for i, p := range m.Partners {
		names[i] = p.Name
	}
	if other, ok := mapfile.LookAlikePartner(name, names); ok {
		return fail(fmt.Sprintf("your partner %q has a name that looks the same but is written with other characters (%s); to use it, type it as %s",
			other, codePoints(mapfile.NameDifference(name, other)), shellWord(other)),
			"there is no partner called %q", name)
	}
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = showName(n)
	}
	sort.Strings(shown)
	return fail("your partners: "+strings.Join(shown, ", "), "there is no partner called %q", name)
}
