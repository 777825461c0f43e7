package e2e

// The variables attune reads when it is built with its test hooks
// (internal/testhooks, env.go, under the build tag attune_testhooks);
// a plain build has no code that reads them.
const (
	scryptWorkFactorEnv = "ATTUNE_TEST_SCRYPT_WORK_FACTOR"
	crashAtEnv          = "ATTUNE_TEST_CRASH_AT"
	pauseAtEnv          = "ATTUNE_TEST_PAUSE_AT"
	keyringPrefixEnv    = "ATTUNE_TEST_KEYRING_PREFIX"
)
