package app

import (
	"fmt"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

func addBoundaryAction(x *ctx) error {
	light, err := boundaries.ParseLight(x.Args().First())
	if err != nil {
		return typed(err)
	}
	if err := checkSharingFlags(x); err != nil {
		return err
	}
	if err := x.checkStdinOnce(); err != nil {
		return err
	}
	text, err := x.argText(1, fmt.Sprintf("Boundary (%s): ", light.Shown()),
		usage("type the text after the light, or - to read it from standard input: attune add boundary "+string(light)+" -",
			"add boundary needs some text"))
	if err != nil {
		return err
	}
	note, _, err := x.textFlag("note")
	if err != nil {
		return err
	}
	b := boundaries.Boundary{Light: light, Text: text, Note: note, Private: x.Bool("private"), Added: x.now()}
	if err := b.ValidateTyped(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		_, err := s.update(func(m *mapfile.Map) error {
			if r, ok := m.SameText(mapfile.BoundarySection, b.Text, nil); ok && !x.Bool("again") {
				dup := m.Boundary(*r.ID)
				return duplicate("boundary", boundaryLine(*dup),
					fmt.Sprintf("to change its light: attune edit %s --light %s", dup.ID, otherLight(dup.Light)))
			}
			if err := setSharing(x, m, &b.Private, &b.ShareWith); err != nil {
				return err
			}
			b.ID = m.NextID(mapfile.BoundarySection)
			m.Boundaries = append(m.Boundaries, b)
			return nil
		})
		if err != nil {
			return err
		}
		x.reporter().line("", "added "+boundaryLine(b)+sharingSuffix(b.Private, b.ShareWith))
		return nil
	})
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
	if err := checkSharingFlags(x); err != nil {
		return err
	}
	if err := x.checkStdinOnce(); err != nil {
		return err
	}
	text, err := x.argText(1, fmt.Sprintf("Trigger (%s): ", cat.Title()),
		usage("type the text after the category, or - to read it from standard input: attune add trigger "+string(cat)+" -",
			"add trigger needs some text"))
	if err != nil {
		return err
	}
	helps, _, err := x.textFlag("helps")
	if err != nil {
		return err
	}
	note, _, err := x.textFlag("note")
	if err != nil {
		return err
	}
	t := triggers.Trigger{Category: cat, Text: text, Intensity: intensity, Helps: helps, Note: note,
		Private: x.Bool("private"), Added: x.now()}
	if err := t.ValidateTyped(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		_, err := s.update(func(m *mapfile.Map) error {
			sameCategory := func(r entry.Ref) bool { return m.Trigger(*r.ID).Category == t.Category }
			if r, ok := m.SameText(mapfile.TriggerSection, t.Text, sameCategory); ok && !x.Bool("again") {
				dup := m.Trigger(*r.ID)
				return duplicate("trigger", triggerLine(*dup), "to change it: attune edit "+dup.ID+" --helps, --intensity or --note")
			}
			if err := setSharing(x, m, &t.Private, &t.ShareWith); err != nil {
				return err
			}
			t.ID = m.NextID(mapfile.TriggerSection)
			m.Triggers = append(m.Triggers, t)
			return nil
		})
		if err != nil {
			return err
		}
		x.reporter().line("", "added "+triggerLine(t)+sharingSuffix(t.Private, t.ShareWith))
		return nil
	})
}

// duplicate refuses an entry whose text is already there, naming it.
func duplicate(kind, existing, change string) error {
	return fail(change+"; to add it again anyway: --again",
		"you already have this %s: %s", kind, oneLineSafe(existing))
}

// sharingSuffix says, after an entry added, who may see it when that is
// not every partner.
func sharingSuffix(private bool, with []string) string {
	switch {
	case private:
		return ", private: stays on this machine"
	case len(with) > 0:
		return ", shared with " + andList(with) + " only"
	}
	return ""
}
