package export

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

func sample() *mapfile.Map {
	m := mapfile.New()
	m.Name, m.Safeword = "Robin", "marmalade"
	m.Anchor = "The window is open and it is Tuesday"
	m.BoundarySeq, m.TriggerSeq = 9, 9
	m.Partners = []mapfile.Partner{{Name: "Kit", Recipients: []string{"age1example"}}}
	m.Boundaries = []boundaries.Boundary{
		{ID: "b1", Light: boundaries.Red, Text: "Being held down"},
		{ID: "b2", Light: boundaries.Yellow, Text: "A secret thing", Private: true},
		{ID: "b3", Light: boundaries.Green, Text: "Hugs from behind"},
	}
	m.Triggers = []triggers.Trigger{
		{ID: "t1", Category: triggers.Smells, Text: "Smoke", Helps: "Fresh air"},
		{ID: "t2", Category: triggers.Words, Text: "A private word", Private: true},
	}
	return m
}

// prepare is the export of sample for the keys given, encoded.
func prepare(t *testing.T, when time.Time) (*mapfile.Map, []byte, Kept) {
	t.Helper()
	out, _, kept := Plan(sample(), Audience{Recipients: []string{"age1example"}}, when)
	plain, err := Checked(out)
	if err != nil {
		t.Fatal(err)
	}
	return out, plain, kept
}

func TestExportKeepsPrivateBack(t *testing.T) {
	when := time.Date(2026, 10, 3, 12, 0, 0, 500, time.UTC)
	out, plain, kept := prepare(t, when)
	if kept.Private != 2 || len(out.Boundaries) != 2 || len(out.Triggers) != 1 {
		t.Fatalf("kept %+v, %d boundaries, %d triggers", kept, len(out.Boundaries), len(out.Triggers))
	}
	text := string(plain)
	for _, leak := range []string{"secret thing", "private word", "age1example", "Kit", "boundary_seq = 9", "private = true", "window is open"} {
		if strings.Contains(text, leak) {
			t.Errorf("export holds %q:\n%s", leak, text)
		}
	}
	back, err := mapfile.Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Exported.Equal(when.Truncate(time.Second)) || back.Name != "Robin" || back.Safeword != "marmalade" {
		t.Errorf("round trip: %+v", back)
	}
}

// A summary never holds the anchor, whatever it includes.
func TestSummaryLeavesAnchorOut(t *testing.T) {
	for _, f := range Formats {
		var b strings.Builder
		if err := WriteSummary(&b, sample(), SummaryOptions{Format: f, IncludePrivate: true}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "window is open") {
			t.Errorf("the %s summary holds the anchor", f)
		}
	}
}

func TestMessage(t *testing.T) {
	out, _, kept := prepare(t, time.Now())
	if got, want := Message(out, kept, "Alex"), "exported 2 boundaries and 1 trigger for Alex (2 entries kept back: 2 private)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	one := &mapfile.Map{Boundaries: out.Boundaries[:1]}
	if got, want := Message(one, Kept{Private: 1, Others: 2}, RecipientsWord(2)), "exported 1 boundary for 2 recipients (3 entries kept back: 1 private, 2 shared only with others)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Message(one, Kept{}, RecipientsWord(1)), "exported 1 boundary for 1 recipient"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Message(&mapfile.Map{}, Kept{Private: 1}, "Alex"), "exported no entries for Alex (1 entry kept back: 1 private)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	trig := &mapfile.Map{Triggers: out.Triggers, Signs: []signs.Sign{{ID: "s1"}, {ID: "s2"}}}
	if got, want := Contents(trig), "1 trigger and 2 signs"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCheckMix(t *testing.T) {
	pq, classic, ssh := "age1pq1abc", "age1abc", "ssh-ed25519 AAAA"
	for _, ok := range [][]string{{pq}, {pq, pq}, {classic, ssh}, {classic}} {
		if err := CheckMix(ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range [][]string{{pq, classic}, {ssh, pq}} {
		if err := CheckMix(bad); !errors.Is(err, ErrMixedKeys) {
			t.Errorf("%v: got %v", bad, err)
		}
	}
}

func TestBinaryToTerminal(t *testing.T) {
	cases := []struct{ term, armor, refuse bool }{
		{true, false, true}, {true, true, false}, {false, false, false}, {false, true, false},
	}
	for _, c := range cases {
		if got := BinaryToTerminal(c.term, c.armor); got != c.refuse {
			t.Errorf("terminal=%v armor=%v: got %v", c.term, c.armor, got)
		}
	}
}
