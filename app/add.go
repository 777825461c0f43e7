package app

import (
	"strings"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// joinText makes one text of the arguments from index i on, so that
// multi-word text works quoted or not.
func (x *ctx) joinText(i int) string {
	return textcheck.Clean(strings.Join(x.Args().Slice()[i:], " "))
}

func addBoundaryAction(x *ctx) error {
	light, err := boundaries.ParseLight(x.Args().First())
	if err != nil {
		return typed(err)
	}
	b := boundaries.Boundary{
		Light:   light,
		Text:    x.joinText(1),
		Note:    textcheck.Clean(x.String("note")),
		Private: x.Bool("private"),
		Added:   x.now(),
	}
	if err := b.ValidateTyped(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		_, err := s.update(func(m *mapfile.Map) error {
			b.ID = m.NextBoundaryID()
			m.Boundaries = append(m.Boundaries, b)
			return nil
		})
		if err != nil {
			return err
		}
		x.reporter().line("", "added "+boundaryLine(b)+privateSuffix(b.Private))
		return nil
	})
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
	t := triggers.Trigger{
		Category:  cat,
		Text:      x.joinText(1),
		Intensity: intensity,
		Helps:     textcheck.Clean(x.String("helps")),
		Note:      textcheck.Clean(x.String("note")),
		Private:   x.Bool("private"),
		Added:     x.now(),
	}
	if err := t.ValidateTyped(); err != nil {
		return err
	}
	return withSession(x, func(s *session) error {
		_, err := s.update(func(m *mapfile.Map) error {
			t.ID = m.NextTriggerID()
			m.Triggers = append(m.Triggers, t)
			return nil
		})
		if err != nil {
			return err
		}
		x.reporter().line("", "added "+triggerLine(t)+privateSuffix(t.Private))
		return nil
	})
}

func privateSuffix(private bool) string {
	if private {
		return ", private: stays on this machine"
	}
	return ""
}
