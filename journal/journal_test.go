package journal

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
)

func lv(n int) *int { return &n }

var (
	t0     = time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)
	keyA   = mapfile.NewKey()
	keyB   = mapfile.NewKey()
	tricky = "quote \" backslash \\ line\nbreak é ✓ 🌱"
)

// sample is a journal with every field set somewhere, and left out
// somewhere else.
func sample() *Journal {
	j := New()
	j.AddCheckIn(CheckIn{At: t0, Feelings: []Feeling{Numb, TurnedOn}, Words: "a bit tired", Distress: lv(0), State: ShutDown, Note: tricky})
	j.AddCheckIn(CheckIn{At: t0.Add(time.Hour)})
	j.AddDebrief(Debrief{At: t0.Add(2 * time.Hour), Good: "Slow kissing", Change: "No hands on my neck", Trigger: keyA,
		Helped: "Open a window", ItHelped: Partly, Before: lv(7), After: lv(3), Needed: "A glass of water", GotIt: Yes, Note: tricky})
	j.AddDebrief(Debrief{At: t0.Add(3 * time.Hour)})
	return j
}

func TestEncodeMatchesTOMLEncoder(t *testing.T) {
	for name, j := range map[string]*Journal{"empty": New(), "sample": sample()} {
		var want bytes.Buffer
		want.WriteString(doc.Header)
		if err := toml.NewEncoder(&want).Encode(j); err != nil {
			t.Fatal(err)
		}
		if got := j.Encode(); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: Encode differs from the TOML encoder:\n%s\n--- want ---\n%s", name, got, want.Bytes())
		}
	}
}

func TestRoundTrip(t *testing.T) {
	j := sample()
	data := j.Encode()
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Encode(), data) {
		t.Errorf("a journal does not read back as it was written:\n%s\n---\n%s", back.Encode(), data)
	}
	if *back.CheckIns[0].Distress != 0 || back.CheckIns[1].Distress != nil {
		t.Error("a distress of 0 and a distress not given read back the same")
	}
	if back.Seq != 4 || back.Debriefs[1].ID != "j4" {
		t.Errorf("ids: seq %d, %s", back.Seq, back.Debriefs[1].ID)
	}
}

func TestValidate(t *testing.T) {
	base := "version = 1\n"
	for _, c := range []struct{ in, want string }{
		{"", "no version line"},
		{"version = 2\n", "the journal has version 2; this attune reads versions up to 1"},
		{"version = 0\n", "versions start at 1"},
		{base + "seq = -1\n", "negative id counter"},
		{base + "[[checkin]]\nid = \"j1\"\n", "check-in j1: it has no time"},
		{base + "[[checkin]]\nid = \"c1\"\nat = 2026-11-28T20:00:00Z\n", "check-in number 1: the id must be j followed by a number"},
		{base + "[[checkin]]\nid = \"j01\"\nat = 2026-11-28T20:00:00Z\n", "the id must be j"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\n[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\n", "debrief j1: the id is used twice"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ndistress = 11\n", "distress must be a number from 0 to 10, not 11"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ndistress = -1\n", "not -1"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nfeelings = [\"sad\"]\n", "unknown feeling"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nfeelings = [\"numb\", \"numb\"]\n", "there twice"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nstate = \"fine\"\n", "unknown state"},
		{base + "[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nnote = \"\\u001b[2J\"\n", "note contains a control character"},
		{base + "[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ntrigger = \"t1\"\n", "trigger is not the key of an entry"},
		{base + "[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nafter = 12\n", "distress after must be"},
		{base + "[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\ngot_it = \"maybe\"\n", "unknown answer"},
		{base + "[[debrief]]\nid = \"j1\"\nat = 2026-11-28T20:00:00Z\nhelped = \"" + strings.Repeat("é", 1001) + "\"\n", "what helped is longer than 1000 characters"},
		{base + "colour = \"blue\"\n", "the journal has keys attune does not know: colour"},
		{base + "[[boundary]]\n", "not part of an attune journal"},
		{base + "note = \n", "the journal is not valid TOML"},
	} {
		_, err := Decode([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
	var nv *NewerVersionError
	if _, err := Decode([]byte("version = 3\n")); !errors.As(err, &nv) {
		t.Errorf("a newer journal: %T %v", err, err)
	}
}

func TestValidateNew(t *testing.T) {
	if err := (CheckIn{At: t0, Words: "\u200b"}).ValidateNew(); err == nil || !strings.Contains(err.Error(), "has no visible characters") {
		t.Errorf("invisible own words: %v", err)
	}
	if err := (Debrief{At: t0, Helped: "ok", Before: lv(11)}).ValidateNew(); err == nil {
		t.Error("a level of 11 is taken")
	}
	var te *textcheck.TextError
	if err := (Debrief{At: t0, Note: "bell\a"}).ValidateNew(); !errors.As(err, &te) {
		t.Errorf("a control character: %v", err)
	}
	if err := (Debrief{At: t0, Helped: "Open a window", Trigger: keyA, Before: lv(0), After: lv(10)}).ValidateNew(); err != nil {
		t.Errorf("a good debrief is refused: %v", err)
	}
}

func TestMaxRecords(t *testing.T) {
	j := New()
	for range MaxRecords + 1 {
		j.CheckIns = append(j.CheckIns, CheckIn{})
	}
	if err := j.Validate(); err == nil || !strings.Contains(err.Error(), "attune reads at most 100000") {
		t.Errorf("too many records: %v", err)
	}
}

func TestIDsAndForget(t *testing.T) {
	j := sample()
	if err := j.Forget([]string{"j2", "j9"}); err == nil || !strings.Contains(err.Error(), `no record "j9"`) {
		t.Fatalf("forgetting an unknown id: %v", err)
	}
	if j.Len() != 4 {
		t.Fatal("a refused forget removed something")
	}
	if err := j.Forget([]string{"j2", "j3", "j2"}); err != nil {
		t.Fatal(err)
	}
	if j.Len() != 2 || j.CheckIn("j2") != nil || j.Debrief("j3") != nil || j.CheckIn("j1") == nil {
		t.Fatalf("forget removed the wrong records: %+v", j.Records())
	}
	if id := j.AddCheckIn(CheckIn{At: t0}); id != "j5" {
		t.Errorf("after a forget the next id is %s, want j5 (never one used before)", id)
	}
	j.ForgetAll()
	if j.Len() != 0 || j.Seq != 0 || !bytes.Equal(j.Encode(), New().Encode()) {
		t.Errorf("forget --all left something: %s", j.Encode())
	}
	if id := j.AddDebrief(Debrief{At: t0}); id != "j1" {
		t.Errorf("after forgetting everything the ids start again at j1, not %s", id)
	}
}

func TestRecordsInTimeOrder(t *testing.T) {
	j := New()
	j.AddDebrief(Debrief{At: t0.Add(time.Hour)})
	j.AddCheckIn(CheckIn{At: t0})
	j.AddCheckIn(CheckIn{At: t0.Add(time.Hour)})
	var got []string
	for _, r := range j.Records() {
		got = append(got, r.ID())
	}
	if strings.Join(got, " ") != "j2 j1 j3" {
		t.Errorf("records in order %v, want j2 j1 j3", got)
	}
}

func TestParseFeelings(t *testing.T) {
	got, err := ParseFeelings("numb, Anxious,,turned on,numb")
	if err != nil || fmt.Sprint(got) != "[numb anxious turned-on]" {
		t.Errorf("got %v, %v", got, err)
	}
	var u *textcheck.UnknownValueError
	if _, err := ParseFeelings("numb,sad"); !errors.As(err, &u) || u.Value != "sad" {
		t.Errorf("an unknown feeling: %v", err)
	}
	if s, _ := StateWords.Parse("far away"); s != ShutDown || s.Shown() != "shut down / far away" {
		t.Errorf("far away is %q", s)
	}
}

// The example: of four debriefs recording a window for one
// trigger, three had distress go down: "helped 3 of 4 times, distress 7
// → 3 on average".
func TestHelped(t *testing.T) {
	j := New()
	add := func(trigger, helped string, before, after *int, said Answer) {
		j.AddDebrief(Debrief{At: t0.Add(time.Duration(j.Len()) * time.Minute), Trigger: trigger, Helped: helped, Before: before, After: after, ItHelped: said})
	}
	add(keyA, "Open a window", lv(8), lv(3), "")
	add(keyA, "open  a WINDOW", lv(7), lv(2), "")
	add(keyA, "Open a window", lv(6), lv(6), Yes) // the numbers decide: not lower
	add(keyA, "Open a window", lv(7), lv(1), "")
	add(keyA, "Counting backwards", nil, nil, Yes)
	add(keyA, "Counting backwards", lv(5), nil, No) // one number only: the words decide
	add(keyB, "Open a window", nil, nil, "")        // said nothing: counted, not helped
	add("", "Tea", lv(9), lv(2), "")                // no trigger: not a helper of any
	add(keyB, "", lv(9), lv(2), "")                 // nothing named as helping

	hs := j.Helped()
	if len(hs) != 3 {
		t.Fatalf("%d helpers, want 3: %+v", len(hs), hs)
	}
	w := hs[0]
	if w.Trigger != keyA || w.Text != "Open a window" || w.Times != 4 || w.Helped != 3 {
		t.Errorf("window for A: %+v, want helped 3 of 4", w)
	}
	if b, a, ok := w.Averages(); !ok || b != 7 || a != 3 {
		t.Errorf("averages %v → %v (%v), want 7 → 3", b, a, ok)
	}
	if c := hs[1]; c.Text != "Counting backwards" || c.Times != 2 || c.Helped != 1 || c.Pairs != 0 {
		t.Errorf("counting: %+v, want helped 1 of 2 and no averages", c)
	}
	if _, _, ok := hs[1].Averages(); ok {
		t.Error("averages without any pair of numbers")
	}
	if b := hs[2]; b.Trigger != keyB || b.Times != 1 || b.Helped != 0 {
		t.Errorf("window for B: %+v", b)
	}
	if h, ok := HelpedWith(hs, keyA, "OPEN A WINDOW "); !ok || h.Times != 4 {
		t.Errorf("HelpedWith does not find the helper in other spelling: %+v %v", h, ok)
	}
	if _, ok := HelpedWith(hs, keyB, "Counting backwards"); ok {
		t.Error("HelpedWith finds a helper of another trigger")
	}
}

// A journal written by hand with ids above its counter gives new
// records ids above them all.
func TestNextIDAboveHandWrittenIDs(t *testing.T) {
	j, err := Decode([]byte("version = 1\nseq = 2\n[[checkin]]\nid = \"j7\"\nat = 2026-11-28T20:00:00Z\n"))
	if err != nil {
		t.Fatal(err)
	}
	if id := j.AddDebrief(Debrief{At: t0}); id != "j8" {
		t.Errorf("the next id is %s, want j8", id)
	}
}

// Equal sees a change in every field: a change it missed would not be
// written.
func TestEqualSeesEveryField(t *testing.T) {
	if !sample().Equal(sample()) {
		t.Fatal("a journal is not equal to itself")
	}
	changes := []func(j *Journal){
		func(j *Journal) { j.Seq++ },
		func(j *Journal) { j.CheckIns[0].ID = "j9" },
		func(j *Journal) { j.CheckIns[0].At = j.CheckIns[0].At.Add(time.Second) },
		func(j *Journal) { j.CheckIns[0].Feelings = j.CheckIns[0].Feelings[:1] },
		func(j *Journal) { j.CheckIns[0].Words = "other" },
		func(j *Journal) { j.CheckIns[0].Distress = lv(1) },
		func(j *Journal) { j.CheckIns[0].Distress = nil },
		func(j *Journal) { j.CheckIns[0].State = Settled },
		func(j *Journal) { j.CheckIns[0].Note = "other" },
		func(j *Journal) { j.Debriefs[0].Good = "other" },
		func(j *Journal) { j.Debriefs[0].Change = "other" },
		func(j *Journal) { j.Debriefs[0].Trigger = keyB },
		func(j *Journal) { j.Debriefs[0].Helped = "other" },
		func(j *Journal) { j.Debriefs[0].ItHelped = No },
		func(j *Journal) { j.Debriefs[0].Before = lv(8) },
		func(j *Journal) { j.Debriefs[0].After = nil },
		func(j *Journal) { j.Debriefs[0].Needed = "other" },
		func(j *Journal) { j.Debriefs[0].GotIt = Partly },
		func(j *Journal) { j.Debriefs[0].Note = "other" },
		func(j *Journal) { j.Debriefs = j.Debriefs[:1] },
	}
	for i, change := range changes {
		j := sample()
		c := j.Clone()
		change(c)
		if j.Equal(c) {
			t.Errorf("change %d is not seen", i)
		}
		if !j.Equal(sample()) {
			t.Errorf("change %d to the clone changed the original", i)
		}
	}
}
