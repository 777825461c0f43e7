package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// tricks are terminal tricks a partner's (or a damaged) file could carry
// past a missing check: colour and clear screen (CSI, also as a C1
// byte), window title and clipboard write (OSC 52), the bell, backspace
// and carriage return that overwrite what was shown, NUL, DEL, and a bidi
// override. Each is also mixed with markup.
var tricks = []string{
	"\x1b[31mred\x1b[0m and \x1b[2J\x1b[H",
	"\u009b2J C1 CSI",
	"\x1b]0;a new title\a",
	"\x1b]52;c;cm0gLXJmIH4=\a copy this",
	"\x1b]52;c;cm0gLXJmIH4=\x1b\\ with ST",
	"ring\a\a\a",
	"shown\b\b\b\b\bconcealed",
	"Safe entry\rEvil entry",
	"NUL\x00 and DEL\x7f and tab\t",
	"\u202eevil bidi",
	"<b>\x1b[1mbold</b> [link](javascript:\x1b]52;c;aGk=\a)",
}

// trickMap holds every trick in every field a summary prints, and an
// entry with a light and a category that are not real, all bypassing
// validation as a crafted file would try to.
func trickMap() *mapfile.Map {
	m := &mapfile.Map{Version: 1}
	for i, h := range tricks {
		m.Name, m.Safeword, m.Signal, m.IfFrozen, m.IfWeStop = h, h, h, h, h
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: fmt.Sprintf("b%d", i+1), Light: boundaries.Lights[i%3], Text: h, OnlyIf: h, Note: h, Private: i%2 == 0})
		m.Signs = append(m.Signs, signs.Sign{ID: fmt.Sprintf("s%d", i+1), Kind: signs.Kinds[i%2], Text: h, Note: h, Private: i%3 == 0})
		m.Aftercare = append(m.Aftercare, aftercare.Care{ID: fmt.Sprintf("a%d", i+1), When: aftercare.Whens[i%3], Text: h, Note: h})
		m.Curious = append(m.Curious, curious.Curiosity{ID: fmt.Sprintf("c%d", i+1), Text: h, Note: h})
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: fmt.Sprintf("t%d", i+1), Category: triggers.Categories[i%len(triggers.Categories)],
			Intensity: triggers.High, Text: h, Helps: h, Note: h, Private: i%3 == 0})
	}
	m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: "b99", Light: boundaries.Light("purple\x1b[2J"), Text: "odd light"})
	m.Triggers = append(m.Triggers, triggers.Trigger{ID: "t99", Category: triggers.Category("odd\x1b]52;c;aGk=\a"), Intensity: triggers.Intensity("x\a"), Text: "odd category"})
	m.Signs = append(m.Signs, signs.Sign{ID: "s99", Kind: signs.Kind("odd\x1b[2J"), Text: "odd kind"})
	m.Aftercare = append(m.Aftercare, aftercare.Care{ID: "a99", When: aftercare.When("odd\a"), Text: "odd time"})
	return m
}

// rawControl reports a raw control character: C0 other than newline, DEL,
// C1 (as UTF-8), and the bidi controls that reorder a line.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return r, true
		}
	}
	return 0, false
}

// TestSummaryNeverWritesControlBytes: whatever a map holds, no summary
// format lets a raw control byte through: the summary goes to terminals
// (text), to messages (markdown) and to browsers and printers (html).
func TestSummaryNeverWritesControlBytes(t *testing.T) {
	m := trickMap()
	for _, format := range []string{FormatText, FormatMarkdown, FormatHTML} {
		for _, private := range []bool{false, true} {
			var buf bytes.Buffer
			err := WriteSummary(&buf, m, SummaryOptions{Format: format, IncludePrivate: private, Width: 60})
			if err != nil {
				// Refusing the map is fine; printing it raw is not.
				t.Logf("%s: refused: %v", format, err)
				if c, ok := rawControl(err.Error()); ok {
					t.Errorf("%s: the error holds a raw control character %U: %q", format, c, err.Error())
				}
				continue
			}
			out := buf.String()
			if c, ok := rawControl(out); ok {
				i := strings.IndexRune(out, c)
				t.Errorf("%s (private %v): raw control character %U at %q", format, private, c, out[max(0, i-30):min(len(out), i+30)])
			}
			for _, word := range []string{"copy this", "concealed", "Evil entry", "evil bidi", "ring"} {
				// Without private entries, some tricks are left out.
				if private && !strings.Contains(out, word) {
					t.Errorf("%s: %q is missing: the text was dropped instead of neutralised", format, word)
				}
			}
		}
	}
}

// TestSummaryMarkupWithControls: markup and controls together: the HTML
// has no element from the text, and the Markdown no link syntax left
// unescaped.
func TestSummaryMarkupWithControls(t *testing.T) {
	m := trickMap()
	var h, md bytes.Buffer
	if err := WriteSummary(&h, m, SummaryOptions{Format: FormatHTML}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<b>") || strings.Contains(h.String(), "</b>") {
		t.Errorf("the HTML card holds the text's own <b> element")
	}
	if err := WriteSummary(&md, m, SummaryOptions{Format: FormatMarkdown}); err != nil {
		t.Fatal(err)
	}
	// A link needs an unescaped "[": escaping it is enough.
	unescaped := strings.NewReplacer("\\[", "", "\\<", "").Replace(md.String())
	if strings.Contains(unescaped, "[link]") || strings.Contains(unescaped, "<b>") {
		t.Errorf("the Markdown holds unescaped link or HTML syntax from the text:\n%s", md.String())
	}
}
