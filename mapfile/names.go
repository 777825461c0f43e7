package mapfile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/attune-dev/attune/internal/confusable"
	"golang.org/x/text/unicode/norm"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
)

// Partner names. A name is how a person says whom they mean (export
// --partner, list --partner, import --as), what partner list shows, and,
// folded, what names the file of a partner's imported map. Two partners
// must never print the same, so a name is what it looks like: no
// character in it shows nothing where it stands (see invisible.go), and a
// new name that looks the same as one already there, without being the
// same name, is refused (LookAlikePartner).

// MaxPartnerNameLen is the longest a partner name may be, in characters
// as a person sees them (grapheme clusters, as textcheck.MaxLen counts).
const MaxPartnerNameLen = 64

// maxPartnerNameRunes bounds the code points of a name, four per
// character as textcheck.MaxRunes does: room for accents, joiners and
// flags, not for a flood of marks on a few letters.
const maxPartnerNameRunes = 4 * MaxPartnerNameLen

// SamePartnerName reports whether two names are the same person's: case
// is folded, and accents typed as one character or as a letter plus a
// combining mark are the same (Unicode NFC).
func SamePartnerName(a, b string) bool {
	return PartnerNameKey(a) == PartnerNameKey(b)
}

// PartnerNameKey is the form of a name that SamePartnerName compares, and
// what names a partner's file: Unicode NFC, then each letter case-folded
// on its own (Σ, σ and ς are one letter) and written in lower case. Only
// letter by letter: full case folding would make Strauß and Strauss one
// name, which a map may already hold as two.
func PartnerNameKey(name string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return unicode.ToLower(least)
	}, norm.NFC.String(name))
}

// CleanPartnerName is a name as typed, trimmed and in Unicode NFC, so
// that an accent is stored one way however it was typed.
func CleanPartnerName(name string) string {
	return norm.NFC.String(textcheck.Clean(name))
}

// CheckPartnerName checks a name that enters now: typed (partner add,
// import --as) or the name in an export being imported. It is
// checkStoredPartnerName, and a name must also show all it holds
// (*InvisibleError otherwise).
func CheckPartnerName(name string) error {
	if err := textcheck.CheckTyped("partner name", name, false); err != nil {
		return err
	}
	if err := checkStoredPartnerName(name); err != nil {
		return err
	}
	return checkVisible(name)
}

// CheckOwnName checks the name a person gives themselves (init --name,
// set name, the editor): it is the name their partner will import them
// under, so it holds nothing that shows nothing, as CheckPartnerName asks
// of a partner's name, or their partner could not import it.
func CheckOwnName(name string) error {
	if err := textcheck.CheckTyped("name", name, false); err != nil {
		return err
	}
	if err := checkVisible(name); err != nil {
		err.(*InvisibleError).Field = "your name"
		return err
	}
	return nil
}

// checkStoredPartnerName is CheckPartnerName for a name read from one's
// own map. It does not ask that the name show everything it holds: a map
// written before that rule may hold a name with a zero-width space or a
// soft hyphen, and must still open, so that the partner can be seen
// (partner list shows such characters as \u200b) and removed. Names that
// come from someone else are checked with CheckPartnerName on import.
func checkStoredPartnerName(name string) error {
	if err := textcheck.Check("partner name", name, false); err != nil {
		return err
	}
	chars, runes := countName(name)
	if chars > MaxPartnerNameLen {
		return fmt.Errorf("a partner name is at most %d characters", MaxPartnerNameLen)
	}
	if runes > maxPartnerNameRunes {
		return fmt.Errorf("a partner name has too many accents and joining marks (%d code points, at most %d)", runes, maxPartnerNameRunes)
	}
	for _, r := range name {
		if r == '/' || r == '\\' || r == ':' {
			return fmt.Errorf("a partner name cannot contain %q", r)
		}
	}
	if strings.HasPrefix(name, ".") {
		return errors.New("a partner name cannot start with a dot")
	}
	return nil
}

// countName counts the characters of a name as textcheck does (grapheme
// clusters) and its code points.
func countName(name string) (chars, runes int) {
	state := -1
	for rest := name; rest != ""; {
		var c string
		c, rest, _, state = textwidth.NextCluster(rest, state)
		chars++
		runes += len([]rune(c))
	}
	return chars, runes
}

// LookAlikePartner returns the first of others that looks the same as
// name without being the same name (SamePartnerName): two people who
// would print the same in every list and message. "Sam" and "Ѕam" (with
// a Cyrillic Ѕ) look the same; "Sam" and "sam" are one name, not two
// that look alike.
//
// Looking the same is Unicode's confusable skeleton (UTS #39), taken of
// the name as it prints and of its folded form (PartnerNameKey), each in
// NFC, with the characters that show nothing removed (as UTS #39 does
// since Unicode 15.1: default-ignorable code points, which include the
// joiners) and runs of white space made one space. The printed form
// catches "Ian" and "lan", whose capital I is a lower-case l in many
// fonts; the folded form catches "Ѕam" next to "sam".
func LookAlikePartner(name string, others []string) (string, bool) {
	k := lookKeysOf(name)
	for _, o := range others {
		if !SamePartnerName(name, o) && k.match(lookKeysOf(o)) {
			return o, true
		}
	}
	return "", false
}

// lookKeys are the two skeletons LookAlikePartner compares.
type lookKeys struct{ printed, folded string }

func lookKeysOf(name string) lookKeys {
	nfc := norm.NFC.String(name)
	return lookKeys{printed: skeleton(nfc), folded: skeleton(PartnerNameKey(nfc))}
}

func (k lookKeys) match(o lookKeys) bool {
	return k.printed == o.printed || k.folded == o.folded
}

func skeleton(s string) string {
	s = strings.Map(func(r rune) rune {
		if showsNothing(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(confusable.Skeleton(s)), " ")
}

// LookAlikeGroups groups names that look the same (LookAlikePartner) and
// are not the same name: for each name, the index of another that looks
// like it, or -1. A map written before names were compared this way may
// hold such names; partner list says which they are.
func LookAlikeGroups(names []string) []int {
	out := make([]int, len(names))
	byPrinted, byFolded := map[string][]int{}, map[string][]int{}
	keys := make([]lookKeys, len(names))
	for i, n := range names {
		keys[i] = lookKeysOf(n)
		byPrinted[keys[i].printed] = append(byPrinted[keys[i].printed], i)
		byFolded[keys[i].folded] = append(byFolded[keys[i].folded], i)
	}
	for i := range names {
		out[i] = -1
		near := slices.Concat(byPrinted[keys[i].printed], byFolded[keys[i].folded])
		for _, j := range near {
			if j != i && !SamePartnerName(names[i], names[j]) {
				out[i] = j
				break
			}
		}
	}
	return out
}

// NameDifference lists the code points one of two names that look the
// same holds and the other does not, those of a first, at most four in
// all: what tells them apart. Names that look the same only once folded
// ("Ѕam" and "sam") are compared folded, so case is not counted.
func NameDifference(a, b string) []rune {
	a, b = norm.NFC.String(a), norm.NFC.String(b)
	if skeleton(a) != skeleton(b) {
		a, b = PartnerNameKey(a), PartnerNameKey(b)
	}
	var out []rune
	seen := map[rune]bool{}
	add := func(s, other string) {
		for _, r := range s {
			if len(out) < 4 && !seen[r] && !strings.ContainsRune(other, r) {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	add(a, b)
	add(b, a)
	return out
}
