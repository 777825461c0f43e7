package export

import (
	"html/template"
	"io"
	"sync"
	"time"

	"github.com/attune-dev/attune/internal/textcheck"
)

// writeHTML writes the summary as a printable one-page card: a single
// self-contained HTML file with no scripts, fonts, images or links to
// anything outside it. html/template escapes every piece of text from the
// map. pageSize is the CSS @page size; "" means "auto" (the printer's
// paper, A4 or Letter); tests set "A4" or "letter".
func writeHTML(w io.Writer, s *summary, now time.Time, pageSize string) error {
	if pageSize == "" {
		pageSize = "auto"
	}
	data := struct {
		*summary
		PageSize string
		Density  string
		Date     string
		CheckIn  string
	}{
		summary:  s,
		PageSize: pageSize,
		Density:  density(s),
		CheckIn:  CheckIn,
	}
	if !now.IsZero() {
		data.Date = now.Format("2 January 2006")
	}
	return cardTemplate().Execute(w, data)
}

// density picks a smaller type size for a longer map, so that a typical
// map (a dozen or two entries) fits on one sheet.
func density(s *summary) string {
	switch {
	case s.Entries > 40 || s.Words > 700:
		return "dense"
	case s.Entries > 22 || s.Words > 380:
		return "compact"
	}
	return "roomy"
}

// cardTemplate is parsed the first time a card is written, not at every
// start of attune.
var cardTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("card").Funcs(template.FuncMap{
		"clean":     textcheck.NeutralizeLines,
		"intensity": intensityWords,
	}).Parse(cardHTML))
})

const cardHTML = `{{define "group" -}}
<section class="group{{if .Light}} light light-{{.Light}}{{end}}">
{{- if .Light}}
<h3><span class="sym" aria-hidden="true">{{.Symbol}}</span> {{.Label}}: {{.Meaning}}</h3>
{{- else if .Title}}
<h3>{{.Title}}</h3>
{{- end}}
<ul>
{{- range .Items}}
<li{{if .High}} class="high"{{end}}>{{if .High}}<strong class="badge">HIGH</strong> {{end}}{{clean .Text}}{{if and .Intensity (not .High)}} <span class="intensity">({{intensity .Intensity}})</span>{{end}}{{if .Private}} <span class="private">(private)</span>{{end}}{{if .Mark}} <span class="mark">({{.Mark}})</span>{{end}}
{{- range .Details}}<span class="sub"><span class="label">{{index . 0}}:</span> {{clean (index . 1)}}</span>{{end}}</li>
{{- end}}
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
@page { size: {{.PageSize}}; margin: 12mm; }
* { box-sizing: border-box; }
html { color-scheme: light; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; padding: 1.5rem; max-width: 54rem;
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "Noto Sans", "DejaVu Sans", sans-serif;
  font-size: 11pt; line-height: 1.35; color: #1b1b1b; background: #fff;
}
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; line-height: 1.3; }
  body.compact { font-size: 8.5pt; }
  body.dense { font-size: 7.5pt; line-height: 1.2; }
}
h1 { font-size: 1.5em; margin: 0 0 .4em; font-weight: 700; }
h2 { font-size: 1.2em; margin: .8em 0 .4em; padding-bottom: .15em; border-bottom: 1px solid #8a8a8a; }
h3 { font-size: 1em; margin: 0 0 .3em; }
p { margin: 0 0 .3em; }
ul { margin: 0; padding-left: 1.2em; }
li { margin: 0 0 .25em; break-inside: avoid; }
.part-stop { border: 2px solid #1b1b1b; border-radius: .5em; padding: .5em .8em; margin: 0 0 .4em; }
.part-stop h2 { border: 0; margin: 0 0 .2em; padding: 0; font-size: 1em; }
.labelled { margin: 0 0 .2em; white-space: pre-line; }
.labelled strong { font-weight: 600; }
.big { font-size: 1.15em; margin: 0 0 .15em; }
.big strong { font-weight: 700; }
.ours { font-style: italic; }
.part-boundaries .pieces { display: grid; grid-template-columns: repeat(auto-fit, minmax(13em, 1fr)); gap: .6em; }
.light { border-radius: .5em; padding: .45em .7em .3em; break-inside: avoid; }
.light h3 { letter-spacing: .03em; }
.light .sym { display: inline-block; width: 1.1em; }
.light-red { border: 3px solid #a3231b; background: #fbeae8; }
.light-yellow { border: 3px dashed #7d6100; background: #fdf5d7; }
.light-green { border: 3px dotted #1d6631; background: #e7f4ea; }
.light-red h3 { color: #8a1c15; }
.light-yellow h3 { color: #5f4a00; }
.light-green h3 { color: #175428; }
.part-triggers .pieces { columns: 2 16em; column-gap: 1.4em; }
.part-triggers .group { margin: 0 0 .6em; break-inside: avoid; }
.part-triggers h3 { border-left: 4px solid #555; padding-left: .4em; break-after: avoid; }
.group { margin: 0 0 .4em; }
.high { font-weight: 600; }
.badge { display: inline-block; border: 1.5px solid #1b1b1b; border-radius: .25em; padding: 0 .25em; font-size: .8em; letter-spacing: .04em; }
.sub { display: block; color: #333; white-space: pre-line; font-weight: 400; }
.mark { font-weight: 600; font-style: italic; }
.label { font-weight: 600; }
.intensity { color: #333; white-space: nowrap; }
.private { font-style: italic; color: #444; }
footer { margin-top: 1em; padding-top: .3em; border-top: 1px solid #bbb; font-size: .85em; color: #444; }
</style>
</head>
<body class="{{.Density}}">
<main>
<h1>{{clean .Title}}</h1>
{{- if .Trust}}
<p class="trust">({{.Trust}})</p>
{{- end}}
{{- range .Parts}}
<section class="part part-{{.Kind}}" aria-labelledby="{{.Kind}}">
<h2 id="{{.Kind}}">{{.Heading}}</h2>
{{- if and (not .Pieces) .Empty}}
<p>{{.Empty}}</p>
{{- end}}
{{- range .Lines}}
<p class="ours">{{.}}</p>
{{- end}}
<div class="pieces">
{{- range .Pieces}}
{{- if .Group}}{{template "group" .Group}}
{{- else}}
<p class="labelled{{if .Big}} big{{end}}"><span class="label">{{.Label}}:</span> <strong>{{clean .Text}}</strong></p>
{{- end}}
{{- end}}
</div>
{{- range .After}}
<p class="ours">{{.}}</p>
{{- end}}
</section>
{{- end}}
</main>
<footer><p>{{if .Date}}As of {{.Date}}. {{end}}{{.CheckIn}}</p></footer>
</body>
</html>
`
