package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// Keeping the map on several devices: syncing through git, a sync
// tool's copies of the map, and what merges decided.
func syncRows() []badInput {
	// Robin's own map (it has a signing key of its own), encrypted to
	// this store's key.
	robin := "version = 2\nname = \"Robin\"\nsigning_key = \"" + strings.Repeat("A", 43) + "=\"\n" +
		"[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Being held down\"\n"
	return []badInput{
		{name: "merge of someone else's map", setup: encryptedToStore("robin.age", robin), args: []string{"merge", "robin.age"},
			want: "robin.age is not a copy of your map", hint: "a partner's export is read with attune import", code: 1},
		{name: "merge of a map for another key", setup: encryptedToOther("copy.age", robin), args: []string{"merge", "copy.age"},
			want: "copy.age is not a copy of your map: it was not encrypted to your key", code: 1},
		{name: "merge of the map itself", args: []string{"merge", "store/" + store.MapFile}, want: "is your map itself, not a copy of it", code: 1},
		{name: "merge of a damaged copy", setup: writeFile("map.toml.sync-conflict-20261201-101010-ABCDEFG.age", "half a file"),
			args: []string{"merge", "map.toml.sync-conflict-20261201-101010-ABCDEFG.age"}, want: "map.toml.sync-conflict-20261201-101010-ABCDEFG.age", code: 1},
		{name: "merge of no file", args: []string{"merge", "nowhere.age"}, want: "there is no file", code: 1},
		{name: "merge --show with nothing to show", args: []string{"merge", "--show"}, want: "no merge has left anything for you to look at", code: 1},
		{name: "merge with neither a file nor --show", args: []string{"merge"}, want: "merge needs a FILE or --show", code: 2},
		{name: "merge --show with a file", args: []string{"merge", "--show", "copy.age"}, want: "--show takes no file", code: 2},
		{name: "sync with no git", args: []string{"sync"}, want: "your store is not kept in git", hint: "attune git init", code: 1},
		{name: "git with no git", args: []string{"git", "status"}, want: "your store is not kept in git", code: 1},
		{name: "sync with no remote", setup: gitStore, args: []string{"sync"},
			want: "your store has no git remote to sync with", hint: "attune git remote add origin URL", code: 1},
		{name: "sync with a remote that is not there", setup: then(gitStore, gitRemote("origin", "/nonexistent/attune-remote.git")), args: []string{"sync"},
			want: "could not reach origin", hint: "attune git remote -v", code: 1},
		{name: "export while the stop word differs between devices", setup: openConflict("safeword"),
			args: []string{"export", "--partner", "Alex", "--output", "for-alex.age"},
			want: "your stop word is different on two devices", hint: "attune set safeword", code: 1},
		{name: "export while the signal differs between devices", setup: openConflict("signal"),
			args: []string{"export", "--to", "age1qcsmzh4cmvz06p8pp7lyfh0fcpq69sra7hayeq6us4pn7mqy3cvssyq4yr", "--armor"},
			want: "your stop signal is different on two devices", hint: "attune set signal", code: 1},
		{name: "undo right after a sync brought changes in", setup: mapAsBackup, args: []string{"undo"},
			want: "undo does not take back changes a sync or a merge brought in from your other devices", hint: "attune history shows what changed", code: 1},
		{name: "undo after git put back an earlier map by hand", setup: checkedOutByHand, args: []string{"undo"},
			want: "your map was changed outside attune (a git pull, merge, checkout or reset) since your last change here", hint: "attune history shows what changed", code: 1},
		// A conflict copy is said after a command that works; one that
		// fails says only why.
		{name: "a conflict copy, and a command that fails", setup: conflictCopy, args: []string{"edit", "b9", "--text", "x"},
			want: `no entry with the id "b9"`, code: 1},
	}
}

func init() { badInputs = append(badInputs, syncRows()...) }

// mapAsBackup leaves the store as a sync that brought changes in does:
// the backup is a copy of the map.
func mapAsBackup(e *env) {
	data, err := os.ReadFile(filepath.Join(e.store, store.MapFile))
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.store, store.BackupFile), data, 0o600); err != nil {
		e.t.Fatal(err)
	}
	// As a sync leaves it: the map recorded as brought in.
	sum := sha256.Sum256(data)
	if err := os.WriteFile(filepath.Join(e.store, store.BroughtInFile), []byte(hex.EncodeToString(sum[:])+"\n"), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// checkedOutByHand keeps the store in git, makes two changes, then has
// git itself (not attune) put back the map from before both.
func checkedOutByHand(e *env) {
	gitStore(e)
	e.must("add", "boundary", "green", "Holding hands")
	e.must("add", "boundary", "green", "Slow dancing")
	e.gitIn(e.store, "checkout", "HEAD~2", "--", store.MapFile)
}

// encryptedToStore writes a file in the folder attune runs in, plain
// encrypted to the store's own key.
func encryptedToStore(name, plain string) func(*env) {
	return func(e *env) {
		_, k := e.open()
		if err := store.WriteEncrypted(filepath.Join(e.root, name), []byte(plain), false, k.rcpt); err != nil {
			e.t.Fatal(err)
		}
	}
}

// encryptedToOther writes a file encrypted to someone else's key.
func encryptedToOther(name, plain string) func(*env) {
	return func(e *env) {
		id, _ := age.GenerateX25519Identity()
		if err := store.WriteEncrypted(filepath.Join(e.root, name), []byte(plain), false, id.Recipient()); err != nil {
			e.t.Fatal(err)
		}
	}
}

// gitStore keeps the store in git (skipped where there is no git).
func gitStore(e *env) {
	if _, err := exec.LookPath("git"); err != nil {
		e.t.Skip("git is not installed")
	}
	e.must("git", "init")
}

// gitRemote adds a remote to a store kept in git.
func gitRemote(name, url string) func(*env) {
	return func(e *env) { e.gitIn(e.store, "remote", "add", name, url) }
}

// openConflict records a merge that found the setting different on two
// devices, not yet set again.
func openConflict(setting string) func(*env) {
	return func(e *env) {
		m := e.readMap()
		m.AddNotices(mapfile.Notice{At: time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC), What: mapfile.NoticeConflict,
			Setting: setting, Ours: "orange", Theirs: "lemon"})
		e.writeMap(m)
	}
}

// conflictCopy puts a copy of the map beside it, named as Syncthing
// names its conflict copies.
func conflictCopy(e *env) {
	data, err := os.ReadFile(mapPath(e))
	if err != nil {
		e.t.Fatal(err)
	}
	os.WriteFile(filepath.Join(e.store, "map.toml.sync-conflict-20261201-101010-ABCDEFG.age"), data, 0o600)
}
