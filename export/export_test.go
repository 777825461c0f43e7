package export

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

func sample() *mapfile.Map {
	m := mapfile.New()
	m.Name, m.Safeword = "Robin", "marmalade"
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

func TestPrepareKeepsPrivateBack(t *testing.T) {
	when := time.Date(2026, 10, 3, 12, 0, 0, 500, time.UTC)
	out, plain, kept, err := Prepare(sample(), when)
	if err != nil {
		t.Fatal(err)
	}
	if kept != 2 || len(out.Boundaries) != 2 || len(out.Triggers) != 1 {
		t.Fatalf("kept %d, %d boundaries, %d triggers", kept, len(out.Boundaries), len(out.Triggers))
	}
	text := string(plain)
	for _, leak := range []string{"secret thing", "private word", "age1example", "Kit", "boundary_seq = 9", "private = true"} {
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

func TestMessage(t *testing.T) {
	out, _, kept, _ := Prepare(sample(), time.Now())
	if got, want := Message(out, kept, "Alex"), "exported 2 boundaries and 1 trigger for Alex (2 private entries kept back)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	one := &mapfile.Map{Boundaries: out.Boundaries[:1]}
	if got, want := Message(one, 1, RecipientsWord(2)), "exported 1 boundary and 0 triggers for 2 recipients (1 private entry kept back)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Message(one, 0, RecipientsWord(1)), "exported 1 boundary and 0 triggers for 1 recipient"; got != want {
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

func TestDiff(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	defer func() { now = time.Now }()

	old, _ := sample().Shareable()
	old.Exported = time.Date(2026, 10, 3, 12, 0, 0, 0, time.UTC)
	if c := Diff(old, old); !c.None() || c.Summary() != "no changes since 3 October" {
		t.Errorf("same map: %q", c.Summary())
	}

	cur, _ := sample().Shareable()
	cur.Boundaries = append(cur.Boundaries,
		boundaries.Boundary{ID: "b10", Light: boundaries.Red, Text: "Surprises"},
		boundaries.Boundary{ID: "b11", Light: boundaries.Red, Text: "Tickling"})
	cur.Boundaries[1].Text = "Hugs, facing me" // b3 changed
	cur.Triggers = nil                         // t1 removed
	cur.Signal = "two taps"
	c := Diff(old, cur)
	want := "since 3 October: 2 new red lights, 1 trigger removed, 1 boundary changed, stop signal changed"
	if got := c.Summary(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}

	old.Exported = time.Date(2025, 10, 3, 12, 0, 0, 0, time.UTC)
	back := Diff(cur, old)
	back.Since = old.Exported
	want = "since 3 October 2025: 1 new trigger, 2 boundaries removed, 1 boundary changed, stop signal changed"
	if got := back.Summary(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	back.Since = time.Time{}
	if got := back.Summary(); !strings.HasPrefix(got, "since the last import: ") {
		t.Errorf("no date: %q", got)
	}
	// A change of light is said explicitly, never as "1 boundary changed".
	lit, _ := sample().Shareable()
	lit.Exported = old.Exported
	prev, _ := sample().Shareable()
	red, green := -1, -1
	for i, b := range lit.Boundaries {
		switch {
		case b.Light == boundaries.Red && red < 0:
			red = i
		case b.Light == boundaries.Green && green < 0:
			green = i
		}
	}
	if red < 0 || green < 0 {
		t.Fatal("the sample needs a red and a green boundary")
	}
	lit.Boundaries[red].Light = boundaries.Green
	lit.Boundaries[green].Light = boundaries.Red
	lit.Boundaries[green].Text = "Also new words"
	lc := Diff(prev, lit)
	lc.Since = old.Exported
	want = "since 3 October 2025: 1 boundary changed light: STOP → GO, 1 boundary changed light: GO → STOP"
	if got := lc.Summary(); got != want {
		t.Errorf("light changes:\ngot  %q\nwant %q", got, want)
	}
	if lc.ChangedBoundaries != 0 || lc.None() {
		t.Errorf("light changes counted as plain changes: %+v", lc)
	}

	moved := Diff(old, &mapfile.Map{Name: "Robin R", Safeword: "marmalade",
		Boundaries: old.Boundaries, Triggers: []triggers.Trigger{{ID: "t1", Category: triggers.Sounds, Text: "Smoke", Helps: "Fresh air"}}})
	if moved.ChangedTriggers != 1 || !moved.Name || moved.Safeword {
		t.Errorf("moved: %+v", moved)
	}
}
