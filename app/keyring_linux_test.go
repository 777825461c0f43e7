//go:build linux

package app

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// keyringAdd leaves the key where the next command finds it, with its
// timeout, and not in this process's own keyring.
func TestKeyringAddSetsTimeout(t *testing.T) {
	desc := fmt.Sprintf("attune:unit-test-%d-%d:identity:0", os.Getpid(), time.Now().UnixNano())
	if _, err := keyringAdd(desc, []byte("secret"), time.Hour); err != nil {
		var un *keyringUnavailable
		if errors.As(err, &un) {
			t.Skipf("no kernel keyring here: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { keyringForget(desc) })

	if got, ok := keyringGet(desc); !ok || string(got) != "secret" {
		t.Fatalf("the key is not found where the next command looks: %q, %v", got, ok)
	}
	if _, err := unix.KeyctlSearch(unix.KEY_SPEC_PROCESS_KEYRING, "user", desc, 0); err == nil {
		t.Errorf("the key is still linked in this process's own keyring")
	}
	id, err := unix.KeyctlSearch(keyringTarget(), "user", desc, 0)
	if err != nil {
		t.Fatal(err)
	}
	// /proc/keys shows each key's time left, or "perm" for none.
	procKeys, err := os.ReadFile("/proc/keys")
	if err != nil {
		t.Skipf("cannot read the timeout: %v", err)
	}
	for _, line := range strings.Split(string(procKeys), "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && f[0] == fmt.Sprintf("%08x", id) {
			if f[3] == "perm" {
				t.Errorf("the key has no timeout: %s", line)
			}
			return
		}
	}
	t.Errorf("key %08x is not in /proc/keys", id)
}
