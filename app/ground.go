package app

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/iostreams"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
)

// `attune ground`: for the moment a trigger hits. Today's date and time,
// one's own anchor sentence, 5-4-3-2-1 one step at a time, one's own
// "what helps", and what is different now. Nothing is saved. A map that
// needs a passphrase is not asked for first: what needs no map comes
// first, and the rest is offered.

// groundSteps are 5-4-3-2-1, one at a time.
var groundSteps = []string{
	"Look around. Name five things you can see.",
	"Name four things you can feel or touch: your feet on the floor, the chair, your clothes, the air.",
	"Listen. Name three things you can hear.",
	"Name two things you can smell, or two smells you like.",
	"Name one thing you can taste, or one kind thing you can say to yourself.",
}

// errGroundEnd is q or Ctrl-C: the walk ends quietly.
var errGroundEnd = errors.New("ended")

func groundAction(x *ctx) error {
	if !x.interactive() {
		return usage("attune ground is for someone at the keyboard; attune guide grounding describes the steps",
			"attune ground walks through its steps at a terminal, and there is none here")
	}
	a := x.newAsker()
	defer a.done()
	say := a.say
	next := func(prompt string) error {
		s, err := a.ask(prompt)
		if err != nil || strings.EqualFold(s, "q") {
			return errGroundEnd
		}
		return nil
	}
	now := x.io.Now().Local()
	say(fmt.Sprintf("It is %s, %s. You are here, now.", now.Format("Monday 2 January 2006"), now.Format("15:04")))
	s, err := x.session()
	var m *mapfile.Map
	if err == nil {
		m = s.mapIfOpen()
	}
	if m != nil && m.Anchor != "" {
		say("")
		say(oneLineSafe(m.Anchor))
	}
	err = groundWalk(say, next, m)
	if err == nil && m == nil && s != nil && hasIdentity(s) {
		if ok, _ := confirm(x.io, "Would you like to see your own anchor and what helps? It needs your passphrase. [y/N] "); ok {
			if m, err = s.readMap(); err != nil {
				return err
			}
			if m.Anchor != "" {
				say("")
				say(oneLineSafe(m.Anchor))
			}
			groundHelps(say, m)
		}
	}
	if err == nil {
		say("")
		say("Take the time you need. Nothing was saved.")
	}
	return nil
}

// groundWalk is 5-4-3-2-1, the map's "what helps" if it is open, and
// what is different now. It returns errGroundEnd when the person ends it.
func groundWalk(say func(string), next func(string) error, m *mapfile.Map) error {
	say("")
	say("One step at a time. Enter moves on; q ends here.")
	for _, step := range groundSteps {
		say("")
		say(step)
		if err := next("  "); err != nil {
			return err
		}
	}
	if m != nil {
		groundHelps(say, m)
	}
	say("")
	say("What is different now from then? Where you are, who is with you, if anyone, and that you can stop. Just notice it; nothing is saved.")
	return next("  ")
}

// groundHelps says the person's own "what helps", the strongest
// triggers' first, each once.
func groundHelps(say func(string), m *mapfile.Map) {
	seen := map[string]bool{}
	var helps []string
	for _, t := range m.SortedTriggers() {
		h := strings.TrimSpace(t.Helps)
		if h != "" && !seen[mapfile.FoldText(h)] && len(helps) < 5 {
			seen[mapfile.FoldText(h)] = true
			helps = append(helps, h)
		}
	}
	if len(helps) == 0 {
		return
	}
	say("")
	say("What helps you, in your own words:")
	for _, h := range helps {
		say("  - " + oneLineSafe(h))
	}
}

// mapIfOpen reads the map when that needs no question: a key without a
// passphrase, or one `attune unlock` keeps. It returns nil when reading
// would ask (a passphrase, a hardware key), or cannot be done.
func (s *session) mapIfOpen() *mapfile.Map {
	f, err := keys.ReadIdentityFile(s.identityPath())
	if err != nil || bytes.Contains(f.Data, []byte("AGE-PLUGIN-")) {
		return nil
	}
	opts := s.x.keyOptions(&s.ask)
	opts.Passphrase = func(string) (string, error) { return "", iostreams.ErrNoTerminal }
	ids, ok := []age.Identity(nil), false
	if f.Protected() {
		ids, ok = unlockedIdentities(f, s.store.Dir, opts)
	} else {
		ids, err = f.Load(opts)
		ok = err == nil
	}
	if !ok {
		return nil
	}
	s.ids = ids
	m, err := s.store.ReadMap(s.ids)
	if err != nil {
		return nil
	}
	return m
}

// hasIdentity: the store's key file is there, so offering to unlock
// makes sense.
func hasIdentity(s *session) bool {
	_, err := keys.ReadIdentityFile(s.identityPath())
	return err == nil
}
