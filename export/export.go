// Package export is what leaves the machine: the export payload a
// partner imports (everything not private, stamped, checked to be
// readable by a partner's attune) and the summaries meant for someone
// else to read — plain text, Markdown, and the printable HTML card. It
// knows the map schema and public keys, nothing of files or terminals: it
// writes only to the io.Writer it is given, and where the bytes go is
// the caller's choice.
package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// Checked encodes a planned export, once it is checked to be what a
// partner's attune reads: a valid shared map, within the limits of an
// untrusted file.
func Checked(out *mapfile.Map) ([]byte, error) {
	if n := len(out.Boundaries) + len(out.Triggers); n > mapfile.MaxForeignEntries {
		return nil, &TooManyError{Entries: n}
	}
	if err := out.Validate(); err != nil {
		return nil, err
	}
	plain, err := out.Encode()
	if err != nil {
		return nil, err
	}
	if len(plain) > mapfile.MaxForeignBytes-4<<10 {
		return nil, fmt.Errorf("the export would hold %d bytes, more than a partner's attune reads (%d)", len(plain), mapfile.MaxForeignBytes)
	}
	return plain, nil
}

// TooManyError is an export with more entries than a partner's attune
// reads (mapfile.MaxForeignEntries): it would be refused at import.
type TooManyError struct{ Entries int }

func (e *TooManyError) Error() string {
	return fmt.Sprintf("you share %d entries, and a partner's attune reads at most %d from one export", e.Entries, mapfile.MaxForeignEntries)
}

// IsPostQuantum reports whether a recipient string is a post-quantum
// hybrid key (age1pq1…).
func IsPostQuantum(recipient string) bool {
	return strings.HasPrefix(strings.TrimSpace(recipient), "age1pq1")
}

// ErrMixedKeys means post-quantum and classic keys were given together,
// which age cannot encrypt one file to (it would weaken the post-quantum
// protection to that of the classic keys).
var ErrMixedKeys = errors.New("post-quantum keys (age1pq1…) and classic keys (age1… or ssh-…) cannot be used together")

// CheckMix refuses a list of recipients that mixes post-quantum and
// classic keys.
func CheckMix(recipients []string) error {
	pq, classic := 0, 0
	for _, r := range recipients {
		if IsPostQuantum(r) {
			pq++
		} else {
			classic++
		}
	}
	if pq > 0 && classic > 0 {
		return ErrMixedKeys
	}
	return nil
}

// Count says "1 boundary", "2 boundaries", "0 triggers".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// countWords name each section's entries in a count.
var countWords = map[mapfile.Section][2]string{
	mapfile.BoundarySection:  {"boundary", "boundaries"},
	mapfile.TriggerSection:   {"trigger", "triggers"},
	mapfile.SignSection:      {"sign", "signs"},
	mapfile.AftercareSection: {"aftercare entry", "aftercare entries"},
	mapfile.CuriousSection:   {"curiosity", "curiosities"},
}

// NoEntries is what Contents says of a map without entries.
const NoEntries = "no entries"

// Contents says what a map holds: "12 boundaries and 9 triggers", "1
// boundary", "2 boundaries, 1 trigger, 3 signs and 1 curiosity": the
// sections that hold something, in the map's order, or NoEntries.
func Contents(m *mapfile.Map) string {
	n := map[mapfile.Section]int{}
	m.Each(func(sec mapfile.Section, _ entry.Ref) { n[sec]++ })
	var parts []string
	for _, sec := range mapfile.Sections() {
		if n[sec] > 0 {
			w := countWords[sec]
			parts = append(parts, Count(n[sec], w[0], w[1]))
		}
	}
	switch len(parts) {
	case 0:
		return NoEntries
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Message is what export says when it is done, e.g. "exported 12
// boundaries and 9 triggers for Alex (3 entries kept back: 2 private, 1
// shared only with others)". to is already worded: a partner's name or
// "2 recipients".
func Message(out *mapfile.Map, kept Kept, to string) string {
	msg := fmt.Sprintf("exported %s for %s", Contents(out), to)
	var parts []string
	if kept.Private > 0 {
		parts = append(parts, fmt.Sprintf("%d private", kept.Private))
	}
	if kept.Others > 0 {
		parts = append(parts, fmt.Sprintf("%d shared only with others", kept.Others))
	}
	if len(parts) > 0 {
		msg += " (" + Count(kept.Total(), "entry", "entries") + " kept back: " + strings.Join(parts, ", ") + ")"
	}
	return msg
}

// RecipientsWord is how Message names recipients given with --to.
func RecipientsWord(n int) string {
	return Count(n, "recipient", "recipients")
}

// BinaryToTerminal reports whether an export is about to write binary
// age data to a terminal, which export refuses (as age does): it would
// garble the screen and is never what anyone wants.
func BinaryToTerminal(stdoutIsTerminal, armored bool) bool {
	return stdoutIsTerminal && !armored
}
