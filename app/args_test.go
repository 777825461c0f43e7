package app

import (
	"io"
	"strings"
	"testing"
)

func TestReorder(t *testing.T) {
	a := newApp(io.Discard, io.Discard)
	tests := []struct{ in, want string }{
		{"add boundary red Being held down --note wrists", "add boundary --note wrists -- red Being held down"},
		{"add boundary red 'Being held down' --note=wrists --private", "add boundary --note=wrists --private -- red 'Being held down'"},
		{"add trigger --intensity high smells Smoke --helps air", "add trigger --intensity high --helps air -- smells Smoke"},
		// Global flags are lifted in front of the command wherever they are.
		{"list --dir /tmp/s boundaries --json", "--dir /tmp/s list --json -- boundaries"},
		{"--dir /tmp/s list", "--dir /tmp/s list"},
		// `--` ends the flags: what follows stays text, even if it looks like a flag.
		{"add boundary red -- --note is text", "add boundary -- red --note is text"},
		// A bool flag does not swallow the next word.
		{"add boundary --private red Hugs", "add boundary --private -- red Hugs"},
		// Unknown flags are moved too, so the command reports them.
		{"add boundary red Hugs --colour blue", "add boundary --colour -- red Hugs blue"},
		{"edit b3 --text 'New words'", "edit --text 'New words' -- b3"},
		{"remove b1 t2", "remove -- b1 t2"},
		// --help belongs to the innermost command, never lifted in front of it.
		{"add boundary --help", "add boundary --help"},
		// With --help the arguments do not matter (urfave/cli would read
		// the first as a help topic).
		{"add boundary red Hugs -h", "add boundary -h"},
		{"partner add --help Alex", "partner add --help"},
		{"--help add", "--help add"},
		{"--dir /tmp/s add --help", "--dir /tmp/s add --help"},
		{"frobnicate now", "frobnicate now"},
		{"", ""},
	}
	for _, tt := range tests {
		got := strings.Join(Reorder(a, split(tt.in)), " ")
		if got != tt.want {
			t.Errorf("Reorder(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// split is a tiny shell-like splitter for the table: single quotes group.
func split(s string) []string {
	var out []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		if s[0] == '\'' {
			end := strings.IndexByte(s[1:], '\'') + 2
			out = append(out, s[:end])
			s = s[end:]
			continue
		}
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}
