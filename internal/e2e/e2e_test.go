// Package e2e holds attune's reliability tests: they run the real attune
// binary as child processes and kill it, starve it of disk, run it many
// times at once, feed it every bad input we know of, and look for
// plaintext on disk afterwards.
//
// ATTUNE_STRESS=N multiplies the counts of the crash and concurrency tests
// for long runs (default 1).
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/testbuild"
	"github.com/attune-dev/attune/internal/testfs"
	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/internal/testrun"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// attuneBin is the attune binary built once for all tests, with the test
// hooks on: it obeys the ATTUNE_TEST_* variables.
var attuneBin string

func TestMain(m *testing.M) {
	end := testrun.Start()
	code := run(m)
	end()
	os.Exit(code)
}

// run builds attune, runs the tests and removes the build.
func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "attune-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	attuneBin, err = testbuild.Attune(dir, true)
	if err != nil {
		fmt.Fprintf(os.Stderr, "building attune: %v\n", err)
		return 1
	}
	return m.Run()
}

// stress is ATTUNE_STRESS (default 1): a multiplier for long runs.
func stress() int {
	n, err := strconv.Atoi(os.Getenv("ATTUNE_STRESS"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// env is one isolated world: a temp root holding HOME, TMPDIR and the
// store, so that every file attune could touch is under root.
type env struct {
	t     *testing.T
	root  string
	store string
	extra []string
	bin   string // the attune binary to run
	// wrap, when set, is a command attune runs under (strace, to make a
	// system call fail): wrap[0] wrap[1:]... attune args...
	wrap []string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	e := &env{t: t, root: root, store: filepath.Join(root, "store"), bin: attuneBin}
	for _, d := range []string{"home", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *env) environ() []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(e.root, "home"),
		"TMPDIR=" + filepath.Join(e.root, "tmp"),
		"ATTUNE_DIR=" + e.store,
		scryptWorkFactorEnv + "=10",
		"NO_COLOR=1",
	}, e.extra...)
}

func (e *env) cmd(args ...string) *exec.Cmd {
	c := exec.Command(e.bin, args...)
	if len(e.wrap) > 0 {
		c = exec.Command(e.wrap[0], append(append(e.wrap[1:len(e.wrap):len(e.wrap)], e.bin), args...)...)
	}
	c.Env = e.environ()
	c.Dir = e.root
	return c
}

// result of one run of attune.
type result struct {
	stdout, stderr string
	code           int
}

// run runs attune and returns what it printed and its exit code.
func (e *env) run(args ...string) result {
	e.t.Helper()
	return e.runEnv(nil, args...)
}

func (e *env) runEnv(extraEnv []string, args ...string) result {
	e.t.Helper()
	return e.runInput(extraEnv, "", args...)
}

// runInput is runEnv with text on standard input.
func (e *env) runInput(extraEnv []string, stdin string, args ...string) result {
	e.t.Helper()
	c := e.cmd(args...)
	c.Stdin = strings.NewReader(stdin)
	c.Env = append(c.Env, extraEnv...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	code := e.exitCode(c.Run(), args)
	return result{out.String(), errb.String(), code}
}

// exitCode is the exit code of a run of attune that ended with err; any
// failure to run it at all fails the test.
func (e *env) exitCode(err error, args []string) int {
	e.t.Helper()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		e.t.Fatalf("running attune %v: %v", args, err)
	}
	return ee.ExitCode()
}

// must runs attune and fails the test unless it succeeds.
func (e *env) must(args ...string) string {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// open opens the store and loads its identity, for reading the map
// directly in Go.
func (e *env) open() (*store.Store, *keysPair) {
	e.t.Helper()
	s, err := store.Open(e.store)
	if err != nil {
		e.t.Fatal(err)
	}
	s.KeysRoot = e.keysRoot()
	ids, err := keys.LoadIdentities(s.IdentityPath(), keys.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	k := &keysPair{ids: ids}
	for _, str := range s.Config.Recipients() {
		r, err := keys.ParseRecipient(str, keys.Options{})
		if err != nil {
			e.t.Fatal(err)
		}
		k.rcpts = append(k.rcpts, r)
	}
	k.rcpt = k.rcpts[0]
	return s, k
}

// identityPath is where the store's key is kept on this device.
func (e *env) identityPath() string {
	e.t.Helper()
	s, err := store.Open(e.store)
	if err != nil {
		e.t.Fatal(err)
	}
	s.KeysRoot = e.keysRoot()
	return s.IdentityPath()
}

// keysRoot is where attune, run in this world, keeps each store's key:
// under its HOME, outside the store.
func (e *env) keysRoot() string {
	return filepath.Join(e.root, "home", ".config", filepath.FromSlash(store.KeysDirName))
}

// readMap decrypts the map with the store's own key.
func (e *env) readMap() *mapfile.Map {
	e.t.Helper()
	s, k := e.open()
	m, err := s.ReadMap(k.ids)
	if err != nil {
		e.t.Fatalf("the map does not decrypt: %v", err)
	}
	return m
}

// writeMap replaces the map (through the store, so with a backup).
func (e *env) writeMap(m *mapfile.Map) {
	e.t.Helper()
	s, k := e.open()
	_, err := s.Update(k.ids, k.rcpts, func(cur *mapfile.Map) error {
		key := cur.PartnerFileKey // kept, so stored imports stay where they are
		check := cur.ConfigKey    // kept, as every change keeps it
		*cur = *m
		if cur.PartnerFileKey == "" {
			cur.PartnerFileKey = key
		}
		if cur.ConfigKey == "" {
			cur.ConfigKey = check
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// partnerFile is where the store keeps the import from a partner, relative
// to the store.
func (e *env) partnerFile(name string) string {
	e.t.Helper()
	abs := store.ImportFile(e.store, e.readMap().PartnerFileKey, name)
	rel, _ := filepath.Rel(e.store, abs)
	return rel
}

// writeRawMap encrypts any text to the store's key and puts it in place
// of the map, bypassing validation: for bad-input tests.
func (e *env) writeRawMap(plain string) {
	e.t.Helper()
	s, k := e.open()
	if err := store.WriteEncrypted(s.Path(store.MapFile), []byte(plain), false, k.rcpts...); err != nil {
		e.t.Fatal(err)
	}
}

// sampleMap makes a valid map of n invented entries.
func sampleMap(n int) *mapfile.Map { return testmaps.Sample(n) }

// snapshot maps every file under dir to its mode and SHA-256, so that two
// snapshots compare equal exactly when nothing changed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out, err := testfs.Snapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diffSnapshots describes how two snapshots differ, or returns "".
func diffSnapshots(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "removed "+k)
		} else if v != w {
			d = append(d, "changed "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added "+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// tempFiles lists atomicfile's temporary files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// rawControl reports the first raw terminal control in s: C0 controls
// other than newline, DEL, and C1 controls (encoded as UTF-8).
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			return r, true
		}
	}
	return 0, false
}

// TestVersion: a binary built in a git checkout says which commit it
// was built from (one installed with go install module@version says its
// version), never a bare "dev". Built here with -buildvcs=auto, since a
// machine's GOFLAGS may turn the stamping off.
func TestVersion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds attune once more")
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not in a git checkout: nothing to stamp")
	}
	// go build stamps the commit only where .git is a folder; in a
	// worktree made by `git worktree add` it is a file, and attune then
	// says, rightly, that it was built without version control
	// information.
	if info, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !info.IsDir() {
		t.Skip("a git worktree (.git is a file): go build stamps no commit here")
	}
	bin := filepath.Join(t.TempDir(), "attune")
	if out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, "github.com/attune-dev/attune").CombinedOutput(); err != nil {
		t.Fatalf("building attune: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Go makes the module's version from the commit (a pseudo-version,
	// v0.0.0-DATE-COMMIT); attune names the commit itself otherwise.
	got := strings.TrimSpace(string(out))
	head, _ := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if !strings.Contains(got, strings.TrimSpace(string(head))) {
		t.Errorf("a build in a git checkout does not name its commit: %q", got)
	}
}

// testSigner signs the exports the tests make by hand, as a partner's
// attune would sign them: one key for every test, so a partner's key
// recorded on a first import matches their later files.
var testSigner = func() *keys.SigningKey {
	k, err := keys.NewSigningKey()
	if err != nil {
		panic(err)
	}
	return k
}()

// sealed is plain as a partner's attune would make it for this store's
// key: with the key's fingerprint as encrypted_to, signed by testSigner.
func (e *env) sealed(plain []byte) []byte {
	e.t.Helper()
	s, _ := e.open()
	withTo := append([]byte("encrypted_to = [\""+keys.RecipientFingerprint(s.Config.Recipients()[0])+"\"]\n"), plain...)
	out, err := export.Seal(withTo, testSigner)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// writeSealed writes an export by hand: plain, sealed for this store's
// key and encrypted to it.
func (e *env) writeSealed(path string, plain []byte) {
	e.t.Helper()
	_, k := e.open()
	if err := store.WriteEncrypted(path, e.sealed(plain), false, k.rcpt); err != nil {
		e.t.Fatal(err)
	}
}

// recordTestSigner puts testSigner on record as name's signing key, as a
// first import from them would.
func (e *env) recordTestSigner(name string) {
	e.t.Helper()
	m := e.readMap()
	if p := m.Partner(name); p != nil && p.SigningKey == testSigner.Public() {
		return
	}
	if p := m.Partner(name); p != nil {
		p.SigningKey = testSigner.Public()
	} else {
		m.Partners = append(m.Partners, mapfile.Partner{Name: name, SigningKey: testSigner.Public(), ID: mapfile.NewKey()})
	}
	e.writeMap(m)
}
