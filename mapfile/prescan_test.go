package mapfile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// A prescanCase is TOML text and the scan's verdict: line 0 means
// accepted, otherwise the line of the *ShapeError and a word of its
// problem.
type prescanCase struct {
	name, text string
	line       int
	problem    string
}

var prescanCases = []prescanCase{
	// What an attune map holds, written in every way TOML allows.
	{"empty", "", 0, ""},
	{"plain", "version = 1\nname = \"Sam\"\n[[boundary]]\nid = \"b1\"\n", 0, ""},
	{"no final newline", "version = 1", 0, ""},
	{"crlf", "version = 1\r\n[[trigger]]\r\nid = \"t1\"\r\n", 0, ""},
	{"byte order mark", "\xef\xbb\xbfversion = 1\n", 0, ""},
	{"blanks and tabs", "\t version\t=\t1 \t\n  [[ boundary ]]  \n", 0, ""},
	{"comments", "# top\nversion = 1 # one\n[[boundary]] # an entry\n", 0, ""},
	{"brackets in text", "name = \"[[x]] {a = {b = 1}} a.b = # \"\n", 0, ""},
	{"escaped quote", "name = \"a\\\" {\"\n", 0, ""},
	{"escaped backslash", "name = \"a\\\\\"\nsignal = \"b\"\n", 0, ""},
	{"escapes", `name = "\u0041\U0001F33F\t\n\"\\\b\f\r\e\x41"` + "\n", 0, ""},
	{"literal ending in a backslash", "name = 'C:\\x\\' # a comment\n", 0, ""},
	{"literal with brackets", "name = '[[a]] {'\n", 0, ""},
	{"multi-line", "name = \"\"\"\n[[x]]\n{a.b = 1}\n\"\"\"\n[[boundary]]\n", 0, ""},
	{"multi-line escapes", "name = \"\"\"a \\\n  b \\\"\"\" \\\\\"\"\"\n", 0, ""},
	{"multi-line quotes at end", "name = \"\"\"a\"\"\"\"\"\nsignal = '''b'''''\n", 0, ""},
	{"multi-line quotes inside", "name = \"\"\"\"a\"\" \"\"\"\nsignal = ''''b'' '''\n", 0, ""},
	{"multi-line literal", "name = '''\n\\\n[[x]]\n'''\n", 0, ""},
	{"empty texts", "name = \"\"\nsignal = ''\nsafeword = \"\"\"\"\"\"\n", 0, ""},
	{"list", "[[partner]]\nrecipients = [\"a\", 'b', \"\"\"c\"\"\",]\n", 0, ""},
	{"list over lines", "[[partner]]\nrecipients = [ # keys\n  \"a\", # one\n\n  \"b\"\n]\n", 0, ""},
	{"empty list", "[[partner]]\nrecipients = []\n", 0, ""},
	{"numbers and dates", "version = +1_000\nboundary_seq = 0x1F\nexported = 1979-05-27 07:32:00.999-07:00\n", 0, ""},
	{"booleans", "[[boundary]]\nprivate = true\nnote = false\n", 0, ""},
	{"all keys of a trigger", "[[trigger]]\nid=1\ncategory=1\ntext=1\nintensity=1\nhelps=1\nnote=1\nprivate=1\nadded=1\n", 0, ""},

	// What an attune map never holds.
	{"inline table", "version = 1\nx = {a = 1}\n", 2, "inline tables"},
	{"inline table in list", "[[partner]]\nrecipients = [\n{a = 1}]\n", 3, "inline tables"},
	{"list in list", "[[partner]]\nrecipients = [\"a\", [\"b\"]]\n", 2, "lists inside lists"},
	{"list in list at start", "x = [[1]]\n", 1, "lists inside lists"},
	{"dotted key", "a.b = 1\n", 1, "dotted keys"},
	{"dotted key with blanks", "a . b = 1\n", 1, "dotted keys"},
	{"quoted key", "\"name\" = \"x\"\n", 1, "quoted keys"},
	{"literal key", "'name' = \"x\"\n", 1, "quoted keys"},
	{"dotted section", "[a.b]\n", 1, "dotted section"},
	{"dotted entry", "[[boundary.x]]\n", 1, "dotted section"},
	{"dotted entry with blanks", "[[boundary . x]]\n", 1, "dotted section"},
	{"quoted section", "[[\"boundary\"]]\n", 1, "quoted section"},
	{"unknown entry", "\n[[notes]]\n", 2, "not part of an attune map"},
	{"single brackets", "[boundary]\n", 1, "[[boundary]], with double brackets"},
	{"unknown section", "[notes]\n", 1, "single brackets"},
	{"parted brackets", "[ [boundary]]\n", 1, "section header"},
	{"unclosed entry", "[[boundary] ]\n", 1, "not closed"},
	{"empty section", "[]\n", 1, "section header"},
	{"header then more", "[[boundary]] x = 1\n", 1, "more on the line"},
	{"two values", "version = 1 2\n", 1, ""}, // one scalar to the scan; the decoder refuses it
	{"value then more", "name = \"a\" \"b\"\n", 1, "more on the line"},
	{"literal ends at quote", "name = 'a\\' {b = 1}'\n", 1, "more on the line"},
	{"inline table after text", "name = \"a\\\\\" {b = 1}\n", 1, "more on the line"},
	{"missing value", "name =\n", 1, "missing"},
	{"missing value before comment", "name = # x\n", 1, "missing"},
	{"missing list item", "[[partner]]\nrecipients = [\"a\",,\"b\"]\n", 2, "missing"},
	{"leading comma", "[[partner]]\nrecipients = [,]\n", 2, "missing"},
	{"no comma", "[[partner]]\nrecipients = [\"a\" \"b\"]\n", 2, "commas"},
	{"unclosed list", "[[partner]]\nrecipients = [\"a\",\n\n", 2, "list is not closed"},
	{"no equals", "name \"Sam\"\n", 1, "followed by ="},
	{"not a key", "= 1\n", 1, "not a key = value"},
	{"word value", "name = Sam\n", 1, "a value must be"},
	{"capital value", "private = True\n", 1, "a value must be"},
	{"inf", "version = inf\n", 1, "a value must be"},
	{"long number", "version = " + strings.Repeat("1", 65) + "\n", 1, "longer than"},
	{"long key", strings.Repeat("k", 65) + " = 1\n", 1, "longer than"},
	{"unclosed text", "version = 1\nname = \"Sam\n", 2, "not closed"},
	{"unclosed at end", "name = \"Sam", 1, "not closed"},
	{"escaped newline", "name = \"a\\\n{b = 1}\"\n", 1, "not closed"},
	{"unclosed literal", "name = 'Sam\nx = {}\n", 1, "not closed"},
	{"unclosed multi-line", "\nname = \"\"\"\na\n\n", 2, "multi-line text is not closed"},
	{"unclosed multi-line literal", "name = '''a''\n", 1, "multi-line text is not closed"},
	{"six quotes", "name = \"\"\"a\"\"\"\"\"\"\n", 1, "six or more"},
	{"six literal quotes", "name = '''a''''''\n", 1, "six or more"},
	{"lone carriage return", "version = 1\rx = {a = 1}\n", 1, "carriage return"},
	{"carriage return in comment", "# a\rx = {a = 1}\n", 1, "control character"},
	{"control in comment", "# a\x00b\n", 1, "control character"},
	{"delete in comment", "# a\x7fb\n", 1, "control character"},
	{"control in text", "name = \"a\x1bb\"\n", 1, "control character"},
	{"control in literal", "name = 'a\x07'\n", 1, "control character"},
	{"control in multi-line", "name = \"\"\"\n\x01\"\"\"\n", 2, "control character"},
	{"escaped control", "name = \"\\\x01\"\n", 1, "control character"},
	{"carriage return in text", "name = \"a\rb\"\n", 1, "not closed"},
	{"lone carriage return in multi-line", "name = \"\"\"a\rb\"\"\"\n", 1, "carriage return"},
	{"too many keys at the top", strings.Repeat("k = 1\n", topKeys+1), topKeys + 1, "the top of the map"},
	{"too many keys in an entry", "[[boundary]]\n" + strings.Repeat("id = 1\n", boundaryKeys+1), boundaryKeys + 2, "[[boundary]] section holds more keys"},
	{"keys counted per entry", "[[boundary]]\n" + strings.Repeat("id = 1\n", boundaryKeys) + "[[boundary]]\n" + strings.Repeat("id = 1\n", boundaryKeys+1),
		2*boundaryKeys + 3, "more keys"},
	{"non-ASCII outside text", "name = \"a\"\u00a0\n", 1, "more on the line"},
	{"non-ASCII key", "nämé = 1\n", 1, "followed by ="},
}

// boundaryKeys is how many keys a [[boundary]] section may hold: the
// fields of a boundary.
var boundaryKeys = reflect.TypeOf(boundaries.Boundary{}).NumField()

// topKeys is how many keys the top of a map may hold: as the scan
// counts them, one for each field of a map (the names of its lists of
// tables too; not the unexported ones, which are no part of the file).
var topKeys = len(reflect.VisibleFields(reflect.TypeOf(mapfile.Map{}))) - unexported(reflect.TypeOf(mapfile.Map{}))

func unexported(t reflect.Type) int {
	n := 0
	for f := range t.Fields() {
		if !f.IsExported() {
			n++
		}
	}
	return n
}

func TestPrescan(t *testing.T) {
	for _, c := range prescanCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := mapfile.Prescan([]byte(c.text))
			if c.line == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if c.problem == "" { // left to the decoder
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var se *mapfile.ShapeError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *ShapeError", err)
			}
			if se.Line != c.line || !strings.Contains(se.Problem, c.problem) {
				t.Errorf("got %q (line %d), want line %d and %q", se.Problem, se.Line, c.line, c.problem)
			}
			if want := fmt.Sprintf("line %d: %s", se.Line, se.Problem); se.Error() != want {
				t.Errorf("Error() = %q, want %q", se.Error(), want)
			}
		})
	}
}

// A refusal never repeats what the file says: the words come from the
// scan, whatever the file holds around the problem.
func TestPrescanNeverEchoes(t *testing.T) {
	const secret = "Quokka"
	for _, c := range prescanCases {
		if c.line == 0 || c.problem == "" {
			continue
		}
		// Put the word everywhere it can go without changing the verdict:
		// before the problem line as a comment, and as the key names.
		text := "# " + secret + "\n" + strings.ReplaceAll(c.text, "name", secret)
		_, err := mapfile.Prescan([]byte(text))
		if err == nil {
			t.Errorf("%s: accepted once the word was added", c.name)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "Sam") {
			t.Errorf("%s: the error quotes the file: %v", c.name, err)
		}
	}
}

func TestPrescanCountsEntries(t *testing.T) {
	text := "version = 1\nname = \"[[boundary]]\"\n# [[trigger]]\n" +
		"[[partner]]\n[[boundary]]\nnote = \"\"\"\n[[boundary]]\n\"\"\"\n[[trigger]]\n[[boundary]]\n"
	shape, err := mapfile.Prescan([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"partner": 1, "boundary": 2, "trigger": 1}
	if shape.Entries != 4 || fmt.Sprint(shape.Sections) != fmt.Sprint(want) {
		t.Errorf("got %d entries %v, want 4 %v", shape.Entries, shape.Sections, want)
	}
	shape, _ = mapfile.Prescan([]byte("[[partner]]\nrecipients = [\"a\", \"b\"]\n[[partner]]\nrecipients = [\n\"c\",\n]\n"))
	if shape.ListItems != 3 {
		t.Errorf("got %d list items, want 3", shape.ListItems)
	}
}

func TestDecodeUntrustedLimits(t *testing.T) {
	entries := func(n int) []byte {
		return []byte("version = 1\n" + strings.Repeat("[[boundary]]\n", n))
	}
	items := func(n int) []byte {
		return []byte("version = 1\n[[partner]]\nrecipients = [" + strings.Repeat(`"a",`, n) + "]\n")
	}
	var (
		tooMany  *mapfile.TooManyEntriesError
		tooLarge *mapfile.TooLargeError
		tooLong  *mapfile.TooManyListItemsError
	)
	_, err := mapfile.DecodeUntrusted(entries(2001), mapfile.Limits{})
	if !errors.As(err, &tooMany) || tooMany.Entries != 2001 || tooMany.Limit != mapfile.MaxForeignEntries ||
		err.Error() != "the file holds 2001 entries, more than the 2000 attune reads from a file it did not write" {
		t.Errorf("2001 entries: %v", err)
	}
	if _, err := mapfile.DecodeUntrusted(entries(2000), mapfile.Limits{}); errors.As(err, &tooMany) {
		t.Errorf("2000 entries: %v", err)
	}
	if _, err := mapfile.DecodeUntrusted(entries(4), mapfile.Limits{MaxEntries: 3}); !errors.As(err, &tooMany) || tooMany.Limit != 3 {
		t.Errorf("4 entries, limit 3: %v", err)
	}
	big := make([]byte, mapfile.MaxForeignBytes+1)
	if _, err := mapfile.DecodeUntrusted(big, mapfile.Limits{}); !errors.As(err, &tooLarge) || tooLarge.Size != len(big) {
		t.Errorf("1 MiB + 1: %v", err)
	}
	if _, err := mapfile.DecodeUntrusted(entries(1), mapfile.Limits{MaxBytes: 12}); !errors.As(err, &tooLarge) || tooLarge.Limit != 12 {
		t.Errorf("limit 12 bytes: %v", err)
	}
	if _, err := mapfile.DecodeUntrusted(items(10_001), mapfile.Limits{}); !errors.As(err, &tooLong) || tooLong.Items != 10_001 {
		t.Errorf("10,001 list items: %v", err)
	}
	if _, err := mapfile.DecodeUntrusted(items(10_000), mapfile.Limits{}); errors.As(err, &tooLong) {
		t.Errorf("10,000 list items: %v", err)
	}
	var se *mapfile.SyntaxError
	if _, err := mapfile.DecodeUntrusted([]byte("name = \"\xff\"\n"), mapfile.Limits{}); !errors.As(err, &se) {
		t.Errorf("invalid UTF-8: %v", err)
	}
	var shape *mapfile.ShapeError
	if _, err := mapfile.DecodeUntrusted([]byte("version = 1\nx = {a = 1}\n"), mapfile.Limits{}); !errors.As(err, &shape) {
		t.Errorf("inline table: %v", err)
	}
}

// DecodeUntrusted reads a valid map exactly as Decode does, and refuses
// what Decode refuses after the scan, with Decode's error.
func TestDecodeUntrustedMatchesDecode(t *testing.T) {
	for _, text := range []string{
		"version = 1\nname = \"Sam\"\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Being held down\"\n",
		"version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"x\"\ncatgory = \"oops\"\n",
		"version = \"one\"\n",
		"version = 2\n",
	} {
		want, wantErr := mapfile.Decode([]byte(text))
		got, err := mapfile.DecodeUntrusted([]byte(text), mapfile.Limits{})
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q:\nDecodeUntrusted: %v %v\nDecode:          %v %v", text, got, err, want, wantErr)
		}
	}
}

// Every map attune writes passes the scan, and DecodeUntrusted reads it
// as Decode does.
func TestPrescanAcceptsEncodedMaps(t *testing.T) {
	for name, m := range writtenMaps() {
		data, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		shape, err := mapfile.Prescan(data)
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, data)
			continue
		}
		if n := len(m.Partners) + m.Count() + len(m.History); shape.Entries != n {
			t.Errorf("%s: the scan counted %d entries, the map has %d", name, shape.Entries, n)
		}
		if m.Validate() != nil {
			continue // written, but never accepted: only the scan is checked
		}
		back, err := mapfile.DecodeUntrusted(data, mapfile.Limits{})
		if err != nil {
			t.Errorf("%s: DecodeUntrusted: %v", name, err)
			continue
		}
		want, err := mapfile.Decode(data)
		if err != nil || fmt.Sprint(back) != fmt.Sprint(want) {
			t.Errorf("%s: DecodeUntrusted and Decode differ (%v):\n%v\n---\n%v", name, err, back, want)
		}
	}
}

// writtenMaps are maps with every part attune writes: partners, notes,
// private entries, escapes, Unicode, time zones and large id counters.
func writtenMaps() map[string]*mapfile.Map {
	maps := map[string]*mapfile.Map{"empty": mapfile.New()}
	for _, n := range []int{1, 3, 100, 1999} {
		maps["sample "+strconv.Itoa(n)] = testmaps.Sample(n)
	}
	maps["history"] = testmaps.WithHistory(testmaps.Sample(100))
	m := testmaps.Sample(4)
	m.Name = "Zoë \"Z\" O'Neil \\ 森"
	m.Safeword = "# [[boundary]] {a = 1}"
	m.Signal = "'''\"\"\" two taps on the shoulder"
	m.Exported = time.Date(2026, 3, 4, 5, 6, 7, 891, time.FixedZone("", 5*3600+1800))
	m.BoundarySeq, m.TriggerSeq = 1<<40, 7
	m.PartnerFileKey = "c2VjcmV0LWtleS1mb3ItdGVzdHM="
	m.Partners = []mapfile.Partner{
		{Name: "Alex", Recipients: []string{"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3ut7p0", "ssh-ed25519 AAAAC3Nz x@y"}, Added: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Name: "Robin", Recipients: []string{"age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"}},
	}
	m.Boundaries[0].Note = `\u0041 \n \` + "\u00a0 🌿"
	m.Boundaries[1].Private = true
	m.Triggers[0].Helps = "\"quoted\" and 'single' and [brackets] and {braces} # not a comment"
	m.Triggers[1].Intensity = triggers.High
	m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: "b99", Light: boundaries.Lights[0], Text: "é\u0301 and \U0001F33F"})
	maps["every part"] = m

	// Text with every control character, which the encoder escapes. Such
	// a map is refused by Validate, never by the scan.
	c := testmaps.Sample(2)
	var all strings.Builder
	for r := rune(0); r < 0x20; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\x7f\r\n\"\"\"'''\\")
	c.Name, c.Boundaries[0].Note, c.Triggers[0].Text = all.String(), all.String(), all.String()
	maps["control characters"] = c
	return maps
}

// The existing FuzzDecode seeds and the maps in the test scripts: every
// one Decode accepts, once written by attune, passes the scan; the
// hand-written ones in the scripts pass it as they are.
func TestPrescanAcceptsSeedsAndScriptMaps(t *testing.T) {
	files := map[string][]byte{}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzDecode/*")
	for _, p := range seeds {
		files[p] = readSeed(t, p)
	}
	scripts, _ := filepath.Glob("../testdata/script/*.txtar")
	for _, p := range scripts {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".toml") {
				files[p+":"+f.Name] = f.Data
			}
		}
	}
	if len(seeds) < 5 || len(files)-len(seeds) < 10 {
		t.Fatalf("found %d seeds and %d script maps; has testdata moved?", len(seeds), len(files)-len(seeds))
	}
	for name, data := range files {
		m, err := mapfile.Decode(data)
		if err != nil {
			continue
		}
		if _, err := mapfile.Prescan(data); err != nil && strings.Contains(name, ".txtar") {
			t.Errorf("%s: a hand-written map Decode accepts is refused: %v", name, err)
		}
		enc, _ := m.Encode()
		if _, err := mapfile.Prescan(enc); err != nil {
			t.Errorf("%s, written by attune: %v", name, err)
		}
	}
}

// readSeed reads a one-value "go test fuzz v1" file of []byte.
func readSeed(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, body, ok := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	body, ok2 := strings.CutPrefix(body, "[]byte(")
	body, ok3 := strings.CutSuffix(body, ")")
	s, err := strconv.Unquote(body)
	if head != "go test fuzz v1" || !ok || !ok2 || !ok3 || err != nil {
		t.Fatalf("%s is not a []byte seed", path)
	}
	return []byte(s)
}
