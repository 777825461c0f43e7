package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// joinText makes one text of the arguments from index i on, so that
// multi-word text works quoted or not.
func joinText(c *cli.Context, i int) string {
	return textcheck.Clean(strings.Join(c.Args().Slice()[i:], " "))
}

// now is the time stamp of new entries, to the second, in UTC.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

func addBoundaryAction(c *cli.Context) error {
	if c.NArg() < 2 {
		return usage("for example: attune add boundary red \"Being held down\"", "add boundary needs a light and some text")
	}
	light, err := boundaries.ParseLight(c.Args().First())
	if err != nil {
		return typed(err)
	}
	b := boundaries.Boundary{
		Light:   light,
		Text:    joinText(c, 1),
		Note:    textcheck.Clean(c.String("note")),
		Private: c.Bool("private"),
		Added:   now(),
	}
	if err := b.ValidateTyped(); err != nil {
		return err
	}
	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			b.ID = m.NextBoundaryID()
			m.Boundaries = append(m.Boundaries, b)
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "added %s (%s)%s\n", b.ID, b.Light.Label(), privateSuffix(b.Private))
		return nil
	})(c)
}

func addTriggerAction(c *cli.Context) error {
	if c.NArg() < 2 {
		return usage("for example: attune add trigger smells \"A particular aftershave\" --helps \"fresh air\"", "add trigger needs a category and some text")
	}
	cat, err := triggers.ParseCategory(c.Args().First())
	if err != nil {
		return typed(err)
	}
	intensity, err := triggers.ParseIntensity(c.String("intensity"))
	if err != nil {
		return typed(err)
	}
	t := triggers.Trigger{
		Category:  cat,
		Text:      joinText(c, 1),
		Intensity: intensity,
		Helps:     textcheck.Clean(c.String("helps")),
		Note:      textcheck.Clean(c.String("note")),
		Private:   c.Bool("private"),
		Added:     now(),
	}
	if err := t.ValidateTyped(); err != nil {
		return err
	}
	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			t.ID = m.NextTriggerID()
			m.Triggers = append(m.Triggers, t)
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "added %s (%s)%s\n", t.ID, t.Category, privateSuffix(t.Private))
		return nil
	})(c)
}

func privateSuffix(private bool) string {
	if private {
		return ", private: stays on this machine"
	}
	return ""
}
