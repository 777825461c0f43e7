package app

import (
	"bufio"
	"io"
	"strings"

	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/mapfile"
)

// writeMapText writes one's own map as git diff shows it (attune
// __git-diff): a line a setting, a line an entry in the file's order
// ("b3 ■ STOP: Being held down"), each of its details indented beneath,
// and the partners by name. It never holds a key of any kind, and is
// line-based so that a change reads as the lines it changed.
func writeMapText(w io.Writer, m *mapfile.Map) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	line := func(indent, label, value string) {
		if value == "" {
			return
		}
		for i, l := range strings.Split(safe(value), "\n") {
			if i == 0 {
				bw.WriteString(indent + label + ": " + l + "\n")
			} else {
				bw.WriteString(indent + strings.Repeat(" ", len(label)+2) + l + "\n")
			}
		}
	}
	line("", "name", m.Name)
	line("", "stop word", m.Safeword)
	line("", "stop signal", m.Signal)
	line("", "if I freeze", m.IfFrozen)
	line("", "if we stop", m.IfWeStop)
	line("", "anchor", m.Anchor)
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		bw.WriteString(oneLineSafe(entryLineOf(m, *r.ID)) + "\n")
		for _, d := range entryDetails(m, *r.ID) {
			line("  ", d[0], d[1])
		}
		line("  ", "note", *r.Note)
		line("  ", "who may see it", sharingWords(*r.Private, *r.ShareWith))
	})
	for _, p := range m.Partners {
		line("", "partner", mapfile.ShowPartnerName(p.Name))
	}
}

// entryDetails are the fields of an entry its line does not show.
func entryDetails(m *mapfile.Map, id string) [][2]string {
	if b := m.Boundary(id); b != nil {
		return [][2]string{{"only if", b.OnlyIf}}
	}
	if t := m.Trigger(id); t != nil {
		return [][2]string{{"what helps", t.Helps}}
	}
	return nil
}
