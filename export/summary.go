package export

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/guide"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
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
	// Title, if set, replaces the title ("Notes for Alex", for a card
	// that doesn't say what it is at a glance); the person's name is then
	// left out everywhere, unless ShowName. CheckTitle says what it may be.
	Title    string
	ShowName bool
	// WithGuide adds the guide's page for a partner after the summary
	// (on a page of its own on the card).
	WithGuide bool
}

// WriteSummary writes the summary of m in the chosen format. Entries
// marked private are left out unless opt.IncludePrivate.
func WriteSummary(w io.Writer, m *mapfile.Map, opt SummaryOptions) error {
	s := newSummary(m, opt.IncludePrivate, opt.Since)
	s.Trust = opt.Trust
	if opt.Title != "" {
		s.retitle(opt.Title, opt.ShowName)
	}
	if opt.WithGuide {
		s.Guide, _ = guide.Find("partner")
	}
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

// summary is a map arranged for reading, the same for every format: a
// title, then its parts in the order of the card — to stop, how to read
// me, boundaries, triggers, if we stop, aftercare, signs of enjoying,
// curious. A part with nothing in it is left out, except the stop part
// (no, stop or going still always count) and the boundaries and
// triggers (which say that there are none yet). It holds the text as it
// is in the map; each format escapes it its own way.
type summary struct {
	Trust string // "not verified: …", or ""
	Name  string // "" when a title given in its place hides it
	Title string
	// Subtitle is said under a title given in place of the usual one,
	// when the name is to be shown all the same.
	Subtitle string
	// Stop is the stop word, or else the signal, in a few words, for the
	// top of every page of a long card.
	Stop    string
	Parts   []part
	Entries int // how many entries are shown
	Words   int // roughly how much text, to pick a size for the card
	// Guide is the guide's page for a partner, added after the summary
	// (SummaryOptions.WithGuide), or nil.
	Guide *guide.Topic
}

// part is one section of a summary.
type part struct {
	Kind    string // stop, readme, boundaries, triggers, ifwestop, aftercare, enjoying, curious
	Heading string
	Lines   []string // our words under the heading
	Pieces  []piece
	After   []string // our words after the pieces
	Empty   string   // said when there is nothing (boundaries, triggers)
}

// piece is a labelled text of the map's ("Stop word: pineapple", "If I
// freeze: …") or a group of entries under a subheading.
type piece struct {
	Label, Text string
	Big         bool // the stop word and signal: larger on the card
	Group       *group
}

// group is a list of entries under a subheading: a light, a category, a
// kind of sign, a time of aftercare.
type group struct {
	Title string
	// Lights only: the light (for the card's frame), its symbol, label
	// and meaning ("■", "STOP", "please don't").
	Light                  string
	Symbol, Label, Meaning string
	Items                  []item
}

// item is one entry.
type item struct {
	Mark      string // in a partner's map: "new", "changed: ■ STOP → ● GO"
	Text      string
	OnlyIf    string // an ASK FIRST's condition
	Intensity string // triggers: "high", "medium", "low" or ""
	Helps     string
	Note      string
	Private   bool
}

// High reports whether the item is a trigger of high intensity, marked
// on every view in words and a symbol, never by colour alone.
func (it item) High() bool { return it.Intensity == string(triggers.High) }

// Wording shared by the formats, beside the partner's words in words.go.
const triggersLine = "Things that can bring back hard memories, and what helps when they come up."

func newSummary(m *mapfile.Map, includePrivate bool, since changes.Report) *summary {
	if !includePrivate {
		// One rule for what never leaves: mapfile's Shareable.
		m, _ = m.Shareable()
	}
	m = m.Sorted()
	s := &summary{Name: m.Name, Title: "Boundaries and triggers"}
	if m.Name != "" {
		s.Title = m.Name + "'s boundaries and triggers"
	}
	itemOf := func(r entry.Ref) item {
		s.Entries++
		s.Words += len(strings.Fields(*r.Text + " " + *r.Note))
		return item{Text: *r.Text, Note: *r.Note, Private: *r.Private, Mark: since.Mark(*r.Key, *r.ID)}
	}
	s.Words += len(strings.Fields(m.Safeword + " " + m.Signal + " " + m.IfFrozen + " " + m.IfWeStop))

	s.Stop = stopInShort(m)
	stop := part{Kind: "stop", Heading: HeadingStop}
	if m.Safeword != "" {
		stop.Pieces = append(stop.Pieces, piece{Label: "Stop word", Text: m.Safeword, Big: true})
	}
	if m.Signal != "" {
		stop.Pieces = append(stop.Pieces, piece{Label: "Stop signal", Text: m.Signal, Big: true})
	}
	if len(stop.Pieces) == 0 {
		stop.After = []string{NoStopWord}
	} else {
		stop.After = []string{AlwaysCount}
	}
	s.Parts = append(s.Parts, stop)

	signsOf := func(k signs.Kind) *group {
		g := &group{Title: k.Title()}
		for i := range m.Signs {
			if m.Signs[i].Kind == k {
				g.Items = append(g.Items, itemOf(m.Signs[i].Ref()))
			}
		}
		return g
	}
	readMe := part{Kind: "readme", Heading: HeadingReadMe}
	if g := signsOf(signs.NotOK); len(g.Items) > 0 {
		readMe.Pieces = append(readMe.Pieces, piece{Group: g})
	}
	if m.IfFrozen != "" {
		readMe.Pieces = append(readMe.Pieces, piece{Label: HeadingIfFrozen, Text: m.IfFrozen})
	}
	s.add(readMe)

	bounds := part{Kind: "boundaries", Heading: "Boundaries", Empty: NoBoundaries}
	for _, l := range boundaries.Lights {
		g := &group{Light: string(l), Symbol: l.Symbol(), Label: l.Label(), Meaning: l.Meaning(), Title: l.Symbol() + " " + l.Label() + ": " + l.Meaning()}
		for i := range m.Boundaries {
			if b := &m.Boundaries[i]; b.Light == l {
				it := itemOf(b.Ref())
				it.OnlyIf = b.OnlyIf
				s.Words += len(strings.Fields(b.OnlyIf))
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			bounds.Pieces = append(bounds.Pieces, piece{Group: g})
		}
	}
	s.Parts = append(s.Parts, bounds)

	trigs := part{Kind: "triggers", Heading: "Triggers", Empty: NoTriggers}
	for _, c := range triggers.Categories {
		g := &group{Title: c.Title()}
		for i := range m.Triggers {
			if t := &m.Triggers[i]; t.Category == c {
				it := itemOf(t.Ref())
				it.Intensity, it.Helps = string(t.Intensity), t.Helps
				s.Words += len(strings.Fields(t.Helps))
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			trigs.Pieces = append(trigs.Pieces, piece{Group: g})
		}
	}
	if len(trigs.Pieces) > 0 {
		trigs.Lines = []string{triggersLine}
	}
	s.Parts = append(s.Parts, trigs)

	careAt := func(w aftercare.When, title string) *group {
		g := &group{Title: title}
		for i := range m.Aftercare {
			if m.Aftercare[i].When == w {
				g.Items = append(g.Items, itemOf(m.Aftercare[i].Ref()))
			}
		}
		return g
	}
	ifWeStop := part{Kind: "ifwestop", Heading: HeadingIfWeStop}
	if m.IfWeStop != "" {
		ifWeStop.Pieces = append(ifWeStop.Pieces, piece{Label: HeadingRightThen, Text: m.IfWeStop})
	}
	if g := careAt(aftercare.AfterStop, "Afterwards"); len(g.Items) > 0 {
		ifWeStop.Pieces = append(ifWeStop.Pieces, piece{Group: g})
	}
	s.add(ifWeStop)
	care := part{Kind: "aftercare", Heading: HeadingAftercare}
	for _, w := range []aftercare.When{aftercare.After, aftercare.NextDay} {
		if g := careAt(w, w.Title()); len(g.Items) > 0 {
			care.Pieces = append(care.Pieces, piece{Group: g})
		}
	}
	s.add(care)

	if g := signsOf(signs.OK); len(g.Items) > 0 {
		g.Title = "" // the part's heading says it
		s.add(part{Kind: "enjoying", Heading: signs.OK.Title(), Lines: []string{NotAYes}, Pieces: []piece{{Group: g}}})
	}
	cur := &group{}
	for i := range m.Curious {
		cur.Items = append(cur.Items, itemOf(m.Curious[i].Ref()))
	}
	if len(cur.Items) > 0 {
		s.add(part{Kind: "curious", Heading: HeadingCurious, Lines: []string{BringUp}, Pieces: []piece{{Group: cur}}})
	}
	return s
}

// retitle puts title in place of the usual title, and leaves the name
// out unless showName, when it is said under the title.
func (s *summary) retitle(title string, showName bool) {
	if showName && s.Name != "" {
		s.Subtitle = s.Title
	} else {
		s.Name = ""
	}
	s.Title = title
}

// stopInShort is how to stop, in one line: the stop word, else the
// signal, else what always counts.
func stopInShort(m *mapfile.Map) string {
	switch {
	case m.Safeword != "":
		return "Stop word: " + m.Safeword
	case m.Signal != "":
		return "Stop signal: " + m.Signal
	}
	return StopInShort
}

// add appends a part that holds something; an empty one is left out.
func (s *summary) add(p part) {
	if len(p.Pieces) > 0 {
		s.Parts = append(s.Parts, p)
	}
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

// MaxTitle is the longest a title given in place of the usual one may
// be, in characters: a heading is a few words.
const MaxTitle = 80

// CheckTitle checks a title typed in place of the usual one: one line of
// text (textcheck.CheckTyped) of at most MaxTitle characters. It returns
// a *textcheck.TextError.
func CheckTitle(title string) error {
	if err := textcheck.CheckTyped("title", title, false); err != nil {
		return err
	}
	n, state := 0, -1
	for rest := textcheck.Clean(title); rest != ""; n++ {
		_, rest, _, state = textwidth.NextCluster(rest, state)
	}
	if n > MaxTitle {
		return &textcheck.TextError{Field: "title", Kind: textcheck.TooLong,
			Problem: "is longer than " + strconv.Itoa(MaxTitle) + " characters (" + strconv.Itoa(n) + ")"}
	}
	return nil
}
