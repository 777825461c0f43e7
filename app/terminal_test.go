package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
	"github.com/attune-dev/attune/triggers"
)

// hostile are strings a damaged or hostile file may hold: escape
// sequences (colour, clear screen, window title, clipboard write), C1
// controls, bidi overrides, a carriage return that hides a line.
var hostile = []string{
	"\x1b[31mred\x1b[0m",
	"\x1b[2J\x1b[H",
	"\x1b]0;title\a",
	"\x1b]52;c;aGVsbG8=\a",
	"\u009b31m C1 CSI",
	"hidden\rshown",
	"bell\a and backspace\b",
	"tab\tand newline\nand NUL\x00",
	"\u202eevil bidi",
	"DEL\x7f",
}

// rawControlByte reports a raw control byte in s, other than newline (and
// the escapes of attune's own colour, when colour is on).
func rawControlByte(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || r == '\u202e' {
			return r, true
		}
	}
	return 0, false
}

// hostileMap holds every hostile string in every field the printer
// shows, bypassing validation as a crafted file would try to.
func hostileMap() *mapfile.Map {
	m := &mapfile.Map{Version: 1}
	for i, h := range hostile {
		m.Name, m.Safeword, m.Signal = h, h, h
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: fmt.Sprintf("b%d", i+1), Light: boundaries.Lights[i%3], Text: h, Note: h, Private: i%2 == 0})
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: fmt.Sprintf("t%d", i+1), Category: triggers.Categories[i%len(triggers.Categories)], Text: h, Helps: h, Note: h})
	}
	return m
}

func TestPrinterNeverWritesControlBytes(t *testing.T) {
	m := hostileMap()
	for _, own := range []bool{true, false} {
		var buf bytes.Buffer
		p := newPrinter(&buf, false, 0)
		p.header(m, own)
		p.boundaries(m.SortedBoundaries(), "none yet")
		p.triggers(m.SortedTriggers(), "none yet")
		if p.err != nil {
			t.Fatal(p.err)
		}
		if c, ok := rawControlByte(buf.String()); ok {
			t.Errorf("own=%v: the printer wrote a raw control character %U:\n%q", own, c, buf.String())
		}
		if !strings.Contains(buf.String(), "red") || !strings.Contains(buf.String(), "evil bidi") {
			t.Errorf("the printer dropped the text instead of neutralising it:\n%s", buf.String())
		}
	}
}

func TestErrorMessagesNeverWriteControlBytes(t *testing.T) {
	for _, h := range hostile {
		for _, err := range []error{
			errors.New(h),
			&mapfile.EntryError{Where: "boundary " + h, Err: errors.New(h)},
			&store.FileError{Path: "/tmp/" + h, Err: &store.DecryptError{Reason: store.Damaged}},
			&mapfile.UnknownKeysError{Keys: []string{h}},
			&mapfile.SyntaxError{Line: 1, Column: 2, Message: h},
			fail(h, "no entry with the id %q", h),
			usage(h, "unknown command %s", h),
		} {
			var buf bytes.Buffer
			report(&buf, err)
			out := buf.String()
			if c, ok := rawControlByte(out); ok {
				t.Errorf("error %T with %q printed a raw control character %U: %q", err, h, c, out)
			}
			if !strings.HasPrefix(out, "attune: error: ") {
				t.Errorf("error printed as %q", out)
			}
			if n := strings.Count(out, "\n"); n < 1 || n > 2 {
				t.Errorf("error printed on %d lines: %q", n, out)
			}
		}
	}
}

// A file named on the command line that is not there is said plainly
// (not "stat FILE: no such file or directory"), with the name neutralised.
func TestMissingFileMessage(t *testing.T) {
	for _, name := range []string{"from-alex.age", "bad\x1b[2Jname.age"} {
		_, err := os.Stat(filepath.Join(t.TempDir(), name))
		var buf bytes.Buffer
		if code := report(&buf, err); code != ExitError {
			t.Errorf("exit code %d, want %d", code, ExitError)
		}
		out := buf.String()
		if !strings.HasPrefix(out, "attune: error: there is no file ") || !strings.Contains(out, "attune: hint: check the name and the folder\n") {
			t.Errorf("a missing file is reported as %q", out)
		}
		if strings.Contains(out, "stat ") {
			t.Errorf("the message shows the system call: %q", out)
		}
		if c, ok := rawControlByte(out); ok {
			t.Errorf("raw control character %U in %q", c, out)
		}
	}
}
