package e2e

import "filippo.io/age"

type keysPair struct {
	ids  []age.Identity
	rcpt age.Recipient
}
