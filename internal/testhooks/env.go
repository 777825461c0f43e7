//go:build attune_testhooks

package testhooks

import (
	"os"
	"strconv"
)

// The variables a binary built for the tests reads.
const (
	scryptWorkFactorEnv = "ATTUNE_TEST_SCRYPT_WORK_FACTOR"
	crashAtEnv          = "ATTUNE_TEST_CRASH_AT"
	pauseAtEnv          = "ATTUNE_TEST_PAUSE_AT"
	keyringPrefixEnv    = "ATTUNE_TEST_KEYRING_PREFIX"
)

// maxWorkFactor is the largest scrypt work factor age reads by default:
// a larger one would make the files unreadable.
const maxWorkFactor = 22

// A binary built for the tests reads the hooks before anything runs: a
// variable that is unset, empty or malformed leaves its hook off.
func init() {
	ScryptWorkFactor = workFactor(os.Getenv(scryptWorkFactorEnv))
	CrashAt = os.Getenv(crashAtEnv)
	PauseAt = os.Getenv(pauseAtEnv)
	KeyringPrefix = os.Getenv(keyringPrefixEnv)
}

// workFactor parses a work factor; anything but an integer in 1..22 is 0.
func workFactor(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxWorkFactor {
		return 0
	}
	return n
}
