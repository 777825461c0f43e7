package app

import (
	"os"
	"testing"

	"github.com/attune-dev/attune/internal/testhooks"
)

func TestMain(m *testing.M) {
	// Passphrase tests in process: a cheap scrypt (test binaries only).
	testhooks.ScryptWorkFactor = 10
	os.Exit(m.Run())
}
