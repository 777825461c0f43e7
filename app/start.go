package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/start"
	"github.com/attune-dev/attune/triggers"
)

// `attune start`: the starter lists, to find words for a map without an
// empty page. An answer becomes an ordinary entry that carries the
// item's key (from = "touch/14"); nothing is counted, nothing pushes to
// finish, and a whole list, or any item, can be skipped.

// The answers an item can get. Skip is a full answer.
const (
	answerSkip    = "skip"
	answerStop    = "stop"
	answerAsk     = "ask"
	answerGo      = "go"
	answerCurious = "curious"
	answerLow     = "low"
	answerMedium  = "medium"
	answerHigh    = "high"
	answerNotMe   = "not-for-me"
)

var lightAnswers = wordset.New("answer",
	wordset.Word[string]{Value: answerStop, Names: []string{"stop", "s"}, Hidden: []string{"red"}},
	wordset.Word[string]{Value: answerAsk, Names: []string{"ask", "a", "ask first"}, Hidden: []string{"yellow", "ask-first"}},
	wordset.Word[string]{Value: answerGo, Names: []string{"go", "g"}, Hidden: []string{"green"}},
	wordset.Word[string]{Value: answerCurious, Names: []string{"curious", "c"}},
	wordset.Word[string]{Value: answerSkip, Names: []string{"skip"}},
)

var triggerAnswers = wordset.New("answer",
	wordset.Word[string]{Value: answerLow, Names: []string{"low", "l"}},
	wordset.Word[string]{Value: answerMedium, Names: []string{"medium", "m"}},
	wordset.Word[string]{Value: answerHigh, Names: []string{"high", "h"}},
	wordset.Word[string]{Value: answerNotMe, Names: []string{"not-for-me", "n", "no", "not for me"}},
	wordset.Word[string]{Value: answerSkip, Names: []string{"skip"}},
)

func answersOf(l *start.List) *wordset.Set[string] {
	if l.Answer == start.AnswerTrigger {
		return triggerAnswers
	}
	return lightAnswers
}

// The question after each item: what each key means.
const (
	lightQuestion   = "  s STOP · a ASK FIRST · g GO · c curious · Enter skip · q stop here: "
	triggerQuestion = "  a trigger? l low · m medium · h high · n not for me · Enter skip · q stop here: "
	// What is said after an answer not read, before the question again.
	lightRetry   = "  Please answer s, a, g or c, or the words stop, ask first, go or curious. Enter skips it; q stops here."
	triggerRetry = "  Please answer l, m, h or n, or the words low, medium, high or not for me. Enter skips it; q stops here."
)

func startAction(x *ctx) error {
	if x.NArg() == 0 {
		return listStarters(x)
	}
	name, err := start.Words.Parse(x.Args().First())
	if err != nil {
		return typed(err)
	}
	l, _ := start.Find(name)
	var given map[string]string
	if f := x.String("answers"); x.IsSet("answers") {
		if given, err = readAnswers(x, l, f); err != nil {
			return err
		}
	} else if !x.interactive() {
		return usage(fmt.Sprintf("answer at a terminal, or from a file: attune start %s --answers FILE (a line per item: %s go)", l.Name, l.Key(l.Items[0])),
			"attune start %s asks its questions at a terminal, and there is none here", l.Name)
	}
	return withSession(x, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		answers := given
		if answers == nil {
			if answers, err = askStarters(x, m, l); err != nil {
				return err
			}
		}
		return saveStarters(x, s, l, answers)
	})
}

// listStarters says which lists there are and how to begin.
func listStarters(x *ctx) error {
	var rows [][3]string
	for _, l := range start.Lists() {
		rows = append(rows, [3]string{l.Name, l.Title, l.About})
	}
	printMenu(x.out(), "Starter lists, to find words for your map:", rows,
		"Begin one with: attune start basics. Skip any item, or the whole list; q stops and keeps what you answered.")
	return nil
}

// readAnswers reads the flags form's answers: a line per item, its key
// and its answer ("touch/3 go"), # comments, for the one list named.
func readAnswers(x *ctx, l *start.List, path string) (map[string]string, error) {
	var data []byte
	var err error
	if path == stdinMark {
		if err := x.stdinNotTerminal("the answers", "attune start "+l.Name+" --answers - < answers.txt"); err != nil {
			return nil, err
		}
		data, err = safefile.ReadLimited(x.io.In, "standard input", maxAnswersFile)
	} else {
		data, err = safefile.Read(path, maxAnswersFile)
	}
	if err != nil {
		return nil, inputFileError(err, path, "a file of answers, a line per item (touch/3 go)")
	}
	out := map[string]string{}
	words := answersOf(l)
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, ans, _ := strings.Cut(line, " ")
		if _, it, ok := start.ItemOf(key); !ok || !strings.HasPrefix(key, l.Name+"/") || it.Text == "" {
			return nil, fail("each line is an item of the "+l.Name+" list and its answer, like "+l.Key(l.Items[0])+" go",
				"%s: line %d: %q is not an item of the %s list", safe(path), i+1, oneLineSafe(key), l.Name)
		}
		a, err := words.Parse(strings.TrimSpace(ans))
		if err != nil {
			return nil, fail("answers here are "+orList(words.Canonical()),
				"%s: line %d: %q is not an answer", safe(path), i+1, oneLineSafe(strings.TrimSpace(ans)))
		}
		out[key] = a
	}
	return out, nil
}

// maxAnswersFile bounds the flags form's file: a few lines per item.
const maxAnswersFile = 64 << 10

// startShared says where the answers go before any is given.
const startShared = "What you answer goes into your map like anything you add, so your next export shares it with your partner; " +
	"attune edit ID --private keeps one to yourself."

// startAgain is the reminder when the answer to "Go through this list
// now?" is not one.
const startAgain = "Please press Enter to begin, or type n to leave it for another time."

// askStarters walks the list at the terminal and returns the answers.
// Nothing is written here: Ctrl-C or the end of input leaves the map as
// it was; q keeps what was answered so far.
func askStarters(x *ctx, m *mapfile.Map, l *start.List) (map[string]string, error) {
	a := x.newAsker()
	defer a.done()
	a.say(l.Title)
	a.say(l.Note)
	a.say(startShared)
	answers := map[string]string{}
	for {
		begin, err := a.ask("Go through this list now? Enter to begin, n to leave it for another time: ")
		if err != nil {
			return nil, err
		}
		yes, ok := yesNo(begin, true)
		if ok && !yes || strings.EqualFold(begin, "q") {
			return answers, nil
		}
		if ok {
			break
		}
		a.say(startAgain)
	}
	words, question, retry := answersOf(l), lightQuestion, lightRetry
	if l.Answer == start.AnswerTrigger {
		question, retry = triggerQuestion, triggerRetry
	}
	for _, it := range l.Items {
		if e, ok := startedEntry(m, l, it); ok {
			a.say("  " + oneLineSafe(it.Text) + ": already in your map (" + oneLineSafe(e) + ")")
			continue
		}
		a.say("")
		a.say(it.Text)
		for {
			s, err := a.ask(question)
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(s, "q") {
				return answers, nil
			}
			if s == "" {
				break
			}
			v, err := words.Parse(s)
			if err != nil {
				a.say(retry)
				continue
			}
			answers[l.Key(it)] = v
			break
		}
	}
	return answers, nil
}

// startedEntry is the entry of m that already stands for an item: one
// that carries its key, or whose text is the item's, where its answer
// would go.
func startedEntry(m *mapfile.Map, l *start.List, it start.Item) (string, bool) {
	key := l.Key(it)
	var found string
	m.Each(func(sec mapfile.Section, r entry.Ref) {
		if found != "" {
			return
		}
		if fromOf(m, sec, *r.ID) == key || sameSection(l, sec) && mapfile.FoldText(*r.Text) == mapfile.FoldText(it.Text) {
			found = *r.ID
		}
	})
	if found == "" {
		return "", false
	}
	return entryLineOf(m, found), true
}

// sameSection: an entry of this section can stand for the list's items.
func sameSection(l *start.List, sec mapfile.Section) bool {
	if l.Answer == start.AnswerTrigger {
		return sec == mapfile.TriggerSection
	}
	return sec == mapfile.BoundarySection || sec == mapfile.CuriousSection
}

// fromOf is the starter key an entry carries, "" for none.
func fromOf(m *mapfile.Map, sec mapfile.Section, id string) string {
	switch sec {
	case mapfile.BoundarySection:
		return m.Boundary(id).From
	case mapfile.TriggerSection:
		return m.Trigger(id).From
	case mapfile.CuriousSection:
		return m.Curiosity(id).From
	}
	return ""
}

// setFrom gives an entry the starter key it stands for, if it has none.
func setFrom(m *mapfile.Map, sec mapfile.Section, id, key string) {
	switch sec {
	case mapfile.BoundarySection:
		if b := m.Boundary(id); b.From == "" {
			b.From = key
		}
	case mapfile.TriggerSection:
		if t := m.Trigger(id); t.From == "" {
			t.From = key
		}
	case mapfile.CuriousSection:
		if c := m.Curiosity(id); c.From == "" {
			c.From = key
		}
	}
}

// saveStarters makes the answers entries, in one change of the map. An
// item already there (added meanwhile, or with the same text) is linked
// to that entry, never added twice.
func saveStarters(x *ctx, s *session, l *start.List, answers map[string]string) error {
	var lines []string
	_, err := s.update(func(m *mapfile.Map) error {
		lines = nil
		for _, it := range l.Items {
			key := l.Key(it)
			a, ok := answers[key]
			if !ok || a == answerSkip || a == answerNotMe {
				continue
			}
			linked := false
			m.Each(func(sec mapfile.Section, r entry.Ref) {
				if !linked && sameSection(l, sec) && (fromOf(m, sec, *r.ID) == key || mapfile.FoldText(*r.Text) == mapfile.FoldText(it.Text)) {
					setFrom(m, sec, *r.ID, key)
					linked = true
				}
			})
			if linked {
				continue
			}
			id := addStarter(m, l, it, a, x.now())
			lines = append(lines, "added "+entryLineOf(m, id))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		fmt.Fprintln(x.out(), "nothing was added; that is a fine answer too")
	}
	for _, line := range lines {
		x.reporter().line("", line)
	}
	return nil
}

// addStarter adds the entry an answer makes and returns its id.
func addStarter(m *mapfile.Map, l *start.List, it start.Item, a string, now time.Time) string {
	key := l.Key(it)
	switch a {
	case answerCurious:
		c := curious.Curiosity{Text: it.Text, From: key, Added: now}
		c.ID = m.NextID(mapfile.CuriousSection)
		m.Curious = append(m.Curious, c)
		return c.ID
	case answerLow, answerMedium, answerHigh:
		t := triggers.Trigger{Category: l.CategoryOf(it), Text: it.Text, Intensity: triggers.Intensity(a), From: key, Added: now}
		t.ID = m.NextID(mapfile.TriggerSection)
		m.Triggers = append(m.Triggers, t)
		return t.ID
	}
	light := map[string]boundaries.Light{answerStop: boundaries.Red, answerAsk: boundaries.Yellow, answerGo: boundaries.Green}[a]
	b := boundaries.Boundary{Light: light, Text: it.Text, From: key, Added: now}
	b.ID = m.NextID(mapfile.BoundarySection)
	m.Boundaries = append(m.Boundaries, b)
	return b.ID
}
