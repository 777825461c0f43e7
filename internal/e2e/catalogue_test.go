package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/attune-dev/attune/store"
)

// badInput is one row of the catalogue: something a person (or a damaged
// or hostile file) can get wrong, and what attune must say.
type badInput struct {
	name  string
	setup func(e *env) // damages the store before the run (may be nil)
	args  []string
	env   []string // extra environment for the run
	want  string   // a fragment of the first stderr line
	code  int      // expected exit code
	todo  string   // non-empty: the command lands later; the row is skipped
}

// Setups, so that a row stays one line.
func noStore(e *env)                { os.RemoveAll(e.store) }
func mapPath(e *env) string         { return filepath.Join(e.store, store.MapFile) }
func rawMap(text string) func(*env) { return func(e *env) { e.writeRawMap(text) } }
func mapBytes(b string) func(e *env) {
	return func(e *env) { os.WriteFile(mapPath(e), []byte(b), 0o600) }
}
func truncateMap(n int) func(*env) {
	return func(e *env) {
		if n < 0 {
			info, _ := os.Stat(mapPath(e))
			n += int(info.Size())
		}
		os.Truncate(mapPath(e), int64(n))
	}
}
func flipMap(off int) func(*env) {
	return func(e *env) {
		data, _ := os.ReadFile(mapPath(e))
		if off < 0 {
			off += len(data)
		}
		data[off] ^= 0xff
		os.WriteFile(mapPath(e), data, 0o600)
	}
}
func otherKey(e *env) {
	id, _ := age.GenerateX25519Identity()
	os.WriteFile(filepath.Join(e.store, store.IdentityFile), []byte(id.String()+"\n"), 0o600)
}
func passphraseStore(e *env) {
	os.RemoveAll(e.store)
	if r := e.runEnv([]string{"ATTUNE_PASSPHRASE=right horse battery"}, "init", "--passphrase"); r.code != 0 {
		e.t.Fatalf("init --passphrase: %s", r.stderr)
	}
}
func chmodIdentity(mode os.FileMode) func(*env) {
	return func(e *env) { os.Chmod(filepath.Join(e.store, store.IdentityFile), mode) }
}
func writeConfig(text string) func(*env) {
	return func(e *env) { os.WriteFile(filepath.Join(e.store, store.ConfigFile), []byte(text), 0o600) }
}

const (
	esc     = "\x1b"
	bel     = "\a"
	armored = "-----BEGIN AGE ENCRYPTED FILE-----\nbm90IGFuIGFnZSBmaWxl\n-----END AGE ENCRYPTED FILE-----\n"
	entryB1 = "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Being held down\"\n"
)

// badInputs is the catalogue. Adding a case is one line.
var badInputs = []badInput{
	// The store.
	{name: "missing store", setup: noStore, args: []string{"list"}, want: "there is no attune store here yet", code: 1},
	{name: "missing store, add", setup: noStore, args: []string{"add", "boundary", "red", "Something"}, want: "there is no attune store here yet", code: 1},
	{name: "store already exists", args: []string{"init"}, want: "already an attune store", code: 1},
	{name: "damaged config", setup: writeConfig("recipient = [1, 2\n"), args: []string{"list"}, want: "config.toml is damaged", code: 1},
	{name: "config with unknown key", setup: writeConfig("recipient = \"age1x\"\ncolour = \"blue\"\n"), args: []string{"list"}, want: "is damaged", code: 1},

	// Keys.
	{name: "wrong key", setup: otherKey, args: []string{"list"}, want: "was not encrypted to your key", code: 1},
	{name: "wrong passphrase", setup: passphraseStore, args: []string{"list"}, env: []string{"ATTUNE_PASSPHRASE=wrong horse"}, want: "passphrase is not right", code: 1},
	{name: "lax identity permissions", setup: chmodIdentity(0o644), args: []string{"list"}, want: "identity", code: 1},
	{name: "identity file missing", args: []string{"list", "--identity", "no-such-identity"}, want: "no-such-identity", code: 1},

	// The encrypted file.
	{name: "empty map file", setup: mapBytes(""), args: []string{"list"}, want: "the file is empty", code: 1},
	{name: "not age", setup: mapBytes("version = 1\n"), args: []string{"list"}, want: "not an age-encrypted file", code: 1},
	{name: "armored garbage", setup: mapBytes(armored), args: []string{"list"}, want: "map.toml.age", code: 1},
	{name: "truncated in the header", setup: truncateMap(40), args: []string{"list"}, want: "damaged", code: 1},
	{name: "truncated in the payload", setup: truncateMap(-20), args: []string{"list"}, want: "damaged", code: 1},
	{name: "flipped byte in the payload", setup: flipMap(-10), args: []string{"list"}, want: "damaged", code: 1},
	{name: "flipped byte in the header", setup: flipMap(30), args: []string{"list"}, want: "map.toml.age", code: 1},
	{name: "damaged map, add", setup: flipMap(-10), args: []string{"add", "boundary", "red", "Something"}, want: "damaged", code: 1},

	// The TOML inside.
	{name: "invalid TOML", setup: rawMap("version = 1\nname = \n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "invalid UTF-8", setup: rawMap("version = 1\nname = \"\xff\"\n"), args: []string{"list"}, want: "not valid UTF-8", code: 1},
	{name: "unknown key", setup: rawMap("version = 1\ncolour = \"blue\"\n"), args: []string{"list"}, want: "keys attune does not know: colour", code: 1},
	{name: "wrong type", setup: rawMap("version = \"one\"\n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "wrong type in an entry", setup: rawMap("version = 1\n[[boundary]]\nid = 1\n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "no version", setup: rawMap("name = \"Sam\"\n"), args: []string{"list"}, want: "no version line", code: 1},
	{name: "newer version", setup: rawMap("version = 2\n"), args: []string{"list"}, want: "version 2", code: 1},
	{name: "unknown light in the file", setup: rawMap(strings.Replace(entryB1, "red", "purple", 1)), args: []string{"list"}, want: "unknown light", code: 1},
	{name: "bad id in the file", setup: rawMap(strings.Replace(entryB1, "b1", "x1", 1)), args: []string{"list"}, want: "the id must be b followed by a number", code: 1},
	{name: "duplicate id in the file", setup: rawMap(entryB1 + entryB1[len("version = 1\n"):]), args: []string{"list"}, want: "used twice", code: 1},
	{name: "escape sequence in the file", setup: rawMap(strings.Replace(entryB1, "Being", `\u001b[31mBeing`, 1)), args: []string{"list"}, want: "control character", code: 1},
	{name: "empty text in the file", setup: rawMap(strings.Replace(entryB1, "Being held down", "", 1)), args: []string{"list"}, want: "empty", code: 1},

	// What people type.
	{name: "unknown light", args: []string{"add", "boundary", "purple", "Something"}, want: `unknown light "purple"`, code: 1},
	{name: "unknown category", args: []string{"add", "trigger", "smels", "Smoke"}, want: "unknown category", code: 1},
	{name: "unknown intensity", args: []string{"add", "trigger", "smells", "Smoke", "--intensity", "hgh"}, want: "unknown intensity", code: 1},
	{name: "unknown light filter", args: []string{"list", "--light", "blue"}, want: "unknown light", code: 1},
	{name: "empty text", args: []string{"add", "boundary", "red", ""}, want: "text is empty", code: 1},
	{name: "blank text", args: []string{"add", "boundary", "red", "   "}, want: "text is empty", code: 1},
	{name: "oversize text", args: []string{"add", "boundary", "red", strings.Repeat("é", 1001)}, want: "longer than 1000 characters", code: 1},
	{name: "control character", args: []string{"add", "boundary", "red", "bell" + bel}, want: "control character", code: 1},
	{name: "escape sequence", args: []string{"add", "boundary", "red", "escape " + esc + "[31mred"}, want: "control character (U+001B)", code: 1},
	{name: "OSC 52 in helps", args: []string{"add", "trigger", "smells", "Smoke", "--helps", "osc " + esc + "]52;c;aGk=" + bel}, want: "helps contains a control character", code: 1},
	{name: "escape sequence in edit", args: []string{"edit", "b1", "--note", esc + "[2J"}, want: "control character", code: 1},
	{name: "escape sequence in set", args: []string{"set", "safeword", esc + "]0;title" + bel}, want: "control character", code: 1},
	{name: "unknown id, edit", args: []string{"edit", "b99", "--text", "Something"}, want: `no entry with the id "b99"`, code: 1},
	{name: "unknown id, remove", args: []string{"remove", "b1", "t77"}, want: `no entry with the id "t77"`, code: 1},

	// Usage mistakes exit 2.
	{name: "unknown flag", args: []string{"add", "boundary", "red", "Something", "--colour", "blue"}, want: "flag provided but not defined", code: 2},
	{name: "unknown global flag", args: []string{"--colour", "list"}, want: "flag provided but not defined", code: 2},
	{name: "missing args", args: []string{"add", "boundary"}, want: "add boundary needs a light and some text", code: 2},
	{name: "missing args, trigger", args: []string{"add", "trigger", "smells"}, want: "needs a category and some text", code: 2},
	{name: "unknown command", args: []string{"frobnicate"}, want: "unknown command", code: 2},
	{name: "edit with nothing to change", args: []string{"edit", "b1"}, want: "edit needs something to change", code: 2},
	{name: "private and shared", args: []string{"edit", "b1", "--private", "--shared"}, code: 2},
	{name: "list too many args", args: []string{"list", "boundaries", "triggers"}, want: "at most one argument", code: 2},
	{name: "list unknown section", args: []string{"list", "partners"}, want: "nothing called", code: 2},

	// Commands that land later; fill in args/want after the merge.
	{name: "unknown partner", todo: "partner/export commands"},
	{name: "invalid recipient", todo: "partner add"},
	{name: "identity pasted as recipient", todo: "partner add"},
	{name: "output equals input", todo: "export/import"},
	{name: "binary to terminal", todo: "export"},
}

// TestBadInputs runs every bad input of the catalogue against a fresh
// copy of a small store and checks: the exit code, a first stderr line
// `attune: error: …` holding the expected words, only error/hint lines,
// no raw control bytes, and every file under the test's root (store,
// HOME, TMPDIR) byte-for-byte as it was before the run.
func TestBadInputs(t *testing.T) {
	tmpl := newEnv(t)
	tmpl.must("init", "--name", "Sam")
	tmpl.must("add", "boundary", "red", "Being held down", "--note", "wrists especially")
	tmpl.must("add", "trigger", "smells", "A particular aftershave", "--helps", "Open a window")
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			if tc.todo != "" {
				t.Skip("TODO: lands with " + tc.todo)
			}
			e := newEnv(t)
			if err := os.CopyFS(e.store, os.DirFS(tmpl.store)); err != nil {
				t.Fatal(err)
			}
			os.Chmod(e.store, 0o700)
			os.Chmod(filepath.Join(e.store, store.IdentityFile), 0o600)
			if tc.setup != nil {
				tc.setup(e)
			}
			before := snapshot(t, e.root)
			r := e.runEnv(tc.env, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if !strings.HasPrefix(lines[0], "attune: error: ") {
				t.Errorf("first stderr line is %q, want attune: error: …", lines[0])
			}
			if !strings.Contains(lines[0], tc.want) {
				t.Errorf("error %q does not say %q", lines[0], tc.want)
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "attune: hint: ") {
					t.Errorf("unexpected stderr line %q", l)
				}
			}
			if len(lines) > 2 {
				t.Errorf("stderr has %d lines, want at most an error and a hint", len(lines))
			}
			if c, ok := rawControl(r.stderr + r.stdout); ok {
				t.Errorf("output holds a raw control character %U: %q", c, r.stderr)
			}
			if d := diffSnapshots(before, snapshot(t, e.root)); d != "" {
				t.Errorf("files changed: %s", d)
			}
		})
	}
}
