//go:build attune_testhooks

package testhooks

// A binary built for the tests reads the hooks before anything runs.
func init() { FromEnvironment() }
