package export

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"sync"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
	"github.com/attune-dev/attune/mapfile"
)

// A comparison puts one's own map beside a partner's, and shows only
// where the two already meet — what both marked GO, what both are
// curious about — and the partner's limits in full. It never sets one
// person's wish beside the other's STOP or ASK FIRST: a no is final,
// and nothing here invites persuasion. No score, no percentage.

// Comparison is two maps, compared.
type Comparison struct {
	Me, Them string // names, as the maps give them
	// Trust says how sure the partner's map is theirs ("not verified:
	// …"), or "".
	Trust       string
	BothGo      []Match
	BothCurious []Match
	// Their stop word and signal, and their STOP and ASK FIRST, with
	// conditions and notes.
	TheirSafeword, TheirSignal string
	TheirLimits                []group
}

// Match is one thing both maps hold: matched by the starter-list item
// both answered, or by the same text.
type Match struct {
	Text      string `json:"text"`
	TheirText string `json:"their_text"` // when their words differ from mine
	From      string `json:"from"`
}

// Compare compares my map with theirs. Both are what each may see of
// the other's: mine as my export for them would hold it, theirs as they
// exported it.
func Compare(mine, theirs *mapfile.Map) *Comparison {
	c := &Comparison{Me: mine.Name, Them: theirs.Name, TheirSafeword: theirs.Safeword, TheirSignal: theirs.Signal}
	theirs = theirs.Sorted()
	var theirGo, theirCurious []matchable
	for _, b := range theirs.Boundaries {
		if b.Light == boundaries.Green {
			theirGo = append(theirGo, matchable{b.Text, b.From})
		}
	}
	for _, cu := range theirs.Curious {
		theirCurious = append(theirCurious, matchable{cu.Text, cu.From})
	}
	for _, b := range mine.Sorted().Boundaries {
		if b.Light == boundaries.Green {
			if m, ok := match(matchable{b.Text, b.From}, theirGo); ok {
				c.BothGo = append(c.BothGo, m)
			}
		}
	}
	for _, cu := range mine.Curious {
		if m, ok := match(matchable{cu.Text, cu.From}, theirCurious); ok {
			c.BothCurious = append(c.BothCurious, m)
		}
	}
	for _, l := range []boundaries.Light{boundaries.Red, boundaries.Yellow} {
		g := group{Light: string(l), Symbol: l.Symbol(), Label: l.Label(), Meaning: l.Meaning(), Title: l.Symbol() + " " + l.Label() + ": " + l.Meaning()}
		for _, b := range theirs.Boundaries {
			if b.Light == l {
				g.Items = append(g.Items, item{Text: b.Text, OnlyIf: b.OnlyIf, Note: b.Note})
			}
		}
		if len(g.Items) > 0 {
			c.TheirLimits = append(c.TheirLimits, g)
		}
	}
	return c
}

type matchable struct{ text, from string }

// match finds mine among theirs: the same starter-list item, or the
// same text.
func match(mine matchable, theirs []matchable) (Match, bool) {
	for _, t := range theirs {
		if mine.from != "" && mine.from == t.from || mapfile.FoldText(mine.text) == mapfile.FoldText(t.text) {
			m := Match{Text: mine.text, From: mine.from}
			if mapfile.FoldText(mine.text) != mapfile.FoldText(t.text) {
				m.TheirText = t.text
			}
			if m.From == "" {
				m.From = t.from
			}
			return m, true
		}
	}
	return Match{}, false
}

// Limit is one of the partner's STOP or ASK FIRST, flat.
type Limit struct {
	Light, Label, Text, OnlyIf, Note string
}

// Limits lists the partner's STOP and ASK FIRST in order.
func (c *Comparison) Limits() []Limit {
	var out []Limit
	for _, g := range c.TheirLimits {
		for _, it := range g.Items {
			out = append(out, Limit{Light: g.Light, Label: g.Label, Text: it.Text, OnlyIf: it.OnlyIf, Note: it.Note})
		}
	}
	return out
}

// The words of a comparison.
const (
	compareNotToDo  = "This is not a to-do list. It shows where you already meet, and %s's limits in full; nothing here asks either of you to change."
	compareGo       = "You both marked GO"
	compareCurious  = "You are both curious about"
	compareCurLine  = "You are both curious about these. That is not a plan: each of you brings up your own, only if and when you choose to."
	compareNoneGo   = "Nothing matched here. That is fine: a comparison only shows where you already meet."
	compareLimits   = "%s's STOP and ASK FIRST"
	compareLimitsLn = "In full, as they wrote them. A STOP is a no; an ASK FIRST is a question to ask each time, and a no then is final."
	compareNoLimits = "%s has written down no STOP or ASK FIRST. That is not a yes: no, stop, or going still always count."
)

// title is "Sam and Alex".
func (c *Comparison) title() string {
	me, them := c.Me, c.Them
	if me == "" {
		me = "You"
	}
	if them == "" {
		them = "your partner"
	}
	return me + " and " + them
}

func (c *Comparison) them() string {
	if c.Them == "" {
		return "your partner"
	}
	return c.Them
}

// WriteComparison writes a comparison as text (wrapped to width, 0: no
// wrapping), Markdown or HTML.
func WriteComparison(w io.Writer, c *Comparison, format string, width int) error {
	switch format {
	case "", FormatText:
		return writeComparisonText(w, c, width)
	case FormatMarkdown:
		return writeComparisonMarkdown(w, c)
	case FormatHTML:
		return compareTemplate().Execute(w, c)
	}
	return fmt.Errorf("unknown format %q", textcheck.Neutralize(format))
}

func writeComparisonText(w io.Writer, c *Comparison, width int) error {
	tw := textwidth.NewWriter(w, width)
	line, para, heading := tw.Line, tw.Para, tw.Heading
	heading(textcheck.Neutralize(c.title()), "=")
	if c.Trust != "" {
		para("", "", "("+c.Trust+")")
	}
	line("")
	para("", "", fmt.Sprintf(compareNotToDo, textcheck.Neutralize(c.them())))
	matches := func(title, intro string, ms []Match) {
		line("")
		heading(title, "-")
		if intro != "" && len(ms) > 0 {
			para("", "", intro)
		}
		if len(ms) == 0 {
			para("", "", compareNoneGo)
		}
		for _, m := range ms {
			text := textcheck.Neutralize(m.Text)
			if m.TheirText != "" {
				text += " (" + textcheck.Neutralize(c.them()) + ": " + textcheck.Neutralize(m.TheirText) + ")"
			}
			para("  - ", "    ", text)
		}
	}
	matches(compareGo, "", c.BothGo)
	matches(compareCurious, compareCurLine, c.BothCurious)
	line("")
	heading(fmt.Sprintf(compareLimits, textcheck.Neutralize(c.them())), "-")
	c.writeStop(para)
	for _, g := range c.TheirLimits {
		line("")
		para("", "  ", g.Title)
		for _, it := range g.Items {
			textItem(para, it)
		}
	}
	return tw.Flush()
}

// writeStop writes their stop word and signal, and what always counts.
func (c *Comparison) writeStop(para func(first, rest, text string)) {
	if c.TheirSafeword != "" {
		para("Stop word: ", "           ", textcheck.Neutralize(c.TheirSafeword))
	}
	if c.TheirSignal != "" {
		para("Stop signal: ", "             ", textcheck.Neutralize(c.TheirSignal))
	}
	if len(c.TheirLimits) == 0 {
		para("", "", fmt.Sprintf(compareNoLimits, textcheck.Neutralize(c.them())))
		return
	}
	para("", "", compareLimitsLn)
}

func writeComparisonMarkdown(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(w)
	line := func(s string) { bw.WriteString(s + "\n") }
	line("# " + mdEscape(c.title()))
	if c.Trust != "" {
		line("")
		line("(" + mdEscape(c.Trust) + ")")
	}
	line("")
	line(fmt.Sprintf(compareNotToDo, mdEscape(c.them())))
	matches := func(title, intro string, ms []Match) {
		line("")
		line("## " + title)
		line("")
		if intro != "" && len(ms) > 0 {
			line(intro)
			line("")
		}
		if len(ms) == 0 {
			line(compareNoneGo)
		}
		for _, m := range ms {
			text := mdEscape(m.Text)
			if m.TheirText != "" {
				text += " (" + mdEscape(c.them()) + ": " + mdEscape(m.TheirText) + ")"
			}
			line("- " + text)
		}
	}
	matches(compareGo, "", c.BothGo)
	matches(compareCurious, compareCurLine, c.BothCurious)
	line("")
	line("## " + fmt.Sprintf(compareLimits, mdEscape(c.them())))
	line("")
	if c.TheirSafeword != "" {
		line("- **Stop word:** " + mdEscape(c.TheirSafeword))
	}
	if c.TheirSignal != "" {
		line("- **Stop signal:** " + mdEscape(c.TheirSignal))
	}
	if c.TheirSafeword != "" || c.TheirSignal != "" {
		line("")
	}
	if len(c.TheirLimits) == 0 {
		line(fmt.Sprintf(compareNoLimits, mdEscape(c.them())))
	} else {
		line(compareLimitsLn)
	}
	for _, g := range c.TheirLimits {
		line("")
		line("### " + g.Title)
		line("")
		for _, it := range g.Items {
			mdItem(line, it)
		}
	}
	return bw.Flush()
}

var compareTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("compare").Funcs(template.FuncMap{
		"clean":   textcheck.NeutralizeLines,
		"notToDo": func(them string) string { return fmt.Sprintf(compareNotToDo, them) },
		"limits":  func(them string) string { return fmt.Sprintf(compareLimits, them) },
		"none":    func(them string) string { return fmt.Sprintf(compareNoLimits, them) },
		"words": func() map[string]string {
			return map[string]string{"go": compareGo, "curious": compareCurious, "curLine": compareCurLine,
				"noneGo": compareNoneGo, "limitsLine": compareLimitsLn}
		},
	}).Parse(compareHTML))
})

const compareHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>{{clean .Me}} and {{clean .Them}}</title>
<style>
body { margin: 0 auto; padding: 1.5rem; max-width: 48rem; font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "Noto Sans", "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1em 0 .4em; border-bottom: 1px solid #8a8a8a; }
h3 { font-size: 1em; margin: .6em 0 .3em; }
.sub { display: block; color: #333; white-space: pre-line; }
.label { font-weight: 600; }
.theirs { color: #333; font-style: italic; }
</style>
</head>
<body>
{{- $w := words}}
<h1>{{clean .Me}} and {{clean .Them}}</h1>
{{- if .Trust}}
<p>({{.Trust}})</p>
{{- end}}
<p>{{notToDo .Them}}</p>
<h2>{{$w.go}}</h2>
{{- if .BothGo}}
<ul>{{range .BothGo}}<li>{{clean .Text}}{{if .TheirText}} <span class="theirs">({{clean $.Them}}: {{clean .TheirText}})</span>{{end}}</li>{{end}}</ul>
{{- else}}
<p>{{$w.noneGo}}</p>
{{- end}}
<h2>{{$w.curious}}</h2>
{{- if .BothCurious}}
<p>{{$w.curLine}}</p>
<ul>{{range .BothCurious}}<li>{{clean .Text}}{{if .TheirText}} <span class="theirs">({{clean $.Them}}: {{clean .TheirText}})</span>{{end}}</li>{{end}}</ul>
{{- else}}
<p>{{$w.noneGo}}</p>
{{- end}}
<h2>{{limits .Them}}</h2>
{{- if .TheirSafeword}}
<p><span class="label">Stop word:</span> <strong>{{clean .TheirSafeword}}</strong></p>
{{- end}}
{{- if .TheirSignal}}
<p><span class="label">Stop signal:</span> <strong>{{clean .TheirSignal}}</strong></p>
{{- end}}
{{- if .TheirLimits}}
<p>{{$w.limitsLine}}</p>
{{- range .TheirLimits}}
<h3><span aria-hidden="true">{{.Symbol}}</span> {{.Label}}: {{.Meaning}}</h3>
<ul>{{range .Items}}<li>{{clean .Text}}{{range .Details}}<span class="sub"><span class="label">{{index . 0}}:</span> {{clean (index . 1)}}</span>{{end}}</li>{{end}}</ul>
{{- end}}
{{- else}}
<p>{{none .Them}}</p>
{{- end}}
</body>
</html>
`
