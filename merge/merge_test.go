package merge

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

var at = time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)

// base is a small map as every map attune writes is: keys on every
// entry, a partner, a history.
func base() *mapfile.Map {
	m := testmaps.WithHistory(testmaps.Sample(20))
	m.Partners = []mapfile.Partner{
		{Name: "Alex", Recipients: []string{"age1alex"}, ID: mapfile.NewKey(), ExportIDs: []string{m.Boundaries[0].Key + " b1"}},
		{Name: "Jo", Recipients: []string{"age1jo"}},
	}
	if err := m.Validate(); err != nil {
		panic(err)
	}
	return m
}

// merged merges with a fixed time and the tag kq, and fails the test if
// the result does not validate.
func merged(t *testing.T, b, o, th *mapfile.Map) (*mapfile.Map, []mapfile.Notice) {
	t.Helper()
	for _, m := range []*mapfile.Map{b, o, th} {
		if m == nil {
			continue
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("a version to merge does not validate: %v", err)
		}
	}
	res, ns := MergeWith(b, o, th, Options{At: at, Tag: "kq"})
	if err := res.Validate(); err != nil {
		t.Fatalf("the merged map does not validate: %v", err)
	}
	return res, ns
}

func boundaryByKey(m *mapfile.Map, key string) *boundaries.Boundary {
	for i := range m.Boundaries {
		if m.Boundaries[i].Key == key {
			return &m.Boundaries[i]
		}
	}
	return nil
}

func kinds(ns []mapfile.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.What)
	}
	return out
}

// A version merged with itself, and with the base it came from, is that
// version: nothing added, nothing lost, nothing to look at.
func TestMergeIdentity(t *testing.T) {
	b := base()
	b.AddNotices(mapfile.Notice{At: at.Add(-time.Hour), What: mapfile.NoticeKept, Key: b.Boundaries[1].Key, Seen: true})
	if res, ns := merged(t, b, b, b); !res.Equal(b) || len(ns) > 0 {
		t.Errorf("merging a map with itself changed it (notices %v)", kinds(ns))
	}
	th := b.Clone()
	th.Boundaries[2].SetLight(boundaries.Red)
	th.Triggers = th.Triggers[1:]
	th.Partners = th.Partners[:1]
	th.Safeword = "marmalade"
	th.SetDeviceTag("xy")
	th.Curious = append(th.Curious, curiousEntry(th.NextID(mapfile.CuriousSection), "Dancing slowly"))
	th.PruneHistory()
	if res, ns := merged(t, b, b, th); !res.Equal(th) || len(ns) > 0 {
		t.Errorf("merging changes made only there is not taking them (notices %v)\n%s", kinds(ns), diffMaps(res, th))
	}
	if res, ns := merged(t, b, th, b); !res.Equal(th) || len(ns) > 0 {
		t.Errorf("merging changes made only here is not keeping them (notices %v)", kinds(ns))
	}
}

func curiousEntry(id, text string) curious.Curiosity {
	return curious.Curiosity{ID: id, Key: mapfile.NewKey(), Text: text, Added: at}
}

// A light changed on one device and a note on the other: both kept,
// without a word.
func TestDifferentFieldsBothKept(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	key := b.Boundaries[0].Key
	boundaryByKey(o, key).Light = boundaries.Red
	boundaryByKey(th, key).Note = "only on a good day"
	res, ns := merged(t, b, o, th)
	got := boundaryByKey(res, key)
	if got.Light != boundaries.Red || got.Note != "only on a good day" || len(ns) != 0 {
		t.Errorf("got %s %q, notices %v", got.Light, got.Note, kinds(ns))
	}
}

// The same boundary made GO here and STOP there (and the other way
// round): STOP, and a notice that says both.
func TestLightTheMoreCautious(t *testing.T) {
	for _, c := range []struct{ ours, theirs, want boundaries.Light }{
		{boundaries.Green, boundaries.Red, boundaries.Red},
		{boundaries.Red, boundaries.Green, boundaries.Red},
		{boundaries.Yellow, boundaries.Green, boundaries.Yellow},
		{boundaries.Green, boundaries.Yellow, boundaries.Yellow},
	} {
		b := base()
		key := b.Boundaries[4].Key
		boundaryByKey(b, key).OnlyIf = ""
		boundaryByKey(b, key).Light = boundaries.Yellow
		if c.ours == boundaries.Yellow || c.theirs == boundaries.Yellow {
			boundaryByKey(b, key).Light = boundaries.Red
		}
		o, th := b.Clone(), b.Clone()
		boundaryByKey(o, key).Light = c.ours
		boundaryByKey(th, key).Light = c.theirs
		res, ns := merged(t, b, o, th)
		if got := boundaryByKey(res, key).Light; got != c.want {
			t.Errorf("%s here, %s there: %s, want %s", c.ours, c.theirs, got, c.want)
		}
		if len(ns) != 1 || ns[0].What != mapfile.NoticeCautious || ns[0].Key != key || ns[0].Field != "light" ||
			ns[0].Ours != c.ours.Shown() || ns[0].Theirs != c.theirs.Shown() || !ns[0].At.Equal(at) {
			t.Errorf("notices %+v", ns)
		}
		if !slices.EqualFunc(res.Notices, ns, mapfile.Notice.Equal) {
			t.Errorf("the map records %+v, want the merge's notices", res.Notices)
		}
		// The entry's history ends where the light came to rest, from
		// the value the merge did not keep.
		last := mapfile.HistoryEvent{}
		for _, e := range res.History {
			if e.Key == key && e.Field == "light" {
				last = e
			}
		}
		other := c.theirs
		if c.want == c.theirs {
			other = c.ours
		}
		if last.To != c.want.Shown() || last.From != other.Shown() || !last.At.Equal(at) {
			t.Errorf("%s here, %s there: the history's last change of light is %+v, want %s → %s", c.ours, c.theirs, last, other.Shown(), c.want.Shown())
		}
	}
}

// Intensity: the higher.
func TestIntensityTheHigher(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.Triggers[0].Intensity, th.Triggers[0].Intensity = triggers.Low, triggers.High
	o.Triggers[1].Intensity, th.Triggers[1].Intensity = triggers.Unspecified, triggers.Low
	res, ns := merged(t, b, o, th)
	if res.Triggers[0].Intensity != triggers.High || res.Triggers[1].Intensity != triggers.Low {
		t.Errorf("intensities %q, %q; want high, low", res.Triggers[0].Intensity, res.Triggers[1].Intensity)
	}
	if !slices.Equal(kinds(ns), []string{mapfile.NoticeCautious, mapfile.NoticeCautious}) {
		t.Errorf("notices %v", kinds(ns))
	}
}

// Two different new words for one entry: two entries, each with one,
// the second with a new key and an id of this device, and a notice that
// names both.
func TestTwoTextsTwoEntries(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	key := b.Boundaries[1].Key
	boundaryByKey(o, key).Text = "Being held down by the wrists"
	boundaryByKey(th, key).Text = "Being pinned"
	boundaryByKey(th, key).Light = boundaries.Red
	res, ns := merged(t, b, o, th)
	if len(res.Boundaries) != len(b.Boundaries)+1 {
		t.Fatalf("%d boundaries, want %d", len(res.Boundaries), len(b.Boundaries)+1)
	}
	first := boundaryByKey(res, key)
	if len(ns) != 1 || ns[0].What != mapfile.NoticeSplit || ns[0].Copy == "" {
		t.Fatalf("notices %+v", ns)
	}
	second := boundaryByKey(res, ns[0].Copy)
	if first.Text != "Being held down by the wrists" || second == nil || second.Text != "Being pinned" {
		t.Fatalf("texts %q and %+v", first.Text, second)
	}
	if first.Light != boundaries.Red || second.Light != boundaries.Red {
		t.Errorf("lights %s, %s: the light changed there applies to both", first.Light, second.Light)
	}
	if second.ID != "b"+strconv.Itoa(b.BoundarySeq+1)+"kq" || second.Key == key {
		t.Errorf("the second entry has id %s, key %s", second.ID, second.Key)
	}
	if ns[0].Ours != first.Text || ns[0].Theirs != second.Text {
		t.Errorf("notice says %q / %q", ns[0].Ours, ns[0].Theirs)
	}
}

// Two new notes: both, a line each; two new conditions: both, in one
// line.
func TestNotesAndConditionsJoined(t *testing.T) {
	b := base()
	var key string
	for _, x := range b.Boundaries {
		if x.OnlyIf != "" {
			key = x.Key
			break
		}
	}
	o, th := b.Clone(), b.Clone()
	boundaryByKey(o, key).Note, boundaryByKey(th, key).Note = "gently", "slowly"
	boundaryByKey(o, key).OnlyIf, boundaryByKey(th, key).OnlyIf = "I ask for it", "we are at home"
	o.Triggers[0].Helps, th.Triggers[0].Helps = "water", "fresh air"
	res, ns := merged(t, b, o, th)
	got := boundaryByKey(res, key)
	if got.Note != "gently\nslowly" || got.OnlyIf != "I ask for it; and we are at home" || res.Triggers[0].Helps != "water\nfresh air" {
		t.Errorf("note %q, condition %q, helps %q", got.Note, got.OnlyIf, res.Triggers[0].Helps)
	}
	if !slices.Equal(kinds(ns), []string{mapfile.NoticeJoined, mapfile.NoticeJoined, mapfile.NoticeJoined}) {
		t.Errorf("notices %v", kinds(ns))
	}
}

// Notes too long to join: the entry keeps ours, and a second entry
// keeps theirs, so that no word is lost.
func TestNotesTooLongKeptTwice(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.Boundaries[0].Note, th.Boundaries[0].Note = strings.Repeat("a", 700), strings.Repeat("b", 700)
	res, ns := merged(t, b, o, th)
	if len(ns) != 1 || ns[0].What != mapfile.NoticeSplit || ns[0].Field != "note" {
		t.Fatalf("notices %+v", ns)
	}
	if res.Boundaries[0].Note != o.Boundaries[0].Note || boundaryByKey(res, ns[0].Copy).Note != th.Boundaries[0].Note {
		t.Error("a note was lost")
	}
}

// A condition kept on a boundary that became STOP moves to its note, as
// attune edit --light does.
func TestConditionMovesToNote(t *testing.T) {
	b := base()
	var key string
	for _, x := range b.Boundaries {
		if x.OnlyIf != "" {
			key = x.Key
			break
		}
	}
	o, th := b.Clone(), b.Clone()
	boundaryByKey(o, key).OnlyIf = "we talked about it that day"
	boundaryByKey(th, key).SetLight(boundaries.Red)
	res, _ := merged(t, b, o, th)
	got := boundaryByKey(res, key)
	if got.Light != boundaries.Red || got.OnlyIf != "" || !strings.Contains(got.Note, boundaries.ConditionNote+"we talked about it that day") {
		t.Errorf("got %s, condition %q, note %q", got.Light, got.OnlyIf, got.Note)
	}
}

// Who may see an entry: the more private.
func TestSharingTheMorePrivate(t *testing.T) {
	for _, c := range []struct {
		ours, theirs []string // nil: everyone; {"-"}: private
		want         string
	}{
		{[]string{"-"}, []string{"Jo"}, private},
		{[]string{"Alex", "Jo"}, []string{"Jo", "Sam"}, withNames + sep + "Jo"},
		{[]string{"Alex"}, []string{"Jo"}, private},
		{nil, []string{"Jo"}, withNames + sep + "Jo"},
	} {
		b := base()
		b.Boundaries[0].ShareWith = []string{"Robin"}
		o, th := b.Clone(), b.Clone()
		set := func(x *boundaries.Boundary, v []string) {
			x.Private, x.ShareWith = len(v) == 1 && v[0] == "-", nil
			if !x.Private {
				x.ShareWith = v
			}
		}
		set(&o.Boundaries[0], c.ours)
		set(&th.Boundaries[0], c.theirs)
		res, ns := merged(t, b, o, th)
		if got := sharingOf(res.Boundaries[0].Ref()); got != c.want || len(ns) != 1 || ns[0].What != mapfile.NoticePrivate {
			t.Errorf("%v and %v: %q, notices %v; want %q", c.ours, c.theirs, got, kinds(ns), c.want)
		}
	}
}

// Removed in one, changed in the other: kept, with a notice; removed in
// one, unchanged in the other: removed.
func TestRemovedAndChanged(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	k0, k1 := b.Boundaries[0].Key, b.Boundaries[1].Key
	o.Remove(b.Boundaries[0].ID)
	o.Remove(b.Boundaries[1].ID)
	boundaryByKey(th, k0).Note = "still true"
	res, ns := merged(t, b, o, th)
	if boundaryByKey(res, k0) == nil || boundaryByKey(res, k0).Note != "still true" {
		t.Error("an entry changed there and removed here is gone")
	}
	if boundaryByKey(res, k1) != nil {
		t.Error("an entry removed here and unchanged there came back")
	}
	if len(ns) != 1 || ns[0].What != mapfile.NoticeKept || ns[0].Key != k0 {
		t.Errorf("notices %+v", ns)
	}
	// The same, the other way round.
	res, ns = merged(t, b, th, o)
	if boundaryByKey(res, k0) == nil || boundaryByKey(res, k1) != nil || len(ns) != 1 || ns[0].What != mapfile.NoticeKept {
		t.Errorf("the other way round: notices %v", kinds(ns))
	}
}

// An entry added on each device: both, with their own ids; the same
// entry added on both (the same words): one.
func TestAddedOnBoth(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.SetDeviceTag("kq")
	th.SetDeviceTag("xy")
	add := func(m *mapfile.Map, text string) string {
		e := boundaries.Boundary{ID: m.NextID(mapfile.BoundarySection), Key: mapfile.NewKey(), Light: boundaries.Red, Text: text, Added: at}
		m.Boundaries = append(m.Boundaries, e)
		return e.Key
	}
	mine := add(o, "Tickling")
	theirs := add(th, "Being woken up")
	same := add(o, "Loud music")
	dup := add(th, "  loud MUSIC ")
	th.Record(mapfile.HistoryEvent{Key: dup, At: at, Event: mapfile.EventReviewed})
	res, ns := merged(t, b, o, th)
	if len(res.Boundaries) != len(b.Boundaries)+3 {
		t.Fatalf("%d boundaries, want %d\n%s", len(res.Boundaries), len(b.Boundaries)+3, dumpB(res))
	}
	x, y := boundaryByKey(res, mine), boundaryByKey(res, theirs)
	if x == nil || y == nil || x.ID == y.ID || !strings.HasSuffix(x.ID, "kq") || !strings.HasSuffix(y.ID, "xy") {
		t.Errorf("the two new entries: %+v, %+v", x, y)
	}
	if boundaryByKey(res, same) == nil || boundaryByKey(res, dup) != nil {
		t.Error("the same entry added on both is not one")
	}
	if h := res.HistoryOf(same); len(h) != 1 {
		t.Errorf("the history of the one added on both: %+v", h)
	}
	if len(ns) != 0 {
		t.Errorf("notices %v", kinds(ns))
	}
}

// Without tags (two devices that never synced with attune), one id given
// to two entries: theirs gets a new one, with a notice.
func TestClashingIDsRenumbered(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	id := o.NextID(mapfile.BoundarySection)
	th.NextID(mapfile.BoundarySection)
	o.Boundaries = append(o.Boundaries, boundaries.Boundary{ID: id, Key: mapfile.NewKey(), Light: boundaries.Red, Text: "Tickling"})
	tk := mapfile.NewKey()
	th.Boundaries = append(th.Boundaries, boundaries.Boundary{ID: id, Key: tk, Light: boundaries.Green, Text: "Hugs"})
	res, ns := merged(t, b, o, th)
	got := boundaryByKey(res, tk)
	if got == nil || got.ID == id || len(ns) != 1 || ns[0].What != mapfile.NoticeRenumbered || ns[0].Theirs != id || ns[0].Ours != got.ID {
		t.Errorf("theirs: %+v, notices %+v", got, ns)
	}
}

// Different stop words or signals: ours for now, and a conflict that
// stays open; the name: ours, with a notice; one side's change: taken.
func TestSettings(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.Safeword, th.Safeword = "marmalade", "custard"
	o.Name, th.Name = "Sam R", "Samuel"
	th.Signal = "three taps"
	res, ns := merged(t, b, o, th)
	if res.Safeword != "marmalade" || res.Name != "Sam R" || res.Signal != "three taps" {
		t.Errorf("safeword %q, name %q, signal %q", res.Safeword, res.Name, res.Signal)
	}
	if c := res.OpenConflicts(); len(c) != 1 || c[0].Setting != "safeword" || c[0].Ours != "marmalade" || c[0].Theirs != "custard" {
		t.Errorf("open conflicts %+v", c)
	}
	if !slices.Equal(kinds(ns), []string{mapfile.NoticeOurs, mapfile.NoticeConflict}) {
		t.Errorf("notices %v", kinds(ns))
	}
	// Set since on one device: the conflict is gone there, and a merge
	// does not bring it back.
	fixed := res.Clone()
	fixed.Safeword = "custard"
	fixed.ResolveConflict("safeword")
	again, _ := merged(t, res, fixed, res)
	if len(again.OpenConflicts()) != 0 || again.Safeword != "custard" {
		t.Errorf("after setting it: %q, conflicts %+v", again.Safeword, again.OpenConflicts())
	}
}

// A partner removed on one device stays removed, even if changed on the
// other; one added on either is kept.
func TestPartners(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.Partners = o.Partners[1:] // Alex removed here
	th.Partners[0].Recipients = []string{"age1alexnew"}
	th.Partners = append(th.Partners, mapfile.Partner{Name: "Robin", Recipients: []string{"age1robin"}})
	res, _ := merged(t, b, o, th)
	var names []string
	for _, p := range res.Partners {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"Jo", "Robin"}) {
		t.Errorf("partners %v, want Jo and Robin", names)
	}
}

// The ids a partner knows entries by: both devices' pairs; a key given
// two ids keeps the lower, an id given to two keys the first.
func TestExportIDs(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	k := func(i int) string { return b.Boundaries[i].Key }
	o.Partners[0].ExportIDs = append(o.Partners[0].ExportIDs, k(1)+" b2", k(2)+" b3")
	th.Partners[0].ExportIDs = append(th.Partners[0].ExportIDs, k(3)+" b2", k(2)+" b4")
	res, ns := merged(t, b, o, th)
	want := []string{k(0) + " b1", k(1) + " b2", k(2) + " b3"}
	if got := res.Partners[0].ExportIDs; !slices.Equal(got, want) {
		t.Errorf("export ids %q, want %q", got, want)
	}
	if len(ns) != 1 || ns[0].What != mapfile.NoticePartner || ns[0].Ours != "Alex" {
		t.Errorf("notices %+v", ns)
	}
}

// A map from before keys, written since on both devices (each gave its
// entries keys of its own): entries meet by id, and none is doubled.
func TestKeylessBase(t *testing.T) {
	b := testmaps.Sample(20)
	o, th := b.Clone(), b.Clone()
	o.AssignKeys()
	th.AssignKeys()
	o.Boundaries[0].Light = boundaries.Red
	th.Boundaries[0].Note = "softly"
	res, ns := merged(t, b, o, th)
	if res.Count() != b.Count() || len(ns) != 0 {
		t.Fatalf("%d entries, want %d; notices %v", res.Count(), b.Count(), kinds(ns))
	}
	if res.Boundaries[0].Light != boundaries.Red || res.Boundaries[0].Note != "softly" || res.Boundaries[0].Key != o.Boundaries[0].Key {
		t.Errorf("got %+v", res.Boundaries[0])
	}
}

// Without a base (a copy a sync tool made), nothing counts as removed:
// what either has is kept.
func TestNoBase(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	o.Remove(o.Boundaries[0].ID)
	th.Boundaries[1].Note = ""
	o.Boundaries[0].Note = "from here" // was b.Boundaries[1]
	res, ns := merged(t, nil, o, th)
	if res.Count() != b.Count() {
		t.Errorf("%d entries, want %d", res.Count(), b.Count())
	}
	if got := boundaryByKey(res, b.Boundaries[1].Key).Note; got != "from here" {
		t.Errorf("note %q: a value one copy lacks is taken from the other", got)
	}
	if len(ns) != 0 {
		t.Errorf("notices %v", kinds(ns))
	}
}

// History: the events of both, once each.
func TestHistoryUnion(t *testing.T) {
	b := base()
	o, th := b.Clone(), b.Clone()
	k := b.Boundaries[0].Key
	shared := mapfile.HistoryEvent{Key: k, At: at, Event: mapfile.EventReviewed}
	o.Record(shared, mapfile.HistoryEvent{Key: k, At: at.Add(time.Minute), Event: mapfile.EventChanged, Field: "note", To: "x"})
	th.Record(shared, mapfile.HistoryEvent{Key: k, At: at.Add(-time.Minute), Event: mapfile.EventReviewed})
	res, _ := merged(t, b, o, th)
	h := res.HistoryOf(k)
	if len(h) != len(b.HistoryOf(k))+3 {
		t.Fatalf("%d events, want %d", len(h), len(b.HistoryOf(k))+3)
	}
	if !slices.IsSortedFunc(h, func(a, b mapfile.HistoryEvent) int { return a.At.Compare(b.At) }) {
		t.Error("the events are not oldest first")
	}
}

// The person's keys go together, from the side that changed them last:
// a rotation on the other device is taken whole, never its signing key
// with this device's person key.
func TestKeysTakenTogether(t *testing.T) {
	b := base()
	oldSeed := "3q2+796tvu/erb7v3q2+796tvu/erb7v3q2+796tvu8="
	newSeed := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	oldKey := "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ2"
	newKey := "AGE-SECRET-KEY-1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ2"
	b.PersonKey, b.SigningKey, b.ConfigKey = oldKey, oldSeed, oldSeed
	o, th := b.Clone(), b.Clone()
	th.PersonKey, th.SigningKey, th.PreviousSigningKey = newKey, newSeed, oldSeed
	th.KeysChanged = at.Add(time.Hour)
	o.Boundaries[0].Note = "changed here"
	res, _ := merged(t, b, o, th)
	if res.PersonKey != th.PersonKey || res.SigningKey != th.SigningKey || res.PreviousSigningKey != oldSeed || !res.KeysChanged.Equal(th.KeysChanged) {
		t.Errorf("the other device's rotation is not taken whole: %q %q %q", res.PersonKey, res.SigningKey, res.PreviousSigningKey)
	}
	if res.Boundaries[0].Note != "changed here" {
		t.Error("this device's change was lost")
	}
	res, _ = merged(t, b, th, o)
	if res.PersonKey != th.PersonKey || res.SigningKey != th.SigningKey {
		t.Errorf("this device's rotation is not kept: %q %q", res.PersonKey, res.SigningKey)
	}
}
