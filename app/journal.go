package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// `attune journal list | show ID | forget ID... | forget --all`, and
// what every command that opens the journal shares. The journal is
// opened only with identities decrypted in this run
// (session.freshIdentities), never with the key `attune unlock` keeps,
// and it keeps no earlier version: forget is for good.

// readJournal decrypts the journal.
func (s *session) readJournal() (*journal.Journal, error) {
	ids, err := s.freshIdentities()
	if err != nil {
		return nil, err
	}
	j, err := s.store.ReadJournal(ids)
	return j, s.ask.why(err)
}

// updateJournal is a locked read-modify-write of the journal, encrypted
// to the owner's key once it is checked to be theirs.
func (s *session) updateJournal(fn func(j *journal.Journal) error) (bool, error) {
	if _, err := s.freshIdentities(); err != nil {
		return false, err
	}
	ids, r, err := s.writeKeys()
	if err != nil {
		return false, err
	}
	changed, err := s.store.UpdateJournal(ids, r, fn)
	return changed, s.ask.why(err)
}

// openJournal reads the map and the journal, for the views that name
// the triggers of debriefs.
func openJournal(s *session) (*mapfile.Map, *journal.Journal, error) {
	if _, err := s.freshIdentities(); err != nil {
		return nil, nil, err
	}
	m, err := s.readMap()
	if err != nil {
		return nil, nil, err
	}
	j, err := s.readJournal()
	return m, j, err
}

func journalListAction(x *ctx) error {
	return withSession(x, func(s *session) error {
		m, j, err := openJournal(s)
		if err != nil {
			return err
		}
		if j.Len() == 0 {
			fmt.Fprintln(x.out(), "Your journal is empty. attune checkin --save and attune debrief keep what you say there, for you only.")
			return nil
		}
		for _, r := range j.Records() {
			x.reporter().line("", recordLine(r, m))
		}
		return nil
	})
}

func journalShowAction(x *ctx) error {
	id := x.Args().First()
	return withSession(x, func(s *session) error {
		m, j, err := openJournal(s)
		if err != nil {
			return err
		}
		r, ok := j.Find(id)
		if !ok {
			return unknownRecord(&journal.UnknownIDError{IDs: []string{id}}, "")
		}
		for _, l := range recordLines(r, m) {
			fmt.Fprintln(x.out(), l)
		}
		return nil
	})
}

func journalForgetAction(x *ctx) error {
	ids := x.Args().Slice()
	all := x.Bool("all")
	switch {
	case all && len(ids) > 0:
		return usage("forget either the records you name or, with --all, every one", "--all forgets every record; give no ids with it")
	case !all && len(ids) == 0:
		return usage("attune journal list shows the ids; --all forgets every record", "journal forget needs the id of a record, or --all")
	}
	return withSession(x, func(s *session) error {
		j, err := s.readJournal()
		if err != nil && all && store.IsDamaged(err) {
			return forgetDamaged(x, s, err)
		}
		if err != nil {
			return err
		}
		if err := checkForget(j, ids, all); err != nil {
			return err
		}
		if ok, err := confirmForget(x, ids, all, j.Len()); err != nil || !ok {
			return err
		}
		n := 0
		_, err = s.updateJournal(func(j *journal.Journal) error {
			n = j.Len()
			if all {
				j.ForgetAll()
				return nil
			}
			return j.Forget(ids)
		})
		if err != nil {
			return unknownRecord(err, forgotNothing)
		}
		if all {
			x.say("forgot your whole journal (%s), for good", countWord(n, "record", "records"))
		} else {
			x.say("forgot %s, for good", andList(dedupe(ids)))
		}
		return nil
	})
}

// forgetDamaged forgets a journal that can no longer be read (damaged,
// not the key's fault: store.IsDamaged), so that it can start afresh.
func forgetDamaged(x *ctx, s *session, why error) error {
	msg, _, _ := describe(why)
	if x.interactive() {
		a := x.newAsker()
		a.say("Your journal can't be read: " + oneLine(msg) + ".")
		ok, err := a.yes("Forget it all, for good, and start afresh? There is no undo. [y/N] ")
		a.done()
		if err != nil || !ok {
			if err == nil {
				x.say("nothing was forgotten")
			}
			return err
		}
	}
	if _, err := s.freshIdentities(); err != nil {
		return err
	}
	_, r, err := s.writeKeys()
	if err != nil {
		return err
	}
	if err := s.store.ResetJournal(r); err != nil {
		return err
	}
	x.say("your journal could not be read; it is forgotten, for good, and starts afresh")
	return nil
}

// checkForget refuses, before asking anything, what forget cannot do.
func checkForget(j *journal.Journal, ids []string, all bool) error {
	if all && j.Len() == 0 {
		return fail("", "your journal is empty; there is nothing to forget")
	}
	if all {
		return nil
	}
	return unknownRecord(j.Clone().Forget(ids), forgotNothing)
}

// confirmForget asks at a terminal, since forgetting cannot be undone;
// a script has said what it means by the command line alone.
func confirmForget(x *ctx, ids []string, all bool, n int) (bool, error) {
	if !x.interactive() {
		return true, nil
	}
	what := andList(dedupe(ids))
	if all {
		what = "your whole journal (" + countWord(n, "record", "records") + ")"
	}
	a := x.newAsker()
	defer a.done()
	ok, err := a.yes("Forget " + what + " for good? There is no undo. [y/N] ")
	if err == nil && !ok {
		x.say("nothing was forgotten")
	}
	return ok, err
}

// forgotNothing is said when forget is refused.
const forgotNothing = "; nothing was forgotten"

// unknownRecord words an id the journal does not hold, with what that
// means for the command (after).
func unknownRecord(err error, after string) error {
	var u *journal.UnknownIDError
	if errors.As(err, &u) {
		return &userError{msg: oneLine(u.Error()) + after, hint: "attune journal list shows every record with its id", code: ExitError, err: err}
	}
	return err
}

// dedupe is ids with each once, in the order given.
func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// recordTime is when a record was made, in local time.
func recordTime(r journal.Record) string { return r.At().Local().Format("2006-01-02 15:04") }

// recordLine is one record in one line: "j3 2026-11-28 20:00 check-in:
// numb, shut down / far away, distress 7".
func recordLine(r journal.Record, m *mapfile.Map) string {
	var parts []string
	if c := r.CheckIn; c != nil {
		for _, f := range c.Feelings {
			parts = append(parts, f.Shown())
		}
		if c.Words != "" {
			parts = append(parts, `"`+c.Words+`"`)
		}
		if c.State != "" {
			parts = append(parts, c.State.Shown())
		}
		if c.Distress != nil {
			parts = append(parts, fmt.Sprintf("distress %d", *c.Distress))
		}
		return r.ID() + " " + recordTime(r) + " check-in: " + orNothing(strings.Join(parts, ", "))
	}
	d := r.Debrief
	if d.Trigger != "" {
		parts = append(parts, triggerName(m, d.Trigger))
	}
	if d.Helped != "" {
		parts = append(parts, "helped: "+d.Helped)
	}
	if d.Before != nil || d.After != nil {
		parts = append(parts, "distress "+levelWord(d.Before)+" → "+levelWord(d.After))
	}
	if len(parts) == 0 && d.Good != "" {
		parts = append(parts, "good: "+d.Good)
	}
	if len(parts) == 0 && d.Change != "" {
		parts = append(parts, "to change: "+d.Change)
	}
	return r.ID() + " " + recordTime(r) + " debrief: " + orNothing(strings.Join(parts, "; "))
}

func orNothing(s string) string {
	if s == "" {
		return "(nothing more noted)"
	}
	return s
}

func levelWord(n *int) string {
	if n == nil {
		return "?"
	}
	return fmt.Sprint(*n)
}

// triggerName names a trigger by its hidden key as the map has it now:
// "t3 A belt buckle".
func triggerName(m *mapfile.Map, key string) string {
	for _, t := range m.Triggers {
		if t.Key == key {
			return t.ID + " " + oneLineSafe(t.Text)
		}
	}
	return "a trigger no longer in your map"
}

// recordLines are the whole record, a field a line, with only what was
// answered.
func recordLines(r journal.Record, m *mapfile.Map) []string {
	var out []string
	add := func(label, value string) {
		if value != "" {
			out = append(out, label+": "+strings.ReplaceAll(safe(value), "\n", "\n  "))
		}
	}
	if c := r.CheckIn; c != nil {
		out = append(out, r.ID()+", check-in, "+recordTime(r))
		var felt []string
		for _, f := range c.Feelings {
			felt = append(felt, f.Shown())
		}
		add("Feeling", strings.Join(felt, ", "))
		add("In your own words", c.Words)
		if c.Distress != nil {
			add("Distress", fmt.Sprint(*c.Distress))
		}
		add("Right now", c.State.Shown())
		add("Note", c.Note)
		return out
	}
	d := r.Debrief
	out = append(out, r.ID()+", debrief, "+recordTime(r))
	add("What felt good", d.Good)
	add("To change, or not do again", d.Change)
	if d.Trigger != "" {
		add("What came up", triggerName(m, d.Trigger))
	}
	add("What helped", d.Helped)
	add("Did it help", string(d.ItHelped))
	if d.Before != nil || d.After != nil {
		add("Distress", "before "+levelWord(d.Before)+", after "+levelWord(d.After))
	}
	add("What you needed afterwards", d.Needed)
	add("Did you get it", string(d.GotIt))
	add("A note for next time", d.Note)
	return out
}
