package app

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

func editAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usage("for example: attune edit b3 --note \"only when I say so\"", "edit needs exactly one id")
	}
	id := c.Args().First()
	if c.Bool("private") && c.Bool("shared") {
		return usage("use --private to keep it on this machine, or --shared to share it", "--private and --shared cannot be used together")
	}
	changes := 0
	for _, f := range []string{"text", "light", "category", "note", "helps", "intensity", "private", "shared"} {
		if c.IsSet(f) {
			changes++
		}
	}
	if changes == 0 {
		return usage("say what to change: --text, --light, --category, --note, --helps, --intensity, --private or --shared", "edit needs something to change")
	}
	str := func(name string) (string, bool) { return textcheck.Clean(c.String(name)), c.IsSet(name) }
	// typedText is str for free text, checked as typed text; the fields
	// not typed are checked as stored (a map written before a rule still
	// takes other changes).
	typedText := func(name string, allowEmpty bool) (string, bool, error) {
		v, ok := str(name)
		if !ok {
			return "", false, nil
		}
		return v, true, textcheck.CheckTyped(name, v, allowEmpty)
	}

	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			if b := m.Boundary(id); b != nil {
				return editBoundary(b, c, str, typedText)
			}
			if t := m.Trigger(id); t != nil {
				return editTrigger(t, c, str, typedText)
			}
			return unknownID(id)
		})
		if err != nil {
			return err
		}
		if s.unchanged {
			fmt.Fprintf(c.App.Writer, "%s already reads that way; nothing was changed\n", id)
			return nil
		}
		fmt.Fprintf(c.App.Writer, "changed %s\n", id)
		return nil
	})(c)
}

func editBoundary(b *boundaries.Boundary, c *cli.Context, str func(string) (string, bool), typedText typedTextFunc) error {
	for _, f := range []string{"category", "helps", "intensity"} {
		if c.IsSet(f) {
			return usage("--category, --helps and --intensity are for triggers", "%s is a boundary and has no %s", b.ID, f)
		}
	}
	if v, ok := str("light"); ok {
		l, err := boundaries.ParseLight(v)
		if err != nil {
			return typed(err)
		}
		b.Light = l
	}
	if err := setTexts(typedText, textField{"text", false, &b.Text}, textField{"note", true, &b.Note}); err != nil {
		return err
	}
	setPrivate(&b.Private, c)
	return b.Validate()
}

// typedTextFunc reads a text flag of edit: its value, whether it was
// given, and what is wrong with it as typed text.
type typedTextFunc func(name string, allowEmpty bool) (string, bool, error)

// textField is a free-text field of an entry, and the flag that sets it.
type textField struct {
	name       string
	allowEmpty bool
	to         *string
}

// setTexts sets each field whose flag was given, once it passes as typed
// text.
func setTexts(typedText typedTextFunc, fields ...textField) error {
	for _, f := range fields {
		v, ok, err := typedText(f.name, f.allowEmpty)
		if err != nil {
			return err
		}
		if ok {
			*f.to = v
		}
	}
	return nil
}

func editTrigger(t *triggers.Trigger, c *cli.Context, str func(string) (string, bool), typedText typedTextFunc) error {
	if c.IsSet("light") {
		return usage("--light is for boundaries; a trigger has a --category and an --intensity", "%s is a trigger and has no light", t.ID)
	}
	if v, ok := str("category"); ok {
		cat, err := triggers.ParseCategory(v)
		if err != nil {
			return typed(err)
		}
		t.Category = cat
	}
	if v, ok := str("intensity"); ok {
		in, err := triggers.ParseIntensity(v)
		if err != nil {
			return typed(err)
		}
		t.Intensity = in
	}
	if err := setTexts(typedText, textField{"text", false, &t.Text}, textField{"helps", true, &t.Helps}, textField{"note", true, &t.Note}); err != nil {
		return err
	}
	setPrivate(&t.Private, c)
	return t.Validate()
}

func setPrivate(p *bool, c *cli.Context) {
	switch {
	case c.Bool("private"):
		*p = true
	case c.Bool("shared"):
		*p = false
	}
}

func unknownID(id string) error {
	return fail("`attune list` shows every entry with its id", "there is no entry with the id %q", id)
}

func removeAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return usage("for example: attune remove b3 t4", "remove needs at least one id")
	}
	// The same id typed twice is removed once: the second would find
	// nothing, and the whole removal would fail.
	var ids []string
	seen := map[string]bool{}
	for _, id := range c.Args().Slice() {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			for _, id := range ids {
				if !m.Remove(id) {
					return unknownID(id)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "removed %s\n", strings.Join(ids, ", "))
		return nil
	})(c)
}

func setAction(c *cli.Context) error {
	keys := "name, safeword or signal"
	if c.NArg() == 0 {
		return usage("for example: attune set safeword pineapple", "set needs what to set: %s", keys)
	}
	what := strings.ToLower(c.Args().First())
	if what == "stopword" || what == "stop-word" {
		what = "safeword"
	}
	if what != "name" && what != "safeword" && what != "signal" {
		return usage("you can set "+keys, "there is no setting called %q", c.Args().First())
	}
	clear := c.Bool("clear")
	value := joinText(c, 1)
	switch {
	case clear && value != "":
		return usage("give a value, or --clear to remove it", "--clear takes no value")
	case !clear && value == "":
		return usage("to remove the "+what+", use: attune set "+what+" --clear", "set %s needs a value", what)
	}
	if !clear {
		if err := textcheck.CheckTyped(what, value, false); err != nil {
			return err
		}
	}
	return withSession(func(s *session) error {
		err := s.update(func(m *mapfile.Map) error {
			switch what {
			case "name":
				m.Name = value
			case "safeword":
				m.Safeword = value
			case "signal":
				m.Signal = value
			}
			return nil
		})
		if err != nil {
			return err
		}
		switch {
		case s.unchanged && clear:
			fmt.Fprintf(c.App.Writer, "you have no %s set; nothing was changed\n", what)
		case s.unchanged:
			fmt.Fprintf(c.App.Writer, "your %s is already that; nothing was changed\n", what)
		case clear:
			fmt.Fprintf(c.App.Writer, "cleared your %s\n", what)
		default:
			fmt.Fprintf(c.App.Writer, "set your %s\n", what)
		}
		return nil
	})(c)
}
