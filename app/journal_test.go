package app

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/testfs"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
	"github.com/attune-dev/attune/triggers"
)

// journalTerm is a store with a stop word, a signal and two triggers
// with what helps.
func journalTerm(t *testing.T) *fakeTerm {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	tm.must("set", "safeword", "pineapple")
	tm.must("set", "signal", "two taps on the shoulder")
	tm.must("add", "trigger", "touch", "A belt buckle", "--helps", "Open a window", "--intensity", "high")
	tm.must("add", "trigger", "sounds", "Raised voices", "--helps", "Name five things I can see")
	return tm
}

// asking runs attune at a terminal that answers from answers.
func asking(ask *iostreams.Scripted) func(ios *iostreams.IO) {
	return func(ios *iostreams.IO) { ios.InTTY, ios.Terminal = true, ask }
}

func (tm *fakeTerm) journal() *journal.Journal {
	tm.t.Helper()
	s := tm.open()
	ids, err := keys.LoadIdentities(s.IdentityPath(), keys.Options{})
	if err != nil {
		tm.t.Fatal(err)
	}
	j, err := s.ReadJournal(ids)
	if err != nil {
		tm.t.Fatal(err)
	}
	return j
}

func (tm *fakeTerm) readMap() *mapfile.Map {
	tm.t.Helper()
	s := tm.open()
	ids, _ := keys.LoadIdentities(s.IdentityPath(), keys.Options{})
	m, err := s.ReadMap(ids)
	if err != nil {
		tm.t.Fatal(err)
	}
	return m
}

func (tm *fakeTerm) snapshot() map[string]string {
	tm.t.Helper()
	snap, err := testfs.Snapshot(tm.store)
	if err != nil {
		tm.t.Fatal(err)
	}
	return snap
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A check-in at the terminal: the three questions, each skippable, then
// the answer from what was said and from the map; nothing kept when the
// last question is answered no.
func TestCheckinAtTheTerminal(t *testing.T) {
	tm := journalTerm(t)
	before := tm.snapshot()
	ask := &iostreams.Scripted{Answers: []string{"numb, a bit tired", "7", "far away", ""}}
	out, errs, code := tm.run(asking(ask), "checkin")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if len(ask.Asked) != 4 || !strings.Contains(ask.Asked[0], "Turned on, anxious, numb, enthusiastic, dissociated, relaxed") ||
		!strings.Contains(ask.Asked[1], "0 (none) to 10 (the worst you can imagine)") ||
		!strings.Contains(ask.Asked[2], "settled, revved up, or shut down / far away") || !strings.Contains(ask.Asked[3], "[y/N]") {
		t.Errorf("asked %q", ask.Asked)
	}
	for _, want := range []string{
		"You said: numb, shut down / far away, distress 7. With that, it may be best to wait until you feel more settled.",
		"Waiting is fine, and pausing is okay. The choice is yours: you can stop at any point, even after a yes.",
		"Your stop word: pineapple", "Your stop signal: two taps on the shoulder",
		"• Open a window (for t1, A belt buckle)", "• Name five things I can see (for t2, Raised voices)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the answer does not say %q:\n%s", want, out)
		}
	}
	if !sameSnapshot(before, tm.snapshot()) {
		t.Error("a check-in not kept changed the store")
	}

	// Kept, with a note: own words and feelings apart.
	ask = &iostreams.Scripted{Answers: []string{"relaxed and a bit tired", "", "", "y", "slept well"}}
	if _, errs, code := tm.run(asking(ask), "checkin"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	j := tm.journal()
	if j.Len() != 1 {
		t.Fatalf("%d records kept, want 1", j.Len())
	}
	c := j.CheckIns[0]
	if !slices.Equal(c.Feelings, []journal.Feeling{journal.Relaxed}) || c.Words != "a bit tired" || c.Distress != nil || c.State != "" || c.Note != "slept well" {
		t.Errorf("kept %+v", c)
	}
}

// Wrong answers are explained and asked again; a blank is a complete
// answer.
func TestCheckinAsksAgain(t *testing.T) {
	tm := journalTerm(t)
	ask := &iostreams.Scripted{Answers: []string{"", "eleven", "11", "5", "wobbly", "revved up", "n"}}
	out, errs, code := tm.run(asking(ask), "checkin")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if len(ask.Asked) != 7 || !slices.Contains(ask.Said, "Please type a number from 0 (none) to 10 (the worst you can imagine), or press Enter to skip.") {
		t.Errorf("asked %q, said %q", ask.Asked, ask.Said)
	}
	if !strings.Contains(out, "You said: revved up, distress 5. That's worth noticing.") {
		t.Errorf("answer:\n%s", out)
	}
	plainReminder(t, ask, "Please answer settled, revved up, or shut down / far away, or press Enter to skip.")
}

// plainReminder checks that an answer not read was followed by want, and
// that no reminder reads like a table of spellings.
func plainReminder(t *testing.T, ask *iostreams.Scripted, want string) {
	t.Helper()
	if !slices.Contains(ask.Said, want) {
		t.Errorf("not said %q; said %q", want, ask.Said)
	}
	for _, s := range ask.Said {
		if strings.HasPrefix(s, "Please") && (strings.Contains(s, "(or ") || strings.Contains(s, "; ") || strings.Contains(s, "-")) {
			t.Errorf("said in technical words: %q", s)
		}
	}
}

// The debrief's questions of a few words ask again in plain words.
func TestDebriefAsksAgainInPlainWords(t *testing.T) {
	tm := journalTerm(t)
	ask := &iostreams.Scripted{Answers: []string{"", "", "new", "loud things", "sounds", "A door slamming", "", "", "", "n", "not now"}}
	if _, errs, code := tm.run(asking(ask), "debrief"); code != 0 || len(ask.Answers) != 0 {
		t.Fatalf("exit %d, answers left %q (asked %q): %s", code, ask.Answers, ask.Asked, errs)
	}
	if !slices.Contains(ask.Asked, "What kind of trigger? positions, movements, activities, smells, sounds, textures, words, touch or other: ") {
		t.Errorf("asked %q", ask.Asked)
	}
	plainReminder(t, ask, "Please answer positions, movements, activities, smells, sounds, textures, words, touch or other, or press Enter to skip.")
}

// Ctrl-D (the end of input) at any question of a check-in or a debrief
// keeps nothing and changes no file.
func TestStoppedAtEachQuestion(t *testing.T) {
	tm := journalTerm(t)
	tm.must("checkin", "--feel", "relaxed", "--save") // a journal to leave as it is
	for _, c := range []struct {
		cmd     string
		answers []string
	}{
		{"checkin", []string{"numb", "7", "shut down", "y", "a note"}},
		{"debrief", []string{"Slow kissing", "y", "Being rushed", "stop", "y", "new", "sounds", "Shouting", "Counting", "8", "3", "y", "A blanket", "yes", "next time"}},
	} {
		for n := 0; n < len(c.answers); n++ {
			before := tm.snapshot()
			ask := &iostreams.Scripted{Answers: c.answers[:n]}
			_, errs, code := tm.run(asking(ask), c.cmd)
			if code != ExitError || errs != "attune: error: stopped before the end; nothing was saved\n" {
				t.Errorf("%s stopped after %d answers: exit %d %q", c.cmd, n, code, errs)
			}
			if !sameSnapshot(before, tm.snapshot()) {
				t.Errorf("%s stopped after %d answers changed the store", c.cmd, n)
			}
		}
		ask := &iostreams.Scripted{Answers: c.answers}
		if _, errs, code := tm.run(asking(ask), c.cmd); code != 0 {
			t.Errorf("%s answered to the end: exit %d %s", c.cmd, code, errs)
		}
		if len(ask.Answers) != 0 {
			t.Errorf("%s did not ask every question: %q left", c.cmd, ask.Answers)
		}
	}
}

// What the check-in says, for every answer it can be given: it suggests
// waiting exactly when numb, dissociated, shut down or distress 7 or
// more, names anxious, revved up and distress 4 to 6 otherwise, always
// says waiting is fine and how to stop, and never judges.
func TestCheckinWords(t *testing.T) {
	m := mapfile.New()
	m.Safeword = "pineapple"
	j := journal.New()
	feelings := journal.FeelingWords.Values()
	states := append([]journal.State{""}, journal.StateWords.Values()...)
	levels := []*int{nil}
	for i := range 11 {
		levels = append(levels, &i)
	}
	n := 0
	for mask := range 1 << len(feelings) {
		var felt []journal.Feeling
		for i, f := range feelings {
			if mask&(1<<i) != 0 {
				felt = append(felt, f)
			}
		}
		for _, st := range states {
			for _, lv := range levels {
				c := journal.CheckIn{Feelings: felt, State: st, Distress: lv}
				text := strings.Join(checkinWords(c, m, j), "\n\n")
				n++
				d := -1
				if lv != nil {
					d = *lv
				}
				wait := slices.Contains(felt, journal.Numb) || slices.Contains(felt, journal.Dissociated) || st == journal.ShutDown || d >= 7
				notice := !wait && (slices.Contains(felt, journal.Anxious) || st == journal.RevvedUp || d >= 4)
				if got := strings.Contains(text, "it may be best to wait until you feel more settled"); got != wait {
					t.Fatalf("%+v (distress %d): suggests waiting %v, want %v\n%s", c, d, got, wait, text)
				}
				if got := strings.Contains(text, "That's worth noticing."); got != notice {
					t.Fatalf("%+v (distress %d): notices %v, want %v\n%s", c, d, got, notice, text)
				}
				for _, must := range []string{"Waiting is fine, and pausing is okay.", "even after a yes", "Your stop word: pineapple"} {
					if !strings.Contains(text, must) {
						t.Fatalf("%+v: does not say %q", c, must)
					}
				}
				low := strings.ToLower(text)
				for _, never := range []string{"ready", "score", "%", "verdict", "safe to", "go ahead", "you can proceed", "streak", "progress"} {
					if strings.Contains(low, never) {
						t.Fatalf("%+v: says %q:\n%s", c, never, text)
					}
				}
			}
		}
	}
	if n != 64*4*12 {
		t.Fatalf("%d answers tried", n)
	}
}

// What helps is the person's own, the ones that helped most in the
// journal first, three at most, the same words once.
func TestWhatHelpsOrder(t *testing.T) {
	m := mapfile.New()
	for i, h := range []string{"Open a window", "Counting", "open a WINDOW", "Tea", "Music"} {
		m.Triggers = append(m.Triggers, triggerWithHelps(i+1, h))
	}
	j := journal.New()
	ten, two := 10, 2
	for range 2 {
		j.AddDebrief(journal.Debrief{At: j0, Trigger: m.Triggers[3].Key, Helped: "Tea", Before: &ten, After: &two})
	}
	j.AddDebrief(journal.Debrief{At: j0, Trigger: m.Triggers[4].Key, Helped: "Music", ItHelped: journal.Yes})
	j.AddDebrief(journal.Debrief{At: j0, Trigger: m.Triggers[0].Key, Helped: "Open a window", ItHelped: journal.No})
	var got []string
	for _, t := range whatHelps(m, j, 3) {
		got = append(got, t.Helps)
	}
	if strings.Join(got, "|") != "Tea|Music|Counting" {
		t.Errorf("what helps: %q, want Tea, Music, then Counting (the window did not help)", got)
	}
}

func triggerWithHelps(i int, helps string) triggers.Trigger {
	return triggers.Trigger{ID: fmt.Sprintf("t%d", i), Key: mapfile.NewKey(), Category: triggers.Touch, Text: fmt.Sprintf("Trigger %d", i), Helps: helps}
}

var j0 = time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)

// A debrief at the terminal: each map change only after a yes, one
// update for all of them, the rest in the journal, and what helped in
// `attune helped`.
func TestDebriefAtTheTerminal(t *testing.T) {
	tm := journalTerm(t)
	ask := &iostreams.Scripted{Answers: []string{
		"Slow kissing", "y", // a GO, added
		"Being rushed", "stop", "n", // a STOP, declined
		"new", "sounds", "A door slamming", "Counting backwards", "8", "3", "y", // a new trigger, added
		"A blanket", "partly",
		"Ask before the lights go off",
	}}
	out, errs, code := tm.run(asking(ask), "debrief")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if len(ask.Answers) != 0 {
		t.Fatalf("answers left: %q (asked %q)", ask.Answers, ask.Asked)
	}
	if !strings.Contains(out, "added b1 ● GO: Slow kissing") || !strings.Contains(out, "added t3 Sounds: A door slamming") || strings.Contains(out, "Being rushed") {
		t.Errorf("the change report:\n%s", out)
	}
	m := tm.readMap()
	if len(m.Boundaries) != 1 || m.Trigger("t3") == nil || m.Trigger("t3").Helps != "Counting backwards" {
		t.Fatalf("the map: %+v %+v", m.Boundaries, m.Triggers)
	}
	j := tm.journal()
	if j.Len() != 1 {
		t.Fatalf("%d records", j.Len())
	}
	d := j.Debriefs[0]
	if d.Trigger != m.Trigger("t3").Key || d.Helped != "Counting backwards" || *d.Before != 8 || *d.After != 3 ||
		d.Good != "Slow kissing" || d.Change != "Being rushed" || d.Needed != "A blanket" || d.GotIt != journal.Partly || d.Note != "Ask before the lights go off" {
		t.Errorf("kept %+v", d)
	}
	// One update for the map: undo takes all of the debrief's changes back.
	tm.must("undo")
	if m := tm.readMap(); len(m.Boundaries) != 0 || m.Trigger("t3") != nil {
		t.Errorf("undo left the debrief's changes: %+v", m)
	}
	if tm.journal().Len() != 1 {
		t.Error("undo touched the journal")
	}
	if out := tm.must("helped"); !strings.Contains(out, `a trigger no longer in your map — "Counting backwards": helped 1 of 1 time, distress 8 → 3 on average`) {
		t.Errorf("helped:\n%s", out)
	}
}

// A debrief whose text is in the map already offers to edit that entry
// instead of adding a second; "not now" is a full answer.
func TestDebriefOffersTheEntryThere(t *testing.T) {
	tm := journalTerm(t)
	tm.must("add", "boundary", "yellow", "Kissing my neck")
	ask := &iostreams.Scripted{Answers: []string{"kissing  my NECK", "y", "not now"}}
	out, errs, code := tm.run(asking(ask), "debrief")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !slices.Contains(ask.Asked, "You have this as b1 ▲ ASK FIRST: Kissing my neck. Change it to ● GO? [y/N] ") {
		t.Errorf("asked %q", ask.Asked)
	}
	if !strings.Contains(out, "changed b1: ▲ ASK FIRST → ● GO") {
		t.Errorf("report:\n%s", out)
	}
	if m := tm.readMap(); len(m.Boundaries) != 1 || m.Boundaries[0].Light != "green" {
		t.Errorf("boundaries: %+v", m.Boundaries)
	}

	before := tm.snapshot()
	ask = &iostreams.Scripted{Answers: []string{"not now"}}
	_, errs, code = tm.run(asking(ask), "debrief")
	if code != 0 || !strings.Contains(errs, "nothing was kept; that's a full answer too") || !sameSnapshot(before, tm.snapshot()) {
		t.Errorf("not now: exit %d %q, or the store changed", code, errs)
	}
}

// The journal is opened only with a key decrypted in this run: a key
// `attune unlock` keeps is used for the map, never for the journal.
func TestJournalNeverUsesTheUnlockedKey(t *testing.T) {
	tm := newTerm(t)
	pass := func(p string) func(ios *iostreams.IO) {
		return func(ios *iostreams.IO) { ios.SetEnv(PassphraseEnv, p) }
	}
	if _, errs, code := tm.run(pass("lavender fields"), "init", "--passphrase"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := tm.run(pass("lavender fields"), "add", "trigger", "touch", "A belt buckle", "--helps", "Open a window"); code != 0 {
		t.Fatal(errs)
	}
	plain, err := keys.DecryptIdentityFile(tm.open().IdentityPath(), keys.Options{Passphrase: func(string) (string, error) { return "lavender fields", nil }})
	if err != nil {
		t.Fatal(err)
	}
	uses := 0
	defer func(f func(*keys.IdentityFile, string, keys.Options) ([]age.Identity, bool)) { unlockedLookup = f }(unlockedLookup)
	unlockedLookup = func(f *keys.IdentityFile, _ string, opts keys.Options) ([]age.Identity, bool) {
		uses++
		ids, err := keys.ParseIdentities(plain, f.Path, opts)
		return ids, err == nil
	}
	// The map opens with the kept key, asking nothing.
	if out, errs, code := tm.run(nil, "list"); code != 0 || !strings.Contains(out, "A belt buckle") || uses == 0 {
		t.Fatalf("the stand-in for the kept key is not used for the map: exit %d %s", code, errs)
	}
	for _, args := range [][]string{
		{"checkin", "--feel", "numb"}, {"checkin", "--feel", "numb", "--save"}, {"debrief", "--trigger", "t1", "--helped", "Open a window"},
		{"helped"}, {"journal", "list"}, {"journal", "forget", "--all"},
	} {
		uses = 0
		before := tm.snapshot()
		_, errs, code := tm.run(nil, args...)
		if code != ExitError || !strings.Contains(errs, "a passphrase is needed, and there is no terminal to ask for it") {
			t.Errorf("%v without a passphrase: exit %d %q", args, code, errs)
		}
		if uses != 0 {
			t.Errorf("%v looked for the kept key", args)
		}
		if !sameSnapshot(before, tm.snapshot()) {
			t.Errorf("%v changed the store", args)
		}
		// A wrong passphrase is refused, whatever is kept.
		if _, errs, code := tm.run(pass("wrong"), args...); code != ExitError || !strings.Contains(errs, "passphrase is not right") {
			t.Errorf("%v with a wrong passphrase: exit %d %q", args, code, errs)
		}
	}
	// With the passphrase, asked once for map and journal together.
	ask := &iostreams.Scripted{Answers: []string{"lavender fields"}}
	if _, errs, code := tm.run(func(ios *iostreams.IO) { ios.Terminal = ask }, "checkin", "--feel", "relaxed", "--save"); code != 0 || len(ask.Asked) != 1 {
		t.Errorf("checkin --save with the passphrase: exit %d %s, asked %q", code, errs, ask.Asked)
	}
	if uses != 0 {
		t.Error("checkin --save looked for the kept key")
	}
	if _, err := os.Stat(filepath.Join(tm.store, store.JournalFile)); err != nil {
		t.Errorf("no journal after checkin --save: %v", err)
	}
}

// A journal that can't be read does not keep a check-in from answering:
// it says so, and offers nothing to keep.
func TestCheckinWithADamagedJournal(t *testing.T) {
	tm := journalTerm(t)
	tm.must("checkin", "--feel", "relaxed", "--save")
	path := filepath.Join(tm.store, store.JournalFile)
	data, _ := os.ReadFile(path)
	data[len(data)-5] ^= 0xff
	os.WriteFile(path, data, 0o600)
	before := tm.snapshot()
	ask := &iostreams.Scripted{Answers: []string{"anxious", "", ""}}
	out, errs, code := tm.run(asking(ask), "checkin")
	if code != 0 || !strings.Contains(out, "You said: anxious.") || !strings.Contains(errs, "attune: warning: your journal could not be read") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if len(ask.Asked) != 3 || !slices.Contains(ask.Said, "Your journal could not be read, so this check-in can't be kept; nothing was saved.") {
		t.Errorf("asked %q, said %q", ask.Asked, ask.Said)
	}
	if !sameSnapshot(before, tm.snapshot()) {
		t.Error("the store changed")
	}
}

// One's own words are read as the offered feelings are, part by part,
// and shown as typed; a feeling named after a word that may turn it
// round ("not numb") is never read as said.
func TestCheckinOwnWords(t *testing.T) {
	m := mapfile.New()
	for _, tc := range []struct {
		words        string
		wait, notice bool
	}{
		{"a bit numb", true, false},
		{"Spaced out, far away", true, false},
		{"kind of nervous", false, true},
		{"not numb at all", false, false},
		{"I don't feel anxious", false, false},
		{"no longer scared", false, false},
		{"numbers are fun", false, false},
		{"calm and close", false, false},
		{"not great, numb", true, false},
		{"numb, not anxious", true, false},
		{"I don't know, numb", true, false},
		{"not numb, but far away", true, false},
		{"not sure, maybe numb", true, false},
		{"some numbness", true, false},
		{"a bit checked out", true, false},
	} {
		text := strings.Join(checkinWords(journal.CheckIn{Words: tc.words}, m, nil), "\n\n")
		if got := strings.Contains(text, "You said: "+tc.words+". With that, it may be best to wait"); got != tc.wait {
			t.Errorf("%q: suggests waiting %v, want %v\n%s", tc.words, got, tc.wait, text)
		}
		if got := strings.Contains(text, "You said: "+tc.words+". That's worth noticing."); got != tc.notice {
			t.Errorf("%q: notices %v, want %v\n%s", tc.words, got, tc.notice, text)
		}
		if !tc.wait && !tc.notice && !strings.Contains(text, "In your own words: "+tc.words) {
			t.Errorf("%q: the words are not shown:\n%s", tc.words, text)
		}
	}
	// A feeling that suggests waiting, named after a word that may turn
	// it round, is not read as said, and the answer leans towards care.
	for words, maybe := range map[string]bool{"not sure if I'm numb": true, "not numb at all": true, "calm and close": false, "no longer anxious": false} {
		text := strings.Join(checkinWords(journal.CheckIn{Words: words}, m, nil), "\n\n")
		if got := strings.Contains(text, "If part of that means numb, far away or shut down, it may be best to wait"); got != maybe {
			t.Errorf("%q: the careful line shown %v, want %v\n%s", words, got, maybe, text)
		}
	}
}
