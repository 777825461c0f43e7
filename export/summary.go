package export

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// The summary formats.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// FormatWords is how formats may be typed.
var FormatWords = wordset.New("format",
	wordset.Word[string]{Value: FormatText, Names: []string{"text", "txt"}, Hidden: []string{"plain"}},
	wordset.Word[string]{Value: FormatMarkdown, Names: []string{"markdown", "md"}},
	wordset.Word[string]{Value: FormatHTML, Names: []string{"html", "htm"}},
)

// Formats lists the summary formats, the default first.
var Formats = FormatWords.Values()

// formatExtensions are the file name endings that say a format.
var formatExtensions = map[string]string{
	".txt": FormatText, ".text": FormatText,
	".md": FormatMarkdown, ".markdown": FormatMarkdown,
	".html": FormatHTML, ".htm": FormatHTML,
}

// FormatOfFile is the format a file name's ending says, or "".
func FormatOfFile(name string) string {
	return formatExtensions[strings.ToLower(filepath.Ext(name))]
}

// ParseFormat reads a format name, ignoring case and surrounding space.
// Otherwise it returns a *textcheck.UnknownValueError with a suggestion.
func ParseFormat(s string) (string, error) { return FormatWords.Parse(s) }

// SummaryOptions says how to write a summary.
type SummaryOptions struct {
	Format string // FormatText (the default), FormatMarkdown or FormatHTML
	Width  int    // text: the line width to wrap to; 0: no wrapping
	// Since marks, in a partner's map, what is new or changed since the
	// import before the last one.
	Since changes.Report
	// Trust, for a partner's map, says how sure it is theirs ("not
	// verified: …"); empty for one's own, or a partner whose keys were
	// checked in person.
	Trust          string
	IncludePrivate bool      // include entries marked private, marked "(private)"
	Now            time.Time // html: the date printed on the card; zero prints none
}

// WriteSummary writes the summary of m in the chosen format. Entries
// marked private are left out unless opt.IncludePrivate.
func WriteSummary(w io.Writer, m *mapfile.Map, opt SummaryOptions) error {
	s := newSummary(m, opt.IncludePrivate, opt.Since)
	s.Trust = opt.Trust
	switch opt.Format {
	case "", FormatText:
		return writeText(w, s, opt.Width)
	case FormatMarkdown:
		return writeMarkdown(w, s)
	case FormatHTML:
		return writeHTML(w, s, opt.Now, "")
	}
	return fmt.Errorf("unknown summary format %q", textcheck.Neutralize(opt.Format))
}

// summary is a map arranged for reading, the same for every format. It
// holds the text as it is in the map; each format escapes it its own way.
type summary struct {
	Trust    string // "not verified: …", or ""
	Name     string
	Title    string
	Safeword string
	Signal   string
	Lights   []lightGroup
	Groups   []categoryGroup
	Entries  int // how many boundaries and triggers are shown
	Words    int // roughly how much text, to pick a size for the card
}

type lightGroup struct {
	Light   boundaries.Light
	Label   string // STOP
	Symbol  string // ■
	Meaning string // please don't
	Items   []item
}

type categoryGroup struct {
	Title string
	Items []item
}

// item is one boundary or trigger.
type item struct {
	Mark      string // in a partner's map: "new", "changed: ■ STOP → ● GO"
	Text      string
	Intensity string // triggers: "high", "medium", "low" or ""
	Helps     string
	Note      string
	Private   bool
}

// Wording shared by the formats.
const (
	stopLine     = "Either one means stop, right away. No reason is needed."
	triggersLine = "Things that can bring back hard memories, and what helps when they come up."
	noBoundaries = "No boundaries written down yet."
	noTriggers   = "No triggers written down yet."
	checkInLine  = "Boundaries can change. Check in with each other."
)

func newSummary(m *mapfile.Map, includePrivate bool, since changes.Report) *summary {
	if !includePrivate {
		// One rule for what never leaves: mapfile's Shareable.
		m, _ = m.Shareable()
	}
	s := &summary{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, Title: "Boundaries and triggers"}
	if m.Name != "" {
		s.Title = m.Name + "'s boundaries and triggers"
	}
	s.Words = len(strings.Fields(s.Safeword + " " + s.Signal))
	bs := m.SortedBoundaries()
	for _, l := range boundaries.Lights {
		g := lightGroup{Light: l, Label: l.Label(), Symbol: l.Symbol(), Meaning: l.Meaning()}
		for _, b := range bs {
			if b.Light != l {
				continue
			}
			g.Items = append(g.Items, item{Text: b.Text, Note: b.Note, Private: b.Private, Mark: since.Mark(b.Key, b.ID)})
			s.Words += len(strings.Fields(b.Text + " " + b.Note))
		}
		if len(g.Items) > 0 {
			s.Lights = append(s.Lights, g)
			s.Entries += len(g.Items)
		}
	}
	ts := m.SortedTriggers()
	for _, c := range triggers.Categories {
		g := categoryGroup{Title: c.Title()}
		for _, t := range ts {
			if t.Category != c {
				continue
			}
			g.Items = append(g.Items, item{Text: t.Text, Intensity: string(t.Intensity),
				Helps: t.Helps, Note: t.Note, Private: t.Private, Mark: since.Mark(t.Key, t.ID)})
			s.Words += len(strings.Fields(t.Text + " " + t.Helps + " " + t.Note))
		}
		if len(g.Items) > 0 {
			s.Groups = append(s.Groups, g)
			s.Entries += len(g.Items)
		}
	}
	return s
}

// intensityWords is how an intensity reads after a trigger.
func intensityWords(i string) string {
	if i == "" {
		return ""
	}
	return i + " intensity"
}

// LeftOut reports how many entries of m a summary without
// IncludePrivate leaves out.
func LeftOut(m *mapfile.Map) int {
	_, n := m.Shareable()
	return n
}
