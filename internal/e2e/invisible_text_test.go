package e2e

import (
	"strings"
	"testing"
)

// A partner's text may hold an invisible character among visible ones
// (a zero-width space inside a word): it is theirs to write, so it is
// imported, and shown escaped (\u200b), as names are, in list and in an
// import's change report, never as a raw character that hides. A map
// kept from before text that shows nothing was refused still opens, and
// shows what it holds.
func TestPartnerTextShowsInvisibleCharacters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	e.must("partner", "add", "Alex", alexKeyArg)
	export := func(exported, text string) {
		writeExport("version = 2\nname = \"Alex\"\nexported = " + exported + "\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"" + text + "\"\n")(e)
	}
	noRaw := func(what, out string, raw ...rune) {
		t.Helper()
		for _, r := range raw {
			if strings.ContainsRune(out, r) {
				t.Errorf("%s prints a raw %U:\n%s", what, r, out)
			}
		}
	}

	export("2026-11-01T10:00:00Z", `Being\u200bheld down`)
	out := e.must("import", exportPath(e))
	noRaw("import", out, 0x200b)
	out = e.must("list", "--partner", "Alex")
	noRaw("list --partner", out, 0x200b)
	if !strings.Contains(out, `Being\u200bheld down`) {
		t.Errorf("list --partner does not show the zero-width space as \\u200b:\n%s", out)
	}

	export("2026-11-02T10:00:00Z", "Being held down")
	out = e.must("import", exportPath(e))
	noRaw("the change report", out, 0x200b)
	if !strings.Contains(out, `text changed (was "Being\u200bheld down")`) {
		t.Errorf("the change report does not show the old text with \\u200b:\n%s", out)
	}

	// A stored import from before the rule, with a STOP that shows nothing.
	writePartnerFile("version = 2\nname = \"Alex\"\nexported = 2026-11-03T10:00:00Z\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"\\u3164\\u200b\"\n")(e)
	out = e.must("list", "--partner", "Alex")
	noRaw("list --partner of a map from before", out, 0x3164, 0x200b)
	if !strings.Contains(out, `\u3164\u200b`) {
		t.Errorf("list --partner does not show a STOP that shows nothing as \\u3164\\u200b:\n%s", out)
	}
	export("2026-11-04T10:00:00Z", "Being held down")
	out = e.must("import", exportPath(e))
	noRaw("the change report after a map from before", out, 0x3164, 0x200b)
	if !strings.Contains(out, `\u3164\u200b`) {
		t.Errorf("the change report does not name the old STOP as \\u3164\\u200b:\n%s", out)
	}
}
