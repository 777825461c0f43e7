//go:build !linux

package main

func keyringUsable() (bool, string) { return false, "no kernel keyring on this system" }
