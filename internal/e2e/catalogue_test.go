package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/plugin"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// badInput is one row of the catalogue: something a person (or a damaged
// or hostile file) can get wrong, and what attune must say.
type badInput struct {
	name  string
	setup func(e *env) // damages the store before the run (may be nil)
	args  []string
	env   []string // extra environment for the run
	stdin string   // standard input for the run (not with tty)
	want  string   // a fragment of the first stderr line (required)
	hint  string   // a fragment of the hint line, which must then be there
	code  int      // expected exit code
	// tty runs the command with its output on a terminal (through
	// script(1) from util-linux): stdout and stderr are then one stream.
	tty bool
	// secret must appear nowhere in what attune prints, not even twelve
	// characters of it in a row.
	secret string
	// noHint: there must be no hint line.
	noHint bool
	// never must appear nowhere in what attune prints.
	never string
}

// says reports whether msg (an error or hint line without its prefix)
// says fragment. A fragment is plain text, except that a leading ^ ties
// it to the start of msg and a trailing $ to its end, and {root} stands
// for the folder of the test's world (where attune runs).
func says(msg, fragment, root string) bool {
	text := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(fragment, "^"), "$"), "{root}", root)
	start, end := strings.HasPrefix(fragment, "^"), strings.HasSuffix(fragment, "$")
	switch {
	case start && end:
		return msg == text
	case start:
		return strings.HasPrefix(msg, text)
	case end:
		return strings.HasSuffix(msg, text)
	}
	return strings.Contains(msg, text)
}

// secretLeak returns twelve characters in a row of the secret key that
// out holds, or "".
func secretLeak(out, secret string) string {
	body := strings.TrimPrefix(secret, "AGE-SECRET-KEY-1")
	for i := 0; i+12 <= len(body); i++ {
		if strings.Contains(out, body[i:i+12]) {
			return body[i : i+12]
		}
	}
	return ""
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
	s, _ := e.open()
	os.WriteFile(s.IdentityPath(), []byte(id.String()+"\n"), 0o600)
}
func passphraseStore(e *env) {
	os.RemoveAll(e.store)
	if r := e.runEnv([]string{"ATTUNE_PASSPHRASE=right horse battery"}, "init", "--passphrase"); r.code != 0 {
		e.t.Fatalf("init --passphrase: %s", r.stderr)
	}
}
func chmodIdentity(mode os.FileMode) func(*env) {
	return func(e *env) { s, _ := e.open(); os.Chmod(s.IdentityPath(), mode) }
}

// otherRecipientConfig lists a public key that is not the store's in
// place of its own.
var otherRecipientConfig = replaceOwnKey("age1qcsmzh4cmvz06p8pp7lyfh0fcpq69sra7hayeq6us4pn7mqy3cvssyq4yr")

// pluginRecipientConfig lists someone else's plugin key (a hardware key,
// say) for a store whose own key is an ordinary one.
var pluginRecipientConfig = replaceOwnKey(plugin.EncodeRecipient("attunetest", []byte("someone else's key")))

// replaceOwnKey changes the store's one key in config.toml, by hand.
func replaceOwnKey(other string) func(*env) {
	return func(e *env) {
		path := filepath.Join(e.store, store.ConfigFile)
		text, _ := os.ReadFile(path)
		changed := regexp.MustCompile(`recipient = "[^"]*"`).ReplaceAllLiteralString(string(text), `recipient = "`+other+`"`)
		if changed == string(text) {
			e.t.Fatal("config.toml has no recipient to replace")
		}
		os.WriteFile(path, []byte(changed), 0o600)
	}
}

func writeConfig(text string) func(*env) {
	return func(e *env) { os.WriteFile(filepath.Join(e.store, store.ConfigFile), []byte(text), 0o600) }
}

// Partner-side helpers. Export files are written to the root of the
// test's world, which is the working folder of the run.
func exportPath(e *env) string { return filepath.Join(e.root, "from-alex.age") }

// writeExport writes an export by hand, signed by the partner's key on
// record and made for the store's key, as their attune would.
func writeExport(plain string) func(*env) {
	return func(e *env) { e.writeSealed(exportPath(e), []byte(plain)) }
}

// writeFile writes a file in the folder attune runs in.
func writeFile(name, text string) func(*env) {
	return func(e *env) {
		if err := os.WriteFile(filepath.Join(e.root, name), []byte(text), 0o600); err != nil {
			e.t.Fatal(err)
		}
	}
}

// writeUnsigned writes an export with no signature.
func writeUnsigned(plain string) func(*env) {
	return func(e *env) {
		_, k := e.open()
		if err := store.WriteEncrypted(exportPath(e), []byte(plain), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// writeTampered writes an export sealed as writeExport does, then changed
// by change (its plaintext) and encrypted again to the store's key: what
// anyone who has the public key can do.
func writeTampered(plain string, change func([]byte) []byte) func(*env) {
	return func(e *env) {
		_, k := e.open()
		if err := store.WriteEncrypted(exportPath(e), change(e.sealed([]byte(plain))), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// writeSignedBy writes an export signed with another key than the
// partner's on record (Mallory's, who knows the store's public key).
func writeSignedBy(plain string) func(*env) {
	return func(e *env) {
		mallory, _ := keys.NewSigningKey()
		s, k := e.open()
		withTo := "encrypted_to = [\"" + keys.RecipientFingerprint(s.Config.Recipients()[0]) + "\"]\n" + plain
		sealed, _ := export.Seal([]byte(withTo), mallory)
		if err := store.WriteEncrypted(exportPath(e), sealed, false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// writeMadeForOther writes an export signed by the partner but made for
// someone else's key, then encrypted to the store's: passed on.
func writeMadeForOther(plain string) func(*env) {
	return func(e *env) {
		other, _ := age.GenerateX25519Identity()
		_, k := e.open()
		withTo := "encrypted_to = [\"" + keys.RecipientFingerprint(other.Recipient().String()) + "\"]\n" + plain
		sealed, _ := export.Seal([]byte(withTo), testSigner)
		if err := store.WriteEncrypted(exportPath(e), sealed, false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// writeExportToOther encrypts a valid export to someone else's key.
func writeExportToOther(e *env) {
	id, _ := age.GenerateX25519Identity()
	if err := store.WriteEncrypted(exportPath(e), []byte(validExport), false, id.Recipient()); err != nil {
		e.t.Fatal(err)
	}
}

func exportBytes(b []byte) func(*env) {
	return func(e *env) { os.WriteFile(exportPath(e), b, 0o600) }
}

// then runs setups one after the other.
func then(setups ...func(*env)) func(*env) {
	return func(e *env) {
		for _, f := range setups {
			f(e)
		}
	}
}

// writePartnerFile replaces the stored import from Alex with any text,
// encrypted to the store's key.
func writePartnerFile(plain string) func(*env) {
	return func(e *env) {
		_, k := e.open()
		path := filepath.Join(e.store, e.partnerFile("Alex"))
		if err := store.WriteEncrypted(path, []byte(plain), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// editorSaves writes ./editor.sh, an editor stand-in that saves content
// over the file it is given, unless attune has reopened it with a
// problem (then it closes it unchanged: the person gives up).
func editorSaves(content string) func(*env) {
	return func(e *env) {
		script := "#!/bin/sh\ngrep -q '^# attune: NOT SAVED' \"$1\" && exit 0\ncat > \"$1\" <<'EOF'\n" + content + "EOF\n"
		if err := os.WriteFile(filepath.Join(e.root, "editor.sh"), []byte(script), 0o700); err != nil {
			e.t.Fatal(err)
		}
	}
}

// Another user's files in a shared folder (like /tmp) of the test's
// world, at the --output path: made with os.Lchown, so these rows run
// only as root and are skipped otherwise. A planted pipe has a listener,
// so that a run that wrongly opens it hands over its bytes (and fails
// the row) instead of hanging. A pipe of one's own that nobody reads is
// in outpaths_test.go, which can stop a run that waits.
func inShared(plant func(e *env, shared string)) func(*env) {
	return func(e *env) {
		needRoot(e.t)
		plant(e, sharedFolder(e.t, e, "shared", os.Geteuid()))
	}
}

var (
	othersPipe = inShared(func(e *env, shared string) {
		plantPipe(e.t, filepath.Join(shared, "card.html"), otherUID)
		listen(e.t, filepath.Join(shared, "card.html"))
	})
	othersLink = inShared(func(e *env, shared string) {
		os.WriteFile(filepath.Join(e.root, "home", "notes.txt"), []byte("my notes\n"), 0o600)
		plantLink(e.t, filepath.Join(e.root, "home", "notes.txt"), filepath.Join(shared, "card.txt"), otherUID)
	})
	othersFolderLink = inShared(func(e *env, shared string) {
		plantLink(e.t, filepath.Join(e.root, "home"), filepath.Join(shared, "evil-dir"), otherUID)
	})
)

// linkIntoStore makes name, in the folder attune runs in, a link to a
// file in the store.
func linkIntoStore(name string) func(*env) {
	return func(e *env) {
		notes := filepath.Join(e.store, "notes.txt")
		must(e.t, os.WriteFile(notes, []byte("my notes\n"), 0o600))
		must(e.t, os.Symlink(notes, filepath.Join(e.root, name)))
	}
}

// writeConfigPartner adds a partner with a key of their own.
// addPartnerWithKey adds a partner with this public key.
func addPartnerWithKey(name, key string) func(*env) {
	return func(e *env) { e.must("partner", "add", name, key) }
}

func writeConfigPartner(name string) func(*env) {
	return func(e *env) {
		id, _ := age.GenerateX25519Identity()
		e.must("partner", "add", name, id.Recipient().String())
	}
}

func backupPath(e *env) string { return filepath.Join(e.store, store.BackupFile) }
func removeBackup(e *env)      { os.Remove(backupPath(e)) }
func backupBytes(b string) func(*env) {
	return func(e *env) { os.WriteFile(backupPath(e), []byte(b), 0o600) }
}

// rawBackup encrypts any text to the store's key as the backup.
func rawBackup(plain string) func(*env) {
	return func(e *env) {
		_, k := e.open()
		if err := store.WriteEncrypted(backupPath(e), []byte(plain), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// backupToOtherKey makes the backup a valid map encrypted to someone
// else's key.
func backupToOtherKey(e *env) {
	id, _ := age.GenerateX25519Identity()
	if err := store.WriteEncrypted(backupPath(e), []byte(entryB1), false, id.Recipient()); err != nil {
		e.t.Fatal(err)
	}
}

// syncFails makes the disk report itself full when attune syncs its new
// file (fsync fails with ENOSPC, as it can where space is only taken at
// the sync: delayed allocation, network file systems, quotas).
func syncFails(e *env) { e.underStrace("fsync,fdatasync", "fsync,fdatasync:error=ENOSPC") }

// unwritableStore takes the write permission off the store folder; root
// then runs attune without its capabilities (setpriv), so that the
// permission stops it too.
func unwritableStore(e *env) {
	if os.Geteuid() == 0 {
		if out, err := exec.Command("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", "true").CombinedOutput(); err != nil {
			e.t.Skipf("cannot run attune without root's capabilities (setpriv): %v %s", err, out)
		}
		e.wrap = []string{"setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"}
	}
	os.Chmod(e.store, 0o500)
	e.t.Cleanup(func() { os.Chmod(e.store, 0o700) })
}
func flipBackup(e *env) {
	path := backupPath(e)
	data, _ := os.ReadFile(path)
	data[len(data)-10] ^= 0xff
	os.WriteFile(path, data, 0o600)
}

const (
	validExport = "version = 2\nname = \"Alex\"\nsafeword = \"orange\"\n" +
		"[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Being woken suddenly\"\nnote = \"a gentle voice first\"\n" +
		"[[trigger]]\nid = \"t1\"\ncategory = \"sounds\"\ntext = \"Shouting\"\nhelps = \"quiet and space\"\n"
	esc     = "\x1b"
	bel     = "\a"
	armored = "-----BEGIN AGE ENCRYPTED FILE-----\nbm90IGFuIGFnZSBmaWxl\n-----END AGE ENCRYPTED FILE-----\n"
	entryB1 = "version = 1\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Being held down\"\n"
)

// Partner's exports that several rows read.
const (
	notClosedExport   = "version = 2\nname = \"Alex\n" // line 3 once sealed
	colourCodesExport = "version = 2\nname = \"Alex\"\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"\\u001b[31mred\\u001b[0m \\u0007\"\n"
)

// badInputs is the catalogue. Adding a case is one line.
var badInputs = []badInput{
	// The store.
	{name: "missing store", setup: noStore, args: []string{"list"}, want: "^there is no attune store in {root}/store yet$", code: 1},
	{name: "missing store named with --dir", setup: noStore, args: []string{"--dir", "elsewhere", "list"}, want: "^there is no attune store in {root}/elsewhere yet$", hint: "^run `attune init`", code: 1},
	{name: "missing store, add", setup: noStore, args: []string{"add", "boundary", "red", "Something"}, want: "there is no attune store in ", code: 1},
	{name: "store already exists", args: []string{"init"}, want: "already an attune store", code: 1},
	{name: "damaged config", setup: writeConfig("recipient = [1, 2\n"), args: []string{"list"}, want: "config.toml is damaged", code: 1},
	{name: "config names someone else's key, add", setup: otherRecipientConfig, args: []string{"add", "boundary", "red", "Something"}, want: "do not include the key of your identity", code: 1},
	{name: "config names someone else's key, import", setup: then(writeExport(validExport), otherRecipientConfig), args: []string{"import", "from-alex.age"}, want: "do not include the key of your identity", code: 1},
	{name: "config names someone else's plugin key", setup: pluginRecipientConfig, args: []string{"add", "boundary", "red", "Something"}, want: "do not include the key of your identity", code: 1},
	{name: "config names someone else's key, key", setup: otherRecipientConfig, args: []string{"key"}, want: "do not include the key of your identity", code: 1},
	{name: "config with unknown key", setup: writeConfig("recipient = \"age1x\"\ncolour = \"blue\"\n"), args: []string{"list"}, want: "is damaged", code: 1},

	// Keys.
	{name: "wrong key", setup: otherKey, args: []string{"list"}, want: "this device's key is not one your map is encrypted to yet", hint: "attune key add age1", code: 1},
	{name: "wrong passphrase", setup: passphraseStore, args: []string{"list"}, env: []string{"ATTUNE_PASSPHRASE=wrong horse"}, want: "passphrase is not right", code: 1},
	{name: "wrong current passphrase, passphrase", setup: passphraseStore, args: []string{"passphrase"}, env: []string{"ATTUNE_PASSPHRASE=wrong horse", "ATTUNE_NEW_PASSPHRASE=a new one here"}, want: "passphrase is not right", code: 1},
	{name: "passphrase --remove without one", args: []string{"passphrase", "--remove"}, want: "your key has no passphrase; nothing was changed", code: 1},
	{name: "lax identity permissions", setup: chmodIdentity(0o644), args: []string{"list"}, want: "identity", code: 1},
	{name: "identity file missing", args: []string{"list", "--identity", "no-such-identity"}, want: "no-such-identity", code: 1},

	// The encrypted file.
	{name: "empty map file", setup: mapBytes(""), args: []string{"list"}, want: "the file is empty", code: 1},
	{name: "not age", setup: mapBytes("version = 1\n"), args: []string{"list"}, want: "not an age-encrypted file", code: 1},
	{name: "armored garbage", setup: mapBytes(armored), args: []string{"list"}, want: "map.toml.age", code: 1},
	{name: "truncated in the header", setup: truncateMap(40), args: []string{"list"}, want: "damaged", code: 1},
	{name: "truncated in the payload", setup: truncateMap(-20), args: []string{"list"}, want: "damaged", code: 1},
	{name: "truncated in the header's MAC line", setup: truncateMap(150), args: []string{"list"}, want: "map.toml.age: the file is damaged: it is cut short or was changed", hint: "if this is your map, `attune undo`", code: 1},
	{name: "truncated in the header's MAC line, add", setup: truncateMap(150), args: []string{"add", "boundary", "red", "Another"}, want: "the file is damaged", code: 1},
	{name: "flipped byte in the payload", setup: flipMap(-10), args: []string{"list"}, want: "the file is damaged", code: 1},
	{name: "flipped byte in the header", setup: flipMap(30), args: []string{"list"}, want: "map.toml.age", code: 1},
	{name: "flipped byte in the header's recipient stanza", setup: flipMap(40), args: []string{"list"}, want: "map.toml.age: the file is damaged", code: 1},
	{name: "damaged map, add", setup: flipMap(-10), args: []string{"add", "boundary", "red", "Something"}, want: "damaged", code: 1},

	// The TOML inside.
	{name: "invalid TOML", setup: rawMap("version = 1\nname = \n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "text not closed in the TOML", setup: rawMap("version = 1\n\n[[boundary]]\nid = \"b1\n"), args: []string{"list"}, want: "not valid TOML: line 4: a text is not closed", code: 1},
	{name: "text not closed in the TOML, add", setup: rawMap("version = 1\n\n[[boundary]]\nid = \"b1\n"), args: []string{"add", "boundary", "green", "Hugs"}, want: "not valid TOML", code: 1},
	{name: "invalid UTF-8", setup: rawMap("version = 1\nname = \"\xff\"\n"), args: []string{"list"}, want: "not valid UTF-8", code: 1},
	{name: "unknown key", setup: rawMap("version = 1\ncolour = \"blue\"\n"), args: []string{"list"}, want: "keys attune does not know: colour", code: 1},
	{name: "unknown key in an entry", setup: rawMap(entryB1 + "catgory = \"oops\"\n"), args: []string{"list"}, want: "keys attune does not know: boundary.catgory", code: 1},
	{name: "wrong type", setup: rawMap("version = \"one\"\n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "wrong type in an entry", setup: rawMap("version = 1\n[[boundary]]\nid = 1\n"), args: []string{"list"}, want: "not valid TOML", code: 1},
	{name: "no version", setup: rawMap("name = \"Sam\"\n"), args: []string{"list"}, want: "no version line", code: 1},
	{name: "newer version", setup: rawMap("version = 99\n"), args: []string{"list"}, want: "version 99; this attune reads versions up to 2", hint: "install a newer attune", code: 1},
	{name: "unknown light in the file", setup: rawMap(strings.Replace(entryB1, "red", "purple", 1)), args: []string{"list"}, want: `boundary b1: unknown light "purple"`, code: 1},
	{name: "bad id in the file", setup: rawMap(strings.Replace(entryB1, "b1", "x1", 1)), args: []string{"list"}, want: "the id must be b followed by a number", code: 1},
	{name: "duplicate id in the file", setup: rawMap(entryB1 + entryB1[len("version = 1\n"):]), args: []string{"list"}, want: "boundary b1: the id is used twice", code: 1},
	{name: "escape sequence in the file", setup: rawMap(strings.Replace(entryB1, "Being", `\u001b[31mBeing`, 1)), args: []string{"list"}, want: "control character", code: 1},
	{name: "empty text in the file", setup: rawMap(strings.Replace(entryB1, "Being held down", "", 1)), args: []string{"list"}, want: "empty", code: 1},

	// What people type.
	{name: "unknown light", args: []string{"add", "boundary", "purple", "Something"}, want: `^unknown light "purple"; valid lights are red, yellow, green$`, noHint: true, code: 2},
	{name: "mistyped light", args: []string{"add", "boundary", "rde", "Something"}, want: `unknown light "rde"`, hint: "did you mean red?", code: 2},
	{name: "unknown category", args: []string{"add", "trigger", "smels", "Smoke"}, want: "unknown category", hint: "did you mean smells?", code: 2},
	{name: "unknown intensity", args: []string{"add", "trigger", "smells", "Smoke", "--intensity", "hgh"}, want: "unknown intensity", hint: "did you mean high?", code: 2},
	{name: "unknown light, edit", args: []string{"edit", "b1", "--light", "purple"}, want: `unknown light "purple"`, code: 2},
	{name: "mistyped light, edit", args: []string{"edit", "b1", "--light", "rde"}, want: `unknown light "rde"`, hint: "did you mean red?", code: 2},
	{name: "unknown intensity, edit", args: []string{"edit", "t1", "--intensity", "hgh"}, want: "unknown intensity", hint: "did you mean high?", code: 2},
	{name: "unknown category filter", args: []string{"list", "--category", "smels"}, want: "unknown category", hint: "did you mean smells?", code: 2},
	{name: "unknown light filter", args: []string{"list", "--light", "blue"}, want: "unknown light", code: 2},
	{name: "empty text", args: []string{"add", "boundary", "red", ""}, want: "text is empty", code: 1},
	{name: "blank text", args: []string{"add", "boundary", "red", "   "}, want: "text is empty", code: 1},
	{name: "invisible text", args: []string{"add", "boundary", "red", "\u200b"}, want: "text has no visible characters", code: 1},
	{name: "Hangul filler text", args: []string{"add", "boundary", "red", "\u3164"}, want: "text has no visible characters", code: 1},
	{name: "private-use text", args: []string{"add", "boundary", "red", "\ue000\U000F0000"}, want: "text has no visible characters", code: 1},
	{name: "invisible note in edit", args: []string{"edit", "b1", "--note", "\u200b\u200d"}, want: "note has no visible characters", code: 1},
	{name: "oversize text", args: []string{"add", "boundary", "red", strings.Repeat("é", 1001)}, want: "longer than 1000 characters", code: 1},
	{name: "oversize text typed decomposed", args: []string{"add", "boundary", "red", strings.Repeat("e\u0301", 1001)}, want: "longer than 1000 characters (1001)", code: 1},
	{name: "control character", args: []string{"add", "boundary", "red", "bell" + bel}, want: "control character", code: 1},
	{name: "escape sequence", args: []string{"add", "boundary", "red", "escape " + esc + "[31mred"}, want: "control character (U+001B)", code: 1},
	{name: "OSC 52 in helps", args: []string{"add", "trigger", "smells", "Smoke", "--helps", "osc " + esc + "]52;c;aGk=" + bel}, want: "helps contains a control character", code: 1},
	{name: "escape sequence in edit", args: []string{"edit", "b1", "--note", esc + "[2J"}, want: "control character", code: 1},
	{name: "escape sequence in set", args: []string{"set", "safeword", esc + "]0;title" + bel}, want: "control character", code: 1},
	{name: "unknown id, edit", args: []string{"edit", "b99", "--text", "Something"}, want: `no entry with the id "b99"`, code: 1},
	{name: "unknown id, remove", args: []string{"remove", "b1", "t77"}, want: `no entry with the id "t77"`, code: 1},

	// Usage mistakes exit 2.
	{name: "unknown flag", args: []string{"add", "boundary", "red", "Something", "--colour", "blue"}, want: "^unknown flag --colour for attune add boundary$", hint: "^see `attune add boundary --help`$", code: 2},
	{name: "unknown global flag", args: []string{"--colour", "list"}, want: "unknown flag --colour", code: 2},
	{name: "global flag with a bad value", args: []string{"--no-color=maybe", "list"}, want: `^invalid boolean value "maybe" for --no-color$`, hint: "^see `attune --help`$", code: 2},
	{name: "flag without its value, last", args: []string{"edit", "b1", "--text"}, want: "^--text needs a value$", code: 2},
	{name: "flag without its value, after text", args: []string{"add", "boundary", "red", "Something", "--note"}, want: "--note needs a value", code: 2},
	{name: "flag without its value, before another flag", args: []string{"add", "boundary", "red", "Choking", "--note", "--private"}, want: "--note needs a value", code: 2},
	{name: "flag without its value, before --", args: []string{"edit", "b1", "--text", "--", "New words"}, want: "--text needs a value", code: 2},
	{name: "global flag without its value", args: []string{"list", "--dir"}, want: "--dir needs a value", code: 2},
	{name: "import --as without a name", args: []string{"import", "from-alex.age", "--as"}, want: "--as needs a value", code: 2},
	{name: "add alone", args: []string{"add"}, want: "attune add needs one of its commands: boundary, trigger, sign, aftercare or curious", code: 2},
	{name: "partner alone", args: []string{"partner"}, want: "attune partner needs one of its commands: add, list, verify or remove", code: 2},
	{name: "missing args", args: []string{"add", "boundary"}, want: "^add boundary needs a light$", code: 2},
	{name: "missing args, trigger", args: []string{"add", "trigger", "smells"}, want: "add trigger needs some text", code: 2},
	{name: "unknown command", args: []string{"frobnicate"}, want: "unknown command", code: 2},
	{name: "unknown subcommand of add", args: []string{"add", "boundry", "red", "x"}, want: `unknown command "boundry"`, code: 2},
	{name: "unknown subcommand of partner", args: []string{"partner", "foo"}, want: `unknown command "foo"`, code: 2},
	{name: "edit with nothing to change", args: []string{"edit", "b1"}, want: "edit needs something to change", code: 2},
	{name: "private and shared", args: []string{"edit", "b1", "--private", "--shared"}, want: "--private and --shared cannot be used together", code: 2},
	{name: "private given twice, two ways", args: []string{"edit", "b1", "--private", "--private=false"}, want: "^--private is given twice, with two values$", hint: "give it once", code: 2},
	{name: "a light given twice", args: []string{"list", "--light", "red", "--light", "green"}, want: "^--light is given twice, with two values$", code: 2},
	{name: "not private and not shared", args: []string{"edit", "b1", "--private=false", "--shared=false"}, want: "--private and --shared cannot be used together", code: 2},
	{name: "not shared, and shared with", args: []string{"edit", "b1", "--shared=false", "--share-with", "Alex"}, want: "--shared=false and --share-with cannot be used together", code: 2},
	{name: "list too many args", args: []string{"list", "boundaries", "triggers"}, want: "at most one argument", code: 2},
	{name: "list triggers by light", args: []string{"list", "triggers", "--light", "red"}, want: "list triggers has no --light", code: 2},
	{name: "list boundaries by category", args: []string{"list", "boundaries", "--category", "smells"}, want: "list boundaries has no --category", code: 2},
	{name: "list unknown section", args: []string{"list", "partners"}, want: "nothing called", code: 2},

	// Partners and their keys.
	{name: "unknown partner, export", args: []string{"export", "--partner", "Nobody", "--output", "x.age"}, want: `^there is no partner called "Nobody"$`, hint: "^your partners: Alex$", code: 1},
	{name: "unknown partner, export to standard output", args: []string{"export", "--partner", "Nobody"}, want: `there is no partner called "Nobody"`, code: 1},
	{name: "unknown partner, list", args: []string{"list", "--partner", "Nobody"}, want: `nothing has been imported from "Nobody" yet`, code: 1},
	{name: "unknown partner, summary", args: []string{"summary", "--partner", "Nobody"}, want: `nothing has been imported from "Nobody"`, code: 1},
	{name: "unknown partner, remove", args: []string{"partner", "remove", "Nobody"}, want: `there is no partner called "Nobody"`, hint: "your partners: Alex", code: 1},
	{name: "invalid recipient", args: []string{"partner", "add", "Blake", "age1notakey"}, want: "^public key 1: malformed age public key", code: 1},
	{name: "not a public key at all", args: []string{"partner", "add", "Blake", "hello"}, want: "public key 1: not a recognised public key", code: 1},
	{name: "invalid recipient, export --to", args: []string{"export", "--to", "age1notakey", "--output", "x.age"}, want: "malformed age public key", code: 1},
	{name: "SSH key without quotes", args: []string{"partner", "add", "Blake", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAA"}, want: "only the word ssh-ed25519", hint: "quotes", code: 1},
	{name: "identity pasted as recipient", args: []string{"partner", "add", "Blake", pastedSecretArg}, secret: pastedSecretArg, want: "this is a secret key (an identity), not a public key", hint: "share only the public key", code: 1},
	{name: "identity in a keys file", setup: writeFile("blake.txt", "# created: 2026-11-26T10:16:59Z\n"+pastedSecretArg+"\n"), args: []string{"partner", "add", "Blake", "--file", "blake.txt"}, secret: pastedSecretArg, want: "blake.txt: line 2: this is a secret key", code: 1},
	{name: "export --to a partner's key and another's", args: []string{"export", "--to", alexKeyArg, "--to", blakeKeyArg, "--output", "x.age"},
		want: "^some of the keys given are Alex's and some are not: an export for Alex holds what you share with them, and is theirs alone$", hint: "export to Alex with --partner Alex, and to the other keys in a second export", code: 1},
	{name: "export --to two partners' keys", setup: addPartnerWithKey("Robin", blakeKeyArg), args: []string{"export", "--to", alexKeyArg, "--to", blakeKeyArg, "--output", "x.age"},
		want: "^the keys given are Alex's and Robin's: each partner gets an export of their own$", hint: "export to each of them with --partner NAME", code: 1},
	{name: "identity pasted as recipient, export --to", args: []string{"export", "--to", pastedSecretArg, "--output", "x.age"}, secret: pastedSecretArg, want: "this is a secret key", code: 1},
	{name: "duplicate partner name", args: []string{"partner", "add", "alex", alexKeyArg}, want: `you already have a partner called "Alex"`, hint: "to change their keys: attune partner add Alex KEY-LINE --replace; or choose another name", code: 1},
	{name: "duplicate partner name, keys from a file", setup: writeFile("alex.txt", alexKeyArg+"\n"), args: []string{"partner", "add", "alex", "--file", "alex.txt"}, want: `you already have a partner called "Alex"`, hint: "to change their keys: attune partner add Alex KEY-LINE --replace; or choose another name", code: 1},
	{name: "PQ and classic keys mixed", args: []string{"partner", "add", "Blake", alexKeyArg, pqKeyArg}, want: "cannot be used together", code: 1},
	{name: "PQ and classic keys mixed in two files", setup: then(writeFile("pq.txt", pqKeyArg+"\n"), writeFile("blake.txt", blakeKeyArg+"\n")), args: []string{"partner", "add", "Blake", "--file", "pq.txt", "--file", "blake.txt"}, want: "post-quantum keys (age1pq1…) and classic keys", code: 1},
	{name: "partner name with a slash", args: []string{"partner", "add", "../Blake", alexKeyArg}, want: "cannot contain", code: 1},
	{name: "partner name with an escape", args: []string{"partner", "add", "Bl" + esc + "[2Jake", alexKeyArg}, want: "control character", code: 1},
	{name: "PQ and classic keys mixed in the map, export", setup: func(e *env) {
		rawMap("version = 1\n[[partner]]\nname = \"Alex\"\nrecipients = [\"" + alexKeyArg + "\", \"" + pqKeyArg + "\"]\n")(e)
	}, args: []string{"export", "--partner", "Alex", "--output", "x.age"}, want: "cannot be used together", code: 1},
	{name: "two key lines", args: []string{"partner", "add", "Blake", alexKeyLine, otherKeyLine}, want: "two key lines were given", code: 2},
	{name: "key line cut short", args: []string{"partner", "add", "Blake", "attune:" + alexKeyArg}, want: "the key line is cut short", code: 1},
	{name: "key line with a damaged signing key", args: []string{"partner", "add", "Blake", alexKeyLine[:len(alexKeyLine)-6]}, want: "the signing key in the key line is damaged", code: 1},
	{name: "key line in a file, damaged", setup: writeFile("blake.txt", "# Blake\nattune:"+alexKeyArg+"\n"), args: []string{"partner", "add", "Blake", "--file", "blake.txt"}, want: "blake.txt: line 2: the key line is cut short", code: 1},
	{name: "a key that is another partner's", args: []string{"partner", "add", "Blake", alexKeyLine}, want: "this key is already Alex's", code: 1},
	{name: "key line whose signing key is not the one on record", setup: func(e *env) { e.recordTestSigner("Kim") }, args: []string{"partner", "add", "Kim", otherKeyLine}, want: "is not the one Kim's files were signed with", code: 1},
	{name: "partner replaced with no key", setup: writeConfigPartner("Robin"), args: []string{"partner", "add", "Robin", "--replace"}, want: "no public key given", code: 2},
	{name: "verify without a signing key", setup: writeConfigPartner("Robin"), args: []string{"partner", "verify", "Robin"}, want: "you have not both of Robin's public keys yet", code: 1},
	{name: "verify someone who is not a partner", args: []string{"partner", "verify", "Nobody"}, want: `there is no partner called "Nobody"`, code: 1},
	{name: "verify with no name", args: []string{"partner", "verify"}, want: "partner verify needs", code: 2},
	{name: "partner add without a key", args: []string{"partner", "add", "Blake"}, want: "no public key given", code: 2},
	{name: "partner keys file missing", args: []string{"partner", "add", "Blake", "--file", "no-such-keys.txt"}, want: "there is no file no-such-keys.txt", code: 1},

	// export.
	{name: "export with neither --partner nor --to", args: []string{"export", "--output", "x.age"}, want: "export needs --partner NAME or --to PUBLIC-KEY", code: 2},
	{name: "export with both --partner and --to", args: []string{"export", "--partner", "Alex", "--to", alexKeyArg}, want: "cannot be used together", code: 2},
	{name: "output equals input", args: []string{"export", "--partner", "Alex", "--output", "store/" + store.MapFile}, want: "inside your store", code: 1},
	{name: "output over the backup", args: []string{"export", "--partner", "Alex", "--output", "store/" + store.BackupFile}, want: "inside your store", code: 1},
	{name: "output a new file in the store", args: []string{"export", "--partner", "Alex", "--output", "store/new.age"}, want: "inside your store", code: 1},
	{name: "output over the identity", args: []string{"export", "--partner", "Alex", "--output", "store/" + store.IdentityFile}, want: "inside your store", code: 1},
	{name: "output through a link into the store", setup: linkIntoStore("into-store.age"), args: []string{"export", "--partner", "Alex", "--output", "into-store.age"}, want: "inside your store", code: 1},
	{name: "output in a missing folder", args: []string{"export", "--partner", "Alex", "--output", "no-such-folder/x.age"}, want: "^there is no folder no-such-folder to write the export in$", code: 1},
	{name: "output is a folder", args: []string{"export", "--partner", "Alex", "--output", "home"}, want: "home is a folder", code: 1},
	{name: "binary to terminal", tty: true, args: []string{"export", "--partner", "Alex"}, want: "refusing to write an encrypted file to the terminal", code: 2},
	{name: "binary to the terminal by name", tty: true, args: []string{"export", "--partner", "Alex", "--output", "/dev/stdout"}, want: "refusing to write an encrypted file to the terminal", code: 2},
	{name: "export for someone who is not a partner, at a terminal", tty: true, args: []string{"export", "--partner", "Sam"}, want: `there is no partner called "Sam"`, code: 1},
	{name: "export -R a missing file", args: []string{"export", "-R", "no-such-keys.txt", "--output", "x.age"}, want: "there is no file no-such-keys.txt", code: 1},

	// The whole map in an editor: what the editor saves is refused, the
	// file opened again with the problem, and given up, nothing changes.
	{name: "editor saves invalid TOML", setup: editorSaves("name = \"Sam\"\n[[boundary]]\nid = \"b1\n"), args: []string{"edit"}, env: []string{"EDITOR=./editor.sh"}, want: "the file was not saved (line 3", code: 1},
	{name: "editor saves an unknown light", setup: editorSaves("[[boundary]]\nid = \"b1\"\nlight = \"purple\"\ntext = \"x\"\n"), args: []string{"edit"}, env: []string{"EDITOR=./editor.sh"}, want: `unknown light "purple"`, code: 1},
	{name: "editor saves an unknown key", setup: editorSaves("colour = \"blue\"\n"), args: []string{"edit"}, env: []string{"EDITOR=./editor.sh"}, want: "attune does not know colour", code: 1},
	{name: "editor saves an id that is not there", setup: editorSaves("[[trigger]]\nid = \"t9\"\ncategory = \"smells\"\ntext = \"x\"\n"), args: []string{"edit"}, env: []string{"EDITOR=./editor.sh"}, want: "t9 is not the id of a trigger of your map", code: 1},
	{name: "editor fails", setup: editorSaves(""), args: []string{"edit"}, env: []string{"EDITOR=false"}, want: "the editor ended with an error", code: 1},
	{name: "edit flags without an id", args: []string{"edit", "--note", "x"}, want: "--note needs the id of an entry", code: 2},

	// Text off the command line, and outputs.
	{name: "two fields from standard input", args: []string{"add", "trigger", "smells", "-", "--helps", "-"}, want: "text and --helps both ask for standard input", code: 2},
	{name: "three fields from standard input, edit", args: []string{"edit", "t1", "--text", "-", "--note", "-", "--helps", "-"}, want: "both ask for standard input", code: 2},
	{name: "no text off a terminal", args: []string{"add", "boundary", "red"}, want: "add boundary needs some text", code: 2},
	{name: "duplicate boundary", args: []string{"add", "boundary", "green", "being HELD  down"}, want: "you already have this boundary: b1 ■ STOP: Being held down", code: 1},
	{name: "duplicate trigger", args: []string{"add", "trigger", "smell", "a particular AFTERSHAVE"}, want: "you already have this trigger: t1 Smells", code: 1},
	{name: "summary --format contradicts --output", args: []string{"summary", "--format", "markdown", "--output", "card.html"}, want: "--format markdown does not match card.html", code: 2},
	{name: "import - from a terminal", tty: true, args: []string{"import", "-"}, want: "standard input is a terminal, so the export can't be read from it", code: 2},
	{name: "partner add --file - from a terminal", tty: true, args: []string{"partner", "add", "Robin", "--file", "-"}, want: "standard input is a terminal, so the public keys can't be read from it", code: 2},
	{name: "words after a flag's value", args: []string{"add", "boundary", "green", "Kissing", "--note", "not", "on", "the", "neck"}, want: `"on the neck" follows --note's value "not"`, code: 2},
	{name: "a light and a word that could be one", args: []string{"add", "boundary", "green", "Light", "spanking"}, want: `"green Light" could be the light "green Light"`, code: 2},
	{name: "-i with an intensity", args: []string{"add", "trigger", "touch", "A hand", "-i", "low"}, want: "-i is --identity", code: 2},
	{name: "unknown command with a suggestion", args: []string{"lsit"}, want: `unknown command "lsit"`, code: 2},

	// import, and exports a partner sent (untrusted input).
	// Who made an export: signed with the key on record, for this key.
	{name: "unsigned export, import", setup: writeUnsigned(validExport), args: []string{"import", "from-alex.age"}, want: "from-alex.age is not signed, so attune can't tell who made it", code: 1},
	{name: "unsigned export, list --from", setup: writeUnsigned(validExport), args: []string{"list", "--from", "from-alex.age"}, want: "is not signed", code: 1},
	{name: "unsigned export, summary --from", setup: writeUnsigned(validExport), args: []string{"summary", "--from", "from-alex.age"}, want: "is not signed", code: 1},
	{name: "export with its signature removed", setup: writeTampered(validExport, func(b []byte) []byte {
		return b[:bytes.Index(b, []byte("# -----BEGIN SSH SIGNATURE"))]
	}), args: []string{"import", "from-alex.age"}, want: "is not signed", code: 1},
	{name: "export with one byte changed", setup: writeTampered(validExport, func(b []byte) []byte {
		return bytes.Replace(b, []byte("Being woken suddenly"), []byte("Being woken suddenlY"), 1)
	}), args: []string{"import", "from-alex.age"}, want: "the signature does not match the content: the file was changed after it was signed", code: 1},
	{name: "export with something after its signature", setup: writeTampered(validExport, func(b []byte) []byte {
		return append(b, []byte("[[boundary]]\nid = \"b9\"\nlight = \"green\"\ntext = \"Added after\"\n")...)
	}), args: []string{"import", "from-alex.age"}, want: "the file has something after its signature", code: 1},
	{name: "export signed by someone else, import", setup: writeSignedBy(validExport), args: []string{"import", "from-alex.age"}, want: "from-alex.age says it is from Alex, but it was not signed with Alex's key: someone else may have made it", code: 1},
	{name: "export signed by someone else, list --from", setup: writeSignedBy(validExport), args: []string{"list", "--from", "from-alex.age"}, want: "was not signed with Alex's key", code: 1},
	{name: "export signed by someone else, summary --from", setup: writeSignedBy(validExport), args: []string{"summary", "--from", "from-alex.age"}, want: "was not signed with Alex's key", code: 1},
	{name: "export made for someone else's key", setup: writeMadeForOther(validExport), args: []string{"import", "from-alex.age"}, want: "from-alex.age was not made for you", code: 1},
	{name: "export kept under another partner's name", setup: then(writeConfigPartner("Robin"), writeExport(validExport)), args: []string{"import", "from-alex.age", "--as", "Robin"}, want: "is to be kept as Robin's, but it was signed with Alex's key", code: 1},
	{name: "export that says who may see its entries", setup: writeExport(strings.Replace(validExport, "text = \"Shouting\"\n", "text = \"Shouting\"\nshare_with = [\"Sam\"]\n", 1)), args: []string{"import", "from-alex.age"}, want: "says who may see its entries", code: 1},
	{name: "import with no file", args: []string{"import"}, want: "import needs a file", code: 2},
	{name: "import of a folder", args: []string{"import", "home"}, want: "home is a folder, not an export file", code: 1},
	{name: "list --from a folder", args: []string{"list", "--from", "home"}, want: "home is a folder, not an export file", code: 1},
	{name: "import of a missing file", args: []string{"import", "no-such-export.age"}, want: "there is no file no-such-export.age", code: 1},
	{name: "import, wrong key", setup: writeExportToOther, args: []string{"import", "from-alex.age"}, want: "from-alex.age: the file was not encrypted to your key", hint: "it was made for someone else's key", code: 1},
	{name: "import, not age", setup: exportBytes([]byte(validExport)), args: []string{"import", "from-alex.age"}, want: "not an age-encrypted file", code: 1},
	{name: "import, oversize file", setup: exportBytes(make([]byte, 3<<20)), args: []string{"import", "from-alex.age"}, want: "more than a shared map ever needs", code: 1},
	{name: "import, oversize content", setup: writeExport(validExport + "# " + strings.Repeat("x", 1<<20) + "\n"), args: []string{"import", "from-alex.age"}, want: "more than the 1048576 attune reads from a file it did not write", code: 1},
	{name: "import, oversize content of many lines", setup: writeExport(validExport + strings.Repeat("# a comment line that makes the file larger and larger\n", 20000)), args: []string{"import", "from-alex.age"}, want: "more than 1048576 bytes", code: 1},
	{name: "import, bad TOML", setup: writeExport("version = 1\nname = \n"), args: []string{"import", "from-alex.age"}, want: "from-alex.age: line 3: a value is missing", code: 1},
	{name: "import, text not closed in the TOML", setup: writeExport(notClosedExport), args: []string{"import", "from-alex.age"}, want: "from-alex.age: line 3: a text is not closed on its line", hint: "ask your partner to export it again", never: "undo", code: 1},
	{name: "summary --from, text not closed in the TOML", setup: writeExport(notClosedExport), args: []string{"summary", "--from", "from-alex.age"}, want: "line 3: a text is not closed", hint: "ask your partner to export it again", never: "undo", code: 1},
	{name: "list --from, text not closed in the TOML", setup: writeExport(notClosedExport), args: []string{"list", "--from", "from-alex.age"}, want: "line 3: a text is not closed", hint: "ask your partner to export it again", never: "undo", code: 1},
	{name: "import, raw escape byte in the TOML", setup: writeExport("version = 1\nname = \"Al" + esc + "[2Jex\"\n"), args: []string{"import", "from-alex.age"}, want: "from-alex.age", code: 1},
	{name: "import, colour codes in a text", setup: writeExport(colourCodesExport), args: []string{"import", "from-alex.age"}, want: "boundary b1: text contains a control character (U+001B)", code: 1},
	{name: "list --from, colour codes in a text", setup: writeExport(colourCodesExport), args: []string{"list", "--from", "from-alex.age"}, want: "control character", code: 1},
	{name: "import, a window title in the name", setup: writeExport("version = 2\nname = \"\\u001b]0;owned\\u0007Alex\"\n"), args: []string{"import", "from-alex.age"}, want: "name contains a control character (U+001B)", code: 1},
	{name: "import, unknown key", setup: writeExport(strings.Replace(validExport, "\n", "\ncolour = \"blue\"\n", 1)), args: []string{"import", "from-alex.age"}, want: "keys attune does not know: colour", code: 1},
	{name: "import, unknown key in an entry", setup: writeExport("version = 2\n[[trigger]]\nid = \"t1\"\ncatgory = \"smells\"\ntext = \"Smoke\"\n"), args: []string{"import", "from-alex.age"}, want: "keys attune does not know: trigger.catgory", code: 1},
	{name: "import, partner keys inside", setup: writeExport("version = 2\nname = \"Alex\"\n[[partner]]\nname = \"Sam\"\nrecipients = [\"" + alexKeyArg + "\"]\n"), args: []string{"import", "from-alex.age"}, want: "holds partner keys", code: 1},
	{name: "list --from, partner keys inside", setup: writeExport("version = 2\nname = \"Alex\"\n[[partner]]\nname = \"Sam\"\nrecipients = [\"" + alexKeyArg + "\"]\n"), args: []string{"list", "--from", "from-alex.age"}, want: "holds partner keys", code: 1},
	{name: "import, newer version", setup: writeExport("version = 99\nname = \"Alex\"\n"), args: []string{"import", "from-alex.age"}, want: "version 99", code: 1},
	{name: "import with no name and no --as", setup: writeExport(strings.Replace(validExport, "name = \"Alex\"\n", "", 1)), args: []string{"import", "from-alex.age"}, want: "has no name", hint: "name it with --as NAME", code: 1},
	{name: "import --as a bad name", setup: writeExport(validExport), args: []string{"import", "from-alex.age", "--as", ".hidden"}, want: "cannot start with a dot", code: 1},
	{name: "import, a name with a slash", setup: writeExport("version = 2\nname = \"a/b\"\n"), args: []string{"import", "from-alex.age"}, want: `^the name in from-alex.age, "a/b", cannot be used: a partner name cannot contain '/'$`, hint: "^name them yourself: attune import from-alex.age --as NAME$", code: 1},
	{name: "list --from, wrong key", setup: writeExportToOther, args: []string{"list", "--from", "from-alex.age"}, want: "was not encrypted to your key", code: 1},
	{name: "summary --from, wrong key", setup: writeExportToOther, args: []string{"summary", "--from", "from-alex.age"}, want: "was not encrypted to your key", hint: "it was made for someone else's key", code: 1},
	{name: "import dated in the future", setup: writeExport("exported = 2999-01-01T00:00:00Z\n" + validExport), args: []string{"import", "from-alex.age"}, want: "which is in the future, so it is not imported", code: 1},
	{name: "undated import over a dated one", setup: then(writePartnerFile("exported = 2026-03-01T10:00:00Z\n"+validExport), writeExport(validExport)), args: []string{"import", "from-alex.age"}, want: "has no date, so attune can't tell whether it is older than the one you have from Alex", code: 1},
	{name: "stored import dated in the future, real export refused as older", setup: then(writePartnerFile("exported = 2999-01-01T00:00:00Z\n"+validExport), writeExport("exported = 2026-03-01T10:00:00Z\n"+validExport)), args: []string{"import", "from-alex.age"}, want: "the map you have from Alex says it was made on 1 January 2999, which is in the future", code: 1},
	{name: "damaged stored import", setup: writePartnerFile("version = 1\nname = [\n"), args: []string{"list", "--partner", "Alex"}, want: "the map you imported from Alex: line 2: a list is not closed", code: 1},
	{name: "stored import with an escape", setup: writePartnerFile(strings.Replace(validExport, "Shouting", `\u001b[2JShouting`, 1)), args: []string{"summary", "--partner", "Alex"}, want: "control character", code: 1},
	{name: "--partner with --from, list", args: []string{"list", "--partner", "Alex", "--from", "from-alex.age"}, want: "--partner and --from cannot be used together", code: 2},
	{name: "--partner with --from, summary", args: []string{"summary", "--partner", "Alex", "--from", "from-alex.age"}, want: "--partner and --from cannot be used together", code: 2},
	{name: "list --partner with no name", args: []string{"list", "--partner", ""}, want: "^--partner needs a name$", code: 2},
	{name: "summary --partner with no name", args: []string{"summary", "--partner", ""}, want: "^--partner needs a name$", code: 2},
	{name: "list --from with no file", args: []string{"list", "--from", ""}, want: "^--from needs a file name$", code: 2},
	{name: "summary --from with no file", args: []string{"summary", "--from", ""}, want: "^--from needs a file name$", code: 2},

	// summary.
	{name: "summary unknown format", args: []string{"summary", "--format", "pdf"}, want: `unknown format "pdf"`, code: 2},
	{name: "summary --output inside the store", args: []string{"summary", "--output", "store/summary.txt"}, want: "inside your store", code: 1},
	{name: "summary --output over the map", args: []string{"summary", "--output", "store/" + store.MapFile}, want: "inside your store", code: 1},
	{name: "summary --output to another user's pipe in a shared folder", setup: othersPipe, args: []string{"summary", "--output", "shared/card.html"}, want: "it is a named pipe that belongs to another user (uid 54321)", code: 1},
	{name: "export --output to another user's pipe in a shared folder", setup: othersPipe, args: []string{"export", "--partner", "Alex", "--output", "shared/card.html"}, want: "it is a named pipe that belongs to another user (uid 54321)", code: 1},
	{name: "summary --output through another user's link in a shared folder", setup: othersLink, args: []string{"summary", "--output", "shared/card.txt"}, want: "it is a link that belongs to another user (uid 54321)", code: 1},
	{name: "export --output through another user's link in a shared folder", setup: othersLink, args: []string{"export", "--partner", "Alex", "--output", "shared/card.txt"}, want: "it is a link that belongs to another user (uid 54321)", code: 1},
	{name: "summary --output through another user's link to a folder", setup: othersFolderLink, args: []string{"summary", "--output", "shared/evil-dir/card.txt"}, want: "evil-dir is a link that belongs to another user (uid 54321)", code: 1},
	{name: "summary --include-private of a partner", args: []string{"summary", "--partner", "Alex", "--include-private"}, want: "only for your own map", code: 2},
	{name: "summary --title empty", args: []string{"summary", "--title", "", "--format", "html"}, want: "title is empty", hint: `for example --title "Notes for Alex"`, code: 2},
	{name: "summary --title invisible", args: []string{"summary", "--title", "\u200b\u200d"}, want: "title has no visible characters", hint: "leave out --title", code: 2},
	{name: "summary --title too long", args: []string{"summary", "--title", strings.Repeat("Notes ", 14), "-f", "html"}, want: "title is longer than 80 characters (83)", hint: "a few words are enough", code: 2},
	{name: "summary --title on two lines", args: []string{"summary", "--title", "Notes\nfor Alex"}, want: "title is one line, and a line break follows character 5", hint: "put it on one line", code: 2},
	{name: "text of two lines from standard input", args: []string{"add", "boundary", "red", "-"}, stdin: "Being held\ndown\n", want: "^text is one line, and a line break follows character 10$", hint: "a note can hold several lines", code: 1},
	{name: "stop word of two lines from standard input", args: []string{"set", "stop-word", "-"}, stdin: "mango\npapaya\n", want: "stop word is one line", hint: "^put it on one line$", code: 1},
	{name: "summary --title with an escape", args: []string{"summary", "--title", "Notes " + esc + "]0;x" + bel, "-f", "html", "--output", "card.html"}, want: "title contains a control character (U+001B)", code: 2},
	{name: "summary --show-name without --title", args: []string{"summary", "--show-name", "-f", "html"}, want: "--show-name goes with --title", hint: "the name is in the usual heading already", code: 2},

	// undo, unlock, completion.
	{name: "undo with no backup", setup: removeBackup, args: []string{"undo"}, want: "there is no earlier version of your map", code: 1},
	{name: "undo with damaged backup", setup: flipBackup, args: []string{"undo"}, want: "the earlier version cannot be used, so nothing was changed", code: 1},
	{name: "undo with a backup that is not age", setup: backupBytes("version = 1\n"), args: []string{"undo"}, want: "map.toml.age.bak: the file is not an age-encrypted file", code: 1},
	{name: "undo with a backup to someone else's key", setup: backupToOtherKey, args: []string{"undo"}, want: "map.toml.age.bak: the file was not encrypted to your key", code: 1},
	{name: "undo with a backup of invalid TOML", setup: rawBackup("version = 1\nname = \n"), args: []string{"undo"}, want: "map.toml.age.bak: the map is not valid TOML", code: 1},
	{name: "undo with a backup from a newer attune", setup: rawBackup("version = 99\n"), args: []string{"undo"}, want: "map.toml.age.bak: the map has version 99", code: 1},
	{name: "undo on a full disk", setup: syncFails, args: []string{"undo"}, want: "the disk is full, so the change could not be saved; nothing was changed", code: 1},
	{name: "undo in a folder it may not write", setup: unwritableStore, args: []string{"undo"}, want: "permission denied", code: 1},
	{name: "add on a full disk", setup: syncFails, args: []string{"add", "boundary", "red", "Something"}, want: "the disk is full, so the change could not be saved; nothing was changed", code: 1},
	{name: "add in a folder it may not write", setup: unwritableStore, args: []string{"add", "boundary", "red", "Something"}, want: "permission denied", code: 1},
	{name: "undo with an argument", args: []string{"undo", "2"}, want: "undo takes no arguments", code: 2},
	{name: "unlock on unprotected identity", args: []string{"unlock"}, want: "has no passphrase, so there is nothing to unlock", code: 1},
	{name: "unlock for too long", args: []string{"unlock", "--for", "48h"}, want: "--for takes a duration from 1s to 24h", code: 2},
	{name: "completion with unknown shell", args: []string{"completion", "tcsh"}, want: `no completion for the shell "tcsh"`, code: 2},
	{name: "completion with no shell", args: []string{"completion"}, want: "completion needs a shell", code: 2},
}

// Keys for the partner rows, made once. pastedSecretArg is a secret key
// someone pastes where a public key belongs: it must never be printed.
var alexKeyArg, pastedSecretArg, pqKeyArg = func() (string, string, string) {
	alex, _ := age.GenerateX25519Identity()
	secret, _ := age.GenerateX25519Identity()
	pq, _ := age.GenerateHybridIdentity()
	return alex.Recipient().String(), secret.String(), pq.Recipient().String()
}()

// blakeKeyArg is a classic public key that is nobody's in the store.
var blakeKeyArg = func() string {
	id, _ := age.GenerateX25519Identity()
	return id.Recipient().String()
}()

// Key lines as `attune key share` prints them: Alex's age key with a
// signing key, and another person's.
var alexKeyLine, otherKeyLine = func() (string, string) {
	a, _ := keys.NewSigningKey()
	b, _ := keys.NewSigningKey()
	other, _ := age.GenerateX25519Identity()
	return "attune:" + alexKeyArg + ":" + a.Public(), "attune:" + other.Recipient().String() + ":" + b.Public()
}()

// hostileExportRows: an export that carries terminal tricks in the
// fields a partner controls. import, list --from and summary --from must
// all refuse it with a neutral error that prints no raw control byte.
func hostileExportRows() []badInput {
	tricks := []struct{ name, field, value string }{
		{"CSI (clear screen)", "text = \"Being woken suddenly\"", `text = "Being \u001b[2J\u001b[Hwoken"`},
		{"OSC 52 (clipboard write)", "helps = \"quiet and space\"", `helps = "quiet \u001b]52;c;cm0gLXJmIH4=\u0007and space"`},
		{"BEL", "note = \"a gentle voice first\"", `note = "a gentle\u0007 voice first"`},
		{"backspace", "safeword = \"orange\"", `safeword = "orange\b\b\b\b\b\bapple"`},
		{"CR", "name = \"Alex\"", `name = "Alex\rSomeone else"`},
	}
	var rows []badInput
	for _, tr := range tricks {
		plain := strings.Replace(validExport, tr.field, tr.value, 1)
		if plain == validExport {
			panic("hostile export row " + tr.name + " changed nothing")
		}
		for _, args := range [][]string{
			{"import", "from-alex.age"},
			{"list", "--from", "from-alex.age"},
			{"summary", "--from", "from-alex.age"},
		} {
			rows = append(rows, badInput{name: "export with " + tr.name + ", " + args[0], setup: writeExport(plain), args: args, want: "control character", code: 1})
		}
	}
	return rows
}

// blankExportRows: an export whose text shows nothing (only invisible
// characters). Escape codes are refused already (hostileExportRows);
// these are refused too, by every command that reads a partner's file,
// since only the partner can fix them.
func blankExportRows() []badInput {
	blanks := []struct{ name, field, value, want string }{
		{"a STOP of a zero-width space", "text = \"Being woken suddenly\"", `text = "\u200b"`, "boundary b1: text has no visible characters"},
		{"a STOP of a Hangul filler", "text = \"Being woken suddenly\"", `text = " \u3164 "`, "boundary b1: text has no visible characters"},
		{"a trigger's help of joiners", "helps = \"quiet and space\"", `helps = "\u200d\u200c\u2060"`, "trigger t1: helps has no visible characters"},
		{"a note of a soft hyphen", "note = \"a gentle voice first\"", `note = "\u00ad"`, "boundary b1: note has no visible characters"},
		{"a stop word of a zero-width space", "safeword = \"orange\"", `safeword = "\u200b"`, "safeword has no visible characters"},
		{"a STOP of a private-use character", "text = \"Being woken suddenly\"", `text = "\ue000"`, "boundary b1: text has no visible characters"},
		{"a STOP of an unassigned character", "text = \"Being woken suddenly\"", `text = "\u0378"`, "boundary b1: text has no visible characters"},
	}
	var rows []badInput
	for _, b := range blanks {
		plain := strings.Replace(validExport, b.field, b.value, 1)
		if plain == validExport {
			panic("blank export row " + b.name + " changed nothing")
		}
		for _, args := range [][]string{{"import", "from-alex.age"}, {"list", "--from", "from-alex.age"}, {"summary", "--from", "from-alex.age"}} {
			rows = append(rows, badInput{name: "export with " + b.name + ", " + args[0], setup: writeExport(plain), args: args,
				want: b.want, hint: "only your partner can change it", never: "\u200b", code: 1})
		}
	}
	return rows
}

// costlyShapeRows: exports shaped to make a TOML decoder spend minutes
// and gigabytes (deep nesting, dotted keys, long header paths): each is
// refused at once, before the decoder sees it, by every command that
// reads a partner's file.
func costlyShapeRows() []badInput {
	shapes := []struct{ name, plain, want string }{
		{"nested inline tables", "version = 2\nx = " + strings.Repeat("{a = ", 20000) + "1" + strings.Repeat("}", 20000) + "\n", "inline tables"},
		{"nested arrays", "version = 2\nx = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", "line 3: lists inside lists"},
		{"dotted key", "version = 2\n" + strings.Repeat("a.", 20000) + "a = 1\n", "line 3: dotted keys"},
		{"dotted table header", "version = 2\n[" + strings.Repeat("a.", 40000) + "a]\n", "line 3: dotted section names"},
		{"too many entries", "version = 2\nname = \"Alex\"\n" + strings.Repeat("[[trigger]]\nid = \"t1\"\n", 2001), "2001 entries"},
	}
	var rows []badInput
	for _, sh := range shapes {
		for _, args := range [][]string{{"import", "from-alex.age"}, {"list", "--from", "from-alex.age"}, {"summary", "--from", "from-alex.age"}} {
			rows = append(rows, badInput{name: "export with " + sh.name + ", " + args[0], setup: writeExport(sh.plain), args: args, want: sh.want, code: 1})
		}
	}
	return rows
}

func init() {
	badInputs = append(badInputs, hostileExportRows()...)
	badInputs = append(badInputs, costlyShapeRows()...)
	badInputs = append(badInputs, blankExportRows()...)
}

// TestBadInputs runs every bad input of the catalogue against a fresh
// copy of a small store and checks: the exit code, a first stderr line
// `attune: error: …` holding the expected words, only error/hint lines,
// no raw control bytes, nothing on standard output (where it is not a
// terminal), and every file under the test's root (store, HOME, TMPDIR)
// byte-for-byte as it was before the run.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	tmpl := newEnv(t)
	tmpl.must("init", "--name", "Sam", "--label", "laptop")
	tmpl.must("add", "boundary", "red", "Being held down", "--note", "wrists especially")
	tmpl.must("add", "trigger", "smells", "A particular aftershave", "--helps", "Open a window")
	tmpl.must("partner", "add", "Alex", alexKeyArg)
	writeExport(validExport)(tmpl)
	tmpl.must("import", exportPath(tmpl))
	os.Remove(exportPath(tmpl))
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.want == "" {
				t.Fatal("the row names no message: every bad input must say something, and the test must check what")
			}
			e := newEnv(t)
			tmpl.copyTo(e)
			if tc.setup != nil {
				tc.setup(e)
			}
			before := snapshot(t, e.root)
			var r result
			if tc.tty {
				r = e.runTTY(tc.env, tc.args...)
			} else {
				r = e.runInput(tc.env, tc.stdin, tc.args...)
			}
			if leak := secretLeak(r.stdout+r.stderr, tc.secret); leak != "" {
				t.Errorf("the secret key was printed (%s):\n%s", leak, r.stderr)
			}
			if tc.never != "" && strings.Contains(r.stdout+r.stderr, tc.never) {
				t.Errorf("the output says %q:\n%s", tc.never, r.stderr)
			}
			if !tc.tty && r.stdout != "" {
				t.Errorf("a refused command printed to standard output:\n%s", r.stdout)
			}
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if !strings.HasPrefix(lines[0], "attune: error: ") {
				t.Errorf("first stderr line is %q, want attune: error: …", lines[0])
			}
			if !says(strings.TrimPrefix(lines[0], "attune: error: "), tc.want, e.root) {
				t.Errorf("error %q does not say %q", lines[0], tc.want)
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "attune: hint: ") {
					t.Errorf("unexpected stderr line %q", l)
				}
			}
			if tc.hint != "" && (len(lines) < 2 || !says(strings.TrimPrefix(lines[1], "attune: hint: "), tc.hint, e.root)) {
				t.Errorf("no hint saying %q:\n%s", tc.hint, r.stderr)
			}
			if tc.noHint && len(lines) > 1 {
				t.Errorf("a hint where none belongs: %q", lines[1])
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

// runTTY runs attune with its standard output and error on a terminal,
// through script(1) (util-linux). The terminal merges the two streams and
// writes CRLF line ends; runTTY returns them as stderr with plain LF.
func (e *env) runTTY(extraEnv []string, args ...string) result {
	e.t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		e.t.Skip("script (util-linux) is not installed: cannot give attune a terminal")
	}
	line := shellQuote(e.bin)
	for _, a := range args {
		line += " " + shellQuote(a)
	}
	c := exec.Command("script", "-qec", line, "/dev/null")
	c.Env = append(e.environ(), extraEnv...)
	c.Dir = e.root
	out, err := c.Output()
	code := e.exitCode(err, args)
	return result{stderr: strings.ReplaceAll(string(out), "\r\n", "\n"), code: code}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// copyTo makes e's store a copy of e0's, and this device's key of it
// too (kept under HOME, outside the store), with their permissions.
func (e0 *env) copyTo(e *env) {
	e.t.Helper()
	if err := os.CopyFS(e.store, os.DirFS(e0.store)); err != nil {
		e.t.Fatal(err)
	}
	if err := os.CopyFS(e.keysRoot(), os.DirFS(e0.keysRoot())); err != nil {
		e.t.Fatal(err)
	}
	for _, dir := range []string{e.store, filepath.Join(e.store, store.PartnersDir)} {
		os.Chmod(dir, 0o700)
	}
	filepath.WalkDir(e.keysRoot(), func(path string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Chmod(path, map[bool]os.FileMode{true: 0o700, false: 0o600}[d.IsDir()])
		}
		return nil
	})
}
