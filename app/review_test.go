package app

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// The day the review tests run, and a day long before it.
var (
	reviewNow = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	longAgo   = time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
)

// at runs attune on the given day.
func at(t time.Time) func(*iostreams.IO) {
	return func(ios *iostreams.IO) { ios.Now = func() time.Time { return t } }
}

// atKeyboard runs attune on the given day, at a terminal whose person
// answers from the script.
func atKeyboard(t time.Time, sc *iostreams.Scripted) func(*iostreams.IO) {
	return func(ios *iostreams.IO) {
		at(t)(ios)
		ios.InTTY, ios.Terminal = true, sc
	}
}

// reviewStore is a store with entries added long ago (b1 a STOP with a
// note, b2 an ASK FIRST with a condition, t1 a trigger) and one added
// last month (c1).
func reviewStore(t *testing.T) *fakeTerm {
	tm := newTerm(t)
	tm.must("init", "--name", "Sam")
	for _, args := range [][]string{
		{"add", "boundary", "red", "Being held down", "--note", "wrists especially"},
		{"add", "boundary", "yellow", "Blindfolds", "--only-if", "I hold it"},
		{"add", "trigger", "sounds", "Shouting", "--intensity", "high"},
	} {
		if _, errs, code := tm.run(at(longAgo), args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	if _, errs, code := tm.run(at(reviewNow.AddDate(0, -1, 0)), "add", "curious", "Slow massage with oil"); code != 0 {
		t.Fatal(errs)
	}
	return tm
}

func (tm *fakeTerm) mapBytes() []byte {
	tm.t.Helper()
	b, err := os.ReadFile(filepath.Join(tm.store, store.MapFile))
	if err != nil {
		tm.t.Fatal(err)
	}
	return b
}

// Keep, a new light and a skip: the kept and changed entries are looked
// at, the skipped one is not; only what is due is asked about; history
// shows it; a second review asks only about what is still due.
func TestReviewKeepChangeSkip(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{"k", "l", "green", ""}}
	out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if len(sc.Asked) != 4 || !strings.HasPrefix(sc.Asked[0], "Still true? k keep, l light, e edit") ||
		!strings.HasPrefix(sc.Asked[1], "Still true?") || !strings.HasPrefix(sc.Asked[2], "New light: ") ||
		!strings.HasPrefix(sc.Asked[3], "Still true? k keep, i intensity") {
		t.Errorf("asked %q", sc.Asked)
	}
	said := strings.Join(sc.Said, "\n")
	for _, want := range []string{"b1   ■ STOP: Being held down", "note: wrists especially", "(added 10 January 2025)",
		"b2   ▲ ASK FIRST: Blindfolds", "t1   Sounds: Shouting [high]", "Pausing is okay"} {
		if !strings.Contains(said, want) {
			t.Errorf("the terminal was not shown %q:\n%s", want, said)
		}
	}
	if strings.Contains(said, "Slow massage") {
		t.Errorf("c1, added last month, was asked about:\n%s", said)
	}
	if !strings.Contains(out, "kept as it is: b1\n") || !strings.Contains(out, "changed b2: ▲ ASK FIRST → ● GO, only if, note — Blindfolds\n") ||
		!strings.Contains(out, "b2's condition is now in its note (When this was ASK FIRST: only if I hold it)") || strings.Contains(out, "t1") {
		t.Errorf("review said:\n%s", out)
	}

	hist := tm.must("history")
	for _, want := range []string{
		"b1 ■ STOP: Being held down\n  10 January 2025: added\n  28 November: looked at again\n",
		"b2 ● GO: Blindfolds\n  10 January 2025: added\n  28 November: light: ▲ ASK FIRST → ● GO\n" +
			"  28 November: only if cleared (was: I hold it)\n  28 November: note added: When this was ASK FIRST: only if I hold it\n  28 November: looked at again\n",
		"t1 Sounds: Shouting\n  10 January 2025: added\n\n",
	} {
		if !strings.Contains(hist, want) {
			t.Errorf("history does not say %q:\n%s", want, hist)
		}
	}

	// The same day, only the skipped one is due; q leaves it.
	sc = &iostreams.Scripted{Answers: []string{"q"}}
	before := tm.mapBytes()
	out, _, code = tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 || len(sc.Asked) != 1 || !strings.Contains(strings.Join(sc.Said, "\n"), "t1   Sounds: Shouting") {
		t.Errorf("exit %d, asked %q, said %q", code, sc.Asked, sc.Said)
	}
	if out != "nothing was changed\nthe rest can wait: `attune review` asks about them whenever you like\n" || !bytes.Equal(before, tm.mapBytes()) {
		t.Errorf("q at the first question:\n%s", out)
	}
	// Seven months on, everything is due again.
	sc = &iostreams.Scripted{Answers: []string{"s", "s", "s", "s"}}
	tm.run(atKeyboard(reviewNow.AddDate(0, 7, 0), sc), "review")
	if len(sc.Asked) != 4 {
		t.Errorf("seven months on, asked %q", sc.Asked)
	}
}

// Edit and remove, with the questions they need; a removal not confirmed
// asks again; q keeps what was decided before it.
func TestReviewEditRemoveQuit(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{
		"e", "Being held down, by anyone", "-", // b1: new text, note cleared
		"r", "", "remove", "y", // b2: not confirmed, then removed
		"q", // t1
	}}
	out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"changed b1: text, note — Being held down, by anyone\n",
		"removed b2 ▲ ASK FIRST: Blindfolds\n",
		"the rest can wait",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("review did not say %q:\n%s", want, out)
		}
	}
	hist := tm.must("history", "b1")
	if !strings.Contains(hist, "28 November: text: Being held down → Being held down, by anyone\n") ||
		!strings.Contains(hist, "28 November: note cleared (was: wrists especially)\n") || !strings.Contains(hist, "looked at again") {
		t.Errorf("history b1:\n%s", hist)
	}
	if _, errs, code := tm.run(nil, "history", "b2"); code != ExitError || !strings.Contains(errs, `no entry with the id "b2"`) {
		t.Errorf("the removed entry's history: exit %d %s", code, errs)
	}
	// undo brings back the map from before the review, history and all.
	tm.must("undo")
	if hist := tm.must("history"); strings.Contains(hist, "looked at again") || !strings.Contains(hist, "b2 ▲ ASK FIRST: Blindfolds") {
		t.Errorf("after undo:\n%s", hist)
	}
}

// Bad answers are said to be so, and asked again; typed text must pass as
// text; Enter at the light keeps it and asks again.
func TestReviewAsksAgain(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{
		"maybe", "l", "purple", "", "l", "red", "s", // b1: not an answer; a light unknown, then Enter; the same light
		"e", "\u200b", "Blindfolds I hold myself", "", // b2: invisible text refused
		"i", "none", // t1
	}}
	out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	said := strings.Join(sc.Said, "\n")
	for _, want := range []string{"Please answer k, l, e, r, s or q (Enter skips).", `unknown light "purple"`,
		"It is ■ STOP already.", "text has no visible characters"} {
		if !strings.Contains(said, want) {
			t.Errorf("the terminal was not told %q:\n%s", want, said)
		}
	}
	if !strings.Contains(out, "changed b2: text — Blindfolds I hold myself\n") || !strings.Contains(out, "changed t1: intensity high → none — Shouting\n") ||
		strings.Contains(out, "b1") {
		t.Errorf("review said:\n%s", out)
	}
}

// Ctrl-D (end of input) at any question leaves the map, and its backup,
// as they were; the whole script, answered, changes it.
func TestReviewInterruptedAtEachQuestion(t *testing.T) {
	answers := []string{"k", "l", "purple", "green", "e", "Shouting, close by", "a voice first"}
	tm := reviewStore(t)
	before := tm.mapBytes()
	backup, _ := os.ReadFile(filepath.Join(tm.store, store.BackupFile))
	for n := range answers {
		sc := &iostreams.Scripted{Answers: answers[:n]}
		out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
		if code != ExitError || !strings.HasPrefix(errs, "attune: error: review stopped before the end, so nothing was changed\n") ||
			!strings.Contains(errs, "pausing is okay") {
			t.Errorf("end of input after %d answers: exit %d %q", n, code, errs)
		}
		if out != "" || len(sc.Asked) != n+1 {
			t.Errorf("after %d answers: printed %q, asked %d questions", n, out, len(sc.Asked))
		}
		if b, _ := os.ReadFile(filepath.Join(tm.store, store.BackupFile)); !bytes.Equal(before, tm.mapBytes()) || !bytes.Equal(b, backup) {
			t.Fatalf("end of input after %d answers changed the map", n)
		}
	}
	sc := &iostreams.Scripted{Answers: answers}
	if _, errs, code := tm.run(atKeyboard(reviewNow, sc), "review"); code != 0 || bytes.Equal(before, tm.mapBytes()) {
		t.Fatalf("the whole script did not change the map: exit %d %s", code, errs)
	}
}

// Off a terminal, review says what to do instead of waiting, before any
// question (even a passphrase); nothing due, or no entries, is said
// calmly; a bad --older-than is a usage mistake.
func TestReviewRefusalsAndNothingDue(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{"k"}}
	_, errs, code := tm.run(func(ios *iostreams.IO) { ios.Terminal = sc }, "review")
	if code != ExitError || !strings.Contains(errs, "standard input is not a terminal") || !strings.Contains(errs, "attune edit ID") || len(sc.Asked) > 0 {
		t.Errorf("off a terminal: exit %d %q, asked %q", code, errs, sc.Asked)
	}
	out, _, code := tm.run(atKeyboard(reviewNow, sc), "review", "--older-than", "3y")
	if code != 0 || out != "nothing was added or last looked at more than 3 years ago, so there is nothing to look at again now\n" || len(sc.Asked) > 0 {
		t.Errorf("nothing due: exit %d %q", code, out)
	}
	_, errs, code = tm.run(atKeyboard(reviewNow, sc), "review", "--older-than", "half a year")
	if code != ExitUsage || !strings.HasPrefix(errs, "attune: error: --older-than \"half a year\" is not a length of time attune reads\nattune: hint: give a number and days, weeks, months or years") {
		t.Errorf("a bad --older-than: exit %d %q", code, errs)
	}
	empty := newTerm(t)
	empty.must("init")
	if out, _, code := empty.run(atKeyboard(reviewNow, sc), "review"); code != 0 || !strings.Contains(out, "no entries yet") {
		t.Errorf("an empty map: exit %d %q", code, out)
	}
}

// No counts, scores or progress anywhere in what review says or asks:
// "3 of 12" is a kind of score too.
func TestReviewWordsHoldNoCounts(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{"k", "s", "q"}}
	out, _, _ := tm.run(atKeyboard(reviewNow, sc), "review")
	all := strings.Join(append(append(sc.Asked, sc.Said...), out), "\n")
	if !strings.Contains(all, "Still true?") {
		t.Fatal("nothing was asked: the test proves nothing")
	}
	// Dates (10 January 2025), the period (6 months) and ids (b1) hold
	// numbers; nothing else may.
	clean := regexp.MustCompile(`\d{1,2} [A-Z][a-z]+( \d{4})?|\d+ (day|week|month|year)s?\b|\b[btsac]\d+\b`).ReplaceAllString(all, "")
	if m := regexp.MustCompile(`\d|%|(?i)streak|progress|score|remaining|left to`).FindString(clean); m != "" {
		t.Errorf("review says %q:\n%s", m, all)
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]string{"30d": "30 days", "2w": "2 weeks", "6m": "6 months", "1y": "1 year", "0d": "0 days", " 6M ": "6 months", "6 months": "6 months", "1 year": "1 year", "2weeks": "2 weeks", "30 Days": "30 days"} {
		p, ok := parsePeriod(in)
		if !ok || p.String() != want {
			t.Errorf("parsePeriod(%q) = %v %v, want %s", in, p, ok, want)
		}
	}
	for _, in := range []string{"", "6", "m", "6x", "-1m", "+1m", "1.5m", "10000d", "6 monthly", "six months", "6 m o", "6mm", "٣m"} {
		if p, ok := parsePeriod(in); ok {
			t.Errorf("parsePeriod(%q) = %v, want a refusal", in, p)
		}
	}
	for in, want := range map[string]time.Time{
		"6m": time.Date(2026, 5, 28, 10, 0, 0, 0, time.UTC), "2w": time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC),
		"1y": time.Date(2025, 11, 28, 10, 0, 0, 0, time.UTC), "30d": time.Date(2026, 10, 29, 10, 0, 0, 0, time.UTC),
	} {
		p, _ := parsePeriod(in)
		if got := p.since(reviewNow); !got.Equal(want) {
			t.Errorf("%s before %v is %v, want %v", in, reviewNow, got, want)
		}
	}
}

// A map written before hidden keys existed (version 1) gets them on the
// review's write: what was kept and changed is looked at under the new
// keys, and review says what it changed, not that entries came and went.
func TestReviewOfAMapFromBeforeKeys(t *testing.T) {
	tm := newTerm(t)
	tm.must("init")
	s := tm.open()
	r, err := keys.ParseRecipient(s.Config.Recipients()[0], keys.Options{})
	if err != nil {
		t.Fatal(err)
	}
	old := "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"yellow\"\ntext = \"Tickling\"\nadded = 2024-01-01T00:00:00Z\n" +
		"[[boundary]]\nid = \"b2\"\nlight = \"green\"\ntext = \"Hugs\"\n"
	if err := store.WriteEncrypted(s.Path(store.MapFile), []byte(old), false, r); err != nil {
		t.Fatal(err)
	}
	sc := &iostreams.Scripted{Answers: []string{"k", "l", "red"}}
	out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 || out != "kept as it is: b1\nchanged b2: ● GO → ■ STOP — Hugs\n" {
		t.Fatalf("exit %d %s\n%s", code, errs, out)
	}
	hist := tm.must("history")
	if !strings.Contains(hist, "b2 ■ STOP: Hugs\n  added (the day was not recorded)\n  28 November: light: ● GO → ■ STOP\n  28 November: looked at again\n") ||
		!strings.Contains(hist, "b1 ▲ ASK FIRST: Tickling\n  1 January 2024: added\n  28 November: looked at again\n") {
		t.Errorf("history:\n%s", hist)
	}
}

// A lone q stops the review at the text and note questions too: it is
// never kept as the text or the note, and what was decided before it is
// kept.
func TestReviewQAtTheNote(t *testing.T) {
	tm := reviewStore(t)
	sc := &iostreams.Scripted{Answers: []string{
		"k",                          // b1 kept
		"e", "Blindfolds, mine", "q", // b2: new text, then q at the note
	}}
	out, errs, code := tm.run(atKeyboard(reviewNow, sc), "review")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "changed b2") || !strings.Contains(out, "the rest can wait") {
		t.Errorf("q at the note did not stop the review:\n%s", out)
	}
	list := tm.must("list")
	if strings.Contains(list, "Blindfolds, mine") || strings.Contains(list, "Note: q") || !strings.Contains(list, "Blindfolds") {
		t.Errorf("after q at the note:\n%s", list)
	}
	if hist := tm.must("history", "b1"); !strings.Contains(hist, "looked at again") {
		t.Errorf("b1, kept before the q, has no record of it:\n%s", hist)
	}
	if !slices.Contains(sc.Said, "b2 was not changed: the new text was not kept.") {
		t.Errorf("the new text was dropped without a word; said %q", sc.Said)
	}

	// With the text kept by Enter, nothing typed is lost, and nothing
	// is said of it.
	sc = &iostreams.Scripted{Answers: []string{"e", "", "q"}}
	if _, errs, code := tm.run(atKeyboard(reviewNow, sc), "review"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if slices.ContainsFunc(sc.Said, func(s string) bool { return strings.Contains(s, "was not changed") }) {
		t.Errorf("said %q", sc.Said)
	}
}
