package app

import (
	"fmt"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
)

// settingNoun is how a setting is named to the person.
func settingNoun(what string) string {
	switch what {
	case settingSafeword:
		return "stop word"
	case settingSignal:
		return "stop signal"
	}
	return what
}

func setAction(x *ctx) error {
	what, err := settingWords.Parse(x.Args().First())
	if err != nil {
		return usage("you can set "+settingWords.Describe(), "there is no setting called %q", x.Args().First())
	}
	noun := settingNoun(what)
	clear := x.Bool("clear")
	value := x.joinText(1)
	switch {
	case clear && value != "":
		return usage("give a value, or --clear to remove it", "--clear takes no value")
	case !clear && value == "":
		return usage("to remove your "+noun+", use: attune set "+what+" --clear", "set %s needs a value", what)
	}
	if !clear {
		if err := textcheck.CheckTyped(what, value, false); err != nil {
			return err
		}
	}
	return withSession(x, func(s *session) error {
		changed, err := s.update(func(m *mapfile.Map) error {
			switch what {
			case settingName:
				m.Name = value
			case settingSafeword:
				m.Safeword = value
			case settingSignal:
				m.Signal = value
			}
			return nil
		})
		if err != nil {
			return err
		}
		w := x.out()
		switch {
		case !changed && clear:
			fmt.Fprintf(w, "you have no %s set; nothing was changed\n", noun)
		case !changed:
			fmt.Fprintf(w, "your %s is already that; nothing was changed\n", noun)
		case clear:
			fmt.Fprintf(w, "cleared your %s\n", noun)
		default:
			fmt.Fprintf(w, "set your %s\n", noun)
		}
		return nil
	})
}
