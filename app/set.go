package app

import (
	"fmt"
	"strings"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
)

// settingField is the field of the map a setting sets.
func settingField(m *mapfile.Map, what string) *string {
	switch what {
	case settingSafeword:
		return &m.Safeword
	case settingSignal:
		return &m.Signal
	case settingIfFrozen:
		return &m.IfFrozen
	case settingIfWeStop:
		return &m.IfWeStop
	case settingAnchor:
		return &m.Anchor
	}
	return &m.Name
}

// settingNoun is how a setting is named to the person.
func settingNoun(what string) string {
	switch what {
	case settingSafeword:
		return "stop word"
	case settingSignal:
		return "stop signal"
	case settingIfFrozen:
		return "if I freeze"
	case settingIfWeStop:
		return "if we stop"
	}
	return what
}

// settingPrompt asks for a setting at the terminal.
func settingPrompt(what string) string {
	switch what {
	case settingIfFrozen:
		return "If you go still or quiet, what can your partner do? "
	case settingIfWeStop:
		return "If we stop, what helps right then? "
	case settingAnchor:
		return "Your anchor, a sentence that is true now and steadies you (only you see it): "
	}
	return "Your " + settingNoun(what) + ": "
}

func setAction(x *ctx) error {
	what, err := settingWords.Parse(x.Args().First())
	if err != nil {
		return usage("you can set "+settingWords.Describe(), "there is no setting called %q", x.Args().First())
	}
	noun := settingNoun(what)
	clear := x.Bool("clear")
	value := ""
	switch {
	case clear && x.NArg() > 1:
		return usage("give a value, or --clear to remove it", "--clear takes no value")
	case !clear:
		v, err := x.argText(1, settingPrompt(what), usage("type it after "+what+", or - to read it from standard input; to remove your "+noun+": attune set "+what+" --clear",
			"set %s needs a value", what))
		if err != nil {
			return err
		}
		// What to do if one freezes or stops may take a few lines; a
		// name, a word or a signal is one.
		check := textcheck.CheckTyped
		if what == settingIfFrozen || what == settingIfWeStop || what == settingAnchor {
			check = textcheck.CheckLinesTyped
		}
		if err := check(noun, v, false); err != nil {
			return err
		}
		if what == settingName {
			if err := withNameHint(mapfile.CheckOwnName(v)); err != nil {
				return err
			}
		}
		value = v
	}
	return withSession(x, func(s *session) error {
		var was string
		changed, err := s.update(func(m *mapfile.Map) error {
			field := settingField(m, what)
			was, *field = *field, value
			// Set again after a merge found it different on two
			// devices: chosen, even when it is this device's.
			m.ResolveConflict(strings.ReplaceAll(what, "-", "_"))
			return nil
		})
		if err != nil {
			return err
		}
		switch {
		case !changed && clear:
			fmt.Fprintf(x.out(), "you have no %s set; nothing was changed\n", noun)
		case !changed:
			fmt.Fprintf(x.out(), "your %s is already that; nothing was changed\n", noun)
		case was == value:
			fmt.Fprintf(x.out(), "your %s stays as it is, and is the same on every device from your next sync\n", noun)
		default:
			x.reporter().line("", settingLine(changes.Setting{Name: noun, From: was, To: value}))
		}
		return nil
	})
}
