package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// historyMarkers are what only the history of Sam's map holds: the words
// entries had before they were changed, and the day one was looked at
// again. None may leave the history.
var historyMarkers = []string{"Marker earlier", "looked at again", "reviewed", "[[history]]", "2025-03-14", "14 March", "2025-03"}

// TestHistoryStaysHome: the history of one's map — changed words, days
// entries were looked at again — is shown by `attune history` and by
// nothing else: not in an export (decrypted with age and searched), a
// summary in any format (with private entries or without), `list --for`,
// one's own JSON, nor anything the partner sees after importing.
func TestHistoryStaysHome(t *testing.T) {
	t.Parallel()
	sam, alex := newEnv(t), newEnv(t)
	sam.must("init", "--name", "Sam")
	alex.must("init", "--name", "Alex")
	sam.must("partner", "add", "Alex", strings.TrimSpace(alex.must("key", "share")))
	alex.must("partner", "add", "Sam", strings.TrimSpace(sam.must("key", "share")))
	sam.must("add", "boundary", "yellow", "Marker earlier wording", "--note", "Marker earlier note")
	sam.must("add", "trigger", "sounds", "Shouting", "--helps", "Marker earlier helps")
	sam.must("add", "curious", "Slow massage with oil", "--private")
	sam.must("edit", "b1", "--text", "Blindfolds", "--note", "a voice first", "--light", "red")
	sam.must("edit", "t1", "--helps", "A quiet voice")
	m := sam.readMap()
	looked := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	for _, key := range []string{m.Boundaries[0].Key, m.Curious[0].Key} {
		m.Record(mapfile.HistoryEvent{Key: key, At: looked, Event: mapfile.EventReviewed})
	}
	sam.writeMap(m)

	// The history itself shows every marker that can be shown, so the
	// searches below would find them if they were there.
	hist := sam.must("history")
	for _, want := range []string{"text: Marker earlier wording → Blindfolds", "note: Marker earlier note → a voice first",
		"what helps: Marker earlier helps → A quiet voice", "14 March 2025: looked at again"} {
		if !strings.Contains(hist, want) {
			t.Fatalf("attune history does not show %q:\n%s", want, hist)
		}
	}
	plain, err := sam.decryptMap()
	if err != nil || !strings.Contains(plain, "[[history]]") || !strings.Contains(plain, "2025-03-14") || !strings.Contains(plain, "reviewed") {
		t.Fatalf("the map itself holds no history to leak (%v):\n%s", err, plain)
	}

	views := map[string]string{}
	sam.must("export", "--partner", "Alex", "--output", "for-alex.age")
	sam.must("export", "--to", strings.Split(strings.TrimSpace(alex.must("key")), "\n")[0], "--output", "to-key.age")
	for _, f := range []string{"for-alex.age", "to-key.age"} {
		views["export "+f] = alex.decryptWithAge(filepath.Join(sam.root, f))
	}
	for _, format := range []string{"text", "markdown", "html"} {
		views["summary "+format] = sam.must("summary", "--format", format)
		views["summary "+format+" --include-private"] = sam.must("summary", "--format", format, "--include-private")
	}
	views["list --for"] = sam.must("list", "--for", "Alex")
	views["list --for --json"] = sam.must("list", "--for", "Alex", "--json")
	views["own list --json"] = sam.must("list", "--json")
	views["own list"] = sam.must("list")
	alex.must("import", filepath.Join(sam.root, "for-alex.age"))
	views["partner's list"] = alex.must("list", "--partner", "Sam")
	views["partner's list --json"] = alex.must("list", "--partner", "Sam", "--json")
	for _, format := range []string{"text", "markdown", "html"} {
		views["partner's summary "+format] = alex.must("summary", "--partner", "Sam", "--format", format)
	}
	views["partner's stored import"] = alex.decryptStored(alex.partnerFile("Sam"))
	for name, v := range views {
		if !strings.Contains(v, "Blindfolds") {
			t.Errorf("%s does not show the entry: the search proves nothing\n%s", name, v)
		}
		for _, marker := range historyMarkers {
			if strings.Contains(v, marker) {
				t.Errorf("%s holds %q, from the history:\n%s", name, marker, v)
			}
		}
	}
}

// decryptMap is the plaintext of the store's map.
func (e *env) decryptMap() (string, error) {
	_, k := e.open()
	b, err := store.ReadEncrypted(filepath.Join(e.store, store.MapFile), k.ids, store.MaxMapSize)
	return string(b), err
}

// decryptStored is the plaintext of a file of the store (a stored import).
func (e *env) decryptStored(rel string) string {
	e.t.Helper()
	return e.decryptFile(filepath.Join(e.store, rel))
}

// decryptFile is the plaintext of a file encrypted to the store's key.
func (e *env) decryptFile(path string) string {
	e.t.Helper()
	_, k := e.open()
	b, err := store.ReadEncrypted(path, k.ids, store.MaxMapSize)
	if err != nil || len(b) == 0 {
		e.t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

// decryptWithAge decrypts a file made for this store's key with the age
// command built from the module attune depends on (as a partner without
// attune would), and with the age library; both must agree.
func (e *env) decryptWithAge(path string) string {
	e.t.Helper()
	lib := e.decryptFile(path)
	out, err := exec.Command(realAge(e.t), "-d", "-i", e.identityPath(), path).Output()
	if err != nil {
		e.t.Fatalf("age -d: %v", err)
	}
	if string(out) != lib {
		e.t.Fatalf("age and the age library read %s differently", path)
	}
	return lib
}

// historyMap is a hand-written map of one STOP, with its hidden key, and
// then history.
func historyMap(history string) string {
	return "version = 2\n[[boundary]]\nid = \"b1\"\nkey = \"" + strings.Repeat("a", 26) + "\"\nlight = \"red\"\ntext = \"Being held down\"\n" + history
}

// historyRows are the bad inputs of history and review.
func historyRows() []badInput {
	event := func(key, ev string) string {
		return "[[history]]\nkey = \"" + key + "\"\nat = 2026-03-14T15:09:26Z\nevent = \"" + ev + "\"\n"
	}
	own := strings.Repeat("a", 26)
	return []badInput{
		{name: "review, a period not read", args: []string{"review", "--older-than", "half a year"}, want: `--older-than "half a year" is not a length of time attune reads`, hint: "30d or 30 days, 2w, 6m or 6 months, 1y", code: 2},
		{name: "review, a period without a unit", args: []string{"review", "--older-than", "30"}, want: `--older-than "30" is not a length of time`, code: 2},
		{name: "review, a negative period", args: []string{"review", "--older-than=-1m"}, want: `--older-than "-1m" is not a length of time`, code: 2},
		{name: "review off a terminal", args: []string{"review"}, want: "attune review asks about each entry, one at a time, and standard input is not a terminal", hint: "`attune edit ID` changes an entry", code: 1},
		{name: "history of an unknown id", args: []string{"history", "b9"}, want: `there is no entry with the id "b9"`, hint: "attune list", code: 1},
		{name: "history of two ids", args: []string{"history", "b1", "t1"}, want: "history takes at most one argument", code: 2},
		{name: "history with an unknown event in the file", setup: rawMap(historyMap(event(own, "moved"))), args: []string{"history"}, want: `history event 1: unknown event "moved" (changed or reviewed)`, code: 1},
		{name: "history of no entry in the file", setup: rawMap(historyMap(event(strings.Repeat("b", 26), "reviewed"))), args: []string{"list"}, want: "history event 1: the key is not the key of an entry of the map", code: 1},
		{name: "history with an escape in the file", setup: rawMap(historyMap(event(own, "changed") + "field = \"text\"\nfrom = \"a \\u001b[2J b\"\n")), args: []string{"history"}, want: "history event 1: from contains a control character", code: 1},
		{name: "history with no time in the file", setup: rawMap(historyMap("[[history]]\nkey = \"" + own + "\"\nevent = \"reviewed\"\n")), args: []string{"list"}, want: "history event 1: it has no time (at)", code: 1},
		{name: "history in a version-1 file", setup: rawMap(strings.Replace(historyMap(event(own, "reviewed")), "version = 2", "version = 1", 1)), args: []string{"list"}, want: "[[history]] (version 2)", code: 1},
		{name: "import, a history inside", setup: writeExport("version = 2\nname = \"Alex\"\n" + strings.TrimPrefix(historyMap(event(own, "reviewed")), "version = 2\n")),
			args: []string{"import", "from-alex.age"}, want: "holds the history of its entries, which only its owner's own map keeps", code: 1},
	}
}

func init() { badInputs = append(badInputs, historyRows()...) }
