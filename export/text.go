package export

import (
	"io"
	"strings"

	"github.com/attune-dev/attune/guide"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
)

// writeText writes the plain-text summary, wrapped to width columns with
// hanging indents (textwidth.Wrap). Every string from the map goes through
// textcheck.Neutralize: nothing in a map can drive the terminal.
func writeText(w io.Writer, s *summary, width int) error {
	tw := textwidth.NewWriter(w, width)
	line, para, heading := tw.Line, tw.Para, tw.Heading

	heading(textcheck.Neutralize(s.Title), "=")
	if s.Subtitle != "" {
		para("", "", textcheck.Neutralize(s.Subtitle))
	}
	if s.Trust != "" {
		para("", "", "("+s.Trust+")")
	}
	for _, pt := range s.Parts {
		line("")
		heading(pt.Heading, "-")
		if len(pt.Pieces) == 0 && pt.Empty != "" {
			line("")
			para("", "", pt.Empty)
		}
		if len(pt.Lines) > 0 {
			line("")
			for _, l := range pt.Lines {
				para("", "", l)
			}
		}
		labelled := false // a labelled text just written: the next one follows without a blank line
		for _, pc := range pt.Pieces {
			if pc.Group == nil {
				if !labelled {
					line("")
				}
				label := pc.Label + ": "
				para(label, strings.Repeat(" ", textwidth.Width(label)), textcheck.NeutralizeLines(pc.Text))
				labelled = true
				continue
			}
			labelled = false
			line("")
			if pc.Group.Title != "" {
				para("", "  ", pc.Group.Title)
			}
			for _, it := range pc.Group.Items {
				textItem(para, it)
			}
		}
		for _, l := range pt.After {
			para("", "", l)
		}
	}
	if s.Guide != nil {
		line("")
		if err := tw.Flush(); err != nil {
			return err
		}
		return guide.WriteText(w, s.Guide, width)
	}
	return tw.Flush()
}

func textItem(para func(first, rest, text string), it item) {
	text := textcheck.Neutralize(it.Text)
	if it.Intensity != "" {
		text += " (" + intensityWords(it.Intensity) + ")"
	}
	if it.Private {
		text += " (private)"
	}
	if it.Mark != "" {
		text += " (" + it.Mark + ")"
	}
	bullet := "  - "
	if it.High() {
		bullet = "  ! " // high intensity: marked in more than words alone
	}
	para(bullet, "    ", text)
	for _, f := range it.Details() {
		label := "    " + f[0] + ": "
		para(label, strings.Repeat(" ", textwidth.Width(label)), textcheck.NeutralizeLines(f[1]))
	}
}

// details are an item's labelled texts, in the order every format shows
// them: the condition, what helps, the note.
func (it item) Details() [][2]string {
	var out [][2]string
	for _, f := range [][2]string{{"Only if", it.OnlyIf}, {"What helps", it.Helps}, {"Note", it.Note}} {
		if f[1] != "" {
			out = append(out, f)
		}
	}
	return out
}
