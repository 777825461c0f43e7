package e2e

import "filippo.io/age"

// keysPair is a store's keys, as the tests use them: the device's
// identities, the first public key (the one a partner encrypts to, in a
// store of one key) and all of them (what the store's files are
// encrypted to).
type keysPair struct {
	ids   []age.Identity
	rcpt  age.Recipient
	rcpts []age.Recipient
}
