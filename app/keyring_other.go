//go:build !linux

package app

import (
	"errors"
	"time"
)

func keyringAdd(string, []byte, time.Duration) (string, error) {
	return "", &keyringUnavailable{err: errors.New("only Linux has a kernel keyring")}
}

func keyringGet(string) ([]byte, bool) { return nil, false }

func keyringForget(string) (bool, error) {
	return false, &keyringUnavailable{err: errors.New("only Linux has a kernel keyring")}
}
