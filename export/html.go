package export

import (
	"github.com/attune-dev/attune/guide"
	"html"

	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/internal/textwidth"
)

// writeHTML writes the summary as a printable card: a single
// self-contained HTML file with no scripts, fonts, images or links to
// anything outside it. html/template escapes every piece of text from the
// map, in the page and in its style sheet. pageSize is the CSS @page
// size; "" means "auto" (the printer's paper, A4 or Letter); tests set
// "A4" or "letter".
//
// A typical map fills one sheet; a short one is printed larger rather
// than leaving half the sheet empty; a long one goes on over more sheets,
// each after the first headed by the name, how to stop and the page
// number (CSS page margin boxes, which Chromium prints since version
// 131).
func writeHTML(w io.Writer, s *summary, now time.Time, pageSize string) error {
	if pageSize == "" {
		pageSize = "auto"
	}
	data := struct {
		*summary
		PageSize    string
		FontSize    template.CSS
		Head        template.CSS
		Date        string
		CheckIn     string
		NotVerified string
		NotTherapy  string
		Fonts       template.CSS
	}{
		summary:     s,
		PageSize:    pageSize,
		FontSize:    template.CSS(fmt.Sprintf("%.2fpt", cardFontSize(s))),
		Head:        cssString(runningHead(s)),
		CheckIn:     CheckIn,
		NotVerified: CardNotVerified,
		NotTherapy:  guide.NotTherapy,
		Fonts:       cardFonts,
	}
	if !now.IsZero() {
		data.Date = now.Format("2 January 2006")
	}
	return cardTemplate().Execute(w, data)
}

// The card's printed type size, in points: never smaller than minFont
// (a longer map goes on to another sheet instead) nor larger than
// maxFont.
const (
	minFont = 9.0
	maxFont = 17.0
	// fontFill is the size, times the square root of a map's load (see
	// cardLoad), at which a map fills one A4 and one Letter sheet: the
	// area text takes grows with the square of its size. Chromium printed
	// the maps of cardMaps (2 to 25 entries, of every shape) in DejaVu
	// Sans at up to 230 to 253 over the square root of their load; this is
	// below that, with room for the blocks a column may not split (a
	// heading and its words), which leave a column's foot empty
	// (TestCardCalibration measures it again).
	fontFill = 210.0
)

// cardFontSize picks the type size that about fills one sheet with s,
// within minFont and maxFont, to the quarter point.
func cardFontSize(s *summary) float64 {
	pt := fontFill / math.Sqrt(float64(cardLoad(s)))
	pt = math.Floor(pt*4) / 4
	return min(maxFont, max(minFont, pt))
}

// cardLoad is roughly how much room s takes on a card, in words: each
// word of text, and for each entry, subheading and part the room that
// its own line and the space around it take.
func cardLoad(s *summary) int {
	load := s.Words + 3*s.Entries + 20
	for _, p := range s.Parts {
		load += 8 + 3*len(p.Lines) + 3*len(p.After)
		for _, pc := range p.Pieces {
			load += 3
			if pc.Group != nil {
				for _, it := range pc.Group.Items {
					load += 3 * len(it.Details())
				}
			}
		}
	}
	return load
}

// runningHead heads every page of a card after the first: who it is for
// (the name, unless a title given in its place hides it) and how to stop.
func runningHead(s *summary) string {
	who := s.Name
	switch {
	case s.Name == "":
		who = s.Title
	case s.Subtitle != "":
		who = textwidth.Truncate(textcheck.Neutralize(s.Title), 40) + " — " + s.Name
	}
	return textwidth.Truncate(textcheck.Neutralize(who), 60) + "  ·  " + textwidth.Truncate(textcheck.Neutralize(s.Stop), 60)
}

// cardFonts are the card's fonts: the usual sans-serif of each system,
// then DejaVu Sans, the widest of them, which the sizes are measured with.
const cardFonts template.CSS = `"Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "Noto Sans", "DejaVu Sans", sans-serif`

// cssString quotes s as a CSS string in which every character but a
// letter, a digit or a space is a hex escape, so that nothing in s can
// end the string or the style sheet. (html/template refuses any text
// with a colon in a CSS string, as a URL might be hidden there.)
func cssString(s string) template.CSS {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < utf8.RuneSelf && (r == ' ' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			continue
		}
		// A hex escape ends at a space, which is part of the escape.
		fmt.Fprintf(&b, "\\%x ", r)
	}
	b.WriteByte('"')
	return template.CSS(b.String())
}

// cardTemplate is parsed the first time a card is written, not at every
// start of attune.
var cardTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("card").Funcs(template.FuncMap{
		"clean": textcheck.NeutralizeLines,
		"items": itemsHTML,
	}).Parse(cardHTML))
})

// itemsHTML writes a group's entries as list items. It is the one piece
// of the card written in Go rather than in the template: a card has a
// line per entry, and the template's reflection was most of the time of
// writing one (a tenth of this). Every text from the map is neutralized
// and HTML-escaped here, as the template would.
func itemsHTML(items []item) template.HTML {
	var b strings.Builder
	esc := func(s string) string { return html.EscapeString(textcheck.NeutralizeLines(s)) }
	for _, it := range items {
		b.WriteString("\n<li")
		if it.High() {
			b.WriteString(` class="high"><strong class="badge">HIGH</strong> `)
		} else {
			b.WriteString(">")
		}
		b.WriteString(esc(it.Text))
		if it.Intensity != "" && !it.High() {
			b.WriteString(` <span class="intensity">(` + esc(intensityWords(it.Intensity)) + `)</span>`)
		}
		if it.Private {
			b.WriteString(` <span class="private">(private)</span>`)
		}
		if it.Mark != "" {
			b.WriteString(` <span class="mark">(` + esc(it.Mark) + `)</span>`)
		}
		for _, d := range it.Details() {
			b.WriteString(`<span class="sub"><span class="label">` + esc(d[0]) + `:</span> ` + esc(d[1]) + `</span>`)
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

const cardHTML = `{{define "piece" -}}
{{- if .Group}}{{template "group" .Group}}
{{- else if .Big}}
<p class="labelled big"><span class="label">{{.Label}}:</span> <strong>{{clean .Text}}</strong></p>
{{- else}}
<p class="labelled"><span class="label">{{.Label}}:</span> {{clean .Text}}</p>
{{- end}}
{{- end}}
{{define "group" -}}
<section class="group{{if .Light}} light light-{{.Light}}{{end}}">
{{- if .Light}}
<h3><span class="sym" aria-hidden="true">{{.Symbol}}</span> {{.Label}}: {{.Meaning}}</h3>
{{- else if .Title}}
<h3>{{.Title}}</h3>
{{- end}}
<ul>{{items .Items}}
</ul>
</section>
{{- end}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{clean .Title}}</title>
<style>
@page {
  size: {{.PageSize}}; margin: 12mm 10mm 10mm;
  @top-left { content: {{.Head}}; vertical-align: bottom; padding-bottom: 3mm; font: 700 9pt/1.2 {{.Fonts}}; color: #1b1b1b; }
  @top-right { content: "page " counter(page) " of " counter(pages); vertical-align: bottom; padding-bottom: 3mm; font: 9pt/1.2 {{.Fonts}}; color: #1b1b1b; }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); vertical-align: top; padding-top: 2.5mm; font: 8pt/1.2 {{.Fonts}}; color: #444; }
}
* { box-sizing: border-box; }
html { color-scheme: light; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; padding: 1.5rem; max-width: 60rem;
  font-family: {{.Fonts}};
  font-size: 12pt; line-height: 1.25; color: #1b1b1b; background: #fff;
}
@media print {
  body { padding: 0; max-width: none; font-size: {{.FontSize}}; }
}
h1 { font-size: 1.5em; line-height: 1.2; margin: 0 0 .3em; font-weight: 700; }
.subtitle { margin: -.15em 0 .35em; font-size: 1.1em; }
.trust { margin: 0 0 .4em; font-weight: 600; }
h2 { font-size: 1.15em; line-height: 1.25; margin: 0 0 .3em; padding-bottom: .1em; border-bottom: 1.5px solid #6b6b6b; break-after: avoid; }
h3 { font-size: 1em; margin: 0 0 .15em; break-after: avoid; }
p { margin: 0 0 .25em; }
ul { margin: 0 0 .3em; padding-left: 1.1em; }
li { margin: 0 0 .2em; break-inside: avoid; }
.label { font-weight: 700; }
.ours { font-style: italic; break-after: avoid; }
.labelled { white-space: pre-line; break-inside: avoid; }
main { columns: 2; column-gap: 2em; }
.lead { break-inside: avoid; }
.part { margin: 0 0 .8em; }
.part-stop { column-span: all; border: 3px solid #1b1b1b; border-radius: .5em; padding: .45em .9em .4em; margin: 0 0 .9em; break-inside: avoid; }
.part-stop h2 { border: 0; margin: 0 0 .1em; padding: 0; font-size: 1em; }
.part-stop .pieces { display: flex; flex-wrap: wrap; column-gap: 2.2em; }
.big { font-size: 1.3em; margin: 0 0 .1em; }
.part-stop .ours { font-style: normal; font-weight: 600; margin: .1em 0 0; }
.group { margin: 0 0 .45em; }
.light { border-radius: .45em; padding: .35em .6em .1em; break-inside: avoid; }
.light h3 { letter-spacing: .03em; }
.light-red { border: 3px solid #a3231b; background: #fbeae8; }
.light-yellow { border: 3px dashed #7d6100; background: #fdf5d7; }
.light-green { border: 3px dotted #1d6631; background: #e7f4ea; }
.light-red h3 { color: #8a1c15; }
.light-yellow h3 { color: #5f4a00; }
.light-green h3 { color: #175428; }
.part-triggers h3 { border-left: 4px solid #555; padding-left: .4em; }
.high { font-weight: 700; }
.badge { display: inline-block; border: 1.5px solid #1b1b1b; border-radius: .25em; padding: 0 .25em; font-size: .8em; line-height: 1.25; letter-spacing: .05em; }
.sub { display: block; color: #2e2e2e; white-space: pre-line; font-weight: 400; }
.sub .label { font-weight: 600; }
.mark { font-weight: 600; font-style: italic; }
.intensity { color: #333; font-weight: 400; white-space: nowrap; }
.private { font-style: italic; color: #444; }
.guide { break-before: page; font-size: 11pt; line-height: 1.45; max-width: 40em; }
.guide h2 { font-size: 1.4em; }
.guide li { margin: 0 0 .35em; }
.guide .sources { font-size: .9em; }
.guide .note { margin-top: 1em; font-style: italic; }
footer { margin-top: .5em; padding-top: .3em; border-top: 1px solid #bbb; font-size: .85em; color: #444; }
</style>
</head>
<body>
<header>
<h1>{{clean .Title}}</h1>
{{- if .Subtitle}}
<p class="subtitle">{{clean .Subtitle}}</p>
{{- end}}
{{- if .Trust}}
<p class="trust">{{.NotVerified}}</p>
{{- end}}
</header>
<main>
{{- range .Parts}}
<section class="part part-{{.Kind}}" aria-labelledby="{{.Kind}}">
{{- /* The heading, its words and the first piece are one block, never
     split across columns or pages: a heading is never left alone at the
     foot of a column. The stop box keeps its pieces side by side. */}}
{{- $stop := eq .Kind "stop"}}
<div class="lead">
<h2 id="{{.Kind}}">{{.Heading}}</h2>
{{- if and (not .Pieces) .Empty}}
<p>{{.Empty}}</p>
{{- end}}
{{- range .Lines}}
<p class="ours">{{.}}</p>
{{- end}}
</div>
<div class="pieces">
{{- range .Pieces}}{{template "piece" .}}{{end}}
</div>
{{- range .After}}
<p class="ours">{{.}}</p>
{{- end}}
</section>
{{- end}}
</main>
<footer><p>{{if .Date}}As of {{.Date}}. {{end}}{{.CheckIn}}</p></footer>
{{- with .Guide}}
<section class="guide" aria-labelledby="guide">
<h2 id="guide">{{.Title}}</h2>
{{- range .Blocks}}
{{- if .Para}}
<p>{{.Para}}</p>
{{- end}}
{{- if .Points}}
<ul>{{range .Points}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
{{- end}}
<h3>Sources</h3>
<ul class="sources">{{range .Sources}}<li>{{.}}</li>{{end}}</ul>
<p class="note">{{$.NotTherapy}}</p>
</section>
{{- end}}
</body>
</html>
`
