package mapfile

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var mergeDay = time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)

func lightNotice(key string) Notice {
	return Notice{At: mergeDay, What: NoticeCautious, Key: key, Field: "light", Ours: "● GO", Theirs: "■ STOP"}
}

// Notices are kept through an encode and a decode, need version 2, and
// are counted unseen until marked.
func TestNoticesRoundTrip(t *testing.T) {
	m := keyed()
	m.AddNotices(lightNotice(m.Boundaries[0].Key),
		Notice{At: mergeDay, What: NoticeConflict, Setting: "safeword", Ours: "marmalade", Theirs: "pineapple"},
		Notice{At: mergeDay, What: NoticeSplit, Key: m.Boundaries[1].Key, Copy: NewKey(), Field: "text", Ours: "a", Theirs: "b\nc"})
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !got.Equal(m) {
		t.Fatalf("the notices changed in the round trip:\n%s", data)
	}
	if v := got.MinVersion(); v != 2 {
		t.Errorf("a map with notices needs version %d, want 2", v)
	}
	if n := len(got.Unseen()); n != 3 {
		t.Errorf("%d unseen, want 3", n)
	}
	if n := got.MarkSeen(); n != 3 || len(got.Unseen()) != 0 || got.MarkSeen() != 0 {
		t.Errorf("MarkSeen marked %d, then %d unseen", n, len(got.Unseen()))
	}
	// A conflict stays open, seen or not, until the setting is set.
	if c := got.OpenConflicts(); len(c) != 1 || c[0].Setting != "safeword" {
		t.Errorf("OpenConflicts = %+v", c)
	}
	if got.ResolveConflict("signal") || !got.ResolveConflict("safeword") || len(got.OpenConflicts()) != 0 || len(got.Notices) != 2 {
		t.Errorf("ResolveConflict left %+v", got.Notices)
	}
}

// Every field of a notice is checked as it is read.
func TestNoticeValidation(t *testing.T) {
	k := NewKey()
	for _, c := range []struct {
		name string
		n    Notice
		want string
	}{
		{"unknown kind", Notice{At: mergeDay, What: "shrug", Key: k}, `unknown notice "shrug"`},
		{"no time", Notice{What: NoticeKept, Key: k}, "no time"},
		{"bad key", Notice{At: mergeDay, What: NoticeKept, Key: "x"}, "not an attune entry key"},
		{"bad copy", Notice{At: mergeDay, What: NoticeSplit, Key: k, Copy: "x"}, "not an attune entry key"},
		{"neither key nor setting", Notice{At: mergeDay, What: NoticeKept}, "either an entry's key or a setting"},
		{"both key and setting", Notice{At: mergeDay, What: NoticeKept, Key: k, Setting: "name"}, "either an entry's key or a setting"},
		{"unknown setting", Notice{At: mergeDay, What: NoticeConflict, Setting: "recipient"}, `unknown setting "recipient"`},
		{"unknown field", Notice{At: mergeDay, What: NoticeOurs, Key: k, Field: "colour"}, `unknown field "colour"`},
		{"control in a value", Notice{At: mergeDay, What: NoticeOurs, Key: k, Field: "note", Ours: "a\x1b[2J"}, "control character"},
	} {
		m := keyed()
		m.Notices = []Notice{c.n}
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "notice 1") {
			t.Errorf("%s: %v, want notice 1 … %q", c.name, err, c.want)
		}
	}
	// A notice may name an entry since removed.
	m := keyed()
	m.Notices = []Notice{lightNotice(NewKey())}
	if err := m.Validate(); err != nil {
		t.Errorf("a notice of a removed entry: %v", err)
	}
}

// At most MaxNotices are kept: the oldest seen go first, then the
// oldest; an open conflict never goes.
func TestAddNoticesBounded(t *testing.T) {
	m := keyed()
	conflict := Notice{At: mergeDay, What: NoticeConflict, Setting: "signal", Ours: "a", Theirs: "b"}
	m.AddNotices(conflict)
	for i := range MaxNotices {
		n := lightNotice(NewKey())
		n.At = mergeDay.Add(time.Duration(i) * time.Minute)
		n.Seen = i%2 == 0
		m.AddNotices(n)
	}
	if len(m.Notices) != MaxNotices {
		t.Fatalf("%d notices kept, want %d", len(m.Notices), MaxNotices)
	}
	if m.Notices[0] != conflict {
		t.Errorf("the open conflict was dropped: first is %+v", m.Notices[0])
	}
	if m.Notices[1].Seen || !m.Notices[1].At.Equal(mergeDay.Add(time.Minute)) {
		t.Errorf("the oldest seen notice was not the one dropped: %+v", m.Notices[1])
	}
	for range MaxNotices {
		m.AddNotices(lightNotice(NewKey()))
	}
	if len(m.Notices) != MaxNotices || len(m.OpenConflicts()) != 1 || len(m.Unseen()) != MaxNotices {
		t.Errorf("%d kept, %d conflicts, %d unseen", len(m.Notices), len(m.OpenConflicts()), len(m.Unseen()))
	}
}

// What leaves the machine never carries notices: the shareable copy has
// none, and a partner's file that holds any is refused.
func TestNoticesNeverShared(t *testing.T) {
	m := keyed()
	m.AddNotices(lightNotice(m.Boundaries[0].Key))
	s, _ := m.Shareable()
	if len(s.Notices) != 0 {
		t.Fatalf("the shareable copy holds notices: %+v", s.Notices)
	}
	s.Notices = m.Notices
	data, _ := s.Encode()
	if _, err := DecodeShared(data); !errors.Is(err, ErrNoticesShared) {
		t.Errorf("DecodeShared of a file with a notice: %v", err)
	}
	s.Notices = nil
	data, _ = s.Encode()
	if _, err := DecodeShared(data); err != nil {
		t.Errorf("the same file without it: %v", err)
	}
}
