package mapfile

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

// A Notice is something a merge of two versions of one's own map (two
// devices that changed it since they last synced, or a copy a sync tool
// made) decided that the person should look at: a light both changed,
// kept the more cautious; a text both changed, kept as two entries; an
// entry removed on one device and changed on the other, kept; a stop
// word that differs, which blocks export until it is set again. It is
// kept in the map, so that it is written with the merge in one atomic
// write and travels with the map to every device, and it is the owner's
// alone: an export and a summary are built as fresh maps without it, and
// a partner's file that holds any is refused (ErrNoticesShared).
type Notice struct {
	At   time.Time `toml:"at"`   // when the merge was made, in UTC
	What string    `toml:"what"` // one of the Notice* kinds
	// Key is the hidden key of the entry it is about; Setting the
	// setting it is about instead ("safeword", "name", "partner").
	Key     string `toml:"key,omitempty"`
	Setting string `toml:"setting,omitempty"`
	// Field names the entry's field, as HistoryFields name them.
	Field string `toml:"field,omitempty"`
	// Ours and Theirs are the two values as a person reads them: this
	// copy's and the other one's.
	Ours   string `toml:"ours,omitempty"`
	Theirs string `toml:"theirs,omitempty"`
	// Copy is the hidden key of the entry made for the other version,
	// when both were kept (NoticeSplit).
	Copy string `toml:"copy,omitempty"`
	// Seen: the person has had it listed (attune merge --show). An open
	// conflict stays until the setting is set, seen or not.
	Seen bool `toml:"seen,omitempty"`
	// Copy of a map with no common version (a sync tool's conflict
	// copy): the two differ, and which one changed is not known.
	NoBase bool `toml:"no_base,omitempty"`
}

// The kinds of notice.
const (
	// NoticeCautious: both changed a light or an intensity, differently;
	// the more cautious was kept.
	NoticeCautious = "cautious"
	// NoticeJoined: both changed a note, a condition or what helps,
	// differently; both were kept, joined.
	NoticeJoined = "joined"
	// NoticeOurs: both changed a category, a kind, a time, the name or
	// the anchor, differently; this copy's was kept.
	NoticeOurs = "ours"
	// NoticePrivate: both changed who may see the entry; the more
	// private was kept.
	NoticePrivate = "private"
	// NoticeSplit: both changed the words differently (or something did
	// not fit in one entry); both versions were kept, as two entries.
	NoticeSplit = "split"
	// NoticeKept: removed in one copy and changed in the other; kept.
	NoticeKept = "kept"
	// NoticeRenumbered: an entry from the other copy had an id already
	// given to another entry here, and got a new one.
	NoticeRenumbered = "renumbered"
	// NoticeConflict: the stop word, the signal, or what to do if one
	// freezes or stops differs; export waits until it is set again.
	NoticeConflict = "conflict"
	// NoticePartner: a partner's keys were changed in both, differently,
	// or the ids a partner knows entries by were given in both.
	NoticePartner = "partner"
)

var noticeKinds = []string{NoticeCautious, NoticeJoined, NoticeOurs, NoticePrivate, NoticeSplit, NoticeKept,
	NoticeRenumbered, NoticeConflict, NoticePartner}

// NoticeSettings are the settings a notice may name: the map's own TOML
// names, and "partner" for one about a partner (named in Ours).
var NoticeSettings = []string{"name", "safeword", "signal", "if_frozen", "if_we_stop", "anchor", "partner"}

// MaxNotices bounds the notices a map keeps: a merge drops the oldest
// seen ones first to make room.
const MaxNotices = 500

// ErrNoticesShared is a shared map that holds notices of merges, which
// only its owner's own map keeps.
var ErrNoticesShared = errors.New("the file holds notes about merging copies of a map, which a shared map never does")

// Equal reports whether two notices are the same in every field.
func (n Notice) Equal(o Notice) bool {
	return n.Same(o) && n.Seen == o.Seen
}

// Same reports whether two notices are about the same thing, seen or not.
func (n Notice) Same(o Notice) bool {
	return n.At.Equal(o.At) && n.What == o.What && n.Key == o.Key && n.Setting == o.Setting &&
		n.Field == o.Field && n.Ours == o.Ours && n.Theirs == o.Theirs && n.Copy == o.Copy && n.NoBase == o.NoBase
}

// Unseen lists the notices not yet listed to the person, in order.
func (m *Map) Unseen() []Notice {
	var out []Notice
	for _, n := range m.Notices {
		if !n.Seen {
			out = append(out, n)
		}
	}
	return out
}

// OpenConflicts lists the settings that differed in a merge and have not
// been set since ("safeword", "signal", …): export waits for them.
func (m *Map) OpenConflicts() []Notice {
	var out []Notice
	for _, n := range m.Notices {
		if n.What == NoticeConflict {
			out = append(out, n)
		}
	}
	return out
}

// ResolveConflict forgets the conflict on a setting (its TOML name):
// the person has set it. It says whether there was one.
func (m *Map) ResolveConflict(setting string) bool {
	n := len(m.Notices)
	m.Notices = slices.DeleteFunc(m.Notices, func(x Notice) bool { return x.What == NoticeConflict && x.Setting == setting })
	return len(m.Notices) != n
}

// MarkSeen marks every notice seen, and says how many were not.
func (m *Map) MarkSeen() int {
	n := 0
	for i := range m.Notices {
		if !m.Notices[i].Seen {
			m.Notices[i].Seen = true
			n++
		}
	}
	return n
}

// AddNotices records notices, and drops the oldest seen ones (then the
// oldest) beyond MaxNotices; an open conflict is never dropped.
func (m *Map) AddNotices(ns ...Notice) {
	m.Notices = append(m.Notices, ns...)
	over := len(m.Notices) - MaxNotices
	for _, seenOnly := range []bool{true, false} {
		if over <= 0 {
			return
		}
		m.Notices = slices.DeleteFunc(m.Notices, func(x Notice) bool {
			if over > 0 && x.What != NoticeConflict && (x.Seen || !seenOnly) {
				over--
				return true
			}
			return false
		})
	}
}

// validateNotices checks every notice: a known kind, a time, a key of
// the right form or a known setting, a known field, and values as
// stored text. A notice may name an entry since removed.
func (m *Map) validateNotices() error {
	if len(m.Notices) > MaxNotices {
		return fmt.Errorf("the map has more than %d notices", MaxNotices)
	}
	for i, n := range m.Notices {
		if err := n.validate(); err != nil {
			return &EntryError{Where: fmt.Sprintf("notice %d", i+1), Err: err}
		}
	}
	return nil
}

func (n Notice) validate() error {
	if !slices.Contains(noticeKinds, n.What) {
		return fmt.Errorf("unknown notice \"%s\"", textcheck.Neutralize(cut(n.What, 40)))
	}
	if n.At.IsZero() {
		return errors.New("it has no time (at)")
	}
	if checkKey(n.Key) != nil || checkKey(n.Copy) != nil {
		return errors.New("the key is not an attune entry key")
	}
	if (n.Key == "") == (n.Setting == "") {
		return errors.New("a notice names either an entry's key or a setting")
	}
	if n.Setting != "" && !slices.Contains(NoticeSettings, n.Setting) {
		return fmt.Errorf("unknown setting \"%s\"", textcheck.Neutralize(cut(n.Setting, 40)))
	}
	if n.Field != "" && !slices.Contains(HistoryFields, n.Field) {
		return fmt.Errorf("unknown field \"%s\"", textcheck.Neutralize(cut(n.Field, 40)))
	}
	if err := textcheck.CheckLines("ours", n.Ours, true); err != nil {
		return err
	}
	return textcheck.CheckLines("theirs", n.Theirs, true)
}
