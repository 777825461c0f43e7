//go:build !unix

package app

// privateUmask: there is no umask here.
func privateUmask() {}
