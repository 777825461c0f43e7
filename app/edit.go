package app

import (
	"fmt"
	"slices"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// sharedEditFlags change what every kind of entry has.
var sharedEditFlags = []string{"text", "note", "private", "shared", "share-with"}

// ownEditFlags are each section's own flags, by section name.
var ownEditFlags = map[string][]string{
	mapfile.BoundarySection.Name:  {"light", "only-if"},
	mapfile.TriggerSection.Name:   {"category", "intensity", "helps"},
	mapfile.SignSection.Name:      {"kind"},
	mapfile.AftercareSection.Name: {"when"},
	mapfile.CuriousSection.Name:   nil,
}

// editFlags are the flags that change something, in the order help
// lists them.
var editFlags = []string{"text", "light", "only-if", "category", "intensity", "helps", "kind", "when", "note", "private", "shared", "share-with"}

func editAction(x *ctx) error {
	if x.NArg() == 0 {
		for _, f := range editFlags {
			if x.IsSet(f) {
				return usage("give the id of the entry to change (attune list shows them), or no flags to edit the whole map in your editor",
					"--%s needs the id of an entry", f)
			}
		}
		return editMapAction(x)
	}
	id := x.Args().First()
	if err := checkSharingFlags(x); err != nil {
		return err
	}
	if !slices.ContainsFunc(editFlags, x.IsSet) {
		return usage("say what to change: "+flagList(editFlags), "edit needs something to change")
	}
	if sec, ok := mapfile.SectionOf(id); ok {
		if err := checkEditFlags(x, sec, id); err != nil {
			return err
		}
	}
	if err := x.checkStdinOnce(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		var before, after *mapfile.Map
		var moved string
		changed, err := s.update(func(m *mapfile.Map) error {
			sec, r, ok := m.Find(id)
			if !ok {
				return unknownID(id)
			}
			before = m.Clone()
			var err error
			if moved, err = editOwn(x, m, sec, id); err != nil {
				return err
			}
			if err := setTexts(x, textField{"text", false, r.Text}, textField{"note", true, r.Note}); err != nil {
				return err
			}
			if err := setSharing(x, m, r.Private, r.ShareWith); err != nil {
				return err
			}
			after = m.Clone()
			return nil
		})
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(x.out(), "%s already reads that way; nothing was changed\n", id)
			return nil
		}
		x.reporter().report("", changes.Compare(before, after))
		if moved != "" {
			x.reporter().line("", conditionMovedLine(id, moved))
		}
		return nil
	})
}

// checkEditFlags refuses a flag that the entry's kind does not have.
func checkEditFlags(x *ctx, sec mapfile.Section, id string) error {
	own := ownEditFlags[sec.Name]
	for _, f := range editFlags {
		if x.IsSet(f) && !slices.Contains(own, f) && !slices.Contains(sharedEditFlags, f) {
			can := append(slices.Clone(own), sharedEditFlags...)
			return usage(fmt.Sprintf("a %s can change: %s", sec.Name, flagList(can)),
				"%s is a %s and has no --%s", id, sec.Name, f)
		}
	}
	return nil
}

// editOwn applies the flags of an entry's own fields. It returns the
// condition of an ASK FIRST that left ASK FIRST, moved into its note.
func editOwn(x *ctx, m *mapfile.Map, sec mapfile.Section, id string) (moved string, err error) {
	switch sec {
	case mapfile.BoundarySection:
		return editBoundary(m.Boundary(id), x)
	case mapfile.TriggerSection:
		return "", editTrigger(m.Trigger(id), x)
	case mapfile.SignSection:
		if x.IsSet("kind") {
			k, err := signs.ParseKind(x.String("kind"))
			if err != nil {
				return "", typed(err)
			}
			m.Sign(id).Kind = k
		}
	case mapfile.AftercareSection:
		if x.IsSet("when") {
			w, err := aftercare.ParseWhen(x.String("when"))
			if err != nil {
				return "", typed(err)
			}
			m.Care(id).When = w
		}
	}
	return "", nil
}

// textField is a free-text field of an entry, and the flag that sets it.
type textField struct {
	name       string
	allowEmpty bool
	to         *string
}

// setTexts sets each field whose flag was given, once it passes as typed
// text. The fields not typed are checked as stored (a map written before
// a rule still takes other changes).
func setTexts(x *ctx, fields ...textField) error {
	for _, f := range fields {
		v, given, err := x.textFlag(f.name)
		if err != nil {
			return err
		}
		if !given {
			continue
		}
		check := textcheck.CheckLinesTyped
		if f.name == "text" {
			check = textcheck.CheckTyped // an entry's text is one line
		}
		if err := check(f.name, v, f.allowEmpty); err != nil {
			return err
		}
		*f.to = v
	}
	return nil
}

func editBoundary(b *boundaries.Boundary, x *ctx) (moved string, err error) {
	if x.IsSet("light") {
		l, err := boundaries.ParseLight(x.String("light"))
		if err != nil {
			return "", typed(err)
		}
		moved = b.SetLight(l)
	}
	if x.IsSet("only-if") {
		v, _, err := x.textFlag("only-if")
		if err != nil {
			return "", err
		}
		if v != "" && b.Light != boundaries.Yellow {
			return "", conditionNotAsk(b.Light, "attune edit "+b.ID+" --light yellow --only-if …", x.IsSet("light"))
		}
		if err := textcheck.CheckLinesTyped("only if", v, true); err != nil {
			return "", err
		}
		b.OnlyIf, moved = v, ""
	}
	return moved, nil
}

func editTrigger(t *triggers.Trigger, x *ctx) error {
	if x.IsSet("category") {
		cat, err := triggers.ParseCategory(x.String("category"))
		if err != nil {
			return typed(err)
		}
		t.Category = cat
	}
	if x.IsSet("intensity") {
		in, err := triggers.ParseIntensity(x.String("intensity"))
		if err != nil {
			return typed(err)
		}
		t.Intensity = in
	}
	return setTexts(x, textField{"helps", true, &t.Helps})
}

// conditionMovedLine says where the condition of a boundary that left
// ASK FIRST went: never dropped without a word.
func conditionMovedLine(id, moved string) string {
	return fmt.Sprintf("%s's condition is now in its note (%s%s): a STOP or a GO has no condition", id, boundaries.ConditionNote, moved)
}

func unknownID(id string) error {
	return fail("`attune list` shows every entry with its id", "there is no entry with the id %q", id)
}

// flagList is "--a, --b or --c".
func flagList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + n
	}
	return orList(out)
}
