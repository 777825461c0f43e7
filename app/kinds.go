package app

import (
	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/guide"
	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/start"
	"github.com/attune-dev/attune/triggers"
)

// A kind is what an argument or a flag's value is, named by its
// placeholder in the command table: the LIGHT of `add boundary LIGHT
// TEXT...`, the NAME of `--partner NAME`. The grammar, help, the man page
// and completion all read this one table, and the word sets behind it.
type kind struct {
	noun     string // how a message names one: "a light"
	about    string // what help says of it
	words    words  // its fixed words, if it has any
	complete completeKind
}

// words is a word set of any value type (wordset.Set[T]).
type words interface {
	Kind() string
	Has(string) bool
	Completions() []string
	Offered() []string
	Describe() string
	Suggest(string) string
}

// completeKind says what completion offers for a kind.
type completeKind int

const (
	completeNothing  completeKind = iota // free text, keys: nothing
	completeWords                        // the kind's words
	completeFiles                        // file names
	completeDirs                         // folder names
	completeIDs                          // the map's entry ids
	completePartners                     // partners' names
	completeCommands                     // attune's commands
)

// settings are what `set` sets.
const (
	settingName     = "name"
	settingSafeword = "safeword"
	settingSignal   = "signal"
	settingIfFrozen = "if-frozen"
	settingIfWeStop = "if-we-stop"
	settingAnchor   = "anchor"
)

var settingWords = wordset.New("setting",
	wordset.Word[string]{Value: settingName, Names: []string{"name"}},
	wordset.Word[string]{Value: settingSafeword, Names: []string{"safeword", "stop word", "stop-word", "stopword", "safe-word", "safe word"}},
	wordset.Word[string]{Value: settingSignal, Names: []string{"signal", "stop signal", "stop-signal"}},
	wordset.Word[string]{Value: settingIfFrozen, Names: []string{"if-frozen", "if frozen"}, Hidden: []string{"if-i-freeze", "if i freeze", "frozen", "freeze"}},
	wordset.Word[string]{Value: settingIfWeStop, Names: []string{"if-we-stop", "if we stop"}, Hidden: []string{"if-stop", "if stop"}},
	wordset.Word[string]{Value: settingAnchor, Names: []string{"anchor"}},
)

// The sections of a map that `list` can show alone.
const (
	sectionBoundaries = "boundaries"
	sectionTriggers   = "triggers"
	sectionSigns      = "signs"
	sectionAftercare  = "aftercare"
	sectionCurious    = "curious"
)

var sectionWords = wordset.New("section",
	wordset.Word[string]{Value: sectionBoundaries, Names: []string{"boundaries", "boundary", "b"}},
	wordset.Word[string]{Value: sectionTriggers, Names: []string{"triggers", "trigger", "t"}},
	wordset.Word[string]{Value: sectionSigns, Names: []string{"signs", "sign", "s"}},
	wordset.Word[string]{Value: sectionAftercare, Names: []string{"aftercare", "a"}},
	wordset.Word[string]{Value: sectionCurious, Names: []string{"curious", "c"}},
)

var shellWords = wordset.New("shell",
	wordset.Word[string]{Value: "bash", Names: []string{"bash"}},
	wordset.Word[string]{Value: "zsh", Names: []string{"zsh"}},
	wordset.Word[string]{Value: "fish", Names: []string{"fish"}},
)

// kinds is every placeholder the command table uses.
var kinds = map[string]kind{
	"LIGHT":        {noun: "a light", about: "the light", words: boundaries.Words, complete: completeWords},
	"CATEGORY":     {noun: "a category", about: "the kind of trigger", words: triggers.CategoryWords, complete: completeWords},
	"INTENSITY":    {noun: "an intensity", about: "how strong it is", words: triggers.IntensityWords, complete: completeWords},
	"KIND":         {noun: "a kind of sign", about: "not-ok (a sign you're not OK) or ok (a sign you're enjoying this)", words: signs.Words, complete: completeWords},
	"WHEN":         {noun: "a time", about: "when the care is for", words: aftercare.Words, complete: completeWords},
	"FORMAT":       {noun: "a format", about: "the summary format", words: export.FormatWords, complete: completeWords},
	"TOPIC":        {noun: "a topic", about: "the topic of the guide", words: guide.Words, complete: completeWords},
	"LIST":         {noun: "a starter list", about: "the starter list", words: start.Words, complete: completeWords},
	"SETTING":      {noun: "what to set", about: "what to set", words: settingWords, complete: completeWords},
	"SECTION":      {noun: "a section", about: "only this part of the map", words: sectionWords, complete: completeWords},
	"SHELL":        {noun: "a shell", about: "the shell", words: shellWords, complete: completeWords},
	"TEXT":         {noun: "some text", about: "the words; - reads them from standard input"},
	"VALUE":        {noun: "a value", about: "the new value; - reads it from standard input"},
	"ID":           {noun: "an id", about: "an entry's id, as `attune list` shows it (b3, t4)", complete: completeIDs},
	"NAME":         {noun: "a name", about: "a partner's name", complete: completePartners},
	"KEY":          {noun: "a public key", about: "a public key: age1…, age1pq1…, or an SSH key line in quotes"},
	"LABEL":        {noun: "a label", about: "a short name for one of your keys (laptop, phone), up to 40 characters"},
	"KEY-OR-LABEL": {noun: "one of your keys", about: "one of your keys: its label, as `attune key list` shows it, or its public key"},
	"FILE":         {noun: "a file", about: "a file", complete: completeFiles},
	"DIR":          {noun: "a folder", about: "a folder", complete: completeDirs},
	"DURATION":     {noun: "a duration", about: "a duration: 30m, 2h, up to 24h"},
	"PERIOD":       {noun: "a length of time", about: "a number and d, w, m or y: 30d, 2w, 6m, 1y"},
	"COLUMNS":      {noun: "a number of columns", about: "a number of columns; 0 for no wrapping"},
	"COMMAND":      {noun: "a command", about: "a command", complete: completeCommands},
	"ARGS":         {noun: "git's arguments", about: "what to pass to git, as typed"},

	// The journal's (checkin, debrief, helped, journal).
	"FEELINGS": {noun: "a feeling", about: "how you feel, one or several with commas (numb,anxious)", words: journal.FeelingWords, complete: completeWords},
	"LEVEL":    {noun: "a distress level", about: "a whole number from 0 (no distress) to 10 (the worst you can imagine)"},
	"STATE":    {noun: "a state", about: "how you feel right now", words: journal.StateWords, complete: completeWords},
	"ANSWER":   {noun: "an answer", about: "the answer", words: journal.AnswerWords, complete: completeWords},
	"RECORD":   {noun: "a record's id", about: "a record of your journal, as `attune journal list` shows it (j3)"},
}
