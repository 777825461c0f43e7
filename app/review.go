package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// `attune review [--older-than 6m]`: the entries not looked at for a
// while, one at a time — still true? keep, change, edit, remove, skip or
// stop. Questions are one line each, asked at the terminal, so they work
// with a screen reader. Nothing is written until the end, in one update:
// Ctrl-C or end of input at any question leaves the map as it was. A
// kept or changed entry gets a "reviewed" event in its history, which
// stays on this machine; only real changes reach a partner, through the
// ordinary export. No counts, no scores: skipping, and stopping, are
// complete answers.

// period is how long since an entry was added or last looked at: a
// number of days, weeks, months or years.
type period struct {
	n    int
	unit byte // 'd', 'w', 'm' or 'y'
}

// defaultPeriod is --older-than's default.
const defaultPeriod = "6m"

// parsePeriod reads "30d", "2w", "6m" or "1y".
func parsePeriod(s string) (period, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	// The words too: "6 months", "2 weeks", "1 year", "30days".
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
		num, word := s[:i], strings.TrimSpace(s[i:])
		for _, u := range []string{"day", "week", "month", "year"} {
			if word == u || word == u+"s" {
				s = num + u[:1]
			}
		}
	}
	if len(s) < 2 || len(s) > 5 || !strings.ContainsRune("dwmy", rune(s[len(s)-1])) {
		return period{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || s[0] == '+' || s[0] == '-' {
		return period{}, false
	}
	return period{n: n, unit: s[len(s)-1]}, true
}

// since is the moment this long before now.
func (p period) since(now time.Time) time.Time {
	switch p.unit {
	case 'd':
		return now.AddDate(0, 0, -p.n)
	case 'w':
		return now.AddDate(0, 0, -7*p.n)
	case 'm':
		return now.AddDate(0, -p.n, 0)
	}
	return now.AddDate(-p.n, 0, 0)
}

// String is the period in words: "6 months", "1 year".
func (p period) String() string {
	unit := map[byte]string{'d': "day", 'w': "week", 'm': "month", 'y': "year"}[p.unit]
	if p.n != 1 {
		unit += "s"
	}
	return strconv.Itoa(p.n) + " " + unit
}

func olderThan(x *ctx) (period, error) {
	v := x.String("older-than")
	if !x.IsSet("older-than") {
		v = defaultPeriod
	}
	p, ok := parsePeriod(v)
	if !ok {
		return period{}, usage("give a number and days, weeks, months or years: 30d or 30 days, 2w, 6m or 6 months, 1y",
			"--older-than %q is not a length of time attune reads", v)
	}
	return p, nil
}

func reviewAction(x *ctx) error {
	p, err := olderThan(x)
	if err != nil {
		return err
	}
	if !x.io.InTTY || x.io.Terminal == nil {
		return noReviewTerminal()
	}
	return withSession(x, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		r := &reviewer{x: x, m: m, period: p}
		due := r.due()
		switch {
		case m.Count() == 0:
			fmt.Fprintln(x.out(), "your map has no entries yet, so there is nothing to look at again")
			return nil
		case len(due) == 0:
			fmt.Fprintf(x.out(), "nothing was added or last looked at more than %s ago, so there is nothing to look at again now\n", p)
			return nil
		}
		if err := r.walk(due); err != nil {
			return err
		}
		return r.apply(s)
	})
}

func noReviewTerminal() error {
	return fail("run it at a terminal, whenever you like; from a script, `attune edit ID` changes an entry",
		"attune review asks about each entry, one at a time, and standard input is not a terminal")
}

// reviewer is one run of review: the map as it was read, and what the
// person decided, entry by entry.
type reviewer struct {
	x         *ctx
	m         *mapfile.Map
	period    period
	decisions []decision
	stopped   bool // q: the entries after it were not asked about
}

// action is what was decided for one entry.
type action int

const (
	quit action = iota - 1 // no decision: the entries after it are not asked about
	skip                   // no decision
	keep
	newLight
	newIntensity
	newText // text and note
	remove
)

type decision struct {
	id        string
	act       action
	light     boundaries.Light
	intensity triggers.Intensity
	text      string
	note      string
}

// due lists the entries, in display order, added or last looked at
// before the period; an entry without an added time is always due.
func (r *reviewer) due() []entry.Ref {
	since := r.period.since(r.x.io.Now())
	looked := r.m.LastReviewed()
	var out []entry.Ref
	r.m.Sorted().Each(func(_ mapfile.Section, e entry.Ref) {
		last := *e.Added
		if t, ok := looked[*e.Key]; ok && *e.Key != "" && t.After(last) {
			last = t
		}
		if last.IsZero() || last.Before(since) {
			out = append(out, e)
		}
	})
	return out
}

// errReviewQuit ends the walk at q; the decisions so far are kept.
var errReviewQuit = errors.New("stopped")

// walk asks about each entry in turn.
func (r *reviewer) walk(due []entry.Ref) error {
	if err := r.say(fmt.Sprintf("Looking again at what was added or last looked at more than %s ago, one entry at a time. "+
		"Enter skips one; q stops and keeps what you decided so far. Pausing is okay.", r.period)); err != nil {
		return err
	}
	looked := r.m.LastReviewed()
	for _, e := range due {
		if err := r.show(e, looked); err != nil {
			return err
		}
		d, err := r.decide(e)
		if errors.Is(err, errReviewQuit) {
			r.stopped = true
			return nil
		}
		if err != nil {
			return err
		}
		if d.act != skip {
			r.decisions = append(r.decisions, d)
		}
	}
	return nil
}

// say writes a line at the terminal.
func (r *reviewer) say(line string) error {
	return r.answerErr(r.x.io.Terminal.Say(line))
}

// ask asks one question at the terminal; the answer is trimmed. A lone
// q stops the review at every question, the text and note too (no one
// means a note of one letter q).
func (r *reviewer) ask(prompt string) (string, error) {
	a, err := r.x.io.Terminal.Line(prompt)
	a = strings.TrimSpace(a)
	if err == nil && strings.EqualFold(a, "q") {
		return "", errReviewQuit
	}
	return a, r.answerErr(err)
}

// answerErr: end of input leaves everything as it was; no terminal
// says what to do instead.
func (r *reviewer) answerErr(err error) error {
	switch {
	case errors.Is(err, iostreams.ErrInterrupted):
		return fail("pausing is okay: `attune review` asks again whenever you like, and q at a question keeps what you decided before it",
			"review stopped before the end, so nothing was changed")
	case errors.Is(err, iostreams.ErrNoTerminal):
		return noReviewTerminal()
	}
	return err
}

// show writes the entry as list shows it, with when it was added or
// last looked at.
func (r *reviewer) show(e entry.Ref, looked map[string]time.Time) error {
	var b strings.Builder
	p := newPrinter(&b, false, r.width())
	named, _ := changes.Describe(r.m, *e.ID)
	text := safe(named.Shown + ": " + *e.Text)
	details := [][2]string{{"note", *e.Note}}
	if bd := r.m.Boundary(*e.ID); bd != nil {
		details = [][2]string{{"only if", bd.OnlyIf}, {"note", bd.Note}}
	}
	if t := r.m.Trigger(*e.ID); t != nil {
		if t.Intensity != "" {
			text += " [" + string(t.Intensity) + "]"
		}
		details = [][2]string{{"what helps", t.Helps}, {"note", t.Note}}
	}
	p.printf("\n")
	p.entry(*e.ID, text+p.sharingMark(*e.Private, *e.ShareWith), details)
	when := "added on a day that was not recorded"
	if t, ok := looked[*e.Key]; ok && *e.Key != "" {
		when = "last looked at " + day(t, r.x.io.Now())
	} else if !e.Added.IsZero() {
		when = "added " + day(*e.Added, r.x.io.Now())
	}
	pad := strings.Repeat(" ", entryIndent)
	p.para(pad, pad, "("+when+")", "", "")
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if err := r.say(l); err != nil {
			return err
		}
	}
	return nil
}

// width is the terminal's, when standard output is one.
func (r *reviewer) width() int {
	if r.x.io.OutTTY {
		return r.x.io.Width
	}
	return 0
}

// choice is one answer to "Still true?".
type choice struct {
	key, word string
	act       action
}

// choices are the answers for an entry: its own field to change (a
// boundary's light, a trigger's intensity) where it has one.
func choices(id string) []choice {
	own := []choice{}
	switch sec, _ := mapfile.SectionOf(id); sec {
	case mapfile.BoundarySection:
		own = append(own, choice{"l", "light", newLight})
	case mapfile.TriggerSection:
		own = append(own, choice{"i", "intensity", newIntensity})
	}
	out := []choice{{"k", "keep", keep}}
	out = append(out, own...)
	return append(out, choice{"e", "edit", newText}, choice{"r", "remove", remove}, choice{"s", "skip", skip}, choice{"q", "quit", quit})
}

// decide asks "Still true?" until the answer is one it knows, and asks
// what the chosen change needs.
func (r *reviewer) decide(e entry.Ref) (decision, error) {
	cs := choices(*e.ID)
	words := make([]string, len(cs))
	keys := make([]string, len(cs))
	for i, c := range cs {
		words[i], keys[i] = c.key+" "+c.word, c.key
	}
	prompt := "Still true? " + strings.Join(words, ", ") + "; Enter skips: "
	for {
		a, err := r.ask(prompt)
		if err != nil {
			return decision{}, err
		}
		c, ok := pick(cs, a)
		if !ok {
			if err := r.say("Please answer " + orList(keys) + " (Enter skips)."); err != nil {
				return decision{}, err
			}
			continue
		}
		d := decision{id: *e.ID, act: c.act}
		switch c.act {
		case quit:
			return decision{}, errReviewQuit
		case skip, keep:
			return d, nil
		}
		done, err := r.detail(&d, e)
		if err != nil || done {
			return d, err
		}
		// Nothing was changed after all: the question again.
	}
}

// pick is the choice an answer names: its letter or its word; yes keeps.
func pick(cs []choice, a string) (choice, bool) {
	a = strings.ToLower(a)
	if a == "" {
		a = "s"
	}
	if a == "y" || a == "yes" {
		a = "k"
	}
	for _, c := range cs {
		if a == c.key || a == c.word {
			return c, true
		}
	}
	return choice{}, false
}

// detail asks what a change needs; done is false when the person
// changed nothing after all.
func (r *reviewer) detail(d *decision, e entry.Ref) (done bool, err error) {
	switch d.act {
	case newLight:
		d.light, done, err = r.askLight(r.m.Boundary(d.id).Light)
	case newIntensity:
		d.intensity, done, err = r.askIntensity(r.m.Trigger(d.id).Intensity)
	case newText:
		d.text, d.note, done, err = r.askText(*e.Text, *e.Note)
		if errors.Is(err, errReviewQuit) && d.text != *e.Text {
			// q at the note: the new text typed just before is not lost
			// without a word.
			if serr := r.say(d.id + " was not changed: the new text was not kept."); serr != nil {
				return false, serr
			}
		}
	case remove:
		done, err = askYesNo(r.ask, func(s string) { r.say(s) }, fmt.Sprintf("Remove %s? `attune undo` can bring it back. [y/N]: ", d.id))
	}
	return done, err
}

func (r *reviewer) askLight(cur boundaries.Light) (boundaries.Light, bool, error) {
	var opts []string
	for _, l := range boundaries.Lights {
		opts = append(opts, string(l)+" ("+l.Shown()+")")
	}
	for {
		a, err := r.ask("New light: " + orList(opts) + "; Enter keeps it: ")
		if err != nil || a == "" {
			return "", false, err
		}
		l, perr := boundaries.ParseLight(a)
		switch {
		case perr != nil:
			err = r.sayProblem(perr)
		case l == cur:
			return "", false, r.say("It is " + cur.Shown() + " already.")
		default:
			return l, true, nil
		}
		if err != nil {
			return "", false, err
		}
	}
}

func (r *reviewer) askIntensity(cur triggers.Intensity) (triggers.Intensity, bool, error) {
	for {
		a, err := r.ask("New intensity: low, medium, high, or none; Enter keeps it: ")
		if err != nil || a == "" {
			return "", false, err
		}
		in, perr := triggers.ParseIntensity(a)
		if strings.EqualFold(a, "none") {
			in, perr = triggers.Unspecified, nil
		}
		switch {
		case perr != nil:
			err = r.sayProblem(perr)
		case in == cur:
			return "", false, r.say("It has that intensity already.")
		default:
			return in, true, nil
		}
		if err != nil {
			return "", false, err
		}
	}
}

// askText asks for the new text and note, each kept by Enter; a note
// is cleared with "-". Stopped at the note, the new text is still
// returned, so that it can be said that it was not kept.
func (r *reviewer) askText(text, note string) (newText, newNote string, done bool, err error) {
	newText, err = r.askField("New text (Enter keeps it): ", "text", text, false)
	if err != nil {
		return "", "", false, err
	}
	prompt := "A note (Enter for none): "
	if note != "" {
		prompt = "New note (Enter keeps it; - alone clears it): "
	}
	newNote, err = r.askField(prompt, "note", note, true)
	if err != nil {
		return newText, "", false, err
	}
	return newText, newNote, newText != text || newNote != note, nil
}

// askField asks for one field until what is typed passes as text.
func (r *reviewer) askField(prompt, field, cur string, clearable bool) (string, error) {
	for {
		a, err := r.ask(prompt)
		switch {
		case err != nil:
			return "", err
		case a == "":
			return cur, nil
		case a == "-" && clearable:
			return "", nil
		}
		v := textcheck.Clean(a)
		if perr := textcheck.CheckTyped(field, v, false); perr != nil {
			if err := r.sayProblem(perr); err != nil {
				return "", err
			}
			continue
		}
		return v, nil
	}
}

// sayProblem says what was wrong with an answer, and how to fix it,
// before the question comes again.
func (r *reviewer) sayProblem(err error) error {
	msg, hint, _ := describe(typed(err))
	line := oneLine(msg)
	if hint != "" {
		line += "; " + oneLine(hint)
	}
	return r.say(line + ".")
}

// apply makes every decision in one update, one atomic write, and says
// what was done. An entry changed or removed since it was shown (by
// another attune at the same time) is left as it now is.
func (r *reviewer) apply(s *session) error {
	out := r.x.reporter()
	if len(r.decisions) == 0 {
		out.line("", "nothing was changed")
		r.sayLater()
		return nil
	}
	at := s.now()
	var res reviewResult
	_, err := s.update(func(m *mapfile.Map) error {
		res = reviewResult{meanwhile: changedIDs(r.m, m)}
		for _, d := range r.decisions {
			res.apply(m, d, at)
		}
		res.after = m
		return nil
	})
	if err != nil {
		return err
	}
	res.report(r, out)
	r.sayLater()
	return nil
}

// reviewResult is what the update did.
type reviewResult struct {
	meanwhile map[string]bool // ids of entries changed since they were shown
	kept      []string
	changed   map[string]bool
	left      []string    // changed meanwhile: left as they are
	moved     [][2]string // conditions moved into the note: id, condition
	after     *mapfile.Map
}

func (res *reviewResult) apply(m *mapfile.Map, d decision, at time.Time) {
	_, e, ok := m.Find(d.id)
	if !ok || res.meanwhile[d.id] {
		res.left = append(res.left, d.id)
		return
	}
	if res.changed == nil {
		res.changed = map[string]bool{}
	}
	res.changed[d.id] = d.act != keep
	switch d.act {
	case remove:
		m.Remove(d.id)
		return
	case newLight:
		if mv := m.Boundary(d.id).SetLight(d.light); mv != "" {
			res.moved = append(res.moved, [2]string{d.id, mv})
		}
	case newIntensity:
		m.Trigger(d.id).Intensity = d.intensity
	case newText:
		*e.Text, *e.Note = d.text, d.note
	case keep:
		res.kept = append(res.kept, d.id)
	}
	if *e.Key == "" { // a map from before keys: it gets them on this write
		*e.Key = mapfile.NewKey()
	}
	m.Record(mapfile.HistoryEvent{Key: *e.Key, At: at, Event: mapfile.EventReviewed})
}

// changedIDs are the ids of the entries of now that differ from then,
// or are gone.
func changedIDs(then, now *mapfile.Map) map[string]bool {
	out := map[string]bool{}
	for _, e := range changes.Change(then, now).Entries {
		out[e.ID] = true
	}
	return out
}

// report says what was done: the entries kept, each change as edit and
// remove say theirs, and what was left alone.
func (res *reviewResult) report(r *reviewer, out reporter) {
	switch len(res.kept) {
	case 0:
	case 1:
		out.line("", "kept as it is: "+res.kept[0])
	default:
		out.line("", "kept as they are: "+andList(res.kept))
	}
	if res.after != nil {
		for _, e := range changes.Change(r.m, res.after).Entries {
			if res.changed[e.ID] {
				out.line("", entryLine(e))
			}
		}
	}
	for _, mv := range res.moved {
		out.line("", conditionMovedLine(mv[0], mv[1]))
	}
	for _, id := range res.left {
		out.line("", id+" changed while you were looking at it, so it was left as it is now")
	}
	if len(res.kept) == 0 && len(res.changed) == 0 {
		out.line("", "nothing was changed")
	}
}

// sayLater says, after a stop, that the rest can wait.
func (r *reviewer) sayLater() {
	if r.stopped {
		r.x.reporter().line("", "the rest can wait: `attune review` asks about them whenever you like")
	}
}
