package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/gitcmd"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// After a command that worked, attune says on standard error what the
// person should know about their store kept on several devices: a
// change saved but not committed to git; copies of the map another sync
// tool left beside it; and what merges decided, until `attune merge
// --show` lists it.

// maxNoticeLines is how many notices a command mentions; the rest are
// counted.
const maxNoticeLines = 3

// afterCommand is run once a command has worked.
func (x *ctx) afterCommand() {
	s := x.sess
	if s == nil {
		return
	}
	if err := s.store.CommitError(); err != nil {
		var ce *store.CommitError
		why := err.Error()
		var ge *gitcmd.Error
		if errors.As(err, &ce) && errors.As(ce.Err, &ge) {
			why = ge.Line()
		}
		x.warn("your change is saved, but git could not commit it (%s); attune sync commits it, or see attune git status", oneLine(why))
	}
	if !x.listingCopies {
		for _, name := range s.store.ConflictCopies() {
			x.warn("%s looks like a copy of your map that a sync tool made; merge it: attune merge %s --remove",
				safe(name), shellQuote(safe(s.store.Path(name))))
		}
	}
	if s.seen != nil && !x.listingNotices {
		x.mentionNotices(s.seen)
	}
}

// mentionNotices says what merges decided that is not yet seen.
func (x *ctx) mentionNotices(m *mapfile.Map) {
	unseen := m.Unseen()
	if len(unseen) == 0 {
		return
	}
	for i, n := range unseen {
		if i == maxNoticeLines {
			x.say("merged: and %d more", len(unseen)-i)
			break
		}
		x.say("merged: %s", noticeWords(m, n))
	}
	x.say("to list them and end these notes: attune merge --show")
}

// noticeWords says a notice in plain words, naming the entry as it is
// now (or as removed since).
func noticeWords(m *mapfile.Map, n mapfile.Notice) string {
	w := noticeWordsBase(m, n)
	if n.NoBase {
		// A conflict copy: which side changed is not known.
		w = strings.ReplaceAll(w, "were changed on two devices, differently", "are different in the copy")
		w = strings.ReplaceAll(w, "was changed on two devices, differently", "is different in the copy")
		w = strings.ReplaceAll(w, "was changed on two devices", "is different in the copy")
		w = strings.ReplaceAll(w, "removed on one device and changed on another", "in one version and not the other")
	}
	return w
}

func noticeWordsBase(m *mapfile.Map, n mapfile.Notice) string {
	if n.Setting != "" {
		return settingNoticeWords(m, n)
	}
	it := noticeEntry(m, n.Key)
	switch n.What {
	case mapfile.NoticeCautious:
		return fmt.Sprintf("%s: its %s was changed on two devices (%s and %s); the more cautious is kept", it, n.Field, plainValue(n.Ours), plainValue(n.Theirs))
	case mapfile.NoticeJoined:
		return fmt.Sprintf("%s: its %s was changed on two devices; both are kept, one after the other", it, n.Field)
	case mapfile.NoticeOurs:
		v := plainValue
		if n.Field == "text" {
			v = quoteValue
		}
		return fmt.Sprintf("%s: its %s was changed on two devices (%s and %s); %s is kept", it, n.Field, v(n.Ours), v(n.Theirs), v(n.Ours))
	case mapfile.NoticePrivate:
		return fmt.Sprintf("%s: who may see it was changed on two devices (%s; %s); the more private is kept", it, n.Ours, n.Theirs)
	case mapfile.NoticeSplit:
		what := "words were"
		if n.Field != "text" {
			what = n.Field + " was"
		}
		return fmt.Sprintf("%s and %s: its %s changed on two devices, differently, so both are kept as two entries; remove the one that is not right (attune remove ID)",
			it, noticeEntry(m, n.Copy), what)
	case mapfile.NoticeKept:
		return fmt.Sprintf("%s: removed on one device and changed on another, so it is kept; remove it again if you meant to", it)
	case mapfile.NoticeRenumbered:
		return fmt.Sprintf("%s: it came from another device as %s, an id already given here, and is %s now", it, n.Theirs, n.Ours)
	}
	return it + ": " + n.What
}

// settingNoticeWords says a notice about a setting or a partner.
func settingNoticeWords(m *mapfile.Map, n mapfile.Notice) string {
	if n.Setting == "partner" {
		name := showName(n.Ours)
		if n.Theirs == "ids" {
			return fmt.Sprintf("the ids %s knows some entries by were given on two devices; they may see a few under new ids after your next export", name)
		}
		return fmt.Sprintf("%s's keys were changed on two devices, differently; check them with attune partner verify %s", name, shellQuote(n.Ours))
	}
	what := strings.ReplaceAll(n.Setting, "_", "-")
	noun := settingNoun(what)
	if n.What == mapfile.NoticeConflict {
		kept := *settingField(m, what)
		return fmt.Sprintf("your %s is different on two devices (%s and %s); %s is kept for now, and export waits until you choose: attune set %s …",
			noun, quoteValue(n.Ours), quoteValue(n.Theirs), quoteValue(kept), what)
	}
	return fmt.Sprintf("your %s was changed on two devices (%s and %s); %s is kept", noun, quoteValue(n.Ours), quoteValue(n.Theirs), quoteValue(n.Ours))
}

// noticeEntry names the entry with this key as it is now: its id, how
// its kind reads and its words.
func noticeEntry(m *mapfile.Map, key string) string {
	id := ""
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		if *r.Key == key && key != "" {
			id = *r.ID
		}
	})
	if id == "" {
		return "an entry removed since"
	}
	e, _ := changes.Describe(m, id)
	return fmt.Sprintf("%s %s %s", e.ID, e.Shown, quoteValue(e.Text))
}

// plainValue is a value of a fixed set (a light, an intensity, a
// category), as it reads.
func plainValue(v string) string {
	if v == "" {
		return "none"
	}
	return oneLineSafe(v)
}

// quoteValue is a value in quotes, on one line, short.
func quoteValue(v string) string {
	if v == "" {
		return "nothing"
	}
	r := []rune(oneLineSafe(v))
	if len(r) > 60 {
		r = append(r[:57], '…')
	}
	return "\u201c" + string(r) + "\u201d"
}

// showNotices is attune merge --show: every notice kept, oldest first,
// and all marked seen.
func (s *session) showNotices() error {
	x := s.x
	x.listingNotices = true
	var list []mapfile.Notice
	var m *mapfile.Map
	_, err := s.update(func(cur *mapfile.Map) error {
		list = slices.Clone(cur.Notices)
		cur.MarkSeen()
		m = cur
		return nil
	})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fail("after attune sync or attune merge FILE, what needs a look is listed here",
			"no merge has left anything for you to look at")
	}
	w := x.out()
	day := ""
	for _, n := range list {
		if d := n.At.Local().Format("2 January 2006"); d != day {
			day = d
			fmt.Fprintf(w, "merged on %s:\n", d)
		}
		mark := ""
		if !n.Seen {
			mark = " (new)"
		}
		x.reporter().line("  ", noticeWords(m, n)+mark)
	}
	if c := m.OpenConflicts(); len(c) > 0 {
		fmt.Fprintln(w, "export waits until you choose:")
		for _, n := range c {
			what := strings.ReplaceAll(n.Setting, "_", "-")
			fmt.Fprintf(w, "  attune set %s …\n", what)
		}
	}
	return nil
}

// conflictError refuses an export while a stop word or signal (or what
// to do if one freezes or stops) differs between devices.
func conflictError(n mapfile.Notice) error {
	what := strings.ReplaceAll(n.Setting, "_", "-")
	return &userError{
		msg:  fmt.Sprintf("your %s is different on two devices, so attune won't export until you choose which is right", settingNoun(what)),
		hint: fmt.Sprintf("set it: attune set %s … (attune merge --show says both)", what),
		code: ExitError,
	}
}
