// Package testhooks holds the switches attune's tests turn on: a cheap
// scrypt work factor, a point where attune kills itself, and a prefix
// that keeps concurrent tests' keys apart in the kernel keyring. Each
// one weakens or breaks attune on purpose, so each is off (its zero
// value) unless the tests turn it on, in one of two ways only:
//
//   - a binary built with `-tags attune_testhooks` (as internal/e2e and
//     the terminal tests build it) reads the ATTUNE_TEST_* variables
//     when it starts (env.go);
//   - a test binary that runs attune in-process calls FromEnvironment
//     (main_test.go, for the testscript scripts).
//
// A binary built with plain `go build` or `go install` never calls
// FromEnvironment, so it ignores the variables entirely; the
// TestReleaseIgnoresHooks test in internal/e2e builds one and checks.
package testhooks

import (
	"os"
	"strconv"
)

// Tag is the build tag that makes a binary read the ATTUNE_TEST_*
// variables at start-up.
const Tag = "attune_testhooks"

// The variables FromEnvironment reads.
const (
	ScryptWorkFactorEnv = "ATTUNE_TEST_SCRYPT_WORK_FACTOR"
	CrashAtEnv          = "ATTUNE_TEST_CRASH_AT"
	PauseAtEnv          = "ATTUNE_TEST_PAUSE_AT"
	KeyringPrefixEnv    = "ATTUNE_TEST_KEYRING_PREFIX"
)

// maxWorkFactor is the largest scrypt work factor age reads by default:
// a larger one would make the files unreadable.
const maxWorkFactor = 22

var (
	// ScryptWorkFactor, when in 1..22, replaces age's default scrypt work
	// factor (log2 N) for passphrase-protected identity files, so that
	// tests don't spend a second on each. It makes the passphrase cheap
	// to guess: never for a real file.
	ScryptWorkFactor int

	// CrashAt names a point of a write (atomicfile's Crash* names,
	// store.CrashUndoReplaced or app.CrashUnlockAdded), optionally with
	// "#N" for its Nth visit; attune kills itself with SIGKILL when it
	// gets there.
	CrashAt string

	// PauseAt names a point as CrashAt does; attune says so on standard
	// error ("attune: test: paused at POINT") and waits there, so that a
	// test can send it a signal at that exact step.
	PauseAt string

	// KeyringPrefix goes into the name of every key attune keeps in the
	// kernel keyring, so that test scripts sharing one keyring don't
	// see each other's keys.
	KeyringPrefix string
)

// FromEnvironment sets every hook from its ATTUNE_TEST_* variable; a
// variable that is unset, empty or malformed leaves its hook off. Only
// tests call it (TestFromEnvironmentOnlyInTests checks).
func FromEnvironment() {
	ScryptWorkFactor = workFactor(os.Getenv(ScryptWorkFactorEnv))
	CrashAt = os.Getenv(CrashAtEnv)
	PauseAt = os.Getenv(PauseAtEnv)
	KeyringPrefix = os.Getenv(KeyringPrefixEnv)
}

// workFactor parses a work factor; anything but an integer in 1..22 is 0.
func workFactor(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxWorkFactor {
		return 0
	}
	return n
}
