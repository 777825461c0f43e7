package app

import (
	"fmt"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// newEntry is an entry of any kind as `add` makes it.
type newEntry[T any] interface {
	*T
	Ref() entry.Ref
	ValidateTyped() error
}

// adder is what one `add` command says beyond the flow they share.
type adder[T any] struct {
	sec mapfile.Section
	// first is the index of the first word of the text (after a light,
	// a category or a kind).
	first int
	// prompt asks for the text at a terminal; missing refuses a line
	// without it.
	prompt  string
	missing error
	list    func(*mapfile.Map) *[]T
	// same says whether an entry of the section with the same text is
	// the same entry (a trigger: in the same category); nil: always.
	same func(m *mapfile.Map, id string) bool
	// change is the hint, for an entry already there, of how to change
	// it instead.
	change func(m *mapfile.Map, id string) string
}

// addEntry is the flow every `add` shares: the text (from the arguments,
// - from standard input, or asked for at a terminal, so that it need not
// show in `ps`), the note, who may see it; the entry checked as typed,
// refused if the same text is there already (unless --again), given the
// next id of its section, and said.
func addEntry[T any, P newEntry[T]](x *ctx, e *T, a adder[T]) error {
	if err := checkSharingFlags(x); err != nil {
		return err
	}
	if err := x.checkStdinOnce(); err != nil {
		return err
	}
	r := P(e).Ref()
	text, err := x.argText(a.first, a.prompt, a.missing)
	if err != nil {
		return err
	}
	note, _, err := x.textFlag("note")
	if err != nil {
		return err
	}
	private, _ := wantPrivate(x)
	*r.Text, *r.Note, *r.Private, *r.Added = text, note, private, x.now()
	if err := P(e).ValidateTyped(); err != nil {
		return err
	}
	var line string
	return withSession(x, func(s *session) error {
		_, err := s.update(func(m *mapfile.Map) error {
			id, err := insertEntry[T, P](m, e, a, x.Bool("again"), func() error {
				return setSharing(x, m, r.Private, r.ShareWith)
			})
			if err != nil {
				return err
			}
			line = entryLineOf(m, id)
			return nil
		})
		if err != nil {
			return err
		}
		x.reporter().line("", "added "+line+sharingSuffix(*r.Private, *r.ShareWith))
		return nil
	})
}

// insertEntry is what `add` does to the map, inside an update (and what
// a debrief does when it adds an entry): an entry whose text is there
// already is refused (unless again), naming the one there; then prepare
// runs (who may see it); the entry is given the next id of its section
// and added. It returns the new id.
func insertEntry[T any, P newEntry[T]](m *mapfile.Map, e *T, a adder[T], again bool, prepare func() error) (string, error) {
	r := P(e).Ref()
	if dup, ok := sameEntry(m, a, *r.Text); ok && !again {
		return "", duplicate(a.sec.Name, entryLineOf(m, dup), a.change(m, dup))
	}
	if prepare != nil {
		if err := prepare(); err != nil {
			return "", err
		}
	}
	*r.ID = m.NextID(a.sec)
	l := a.list(m)
	*l = append(*l, *e)
	return *r.ID, nil
}

// sameEntry finds an entry of a's section whose text is text (for a
// trigger, in the same category): its id.
func sameEntry[T any](m *mapfile.Map, a adder[T], text string) (string, bool) {
	same := func(found entry.Ref) bool { return a.same == nil || a.same(m, *found.ID) }
	dup, ok := m.SameText(a.sec, text, same)
	if !ok {
		return "", false
	}
	return *dup.ID, true
}

// missingText is the usage error of an `add` given no text off a
// terminal.
func missingText(sec mapfile.Section, after, example string) error {
	how := "type the text"
	if after != "" {
		how += " after " + after
	}
	return usage(how+", or - to read it from standard input: "+example, "add %s needs some text", sec.Name)
}

func addBoundaryAction(x *ctx) error {
	light, err := boundaries.ParseLight(x.Args().First())
	if err != nil {
		return typed(err)
	}
	onlyIf, given, err := x.textFlag("only-if")
	if err != nil {
		return err
	}
	if given && onlyIf != "" && light != boundaries.Yellow {
		return conditionNotAsk(light, "attune add boundary \"ask first\" TEXT --only-if …", true)
	}
	b := boundaries.Boundary{Light: light, OnlyIf: onlyIf}
	a := boundaryAdder()
	a.first = 1
	a.prompt = fmt.Sprintf("Boundary (%s): ", light.Shown())
	a.missing = missingText(mapfile.BoundarySection, "the light", "attune add boundary "+string(light)+" -")
	return addEntry(x, &b, a)
}

// boundaryAdder is how a boundary goes into the map.
func boundaryAdder() adder[boundaries.Boundary] {
	return adder[boundaries.Boundary]{
		sec:  mapfile.BoundarySection,
		list: func(m *mapfile.Map) *[]boundaries.Boundary { return &m.Boundaries },
		change: func(m *mapfile.Map, id string) string {
			return fmt.Sprintf("to change its light: attune edit %s --light %s", id, otherLight(m.Boundary(id).Light))
		},
	}
}

// conditionNotAsk refuses a condition on a STOP or a GO.
//
// typed is whether the light was typed in the same command (add, or
// edit --light): then the line itself is wrong (exit 2); otherwise it is
// the map's light (exit 1).
func conditionNotAsk(l boundaries.Light, fix string, typed bool) error {
	why := "a STOP has no condition under which it becomes a yes"
	if l == boundaries.Green {
		why = "a GO needs no condition"
	}
	hint := why + "; for something that depends on a condition, use ASK FIRST: " + fix
	if typed {
		return usage(hint, "--only-if is for ASK FIRST boundaries, and this one is %s", l.Shown())
	}
	return fail(hint, "--only-if is for ASK FIRST boundaries, and this one is %s", l.Shown())
}

// otherLight is a light to show in a hint for changing l.
func otherLight(l boundaries.Light) boundaries.Light {
	if l == boundaries.Red {
		return boundaries.Yellow
	}
	return boundaries.Red
}

func addTriggerAction(x *ctx) error {
	cat, err := triggers.ParseCategory(x.Args().First())
	if err != nil {
		return typed(err)
	}
	intensity, err := triggers.ParseIntensity(x.String("intensity"))
	if err != nil {
		return typed(err)
	}
	helps, _, err := x.textFlag("helps")
	if err != nil {
		return err
	}
	t := triggers.Trigger{Category: cat, Intensity: intensity, Helps: helps}
	a := triggerAdder(cat)
	a.first = 1
	a.prompt = fmt.Sprintf("Trigger (%s): ", cat.Title())
	a.missing = missingText(mapfile.TriggerSection, "the category", "attune add trigger "+string(cat)+" -")
	return addEntry(x, &t, a)
}

// triggerAdder is how a trigger of a category goes into the map: the
// same text in the same category is the same trigger.
func triggerAdder(cat triggers.Category) adder[triggers.Trigger] {
	return adder[triggers.Trigger]{
		sec:  mapfile.TriggerSection,
		list: func(m *mapfile.Map) *[]triggers.Trigger { return &m.Triggers },
		same: func(m *mapfile.Map, id string) bool { return m.Trigger(id).Category == cat },
		change: func(_ *mapfile.Map, id string) string {
			return "to change it: attune edit " + id + " --helps, --intensity or --note"
		},
	}
}

func addSignAction(x *ctx) error {
	kind, err := signs.ParseKind(x.Args().First())
	if err != nil {
		return typed(err)
	}
	sg := signs.Sign{Kind: kind}
	return addEntry(x, &sg, adder[signs.Sign]{
		sec: mapfile.SignSection, first: 1,
		prompt:  fmt.Sprintf("%s: ", kind.Title()),
		missing: missingText(mapfile.SignSection, "not-ok or ok", "attune add sign "+string(kind)+" -"),
		list:    func(m *mapfile.Map) *[]signs.Sign { return &m.Signs },
		change: func(_ *mapfile.Map, id string) string {
			return "to change it: attune edit " + id + " --kind, --text or --note"
		},
	})
}

func addAftercareAction(x *ctx) error {
	when := aftercare.After
	if x.IsSet("when") {
		w, err := aftercare.ParseWhen(x.String("when"))
		if err != nil {
			return typed(err)
		}
		when = w
	}
	c := aftercare.Care{When: when}
	return addEntry(x, &c, adder[aftercare.Care]{
		sec:     mapfile.AftercareSection,
		prompt:  fmt.Sprintf("Aftercare (%s): ", when.Title()),
		missing: missingText(mapfile.AftercareSection, "", "attune add aftercare -"),
		list:    func(m *mapfile.Map) *[]aftercare.Care { return &m.Aftercare },
		change: func(_ *mapfile.Map, id string) string {
			return "to change it: attune edit " + id + " --when, --text or --note"
		},
	})
}

func addCuriousAction(x *ctx) error {
	var c curious.Curiosity
	return addEntry(x, &c, adder[curious.Curiosity]{
		sec:     mapfile.CuriousSection,
		prompt:  "Something you're curious about: ",
		missing: missingText(mapfile.CuriousSection, "", "attune add curious -"),
		list:    func(m *mapfile.Map) *[]curious.Curiosity { return &m.Curious },
		change:  func(_ *mapfile.Map, id string) string { return "to change it: attune edit " + id + " --text or --note" },
	})
}

// duplicate refuses an entry whose text is already there, naming it.
func duplicate(kind, existing, change string) error {
	return fail(change+"; to add it again anyway: --again",
		"you already have this %s: %s", kind, oneLineSafe(existing))
}

// entryLineOf is one entry in one line: "b3 ● GO: Kissing", "t2 Smells:
// Smoke (high)", "s1 sign I'm not OK: I go quiet".
func entryLineOf(m *mapfile.Map, id string) string {
	if t := m.Trigger(id); t != nil {
		return triggerLine(*t)
	}
	e, _ := changes.Describe(m, id)
	return e.ID + " " + e.Shown + ": " + e.Text
}

// sharingSuffix says, after an entry added, who may see it when that is
// not every partner.
func sharingSuffix(private bool, with []string) string {
	switch {
	case private:
		return ", private: never shared with a partner"
	case len(with) > 0:
		return ", shared with " + andList(with) + " only"
	}
	return ""
}
