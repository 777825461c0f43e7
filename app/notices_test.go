package app

import (
	"strings"
	"testing"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
)

// Every kind of notice reads as plain words that name the entry as it
// is now, or the setting, or the partner; an entry since removed is said
// to be.
func TestNoticeWords(t *testing.T) {
	m := mapfile.New()
	m.Safeword = "custard"
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	b := boundaries.Boundary{ID: "b3", Key: mapfile.NewKey(), Light: boundaries.Red, Text: "Being held down"}
	c := boundaries.Boundary{ID: "b14kq", Key: mapfile.NewKey(), Light: boundaries.Red, Text: "Being pinned"}
	m.Boundaries = []boundaries.Boundary{b, c}
	for _, tc := range []struct {
		n    mapfile.Notice
		want []string
	}{
		{mapfile.Notice{What: mapfile.NoticeCautious, Key: b.Key, Field: "light", Ours: "● GO", Theirs: "■ STOP"},
			[]string{"b3 ■ STOP “Being held down”", "light was changed on two devices (● GO and ■ STOP)", "more cautious is kept"}},
		{mapfile.Notice{What: mapfile.NoticeJoined, Key: b.Key, Field: "note"}, []string{"its note was changed", "both are kept"}},
		{mapfile.Notice{What: mapfile.NoticeOurs, Key: b.Key, Field: "category", Ours: "Smells", Theirs: "Sounds"}, []string{"(Smells and Sounds); Smells is kept"}},
		{mapfile.Notice{What: mapfile.NoticePrivate, Key: b.Key, Field: "shared with", Ours: "every partner", Theirs: "Alex"}, []string{"more private is kept"}},
		{mapfile.Notice{What: mapfile.NoticeSplit, Key: b.Key, Copy: c.Key, Field: "text"},
			[]string{"b3 ■ STOP “Being held down” and b14kq ■ STOP “Being pinned”: its words were changed", "two entries"}},
		{mapfile.Notice{What: mapfile.NoticeSplit, Key: b.Key, Copy: c.Key, Field: "note"}, []string{"its note was changed"}},
		{mapfile.Notice{What: mapfile.NoticeKept, Key: b.Key}, []string{"removed on one device and changed on another"}},
		{mapfile.Notice{What: mapfile.NoticeRenumbered, Key: c.Key, Ours: "b14kq", Theirs: "b3"}, []string{"came from another device as b3", "is b14kq now"}},
		{mapfile.Notice{What: mapfile.NoticeKept, Key: mapfile.NewKey()}, []string{"an entry removed since"}},
		{mapfile.Notice{What: mapfile.NoticeConflict, Setting: "safeword", Ours: "custard", Theirs: "pineapple"},
			[]string{"your stop word is different on two devices (“custard” and “pineapple”)", "“custard” is kept for now", "attune set safeword"}},
		{mapfile.Notice{What: mapfile.NoticeConflict, Setting: "if_we_stop", Ours: "a", Theirs: "b"}, []string{"attune set if-we-stop"}},
		{mapfile.Notice{What: mapfile.NoticeOurs, Setting: "name", Ours: "Sam", Theirs: "Samuel"}, []string{"your name was changed", "“Sam” is kept"}},
		{mapfile.Notice{What: mapfile.NoticePartner, Setting: "partner", Ours: "Alex", Theirs: "keys"}, []string{"Alex's keys were changed", "attune partner verify Alex"}},
		{mapfile.Notice{What: mapfile.NoticePartner, Setting: "partner", Ours: "Alex", Theirs: "ids"}, []string{"the ids Alex knows"}},
	} {
		tc.n.At = at
		got := noticeWords(m, tc.n)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", tc.n.What, got, w)
			}
		}
	}
}
