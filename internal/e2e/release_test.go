package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/internal/testbuild"
)

// TestReleaseIgnoresHooks builds attune as a user does (no build tags)
// and sets every ATTUNE_TEST_* variable: none may weaken or break it.
// Each check first shows that the hooked build obeys the variable, so
// the release build's ignoring it is the build's doing, not a check that
// cannot fail.
func TestReleaseIgnoresHooks(t *testing.T) {
	t.Parallel()
	release, err := testbuild.Attune(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("scrypt work factor", func(t *testing.T) { releaseWorkFactor(t, release) })
	t.Run("crash point", func(t *testing.T) { releaseCrash(t, release) })
	t.Run("keyring prefix", func(t *testing.T) { releaseKeyring(t, release) })
}

// releaseWorkFactor: a passphrase-protected key file is written with
// age's default work factor (18), never the hook's 1, which would make
// the passphrase cheap to guess.
//
// Work factor 18 costs most of a second of CPU, so -short skips this
// one; the other two subtests still show a release build ignoring its
// variables, and TestHooksOnlyInTests (internal/testhooks)
// that no code outside the tests can turn any hook on.
func releaseWorkFactor(t *testing.T, release string) {
	if testing.Short() {
		t.Skip("a passphrase at work factor 18 is slow; the full run checks it")
	}
	for _, c := range []struct {
		bin, want string
	}{{attuneBin, "1"}, {release, "18"}} {
		e := newEnv(t)
		e.bin = c.bin
		r := e.runEnv([]string{"ATTUNE_PASSPHRASE=quiet harbour lanterns", scryptWorkFactorEnv + "=1"}, "init", "--passphrase")
		if r.code != 0 {
			t.Fatalf("%s init --passphrase: exit %d\n%s", c.bin, r.code, r.stderr)
		}
		if got := workFactorOf(t, e.identityPath()); got != c.want {
			t.Errorf("%s wrote work factor %s, want %s", c.bin, got, c.want)
		}
	}
}

// workFactorOf reads the work factor from the one scrypt stanza of a
// passphrase-protected age file: its second line, "-> scrypt SALT N".
func workFactorOf(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(data), "\n", 3)
	if len(lines) < 3 || lines[0] != "age-encryption.org/v1" {
		t.Fatalf("%s is not a binary age file", path)
	}
	f := strings.Fields(lines[1])
	if len(f) != 4 || f[0] != "->" || f[1] != "scrypt" {
		t.Fatalf("%s: second line %q is not a scrypt stanza", path, lines[1])
	}
	return f[3]
}

// releaseCrash: with a crash point set, the release build writes as
// usual; the hooked build dies there.
func releaseCrash(t *testing.T, release string) {
	crash := []string{crashAtEnv + "=temp-written", pauseAtEnv + "=temp-written"}
	hooked := newEnv(t)
	hooked.must("init")
	hooked.runKilledAt("temp-written", "add", "boundary", "red", "Being held down")

	e := newEnv(t)
	e.bin = release
	e.must("init")
	if r := e.runEnv(crash, "add", "boundary", "red", "Being held down"); r.code != 0 || strings.Contains(r.stderr, "paused") {
		t.Fatalf("add with %s: exit %d\n%s", crash, r.code, r.stderr)
	}
	if out := e.must("list"); !strings.Contains(out, "Being held down") {
		t.Errorf("the entry added is not listed:\n%s", out)
	}
}

// releaseKeyring: the release build names its key in the kernel keyring
// without the prefix, so `lock` without the variable finds what `unlock`
// kept with it. The store is made by the hooked build with a cheap work
// factor (any build reads any factor up to 22), to spare a slow scrypt.
func releaseKeyring(t *testing.T, release string) {
	pass := "ATTUNE_PASSPHRASE=quiet harbour lanterns"
	prefix := keyringPrefixEnv + "=release-" + filepath.Base(t.TempDir()) + ":"
	for _, c := range []struct {
		name, bin, lockSays string
	}{{"hooked", attuneBin, "nothing was unlocked"}, {"release", release, "locked;"}} {
		e := newEnv(t)
		if r := e.runEnv([]string{pass}, "init", "--passphrase"); r.code != 0 {
			t.Fatalf("init --passphrase: exit %d\n%s", r.code, r.stderr)
		}
		e.bin = c.bin
		r := e.runEnv([]string{pass, prefix}, "unlock", "--for", "1m")
		if r.code != 0 && strings.Contains(r.stderr, "keyring is not available") {
			t.Skipf("no kernel keyring here: %s", strings.TrimSpace(r.stderr))
		}
		if r.code != 0 {
			t.Fatalf("%s unlock: exit %d\n%s", c.name, r.code, r.stderr)
		}
		// Whatever happens below, forget the key under both names.
		t.Cleanup(func() { e.runEnv([]string{prefix}, "lock"); e.run("lock") })
		r = e.run("lock")
		if r.code != 0 || !strings.Contains(r.stderr, c.lockSays) {
			t.Errorf("%s: lock without the prefix: exit %d, %q; want %q", c.name, r.code, r.stderr, c.lockSays)
		}
	}
}
