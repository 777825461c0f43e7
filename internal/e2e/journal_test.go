package e2e

import (
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/attune-dev/attune/store"
)

// The journal's bad inputs: what a person types into checkin, debrief,
// helped and journal, and a journal file that is damaged, hostile or
// encrypted to another key. The store's template has b1 (a STOP, "Being
// held down") and t1; withJournal keeps a check-in first.

// Setups, so that a row stays one line.
func journalPath(e *env) string { return filepath.Join(e.store, store.JournalFile) }
func withJournal(e *env)        { e.must("checkin", "--feel", "relaxed", "--save") }
func journalBytes(b string) func(*env) {
	return func(e *env) { os.WriteFile(journalPath(e), []byte(b), 0o600) }
}

// rawJournal encrypts any text to the store's key as the journal,
// bypassing validation.
func rawJournal(plain string) func(*env) {
	return func(e *env) {
		_, k := e.open()
		if err := store.WriteEncrypted(journalPath(e), []byte(plain), false, k.rcpts...); err != nil {
			e.t.Fatal(err)
		}
	}
}

func journalToOtherKey(e *env) {
	other, _ := age.GenerateX25519Identity()
	if err := store.WriteEncrypted(journalPath(e), []byte("version = 1\n"), false, other.Recipient()); err != nil {
		e.t.Fatal(err)
	}
}

func flipJournal(e *env) {
	data, _ := os.ReadFile(journalPath(e))
	data[len(data)-10] ^= 0xff
	os.WriteFile(journalPath(e), data, 0o600)
}

func truncateJournal(e *env) {
	info, _ := os.Stat(journalPath(e))
	os.Truncate(journalPath(e), info.Size()-20)
}

// journalReaders are the commands that read the journal, each of which
// must refuse a journal it cannot trust.
var journalReaders = [][]string{
	{"journal", "list"},
	{"checkin", "--feel", "numb", "--save"},
	{"debrief", "--trigger", "t1", "--helped", "Open a window"},
	{"helped"},
}

func journalRows() []badInput {
	rows := []badInput{
		// What is typed.
		{name: "checkin --level 11", args: []string{"checkin", "--level", "11"}, want: "--level must be a number from 0 to 10, not 11", code: 2},
		{name: "checkin --level not a number", args: []string{"checkin", "--level", "seven"}, want: "--level must be a number from 0 (none) to 10", code: 2},
		{name: "checkin --state unknown", args: []string{"checkin", "--state", "calm"}, want: `unknown state "calm"`, code: 2},
		{name: "checkin --feel unknown word", args: []string{"checkin", "--feel", "numb,sad"}, want: `unknown feeling "sad"`, hint: "your own words go in --words", code: 2},
		{name: "checkin own words with an escape", args: []string{"checkin", "--words", "tired " + esc + "[2J"}, want: "your own words contains a control character", code: 1},
		{name: "checkin note too long", args: []string{"checkin", "--note", strings.Repeat("é", 1001), "--save"}, want: "note is longer than 1000 characters", code: 1},
		{name: "checkin, no flags, no terminal", args: []string{"checkin"}, want: "asks its questions at a terminal, and standard input is not one", hint: "answer with flags instead", code: 2},
		{name: "debrief, no flags, no terminal", args: []string{"debrief"}, want: "asks its questions at a terminal, and standard input is not one", hint: "answer with flags instead", code: 2},
		{name: "debrief --trigger unknown id", args: []string{"debrief", "--trigger", "t9", "--helped", "Tea"}, want: `there is no trigger with the id "t9"`, code: 1},
		{name: "debrief --trigger of a boundary", args: []string{"debrief", "--trigger", "b1"}, want: "b1 is a boundary, not a trigger", code: 1},
		{name: "debrief --before 11", args: []string{"debrief", "--trigger", "t1", "--before", "11"}, want: "--before must be a number from 0 to 10, not 11", code: 2},
		{name: "debrief --after -1", args: []string{"debrief", "--trigger", "t1", "--after=-1"}, want: "--after must be a number from 0 to 10, not -1", code: 2},
		{name: "debrief --add with nothing to add", args: []string{"debrief", "--add", "--note", "tired"}, want: "--add has nothing to add", code: 2},
		{name: "debrief --change --add without a light", args: []string{"debrief", "--change", "Less rushing", "--add"}, want: "--change with --add needs --light stop or --light ask", code: 2},
		{name: "debrief --change as a GO", args: []string{"debrief", "--change", "Less rushing", "--light", "green", "--add"}, want: "--change goes in as a STOP or an ASK FIRST", code: 2},
		{name: "debrief --light without --change", args: []string{"debrief", "--light", "stop"}, want: "--light goes with --change", code: 2},
		{name: "debrief --new-trigger without --add", args: []string{"debrief", "--new-trigger", "Shouting", "--category", "sounds"}, want: "--new-trigger needs --add", code: 2},
		{name: "debrief --new-trigger without a category", args: []string{"debrief", "--new-trigger", "Shouting", "--add"}, want: "--new-trigger needs --category", code: 2},
		{name: "debrief --new-trigger and --trigger", args: []string{"debrief", "--new-trigger", "Shouting", "--category", "sounds", "--trigger", "t1", "--add"}, want: "can't be used together", code: 2},
		{name: "debrief --new-trigger unknown category", args: []string{"debrief", "--new-trigger", "Shouting", "--category", "noises", "--add"}, want: `unknown category "noises"`, code: 2},
		{name: "debrief --it-helped unknown", args: []string{"debrief", "--helped", "Tea", "--it-helped", "maybe"}, want: `unknown answer "maybe"`, code: 2},
		{name: "debrief --it-helped without --helped", args: []string{"debrief", "--it-helped", "yes"}, want: "--helped is missing", code: 2},
		{name: "debrief --got-it without --needed", args: []string{"debrief", "--got-it", "no"}, want: "--needed is missing", code: 2},
		{name: "debrief --good already a STOP", args: []string{"debrief", "--good", "being held DOWN", "--add"}, want: "you already have this boundary: b1 ■ STOP: Being held down", hint: "attune edit b1 --light green", code: 1},
		{name: "debrief note with a bell", args: []string{"debrief", "--note", "soon" + bel}, want: "note contains a control character", code: 1},
		{name: "helped unknown id", args: []string{"helped", "t9"}, want: `there is no trigger with the id "t9"`, code: 1},
		{name: "journal show unknown id", setup: withJournal, args: []string{"journal", "show", "j9"}, want: `your journal has no record "j9"`, hint: "attune journal list", code: 1},
		{name: "journal show, no journal", args: []string{"journal", "show", "j1"}, want: `your journal has no record "j1"`, code: 1},
		{name: "journal forget unknown id", setup: withJournal, args: []string{"journal", "forget", "j1", "j9"}, want: `your journal has no record "j9"; nothing was forgotten`, code: 1},
		{name: "journal forget, no id", setup: withJournal, args: []string{"journal", "forget"}, want: "journal forget needs the id of a record, or --all", code: 2},
		{name: "journal forget ids and --all", setup: withJournal, args: []string{"journal", "forget", "j1", "--all"}, want: "give no ids with it", code: 2},
		{name: "journal forget --all, nothing there", args: []string{"journal", "forget", "--all"}, want: "your journal is empty; there is nothing to forget", code: 1},
		{name: "journal show, no id", args: []string{"journal", "show"}, want: "journal show needs a record's id", code: 2},
	}

	// The journal file: damaged, hostile, another key's.
	files := []struct {
		name  string
		setup func(*env)
		want  string
	}{
		{"journal encrypted to another key", journalToOtherKey, "journal.toml.age: the file was not encrypted to your key"},
		{"journal newer version", rawJournal("version = 9\n"), "the journal has version 9"},
		{"empty journal file", journalBytes(""), "journal.toml.age: the file is empty"},
		{"journal not age", journalBytes("version = 1\n"), "not an age-encrypted file"},
		{"journal armored garbage", journalBytes(armored), "journal.toml.age"},
		{"journal flipped byte", then(withJournal, flipJournal), "journal.toml.age: the file is damaged"},
		{"journal truncated", then(withJournal, truncateJournal), "journal.toml.age: the file is damaged"},
		{"journal invalid TOML", rawJournal("version = 1\nnote = \n"), "the journal is not valid TOML"},
		{"journal invalid UTF-8", rawJournal("version = 1\n[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nnote = \"\xff\"\n"), "not valid UTF-8"},
		{"journal unknown key", rawJournal("version = 1\ncolour = \"blue\"\n"), "the journal has keys attune does not know: colour"},
		{"journal distress 11", rawJournal("version = 1\n[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ndistress = 11\n"), "check-in j1: distress must be a number from 0 to 10, not 11"},
		{"journal with an escape", rawJournal("version = 1\n[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nnote = \"\\u001b]52;c;aGk=\\u0007\"\n"), "control character"},
		{"journal unknown feeling", rawJournal("version = 1\n[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nfeelings = [\"fine\"]\n"), `unknown feeling "fine"`},
		{"journal id twice", rawJournal("version = 1\n[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\n[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\n"), "debrief j1: the id is used twice"},
		{"journal trigger not a key", rawJournal("version = 1\n[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ntrigger = \"t1\"\n"), "trigger is not the key of an entry"},
		{"a map in place of the journal", rawJournal("version = 2\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"x\"\n"), "not part of an attune journal"},
		{"journal nested inline tables", rawJournal("version = 1\nx = " + strings.Repeat("{a = ", 20000) + "1" + strings.Repeat("}", 20000) + "\n"), "inline tables"},
		{"journal nested arrays", rawJournal("version = 1\n[[checkin]]\nfeelings = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"), "lists inside lists"},
		{"journal dotted keys", rawJournal("version = 1\n" + strings.Repeat("a.", 20000) + "a = 1\n"), "dotted keys"},
		{"journal dotted header", rawJournal("version = 1\n[" + strings.Repeat("a.", 40000) + "a]\n"), "dotted section names"},
		{"journal too many keys", rawJournal("version = 1\n[[checkin]]\n" + strings.Repeat("note = \"x\"\n", 5000)), "holds more keys than an attune journal has for it"},
		{"journal too many records", rawJournal("version = 1\n" + strings.Repeat("[[checkin]]\n", 100_001)), "attune reads at most 100000"},
	}
	for i, f := range files {
		// The key's fault, or a newer attune's file: a hint of its own;
		// the rest is damage, and the journal has no earlier version.
		hint := "the journal keeps no earlier version; `attune journal forget --all` starts it afresh"
		switch i {
		case 0:
			hint = "use the identity this file was encrypted to"
		case 1:
			hint = "install a newer attune"
		}
		for _, args := range journalReaders {
			rows = append(rows, badInput{name: f.name + ", " + strings.Join(args[:min(2, len(args))], " "), setup: f.setup, args: args, want: f.want, hint: hint, code: 1})
		}
	}
	// Forgetting a journal that is damaged starts it afresh; one that
	// another key opens, or a newer attune wrote, is never given up.
	rows = append(rows,
		badInput{name: "journal forget --all, another key", setup: journalToOtherKey, args: []string{"journal", "forget", "--all"}, want: "the file was not encrypted to your key", code: 1},
		badInput{name: "journal forget --all, newer version", setup: rawJournal("version = 9\n"), args: []string{"journal", "forget", "--all"}, want: "the journal has version 9", code: 1},
	)
	return rows
}

func init() { badInputs = append(badInputs, journalRows()...) }
