package export

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// Audience is who an export is for: a partner on record, or public keys
// given on the command line (Partner nil).
type Audience struct {
	Partner    *mapfile.Partner
	Recipients []string // the public keys it is encrypted to
}

// Kept counts what an export keeps back.
type Kept struct {
	Private int // marked private
	Others  int // shared only with other partners
}

// Total is everything kept back.
func (k Kept) Total() int { return k.Private + k.Others }

// visible reports whether the audience may see an entry: never one
// marked private; one shared with named partners only by them; and, by
// keys given on the command line, only an entry shared with everyone.
func (a Audience) visible(private bool, shareWith []string) bool {
	return !private && (len(shareWith) == 0 || a.Partner != nil && sharedWith(shareWith, a.Partner.Name))
}

func sharedWith(names []string, name string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return mapfile.SamePartnerName(n, name) })
}

// Plan is the map as the audience may see it: name, stop word, signal,
// and every entry they may see, in display order, each with the id they
// know it by and a hidden key of theirs, added times to the day. Nothing
// in it says anything of the entries they do not see: ids are their own
// (handed out at an entry's first export to them and kept in
// Partner.ExportIDs: assigned lists the new "KEY ID" pairs for the
// caller to keep), keys are derived for them alone.
func Plan(m *mapfile.Map, a Audience, now time.Time) (out *mapfile.Map, assigned []string, kept Kept) {
	out = m.Sorted()
	*out = mapfile.Map{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, IfFrozen: m.IfFrozen, IfWeStop: m.IfWeStop,
		Exported:   now.UTC().Truncate(time.Second),
		Boundaries: out.Boundaries, Triggers: out.Triggers, Signs: out.Signs, Aftercare: out.Aftercare, Curious: out.Curious}
	for _, r := range a.Recipients {
		out.EncryptedTo = append(out.EncryptedTo, keys.RecipientFingerprint(r))
	}
	slices.Sort(out.EncryptedTo)
	ids := newIDBook(a)
	out.Retain(func(sec mapfile.Section, r entry.Ref) bool {
		if !a.visible(*r.Private, *r.ShareWith) {
			if *r.Private {
				kept.Private++
			} else {
				kept.Others++
			}
			return false
		}
		*r.ID, *r.Key = ids.id(sec.Prefix, *r.Key), ids.derive(*r.Key)
		*r.Added, *r.ShareWith = toDay(*r.Added), nil
		return true
	})
	out.Version = out.MinVersion()
	return out, ids.assigned, kept
}

// toDay keeps only the day an entry was added: the hour would say more
// than a partner needs.
func toDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, mo, d := t.UTC().Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// idBook hands out the ids an audience knows entries by.
type idBook struct {
	known    map[string]string // entry key → id
	next     map[byte]int      // the next number, by prefix
	context  string            // what derived keys are made for
	keep     bool              // ids are kept (a partner on record)
	assigned []string
}

func newIDBook(a Audience) *idBook {
	b := &idBook{known: map[string]string{}, next: map[byte]int{}}
	if a.Partner != nil {
		b.keep, b.context = true, "partner "+a.Partner.ID
		for _, pair := range a.Partner.ExportIDs {
			key, id, _ := strings.Cut(pair, " ")
			b.known[key] = id
			if n, err := strconv.Atoi(id[1:]); err == nil && n >= b.next[id[0]] {
				b.next[id[0]] = n + 1
			}
		}
	} else {
		fps := make([]string, len(a.Recipients))
		for i, r := range a.Recipients {
			fps[i] = keys.RecipientFingerprint(r)
		}
		slices.Sort(fps)
		b.context = "keys " + strings.Join(fps, " ")
	}
	return b
}

// id is the audience's id for the entry with this key, a new one the
// first time.
func (b *idBook) id(prefix byte, key string) string {
	if id, ok := b.known[key]; ok && id[0] == prefix && key != "" {
		return id
	}
	n := max(b.next[prefix], 1)
	b.next[prefix] = n + 1
	id := string(prefix) + strconv.Itoa(n)
	if key == "" {
		return id // an entry without a hidden key (never written so): not kept
	}
	b.known[key] = id
	if b.keep {
		b.assigned = append(b.assigned, key+" "+id)
	}
	return id
}

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// derive is the audience's own hidden key for an entry: matching from one
// export to the next for them, and unlike anyone else's.
func (b *idBook) derive(key string) string {
	if key == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte("attune export key v1\x00" + b.context))
	return strings.ToLower(keyEncoding.EncodeToString(mac.Sum(nil)[:16]))
}
