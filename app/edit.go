package app

import (
	"fmt"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// editFlags are the flags that change something.
var editFlags = []string{"text", "light", "category", "note", "helps", "intensity", "private", "shared", "share-with"}

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
	given := 0
	for _, f := range editFlags {
		if x.IsSet(f) {
			given++
		}
	}
	if given == 0 {
		return usage("say what to change: --text, --light, --category, --note, --helps, --intensity, --private, --shared or --share-with", "edit needs something to change")
	}
	if err := x.checkStdinOnce(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		before, after := mapfile.New(), mapfile.New()
		changed, err := s.update(func(m *mapfile.Map) error {
			if b := m.Boundary(id); b != nil {
				before.Boundaries = append(before.Boundaries, *b)
				if err := editBoundary(b, x); err != nil {
					return err
				}
				if err := setSharing(x, m, &b.Private, &b.ShareWith); err != nil {
					return err
				}
				after.Boundaries = append(after.Boundaries, *b)
				return nil
			}
			if t := m.Trigger(id); t != nil {
				before.Triggers = append(before.Triggers, *t)
				if err := editTrigger(t, x); err != nil {
					return err
				}
				if err := setSharing(x, m, &t.Private, &t.ShareWith); err != nil {
					return err
				}
				after.Triggers = append(after.Triggers, *t)
				return nil
			}
			return unknownID(id)
		})
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(x.out(), "%s already reads that way; nothing was changed\n", id)
			return nil
		}
		x.reporter().report("", changes.Compare(before, after))
		return nil
	})
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

func editBoundary(b *boundaries.Boundary, x *ctx) error {
	for _, f := range []string{"category", "helps", "intensity"} {
		if x.IsSet(f) {
			return usage("--category, --helps and --intensity are for triggers", "%s is a boundary and has no %s", b.ID, f)
		}
	}
	if x.IsSet("light") {
		l, err := boundaries.ParseLight(x.String("light"))
		if err != nil {
			return typed(err)
		}
		b.Light = l
	}
	if err := setTexts(x, textField{"text", false, &b.Text}, textField{"note", true, &b.Note}); err != nil {
		return err
	}
	return nil
}

func editTrigger(t *triggers.Trigger, x *ctx) error {
	if x.IsSet("light") {
		return usage("--light is for boundaries; a trigger has a --category and an --intensity", "%s is a trigger and has no light", t.ID)
	}
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
	if err := setTexts(x, textField{"text", false, &t.Text}, textField{"helps", true, &t.Helps}, textField{"note", true, &t.Note}); err != nil {
		return err
	}
	return nil
}

func unknownID(id string) error {
	return fail("`attune list` shows every entry with its id", "there is no entry with the id %q", id)
}
