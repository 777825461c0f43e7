package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// `attune checkin`: how someone is, in their own words, before being
// intimate, and a calm answer from what they said and from their map.
// It never says they are ready, and gives no score: only what it
// noticed, that waiting and pausing are fine, how to stop, and what
// helps them. Nothing is kept unless they ask (--save, or yes at the
// last question); what is kept goes to the journal, which only they can
// read.

// checkinFlags are the flags that answer the questions: any of them
// makes this the flags form, which asks nothing.
var checkinFlags = []string{"feel", "words", "level", "state", "note", "save"}

func checkinAction(x *ctx) error {
	flagsForm := slices.ContainsFunc(checkinFlags, x.IsSet)
	if !flagsForm && !x.interactive() {
		return usage("answer with flags instead: attune checkin --feel numb,anxious --level 6 --state settled (add --save to keep it)",
			"attune checkin asks its questions at a terminal, and standard input is not one")
	}
	var c journal.CheckIn
	if flagsForm {
		var err error
		if c, err = checkinFromFlags(x); err != nil {
			return err
		}
	}
	return withSession(x, func(s *session) error {
		m, j, err := checkinReads(s, !x.Bool("save"))
		if err != nil {
			return err
		}
		if !flagsForm {
			return askCheckin(x, s, m, j)
		}
		if x.Bool("save") {
			// Refuse before answering, not after: a refusal prints
			// nothing but itself.
			if err := s.checkConfig(); err != nil {
				return err
			}
		}
		c.At = x.now()
		x.checkinAnswer(c, m, j)
		if !x.Bool("save") {
			return nil
		}
		return saveCheckin(x, s, c)
	})
}

// checkinFromFlags reads the flags form, before any key is loaded.
func checkinFromFlags(x *ctx) (journal.CheckIn, error) {
	var c journal.CheckIn
	if err := x.checkStdinOnce(); err != nil {
		return c, err
	}
	if x.IsSet("feel") {
		f, err := journal.ParseFeelings(x.String("feel"))
		if err != nil {
			return c, typedFeeling(err)
		}
		c.Feelings = f
	}
	if x.IsSet("level") {
		n, err := journal.ParseLevel("--level", x.String("level"))
		if err != nil {
			return c, usage("--level 0 is no distress at all, --level 10 the worst you can imagine", "%s", err.Error())
		}
		c.Distress = &n
	}
	if x.IsSet("state") {
		st, err := journal.StateWords.Parse(x.String("state"))
		if err != nil {
			return c, typed(err)
		}
		c.State = st
	}
	var err error
	if c.Words, _, err = x.textFlag("words"); err != nil {
		return c, err
	}
	if c.Note, _, err = x.textFlag("note"); err != nil {
		return c, err
	}
	c.At = x.now()
	return c, c.ValidateNew()
}

// typedFeeling is an unknown --feel word as a usage mistake, with the
// way to give one's own words.
func typedFeeling(err error) error {
	ue := typed(err).(*userError)
	hint := "--feel takes " + journal.FeelingWords.Describe() + "; your own words go in --words"
	if ue.hint != "" {
		hint = ue.hint + " (your own words go in --words)"
	}
	ue.hint = hint
	return ue
}

// checkinReads reads the map and, for what helped most, the journal. A
// journal that can't be read is only a warning when nothing is to be
// saved (or not yet asked): the answer is still worth giving. It is
// then nil.
func checkinReads(s *session, warnOnly bool) (*mapfile.Map, *journal.Journal, error) {
	if _, err := s.freshIdentities(); err != nil {
		return nil, nil, err
	}
	m, err := s.readMap()
	if err != nil {
		return nil, nil, err
	}
	j, err := s.readJournal()
	if err != nil && warnOnly {
		msg, _, _ := describe(err)
		s.x.warn("your journal could not be read (%s); what helps is shown in your map's order", oneLine(msg))
		return m, nil, nil
	}
	return m, j, err
}

// stateChoices are the states as checkin offers them.
const stateChoices = "settled, revved up, or shut down / far away"

// askCheckin asks the questions, answers, and keeps the check-in if
// asked to.
func askCheckin(x *ctx, s *session, m *mapfile.Map, j *journal.Journal) error {
	a := x.newAsker()
	defer a.done()
	// The questions follow the article the check-in is built on, which
	// asks: "Do you feel turned on, anxious, numb, enthusiastic,
	// dissociated, relaxed?"
	a.say("A check-in, for you only. Press Enter to skip any question; Ctrl-C stops at any point and keeps nothing.")
	felt, err := a.text("How are you feeling right now? Turned on, anxious, numb, enthusiastic, dissociated, relaxed — "+
		"any of these, several with commas, or your own words: ", "your own words")
	if err != nil {
		return err
	}
	c := journal.CheckIn{}
	c.Feelings, c.Words = splitFeelings(felt)
	if c.Distress, err = a.level("How much distress right now, from 0 (none) to 10 (the worst you can imagine)? ", "distress"); err != nil {
		return err
	}
	if c.State, err = word(a, "Right now, do you feel "+stateChoices+"? ", stateChoices, journal.StateWords); err != nil {
		return err
	}
	c.At = x.now()
	x.checkinAnswer(c, m, j)
	if j == nil {
		a.say("Your journal could not be read, so this check-in can't be kept; nothing was saved.")
		return nil
	}
	keep, err := a.yes("Keep this check-in in your journal, where only you can read it? [y/N] ")
	if err != nil || !keep {
		return err
	}
	if c.Note, err = a.text("A note to keep with it? (Enter for none) ", "note"); err != nil {
		return err
	}
	a.done()
	return saveCheckin(x, s, c)
}

// splitFeelings reads an answer of words parted by commas (or "and"):
// the offered feelings, and the rest as one's own words, in the order
// typed.
func splitFeelings(answer string) ([]journal.Feeling, string) {
	var felt []journal.Feeling
	var own []string
	for _, part := range strings.FieldsFunc(answer, func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
		for _, w := range strings.Split(part, " and ") {
			w = strings.TrimSpace(w)
			switch f, ok := journal.FeelingWords.Lookup(w); {
			case w == "":
			case ok && !slices.Contains(felt, f):
				felt = append(felt, f)
			case !ok:
				own = append(own, w)
			}
		}
	}
	return felt, strings.Join(own, ", ")
}

// saveCheckin keeps the check-in in the journal.
func saveCheckin(x *ctx, s *session, c journal.CheckIn) error {
	if err := c.ValidateNew(); err != nil {
		return err
	}
	var id string
	_, err := s.updateJournal(func(j *journal.Journal) error {
		id = j.AddCheckIn(c)
		return nil
	})
	if err != nil {
		return err
	}
	x.say("kept this check-in in your journal as %s; only you can read it (attune journal forget %s removes it)", id, id)
	return nil
}

// checkinAnswer prints the calm answer to a check-in.
func (x *ctx) checkinAnswer(c journal.CheckIn, m *mapfile.Map, j *journal.Journal) {
	width := 0
	if x.io.OutTTY {
		width = x.io.Width
	}
	for i, p := range checkinWords(c, m, j) {
		if i > 0 {
			fmt.Fprintln(x.out())
		}
		for _, line := range strings.Split(p, "\n") {
			first, rest := "", ""
			if item, ok := strings.CutPrefix(line, bullet); ok {
				first, rest, line = bullet, "    ", item
			}
			for _, l := range textwidth.Wrap(first, rest, line, width) {
				fmt.Fprintln(x.out(), l)
			}
		}
	}
}

// bullet starts an item of a list in the answer.
const bullet = "  • "

// checkinWords are the paragraphs of the answer: what it noticed, if
// anything, and what it suggests; that waiting and pausing are fine and
// the choice is theirs; how to stop; what helps them. Text from the map
// is made safe for the terminal here.
func checkinWords(c journal.CheckIn, m *mapfile.Map, j *journal.Journal) []string {
	var out []string
	if j == nil {
		j = journal.New()
	}
	helps := whatHelps(m, j, 3)
	wait, notice := checkinReasons(c)
	switch {
	case len(wait) > 0:
		out = append(out, "You said: "+strings.Join(wait, ", ")+". With that, it may be best to wait until you feel more settled.")
	case len(notice) > 0 && len(helps) > 0:
		out = append(out, "You said: "+strings.Join(notice, ", ")+". That's worth noticing. Going slowly, and pausing "+
			"whenever you need to, can help; so can what helps you, below.")
	case len(notice) > 0:
		out = append(out, "You said: "+strings.Join(notice, ", ")+". That's worth noticing. Going slowly, and pausing "+
			"whenever you need to, can help.")
	default:
		out = append(out, "Thank you for checking in with yourself.")
	}
	if w, n, maybe := ownWordsSay(c.Words); c.Words != "" && !w && !n {
		line := "In your own words: " + oneLineSafe(c.Words)
		if maybe && len(wait) == 0 {
			line += "\nIf part of that means numb, far away or shut down, it may be best to wait until you feel more settled."
		}
		out = append(out, line)
	}
	out = append(out, "Waiting is fine, and pausing is okay. The choice is yours: you can stop at any point, even after a yes.")
	out = append(out, stopWords(m))
	if len(helps) > 0 {
		p := "What helps you, in your own words:"
		for _, t := range helps {
			p += "\n" + bullet + oneLineSafe(t.Helps) + " (for " + t.ID + ", " + oneLineSafe(t.Text) + ")"
		}
		out = append(out, p)
	}
	return out
}

// checkinReasons are what the answer reacts to: what makes it suggest
// waiting (numb, dissociated, shut down, distress 7 or more), and what
// it names gently (anxious, revved up, distress 4 to 6).
func checkinReasons(c journal.CheckIn) (wait, notice []string) {
	for _, f := range c.Feelings {
		switch f {
		case journal.Numb, journal.Dissociated:
			wait = append(wait, f.Shown())
		case journal.Anxious:
			notice = append(notice, f.Shown())
		}
	}
	switch c.State {
	case journal.ShutDown:
		wait = append(wait, c.State.Shown())
	case journal.RevvedUp:
		notice = append(notice, c.State.Shown())
	}
	if w, n, _ := ownWordsSay(c.Words); w {
		wait = append(wait, oneLineSafe(c.Words))
	} else if n {
		notice = append(notice, oneLineSafe(c.Words))
	}
	if d := c.Distress; d != nil && *d >= 7 {
		wait = append(wait, fmt.Sprintf("distress %d", *d))
	} else if d != nil && *d >= 4 {
		notice = append(notice, fmt.Sprintf("distress %d", *d))
	}
	return wait, notice
}

// Words in one's own words that are read as the offered feelings and
// states are: those that suggest waiting, and those worth noticing.
var (
	feelWaitWords = []string{"numb", "numbness", "dissociated", "dissociating", "shut down", "shutting down", "shut off",
		"frozen", "freezing", "spaced out", "spacey", "zoned out", "checked out", "not here", "far away", "disconnected",
		"panic", "panicking", "panicky"}
	feelNoticeWords = []string{"anxious", "nervous", "on edge", "scared", "afraid", "tense", "uneasy", "wound up", "revved up", "jittery"}
	// Words that may turn a feeling round ("not numb", "no longer
	// anxious") when they come before it in the same part of a
	// sentence.
	feelTurnWords = []string{"not", "no", "never", "don't", "dont", "isn't", "less", "without", "longer", "hardly"}
)

// ownWordsSay reads one's own words, part by part (split at commas,
// full stops and "but"): wait or notice when a part names a feeling that
// suggests waiting or one worth noticing, matched as whole words, with
// nothing before it in that part that may turn it round; maybe when a
// feeling that suggests waiting is named only after such a word ("not
// sure if I'm numb"). A check-in never tells someone they said what
// they did not.
func ownWordsSay(words string) (wait, notice, maybe bool) {
	low := strings.ReplaceAll(strings.ToLower(words), "’", "'")
	low = strings.ReplaceAll(low, " but ", ",")
	for _, part := range strings.FieldsFunc(low, func(r rune) bool { return strings.ContainsRune(",;.!?\n", r) }) {
		p := " " + strings.Join(strings.FieldsFunc(part, func(r rune) bool {
			return !unicode.IsLetter(r) && r != '\''
		}), " ") + " "
		// turned: a word that may turn a feeling round comes before at.
		turned := func(at int) bool {
			before := p[:at+1]
			return strings.Contains(before, "n't ") || slices.ContainsFunc(feelTurnWords, func(w string) bool {
				return strings.Contains(before, " "+w+" ")
			})
		}
		read := func(list []string) (said, unsure bool) {
			for _, w := range list {
				if at := strings.Index(p, " "+w+" "); at >= 0 {
					if turned(at) {
						unsure = true
					} else {
						said = true
					}
				}
			}
			return said, unsure
		}
		w, u := read(feelWaitWords)
		n, _ := read(feelNoticeWords)
		wait, notice, maybe = wait || w, notice || n, maybe || u
	}
	return wait, notice, maybe && !wait
}

// stopWords says how to stop: the stop word and signal, and that no,
// stop and going still always count.
func stopWords(m *mapfile.Map) string {
	var lines []string
	if m.Safeword != "" {
		lines = append(lines, "Your stop word: "+oneLineSafe(m.Safeword))
	}
	if m.Signal != "" {
		lines = append(lines, "Your stop signal: "+oneLineSafe(m.Signal))
	}
	if len(lines) == 0 {
		return "You have no stop word yet. Saying no or stop, or going still, always counts."
	}
	return strings.Join(lines, "\n") + "\nSaying no or stop, or going still, always counts too."
}

// whatHelps picks up to n of the triggers' own "what helps": the ones
// that helped most in the journal's debriefs first, then in the map's
// order (strongest first); the same words once.
func whatHelps(m *mapfile.Map, j *journal.Journal, n int) []triggers.Trigger {
	helpers := j.Helped()
	type ranked struct {
		t          triggers.Trigger
		helped, no int
	}
	var all []ranked
	seen := map[string]bool{}
	for _, t := range m.SortedTriggers() {
		f := mapfile.FoldText(t.Helps)
		if f == "" || seen[f] || textcheck.CheckLinesTyped("helps", t.Helps, false) != nil {
			continue
		}
		seen[f] = true
		h, _ := journal.HelpedWith(helpers, t.Key, t.Helps)
		all = append(all, ranked{t, h.Helped, h.Times - h.Helped})
	}
	slices.SortStableFunc(all, func(a, b ranked) int {
		if c := cmp.Compare(b.helped, a.helped); c != 0 {
			return c
		}
		return cmp.Compare(a.no, b.no)
	})
	var out []triggers.Trigger
	for _, r := range all[:min(n, len(all))] {
		out = append(out, r.t)
	}
	return out
}
