package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/attune-dev/attune/app"
)

// TestUnlockKilledBeforeTimeout kills unlock with the decrypted key in
// the kernel keyring and its timeout not yet set: the next command must
// not find it, since a key found then would never expire.
func TestUnlockKilledBeforeTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Tests share the kernel keyring: keep this one's key apart.
	e.extra = append(e.extra, fmt.Sprintf("%s=e2e-killed-unlock-%d:", keyringPrefixEnv, os.Getpid()))
	pass := "ATTUNE_PASSPHRASE=willow creek morning"
	for _, args := range [][]string{{"init", "--passphrase"}, {"add", "boundary", "red", "Being held down"}} {
		if r := e.runEnv([]string{pass}, args...); r.code != 0 {
			t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	t.Cleanup(func() { e.run("lock") })

	// An unlock that runs to the end is found by the next command, so the
	// check after the kill can fail.
	r := e.runEnv([]string{pass}, "unlock", "--for", "10m")
	if r.code != 0 && strings.Contains(r.stderr, "keyring is not available") {
		t.Skipf("no kernel keyring here: %s", strings.TrimSpace(r.stderr))
	}
	if r.code != 0 {
		t.Fatalf("unlock: exit %d\n%s", r.code, r.stderr)
	}
	if r := e.run("list"); r.code != 0 || !strings.Contains(r.stdout, "Being held down") {
		t.Fatalf("list after unlock, without a passphrase: exit %d\n%s", r.code, r.stderr)
	}
	e.must("lock")

	e.extra = append(e.extra, pass)
	e.runKilledAt(app.CrashUnlockAdded, "unlock", "--for", "10m")
	e.extra = e.extra[:len(e.extra)-1]

	r = e.run("list")
	if r.code != 1 || !strings.Contains(r.stderr, "attune: error: a passphrase is needed, and there is no terminal to ask for it") ||
		strings.Contains(r.stdout, "Being held down") {
		t.Errorf("list after unlock was killed before the timeout: exit %d, the key was found\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := e.run("lock"); r.code != 0 || !strings.Contains(r.stderr, "nothing was unlocked") {
		t.Errorf("lock after unlock was killed: exit %d\n%s", r.code, r.stderr)
	}
}
