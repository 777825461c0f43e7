// Package testhooks holds the switches attune's tests turn on: a cheap
// scrypt work factor, a point where attune kills itself or waits, and a
// prefix that keeps concurrent tests' keys apart in the kernel keyring.
// Each one weakens or breaks attune on purpose, so each is off (its zero
// value) unless the tests turn it on, and only one file can: env.go,
// which reads the tests' variables and is compiled only into a binary
// built with `-tags attune_testhooks` (as internal/e2e and the root
// tests build it). A plain `go build` or `go install` compiles no code
// that reads them; TestReleaseIgnoresHooks in internal/e2e builds
// one and checks.
package testhooks

// Tag is the build tag that makes a binary read the tests' variables at
// start-up (env.go).
const Tag = "attune_testhooks"

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
