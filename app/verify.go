package app

import (
	"fmt"
	"strings"

	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// partner verify: a safety code made from both people's public keys,
// the same on both sides, read aloud to each other; when it matches,
// the partner is verified.
func partnerVerifyAction(c *ctx) error {
	name := mapfile.CleanPartnerName(c.Args().First())
	return withSession(c, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		p := m.Partner(name)
		if p == nil {
			return unknownPartner(m, name)
		}
		if p.SigningKey == "" || len(p.Recipients) == 0 {
			return fail("add the line their `attune key share` prints: attune partner add "+shellWord(p.Name)+" KEY-LINE",
				"you have not both of %s's public keys yet (their age key and their signing key), so there is no code to compare", showName(p.Name))
		}
		mine, err := s.ownPublicKeys(m)
		if err != nil {
			return err
		}
		code := keys.SafetyCode(mine, append(append([]string(nil), p.Recipients...), keys.SSHLine(p.SigningKey)))
		w := c.out()
		fmt.Fprintf(w, "Safety code for you and %s:\n\n", showName(p.Name))
		groups := strings.Fields(code)
		for i := 0; i < len(groups); i += 4 {
			fmt.Fprintf(w, "    %s\n", strings.Join(groups[i:min(i+4, len(groups))], "  "))
		}
		fmt.Fprintf(w, "\n%s sees the same code with: attune partner verify YOUR-NAME\n", showName(p.Name))
		fmt.Fprintln(w, "Read it to each other in person, or on a call where you know each other's voice.")
		matches := c.Bool("matches")
		if !matches {
			if !c.io.InTTY && c.io.Terminal == nil {
				return nil
			}
			ok, err := confirm(c.io, "Does it match what "+showName(p.Name)+" reads out? [y/N] ")
			if err != nil || !ok {
				state := showName(p.Name) + " is not marked as verified."
				if !p.Verified.IsZero() {
					state = "Nothing was changed: " + showName(p.Name) + " is still marked as verified, since " + p.Verified.Local().Format("2 January 2006") + "."
				}
				fmt.Fprintf(w, "%s If the codes differ, one of you has a key that is not the other's: exchange key lines again, in person.\n", state)
				return nil
			}
		}
		_, err = s.update(func(m *mapfile.Map) error {
			if q := m.Partner(name); q != nil && q.SigningKey == p.SigningKey && strings.Join(q.Recipients, " ") == strings.Join(p.Recipients, " ") {
				q.Verified = c.now()
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s is verified: their files are checked against these keys\n", showName(p.Name))
		return nil
	})
}

// ownPublicKeys are the keys a partner has of this person: the age key
// and the signing key (made now, for a map from before signing).
func (s *session) ownPublicKeys(m *mapfile.Map) ([]string, error) {
	if m.SigningKey == "" {
		if _, err := s.update(func(mm *mapfile.Map) error {
			if mm.SigningKey == "" {
				k, err := keys.NewSigningKey()
				if err != nil {
					return err
				}
				mm.SigningKey = k.String()
			}
			m.SigningKey = mm.SigningKey
			return nil
		}); err != nil {
			return nil, err
		}
	}
	k, err := keys.ParseSigningKey(m.SigningKey)
	if err != nil {
		return nil, err
	}
	r, err := personRecipient(m, &s.store.Config)
	if err != nil {
		return nil, err
	}
	return []string{r, keys.SSHLine(k.Public())}, nil
}
