package textcheck

import (
	"strings"
	"unicode/utf8"
)

// maxShownValue is how many characters of an unknown value an error shows.
const maxShownValue = 40

// UnknownValueError is returned when a word is not one of a fixed set
// (a light, a category, an intensity).
type UnknownValueError struct {
	Kind       string   // "light", "category", "intensity"
	Value      string   // what was given
	Valid      []string // the accepted words
	Suggestion string   // the nearest accepted word, or "" if none is close
}

// Error describes the problem, e.g.
// `unknown light "rde"; valid lights are red, yellow, green`.
// The value is shown neutralized and cut to 40 characters. The suggestion
// is not part of the message; callers may show it separately.
func (e *UnknownValueError) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = "value"
	}
	var b strings.Builder
	b.WriteString("unknown ")
	b.WriteString(kind)
	b.WriteString(` "`)
	b.WriteString(Neutralize(truncate(e.Value, maxShownValue)))
	b.WriteString(`"`)
	if len(e.Valid) > 0 {
		b.WriteString("; valid ")
		b.WriteString(plural(kind))
		b.WriteString(" are ")
		for i, v := range e.Valid {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Neutralize(v))
		}
	}
	return b.String()
}

// truncate cuts s to at most n runes (invalid bytes count as one each),
// marking the cut with "…".
func truncate(s string, n int) string {
	count := 0
	for i := 0; i < len(s); {
		if count == n {
			return s[:i] + "…"
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return s
}

// plural returns the plural of a kind word: light → lights,
// category → categories, intensity → intensities.
func plural(word string) string {
	if n := len(word); n >= 2 && word[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(word[n-2])) {
		return word[:n-1] + "ies"
	}
	return word + "s"
}

// Suggest returns the option nearest to input, ignoring case, if it is
// close enough: an edit distance (with transpositions) of at most
// max(1, len(input)/3) characters, or else input being a prefix of exactly
// one option and at least 2 characters long. Otherwise it returns "".
// On a tie the earlier option wins.
func Suggest(input string, options []string) string {
	in := []rune(strings.ToLower(strings.TrimSpace(input)))
	if len(in) == 0 {
		return ""
	}
	limit := max(1, len(in)/3)

	best, bestDist := "", limit+1
	for _, opt := range options {
		o := []rune(strings.ToLower(opt))
		if d := len(in) - len(o); d > limit || -d > limit {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(in, o); d < bestDist {
			best, bestDist = opt, d
		}
	}
	if best != "" {
		return best
	}

	if len(in) >= 2 {
		prefix, found := string(in), ""
		for _, opt := range options {
			if strings.HasPrefix(strings.ToLower(opt), prefix) {
				if found != "" {
					return ""
				}
				found = opt
			}
		}
		return found
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost 1.
func editDistance(a, b []rune) int {
	// Three rows: two back, previous, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
