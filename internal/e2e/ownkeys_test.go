package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/testbuild"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// The owner's own keys: one per device and a recovery key, every file of
// the store encrypted to each; a device's key kept outside the data
// folder.

// ageCLI builds the real age CLI from the module attune uses (never the
// one on PATH), once.
var ageCLI = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "attune-e2e-age-")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "age"), testbuild.AgeCLI(dir)
})

func realAge(t *testing.T) string {
	t.Helper()
	bin, err := ageCLI()
	if err != nil {
		t.Fatalf("building the age CLI: %v", err)
	}
	return bin
}

// withEverything gives the store an entry of each kind the tests look
// for, a journal record, and an import from Alex.
func (e *env) withEverything() {
	e.t.Helper()
	e.must("add", "boundary", "red", "Being held down")
	e.must("add", "trigger", "smells", "A particular aftershave", "--helps", "Open a window")
	e.must("checkin", "--feel", "numb", "--level", "3", "--state", "settled", "--save")
	e.must("partner", "add", "Alex", alexKeyArg)
	writeExport(validExport)(e)
	e.must("import", exportPath(e))
	os.Remove(exportPath(e))
}

// encryptedFiles are every encrypted file of the store: the map, its
// backup, the journal, the imports.
func (e *env) encryptedFiles() []string {
	e.t.Helper()
	out := []string{filepath.Join(e.store, store.MapFile), filepath.Join(e.store, store.BackupFile), filepath.Join(e.store, store.JournalFile)}
	imports, _ := filepath.Glob(filepath.Join(e.store, store.PartnersDir, "*.toml.age"))
	if len(imports) == 0 {
		e.t.Fatal("the store holds no import to check")
	}
	return append(out, imports...)
}

// opensWith reports whether the identity file at idPath decrypts path.
func opensWith(t *testing.T, path, idPath string) bool {
	t.Helper()
	ids, err := keys.LoadIdentities(idPath, keys.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.ReadEncrypted(path, ids, store.MaxMapSize)
	return err == nil
}

// syncTo makes o's store a copy of e's, as a sync or a clone would: the
// data folder only, never a device's key.
func (e *env) syncTo(o *env) {
	e.t.Helper()
	os.RemoveAll(o.store)
	if err := os.CopyFS(o.store, os.DirFS(e.store)); err != nil {
		e.t.Fatal(err)
	}
	filepath.WalkDir(o.store, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o700)
		}
		return nil
	})
}

// A recovery key written out by key recovery opens the map, its earlier
// version, the journal and the imports with the real age CLI once every
// device's key is gone; attune uses it with --identity, and with it a
// new device is added.
func TestRecoveryKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam", "--label", "laptop")
	e.withEverything()
	r := e.run("key", "recovery")
	if r.code != 0 {
		t.Fatalf("key recovery: %s", r.stderr)
	}
	secret := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "AGE-SECRET-KEY-1") {
			secret = l
		}
	}
	if secret == "" || strings.Contains(r.stderr, secret) {
		t.Fatalf("the recovery key is not on standard output alone:\n%s", r.stdout)
	}
	recovery := filepath.Join(e.root, "recovery.txt")
	must(t, os.WriteFile(recovery, []byte(r.stdout), 0o600))
	if !strings.Contains(e.must("key", "list"), "recovery key, kept offline") {
		t.Error("key list does not show the recovery key")
	}
	// Never stored: no file attune keeps holds it.
	filepath.WalkDir(e.root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path != recovery {
			if data, _ := os.ReadFile(path); bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds the recovery key", path)
			}
		}
		return nil
	})

	must(t, os.RemoveAll(e.keysRoot())) // every device's key is lost
	ageBin := realAge(t)
	for _, f := range e.encryptedFiles() {
		out, err := exec.Command(ageBin, "-d", "-i", recovery, f).Output()
		if err != nil || len(out) == 0 {
			t.Errorf("age -d -i recovery.txt %s: %v", filepath.Base(f), err)
		}
		if filepath.Base(f) == store.MapFile && !bytes.Contains(out, []byte("Being held down")) {
			t.Errorf("the map age decrypted does not hold the boundary:\n%s", out)
		}
	}
	if out := e.must("--identity", recovery, "list"); !strings.Contains(out, "Being held down") {
		t.Errorf("attune --identity recovery.txt list:\n%s", out)
	}

	// A new device: its own key, added with the recovery key.
	if r := e.run("list"); r.code != 1 || !strings.Contains(r.stderr, "this device has no key for this store yet") {
		t.Errorf("without a key: exit %d\n%s", r.code, r.stderr)
	}
	key := strings.TrimSpace(e.must("init", "--join"))
	e.must("--identity", recovery, "key", "add", key, "--label", "new laptop")
	if out := e.must("list"); !strings.Contains(out, "Being held down") {
		t.Errorf("the new device does not open the map:\n%s", out)
	}
	if out := e.must("journal", "list"); !strings.Contains(out, "j1") {
		t.Errorf("the new device does not open the journal:\n%s", out)
	}
}

// key remove of a device's key leaves files that device can no longer
// open, and the others still can.
func TestRemovedDeviceCannotOpen(t *testing.T) {
	t.Parallel()
	laptop, phone := newEnv(t), newEnv(t)
	laptop.must("init", "--name", "Sam", "--label", "laptop")
	laptop.withEverything()
	laptop.syncTo(phone)
	if r := phone.run("list"); r.code != 1 || !strings.Contains(r.stderr, "run attune init --join here") {
		t.Errorf("a synced copy before join: exit %d\n%s", r.code, r.stderr)
	}
	key := strings.TrimSpace(phone.must("init", "--join"))
	if r := phone.run("list"); r.code != 1 || !strings.Contains(r.stderr, "this device's key is not one your map is encrypted to yet") ||
		!strings.Contains(r.stderr, "attune key add "+key) {
		t.Errorf("joined, before being added: exit %d\n%s", r.code, r.stderr)
	}
	laptop.must("key", "add", key, "--label", "phone")
	laptop.syncTo(phone)
	if out := phone.must("list"); !strings.Contains(out, "Being held down") {
		t.Fatalf("the phone does not open the map once added:\n%s", out)
	}
	phone.must("journal", "list")
	phone.must("list", "--partner", "Alex")
	for _, f := range laptop.encryptedFiles() {
		if !opensWith(t, f, phone.identityPath()) {
			t.Errorf("%s does not open with the phone's key", filepath.Base(f))
		}
	}

	laptop.must("key", "remove", "phone")
	laptop.syncTo(phone)
	if r := phone.run("list"); r.code != 1 || !strings.Contains(r.stderr, "not one your map is encrypted to") {
		t.Errorf("the removed phone: exit %d\n%s", r.code, r.stderr)
	}
	for _, f := range laptop.encryptedFiles() {
		if opensWith(t, f, phone.identityPath()) {
			t.Errorf("%s still opens with the removed key", filepath.Base(f))
		}
		if !opensWith(t, f, laptop.identityPath()) {
			t.Errorf("%s no longer opens with the laptop's key", filepath.Base(f))
		}
	}
	laptop.must("list", "--partner", "Alex")
	laptop.must("journal", "list")
}

// runMaybeKilledAt runs attune with the crash hook at point: killed
// there (true), or, when the command never gets that far, run to its
// end, which must succeed (false).
func (e *env) runMaybeKilledAt(point string, args ...string) bool {
	e.t.Helper()
	c := e.cmd(args...)
	c.Env = append(c.Env, crashAtEnv+"="+point)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
		return true
	}
	if err != nil {
		e.t.Fatalf("attune %s with the hook at %s: %v\n%s", strings.Join(args, " "), point, err, stderr.String())
	}
	return false
}

// keyChangeOps are the changes of keys, each with what makes it ready.
var keyChangeOps = []struct {
	name    string
	prepare func(e *env, other string)
	args    func(other string) []string
}{
	{name: "add", args: func(other string) []string { return []string{"key", "add", other, "--label", "phone"} }},
	{name: "remove", prepare: func(e *env, other string) { e.must("key", "add", other, "--label", "phone") },
		args: func(string) []string { return []string{"key", "remove", "phone"} }},
	{name: "recovery", args: func(string) []string { return []string{"key", "recovery"} }},
	{name: "rotate", args: func(string) []string { return []string{"key", "rotate"} }},
}

// TestKeyChangeCrashPoints kills each change of keys at every step of
// each of its writes (the new key of a rotation, the journal, the
// import, the backup, the map, config.toml): after the kill, this
// device still opens every file, the next command tidies up, and the
// change run again finishes.
func TestKeyChangeCrashPoints(t *testing.T) {
	t.Parallel()
	points := []string{atomicfile.CrashTempWritten, atomicfile.CrashBeforeRename, atomicfile.CrashAfterRename}
	other, _ := age.GenerateX25519Identity()
	// Each kill starts from a copy of one store with everything in it,
	// made once.
	tmpl := newEnv(t)
	tmpl.must("init", "--name", "Sam", "--label", "laptop")
	tmpl.withEverything()
	for i, op := range keyChangeOps {
		for j, point := range points {
			if testing.Short() && j != i%len(points) {
				// -short kills each write of each change at one of the
				// three points, a different one for each change.
				continue
			}
			t.Run(op.name+"/"+point, func(t *testing.T) {
				t.Parallel()
				for n := 1; ; n++ {
					if !checkKeyChangeKill(t, tmpl, op.prepare, other.Recipient().String(), op.args(other.Recipient().String()), fmt.Sprintf("%s#%d", point, n)) {
						if n < 4 {
							t.Fatalf("the change has only %d writes", n-1)
						}
						return
					}
				}
			})
		}
	}
}

// checkKeyChangeKill runs one kill in a copy of tmpl; false when the command was not
// killed (it has fewer writes than the point's number).
func checkKeyChangeKill(t *testing.T, tmpl *env, prepare func(*env, string), other string, args []string, point string) bool {
	e := newEnv(t)
	tmpl.copyTo(e)
	if prepare != nil {
		prepare(e, other)
	}
	if !e.runMaybeKilledAt(point, args...) {
		return false
	}
	// Every file still opens on this device.
	if out := e.must("list"); !strings.Contains(out, "Being held down") {
		t.Fatalf("killed at %s, the map does not show:\n%s", point, out)
	}
	e.must("journal", "list")
	e.must("list", "--partner", "Alex")
	e.must("undo") // the backup opens
	e.must("undo")
	for _, dir := range []string{e.store, filepath.Dir(e.identityPath())} {
		if left := tempFiles(t, dir); len(left) > 0 {
			t.Errorf("killed at %s, temporary files left in %s after the next commands: %v", point, dir, left)
		}
	}
	// Run again, the change finishes (an add or a remove that got as
	// far as config.toml is done already, and says so).
	if r := e.run(args...); r.code != 0 && !strings.Contains(r.stderr, "already one of yours") && !strings.Contains(r.stderr, "none of your keys is labelled") {
		t.Fatalf("killed at %s, the change run again: exit %d\n%s", point, r.code, r.stderr)
	}
	e.must("list")
	e.must("journal", "list")
	if next, _ := filepath.Glob(filepath.Join(e.keysRoot(), "*", "*"+store.NextSuffix)); len(next) > 0 {
		t.Errorf("killed at %s, a rotation's new key is left beside the old one: %v", point, next)
	}
	return true
}

// Several stores under one HOME each have their own key, outside their
// folders, and each opens only its own map.
func TestStoresUnderOneHome(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	second := filepath.Join(e.root, "second")
	e.must("init", "--name", "Sam")
	e.must("--dir", second, "init", "--name", "Robin")
	e.must("add", "boundary", "red", "Being held down")
	e.must("--dir", second, "add", "boundary", "green", "Hugs")
	a, b := e.identityPath(), (&env{t: t, root: e.root, store: second}).identityPath()
	if a == b || !strings.HasPrefix(a, e.keysRoot()) || !strings.HasPrefix(b, e.keysRoot()) {
		t.Fatalf("the keys are %s and %s", a, b)
	}
	for _, dir := range []string{e.store, second} {
		if _, err := os.Lstat(filepath.Join(dir, store.IdentityFile)); err == nil {
			t.Errorf("%s holds a key", dir)
		}
	}
	if opensWith(t, filepath.Join(second, store.MapFile), a) {
		t.Error("one store's key opens the other's map")
	}
	if out := e.must("--dir", second, "list"); !strings.Contains(out, "Hugs") || strings.Contains(out, "Being held down") {
		t.Errorf("the second store:\n%s", out)
	}
}

// A store from before keeps its key inside the folder: commands that
// write say so once, louder in a folder that looks synced; key move
// takes it out, and nothing is said after.
func TestKeyInsideTheFolder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	// Made as an earlier attune made it: the key inside, one recipient.
	s, _ := e.open()
	must(t, os.Rename(s.IdentityPath(), s.Path(store.IdentityFile)))
	must(t, os.WriteFile(s.Path(store.ConfigFile), []byte("recipient = \""+s.Config.Recipients()[0]+"\"\n"), 0o600))
	r := e.run("add", "boundary", "red", "Being held down")
	if r.code != 0 || strings.Count(r.stderr, "attune key move") != 1 || strings.Contains(r.stderr, "warning") {
		t.Errorf("a write, the key inside: exit %d\n%s", r.code, r.stderr)
	}
	if r := e.run("list"); strings.Contains(r.stderr, "key move") {
		t.Errorf("a command that does not write spoke of the key:\n%s", r.stderr)
	}
	must(t, os.Mkdir(filepath.Join(e.root, ".git"), 0o700))
	r = e.run("add", "boundary", "green", "Hugs")
	if r.code != 0 || !strings.Contains(r.stderr, "warning: your key") || !strings.Contains(r.stderr, "git repository") {
		t.Errorf("a write, the key inside a git repository: exit %d\n%s", r.code, r.stderr)
	}
	e.must("key", "move")
	if _, err := os.Lstat(s.Path(store.IdentityFile)); err == nil {
		t.Fatal("key move left the key inside the folder")
	}
	r = e.run("add", "boundary", "green", "Tea")
	if r.code != 0 || strings.Contains(r.stderr, "key move") {
		t.Errorf("after the move: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.HasPrefix(e.identityPath(), e.keysRoot()) {
		t.Errorf("the key is now at %s", e.identityPath())
	}
}

// `attune key recovery > file`, with the shell's usual umask, leaves a
// file only its owner can read. A file that already held something and
// that others may read (`>>`), or one inside the store, is refused before
// any key is made: nothing is written to it and no file changes.
func TestRecoveryKeyRedirected(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	for _, tc := range []struct {
		name, before string
		inStore      bool
		want         os.FileMode
		refused      string
	}{
		{name: "new.txt", want: 0o600},
		{name: "notes.txt", before: "earlier notes\n", want: 0o644, refused: "is a file other users of this computer may read; nothing was changed"},
		{name: "in-store.txt", inStore: true, want: 0o644, refused: "is inside your store, which must never hold a secret key"},
	} {
		dir := e.root
		if tc.inStore {
			dir = e.store
		}
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, e.store)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		c := e.cmd("key", "recovery")
		var errb strings.Builder
		c.Stdout, c.Stderr = f, &errb
		err = c.Run()
		f.Close()
		info, serr := os.Stat(path)
		if serr != nil {
			t.Fatal(serr)
		}
		if info.Mode().Perm() != tc.want {
			t.Errorf("%s: mode %v, want %v", tc.name, info.Mode().Perm(), tc.want)
		}
		data, _ := os.ReadFile(path)
		if tc.refused == "" {
			if err != nil || !strings.Contains(string(data), "AGE-SECRET-KEY-1") {
				t.Errorf("%s: %v, key written %v\n%s", tc.name, err, strings.Contains(string(data), "AGE-SECRET-KEY-1"), errb.String())
			}
			continue
		}
		if err == nil || !strings.Contains(errb.String(), tc.refused) || string(data) != tc.before {
			t.Errorf("%s: not refused as it should be (%v):\n%s", tc.name, err, errb.String())
		}
		if d := diffSnapshots(before, snapshot(t, e.store)); d != "" {
			t.Errorf("%s: the store changed: %s", tc.name, d)
		}
		os.Remove(path)
	}
}
