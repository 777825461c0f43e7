package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// `attune debrief`: after being intimate, what felt good, what to
// change, what came up and what helped, what was needed. Every step can
// be skipped, and "not now" is a full answer. The map changes only
// where the person says yes to each change (--add in the flags form),
// in one ordinary update (so undo, the change report and export treat
// it as any other change); everything else goes to the journal.

// debriefFlags are the flags that answer the questions: any of them
// makes this the flags form, which asks nothing.
var debriefFlags = []string{"good", "change", "light", "trigger", "new-trigger", "category", "helped", "it-helped",
	"before", "after", "needed", "got-it", "note", "add"}

// debriefPlan is what a debrief collected: the journal's record, and
// the map changes said yes to. Nothing is written until it is whole.
type debriefPlan struct {
	rec journal.Debrief
	// add are boundaries to add; relight, boundaries there already with
	// the same text, to move to another light.
	add     []boundaries.Boundary
	relight []relight
	// trigger is a new trigger to add (its hidden key is the record's).
	trigger *triggers.Trigger
	// keyFor is the id of a chosen trigger that has no hidden key yet (a
	// map from before keys): it gets one in the update.
	keyFor string
	// said are the things the flags form says it did not need to change.
	said []string
}

func (p *debriefPlan) mapChanges() bool {
	return len(p.add) > 0 || len(p.relight) > 0 || p.trigger != nil || p.keyFor != ""
}

// answered reports whether the debrief holds anything to keep.
func (p *debriefPlan) answered() bool {
	empty := journal.Debrief{At: p.rec.At}
	return !p.rec.Equal(empty) || p.mapChanges()
}

type relight struct {
	id string
	to boundaries.Light
}

func debriefAction(x *ctx) error {
	flagsForm := slices.ContainsFunc(debriefFlags, x.IsSet)
	if !flagsForm && !x.interactive() {
		return usage(`answer with flags instead: attune debrief --good "…" --trigger t3 --helped "…" --before 7 --after 3 (--add puts --good or --change in your map)`,
			"attune debrief asks its questions at a terminal, and standard input is not one")
	}
	var f debriefFlagValues
	if flagsForm {
		var err error
		if f, err = readDebriefFlags(x); err != nil {
			return err
		}
	}
	return withSession(x, func(s *session) error {
		m, _, err := openJournal(s) // a journal that can't be kept in is refused before anything
		if err != nil {
			return err
		}
		var p *debriefPlan
		if flagsForm {
			p, err = planFromFlags(x, m, f)
		} else {
			p, err = askDebrief(x, m)
		}
		if err != nil {
			return err
		}
		return writeDebrief(x, s, p)
	})
}

// debriefFlagValues are the flags form's answers, read and checked
// before any key is loaded.
type debriefFlagValues struct {
	rec        journal.Debrief
	light      boundaries.Light
	trigger    string
	newTrigger string
	category   triggers.Category
	add        bool
}

func readDebriefFlags(x *ctx) (debriefFlagValues, error) {
	var f debriefFlagValues
	if err := x.checkStdinOnce(); err != nil {
		return f, err
	}
	texts := []struct {
		flag string
		to   *string
	}{{"good", &f.rec.Good}, {"change", &f.rec.Change}, {"helped", &f.rec.Helped}, {"needed", &f.rec.Needed},
		{"note", &f.rec.Note}, {"new-trigger", &f.newTrigger}}
	for _, t := range texts {
		v, _, err := x.textFlag(t.flag)
		if err != nil {
			return f, err
		}
		*t.to = v
	}
	var err error
	for _, l := range []struct {
		flag string
		to   **int
	}{{"before", &f.rec.Before}, {"after", &f.rec.After}} {
		if *l.to, err = levelFlag(x, l.flag); err != nil {
			return f, err
		}
	}
	if f.rec.ItHelped, err = answerFlag(x, "it-helped"); err != nil {
		return f, err
	}
	if f.rec.GotIt, err = answerFlag(x, "got-it"); err != nil {
		return f, err
	}
	if x.IsSet("light") {
		if f.light, err = boundaries.ParseLight(x.String("light")); err != nil {
			return f, typed(err)
		}
	}
	if x.IsSet("category") {
		if f.category, err = triggers.ParseCategory(x.String("category")); err != nil {
			return f, typed(err)
		}
	}
	f.trigger, f.add = x.String("trigger"), x.Bool("add")
	if err := checkDebriefFlags(x, f); err != nil {
		return f, err
	}
	f.rec.At = x.now()
	return f, f.rec.ValidateNew()
}

// checkDebriefFlags refuses flags that say nothing together.
func checkDebriefFlags(x *ctx, f debriefFlagValues) error {
	switch {
	case f.add && f.rec.Good == "" && f.rec.Change == "" && f.newTrigger == "":
		return usage("--add puts what --good, --change or --new-trigger says in your map",
			"--add has nothing to add: give --good, --change (with --light) or --new-trigger")
	case x.IsSet("light") && f.rec.Change == "":
		return usage("--light says how --change goes in your map: --change \"…\" --light stop --add", "--light goes with --change")
	case f.light == boundaries.Green:
		return usage("what felt good goes in as a GO with --good \"…\" --add", "--change goes in as a STOP or an ASK FIRST, not a GO")
	case f.add && f.rec.Change != "" && f.light == "":
		return usage("for example: --change \"…\" --light stop --add, or --light ask", "--change with --add needs --light stop or --light ask")
	case f.newTrigger != "" && f.trigger != "":
		return usage("name a trigger you have with --trigger, or a new one with --new-trigger", "--trigger and --new-trigger can't be used together")
	case f.newTrigger != "" && f.category == "":
		return usage("for example: --new-trigger \"…\" --category touch --add", "--new-trigger needs --category")
	case f.newTrigger != "" && !f.add:
		return usage("a new trigger goes into your map: add --add, or name one you have with --trigger ID", "--new-trigger needs --add")
	case x.IsSet("category") && f.newTrigger == "":
		return usage("--category is the kind of a new trigger: --new-trigger \"…\" --category touch --add", "--category goes with --new-trigger")
	case x.IsSet("it-helped") && f.rec.Helped == "":
		return usage("say what helped with --helped \"…\"", "--it-helped says whether what --helped names helped, and --helped is missing")
	case x.IsSet("got-it") && f.rec.Needed == "":
		return usage("say what you needed with --needed \"…\"", "--got-it says whether you got what --needed names, and --needed is missing")
	}
	return nil
}

// levelFlag reads a distress level flag: 0 to 10, or nil when not given.
func levelFlag(x *ctx, name string) (*int, error) {
	if !x.IsSet(name) {
		return nil, nil
	}
	n, err := journal.ParseLevel("--"+name, x.String(name))
	if err != nil {
		return nil, usage("0 is no distress at all, 10 the worst you can imagine", "%s", err.Error())
	}
	return &n, nil
}

// answerFlag reads yes, partly or no.
func answerFlag(x *ctx, name string) (journal.Answer, error) {
	if !x.IsSet(name) {
		return "", nil
	}
	a, err := journal.AnswerWords.Parse(x.String(name))
	return a, typed(err)
}

// planFromFlags makes the plan of the flags form against the map.
func planFromFlags(x *ctx, m *mapfile.Map, f debriefFlagValues) (*debriefPlan, error) {
	p := &debriefPlan{rec: f.rec}
	if f.trigger != "" {
		t := m.Trigger(f.trigger)
		if t == nil {
			return nil, notATrigger(m, f.trigger)
		}
		p.chooseTrigger(t)
	}
	if !f.add && f.light != "" && f.rec.Change != "" {
		// A light says where it would go; without --add it goes nowhere
		// but the journal, and the person is told.
		p.said = append(p.said, "\""+oneLineSafe(f.rec.Change)+"\" is kept in your journal only, not added to your map; "+
			"to add it as "+f.light.Shown()+": attune add boundary "+string(f.light)+" (it asks for the words)")
	}
	if f.add {
		if err := p.flagBoundary(m, f.rec.Good, boundaries.Green); err != nil {
			return nil, err
		}
		if err := p.flagBoundary(m, f.rec.Change, f.light); err != nil {
			return nil, err
		}
	}
	if f.newTrigger != "" {
		t := triggers.Trigger{Category: f.category, Text: f.newTrigger, Helps: f.rec.Helped, Added: x.now()}
		if err := t.ValidateTyped(); err != nil {
			return nil, err
		}
		if id, ok := sameEntry(m, triggerAdder(f.category), t.Text); ok {
			p.said = append(p.said, entryLineOf(m, id)+" is in your map already; this debrief is about it")
			p.chooseTrigger(m.Trigger(id))
		} else {
			p.newTrigger(t)
		}
	}
	return p, nil
}

// flagBoundary plans a boundary of --good or --change: added, or, when
// the same text is there already, left as it is (same light) or refused
// with how to change it (another light: that is for the person to say).
func (p *debriefPlan) flagBoundary(m *mapfile.Map, text string, light boundaries.Light) error {
	if text == "" {
		return nil
	}
	a := boundaryAdder()
	if id, ok := sameEntry(m, a, text); ok {
		if m.Boundary(id).Light == light {
			p.said = append(p.said, entryLineOf(m, id)+" is in your map already")
			return nil
		}
		return fail(fmt.Sprintf("to make it %s: attune edit %s --light %s; or leave out --add", light.Shown(), id, light),
			"you already have this boundary: %s", oneLineSafe(entryLineOf(m, id)))
	}
	b := boundaries.Boundary{Light: light, Text: text}
	if err := b.ValidateTyped(); err != nil {
		return err
	}
	p.add = append(p.add, b)
	return nil
}

// chooseTrigger makes t the trigger of the debrief.
func (p *debriefPlan) chooseTrigger(t *triggers.Trigger) {
	if t.Key == "" {
		t.Key, p.keyFor = mapfile.NewKey(), t.ID
	}
	p.rec.Trigger = t.Key
}

// newTrigger plans a new trigger, the debrief about it.
func (p *debriefPlan) newTrigger(t triggers.Trigger) {
	t.Key = mapfile.NewKey()
	p.trigger = &t
	p.rec.Trigger = t.Key
}

// writeDebrief makes the map's changes, in one update, then keeps the
// record in the journal. A record that can't be kept after the map was
// changed says so: the change is made and shown.
func writeDebrief(x *ctx, s *session, p *debriefPlan) error {
	for _, l := range p.said {
		x.say("%s", oneLineSafe(l))
	}
	if !p.answered() {
		x.say("nothing was kept; that's a full answer too")
		return nil
	}
	if err := p.rec.ValidateNew(); err != nil {
		return err
	}
	mapChanged := false
	if p.mapChanges() {
		var err error
		if mapChanged, err = applyDebrief(x, s, p); err != nil {
			return err
		}
	}
	var id string
	_, err := s.updateJournal(func(j *journal.Journal) error {
		id = j.AddDebrief(p.rec)
		return nil
	})
	if err != nil {
		if mapChanged {
			return &afterMapError{err: err}
		}
		return err
	}
	x.say("kept this debrief in your journal as %s; only you can read it (attune journal forget %s removes it)", id, id)
	return nil
}

// applyDebrief makes the map changes of a debrief in one update, as add
// and edit make theirs, and reports them as they do.
func applyDebrief(x *ctx, s *session, p *debriefPlan) (bool, error) {
	var before, after *mapfile.Map
	var moved []string
	changed, err := s.update(func(m *mapfile.Map) error {
		before = m.Clone()
		for _, b := range p.add {
			b.Added = x.now()
			if _, err := insertEntry(m, &b, boundaryAdder(), false, nil); err != nil {
				return err
			}
		}
		for _, r := range p.relight {
			b := m.Boundary(r.id)
			if b == nil {
				return fail("", "%s is no longer in your map; nothing was changed", r.id)
			}
			if c := b.SetLight(r.to); c != "" {
				moved = append(moved, conditionMovedLine(r.id, c))
			}
		}
		if t := p.trigger; t != nil {
			if _, err := insertEntry(m, t, triggerAdder(t.Category), false, nil); err != nil {
				return err
			}
		}
		if t := m.Trigger(p.keyFor); t != nil && t.Key == "" {
			t.Key = p.rec.Trigger
		}
		after = m.Clone()
		return nil
	})
	if err != nil {
		return false, err
	}
	x.reporter().report("", changes.Compare(before, after))
	for _, l := range moved {
		x.reporter().line("", l)
	}
	return changed, nil
}

// afterMapError is a debrief whose map changes were made, and whose
// record could not be kept.
type afterMapError struct{ err error }

func (e *afterMapError) Error() string {
	return "your map was changed as shown above, but this debrief could not be kept in your journal: " + causeWords(e.err)
}

// causeWords says why a write failed, without describe's "nothing was
// changed" (here, the map was).
func causeWords(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "the disk is full"
	case errors.Is(err, syscall.EROFS):
		return "the disk is read-only"
	}
	msg, _, _ := describe(err)
	return msg
}
func (e *afterMapError) Unwrap() error { return e.err }

// askDebrief asks the questions at the terminal.
func askDebrief(x *ctx, m *mapfile.Map) (*debriefPlan, error) {
	a := x.newAsker()
	defer a.done()
	a.say(`A debrief, for you only. Pausing is okay: press Enter to skip any question; "not now" stops the questions there ` +
		`and keeps what you said; Ctrl-C stops and keeps nothing. Your map changes only where you say yes.`)
	d := &debriefAsk{x: x, a: a, m: m, p: &debriefPlan{}}
	for _, step := range []func() (bool, error){d.good, d.change, d.cameUp, d.needed, d.note} {
		stop, err := step()
		if err != nil {
			return nil, err
		}
		if stop {
			break
		}
	}
	d.p.rec.At = x.now()
	return d.p, nil
}

// debriefAsk holds a debrief while it is asked.
type debriefAsk struct {
	x *ctx
	a *asker
	m *mapfile.Map
	p *debriefPlan
}

func (d *debriefAsk) good() (bool, error) {
	good, err := d.a.text("What felt good? ", "what felt good")
	if err != nil || notNow(good) {
		return true, err
	}
	d.p.rec.Good = good
	if good == "" {
		return false, nil
	}
	return false, d.offerBoundary(good, boundaries.Green)
}

func (d *debriefAsk) change() (bool, error) {
	change, err := d.a.text("Anything you'd like to change, or not do again? ", "what to change")
	if err != nil || notNow(change) {
		return true, err
	}
	d.p.rec.Change = change
	if change == "" {
		return false, nil
	}
	light, err := d.askLight()
	if err != nil || light == "" {
		return false, err
	}
	return false, d.offerBoundary(change, light)
}

// askLight asks whether to add what to change as a STOP or an ASK
// FIRST; a blank is no.
func (d *debriefAsk) askLight() (boundaries.Light, error) {
	for {
		s, err := d.a.ask("Add it to your map as a STOP or as an ASK FIRST? Type stop or ask, or press Enter for no: ")
		if err != nil || s == "" {
			return "", err
		}
		if l, err := boundaries.ParseLight(s); err == nil && l != boundaries.Green {
			return l, nil
		}
		d.a.say("Please type stop or ask, or press Enter to leave your map as it is.")
	}
}

// offerBoundary offers to add text as a boundary of light, or, when the
// map has it already under another light, to move it there.
func (d *debriefAsk) offerBoundary(text string, light boundaries.Light) error {
	if id, ok := sameEntry(d.m, boundaryAdder(), text); ok {
		line := oneLineSafe(entryLineOf(d.m, id))
		if d.m.Boundary(id).Light == light {
			d.a.say("It's in your map already: " + line + ".")
			return nil
		}
		yes, err := d.a.yes(fmt.Sprintf("You have this as %s. Change it to %s? [y/N] ", line, light.Shown()))
		if yes {
			d.p.relight = append(d.p.relight, relight{id: id, to: light})
		}
		return err
	}
	b := boundaries.Boundary{Light: light, Text: text}
	if err := b.ValidateTyped(); err != nil {
		d.a.say("That can't go in your map as it is: " + oneLine(err.Error()) + ".")
		return nil
	}
	yes, err := d.a.yes(fmt.Sprintf("Add \"%s\" to your map as %s? Partners you export to will see it. [y/N] ", oneLineSafe(text), light.Shown()))
	if yes {
		d.p.add = append(d.p.add, b)
	}
	return err
}

// cameUp asks whether something came up: which trigger, what helped,
// distress before and after.
func (d *debriefAsk) cameUp() (bool, error) {
	t, fresh, stop, err := d.whichTrigger()
	if err != nil || stop || (t == nil && fresh == nil) {
		return stop, err
	}
	helps := ""
	if t != nil {
		helps = t.Helps
	}
	helped, stop, err := d.helped(helps)
	if err != nil || stop {
		return stop, err
	}
	d.p.rec.Helped = helped
	if d.p.rec.Before, err = d.a.level("Distress before, from 0 (none) to 10 (the worst you can imagine)? ", "distress before"); err != nil {
		return false, err
	}
	if d.p.rec.After, err = d.a.level("And after? ", "distress after"); err != nil {
		return false, err
	}
	if helped != "" && (d.p.rec.Before == nil || d.p.rec.After == nil) {
		if d.p.rec.ItHelped, err = word(d.a, "Did it help? "+answerChoices+" (Enter to skip): ", answerChoices, journal.AnswerWords); err != nil {
			return false, err
		}
	}
	if t != nil {
		d.p.chooseTrigger(t)
		return false, nil
	}
	return false, d.offerTrigger(*fresh, helped)
}

// whichTrigger asks for a trigger of the map by its id, or a new one.
func (d *debriefAsk) whichTrigger() (t, fresh *triggers.Trigger, stop bool, err error) {
	if ts := d.m.SortedTriggers(); len(ts) > 0 && len(ts) <= 20 {
		d.a.say("Your triggers:")
		for _, t := range ts {
			d.a.say("  " + oneLineSafe(triggerLine(t)))
		}
	}
	for {
		s, err := d.a.ask("Did anything bring something up? Type a trigger's id, new for one not in your map, or press Enter for no: ")
		switch {
		case err != nil || s == "":
			return nil, nil, false, err
		case notNow(s):
			return nil, nil, true, nil
		case strings.EqualFold(s, "new"):
			fresh, err := d.askNewTrigger()
			return nil, fresh, false, err
		}
		if t := d.m.Trigger(strings.ToLower(s)); t != nil {
			return t, nil, false, nil
		}
		d.a.say(fmt.Sprintf("There is no trigger %s in your map. Type an id like t1, or new.", oneLineSafe(s)))
	}
}

// answerChoices are the answers to "did it help?" and "did you get it?".
const answerChoices = "yes, partly or no"

// askNewTrigger asks for the kind and the words of a new trigger; one
// the map has already (same words, same kind) is that one.
func (d *debriefAsk) askNewTrigger() (*triggers.Trigger, error) {
	kinds := wordset.OrList(triggers.CategoryWords.Canonical())
	cat, err := word(d.a, "What kind of trigger? "+kinds+": ", kinds, triggers.CategoryWords)
	if err != nil || cat == "" {
		return nil, err
	}
	text, err := d.a.text("In a few words, what was it? ", "text")
	if err != nil || text == "" {
		return nil, err
	}
	return &triggers.Trigger{Category: cat, Text: text, Added: d.x.now()}, nil
}

// helped asks what helped; "1" is the trigger's own "what helps".
func (d *debriefAsk) helped(helps string) (string, bool, error) {
	prompt := "What helped? (Enter to skip) "
	own := helps != "" && !strings.Contains(helps, "\n")
	if own {
		prompt = fmt.Sprintf("What helped? Type it, 1 for \"%s\", or press Enter to skip: ", oneLineSafe(helps))
	}
	s, err := d.a.text(prompt, "what helped")
	switch {
	case err != nil || notNow(s):
		return "", true, err
	case own && s == "1":
		return helps, false, nil
	}
	return s, false, nil
}

// offerTrigger offers to add a new trigger, with what helped as its
// "what helps", or finds it in the map already.
func (d *debriefAsk) offerTrigger(t triggers.Trigger, helped string) error {
	if id, ok := sameEntry(d.m, triggerAdder(t.Category), t.Text); ok {
		d.a.say("It's in your map already: " + oneLineSafe(entryLineOf(d.m, id)) + ". This debrief is about it.")
		d.p.chooseTrigger(d.m.Trigger(id))
		return nil
	}
	t.Helps = helped
	if err := t.ValidateTyped(); err != nil {
		d.a.say("That can't go in your map as it is: " + oneLine(err.Error()) + ".")
		return nil
	}
	prompt := fmt.Sprintf("Add it to your map as a trigger (%s: %s", t.Category.Title(), oneLineSafe(t.Text))
	if helped != "" {
		prompt += ", what helps: " + oneLineSafe(helped)
	}
	yes, err := d.a.yes(prompt + ")? Partners you export to will see it. [y/N] ")
	if err != nil {
		return err
	}
	if yes {
		d.p.newTrigger(t)
	} else {
		d.a.say("It stays out of your map; what helped is kept in this debrief only.")
	}
	return nil
}

func (d *debriefAsk) needed() (bool, error) {
	needed, err := d.a.text("What did you need afterwards? ", "what you needed")
	if err != nil || notNow(needed) {
		return true, err
	}
	d.p.rec.Needed = needed
	if needed == "" {
		return false, nil
	}
	d.p.rec.GotIt, err = word(d.a, "Did you get it? "+answerChoices+" (Enter to skip): ", answerChoices, journal.AnswerWords)
	return false, err
}

func (d *debriefAsk) note() (bool, error) {
	note, err := d.a.text("A note for next time? ", "note")
	if err != nil || notNow(note) {
		return true, err
	}
	d.p.rec.Note = note
	return false, nil
}
