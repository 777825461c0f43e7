// Package testrun starts the tests of the packages that run attune as
// child processes (the scripts and terminal tests of the root package,
// and internal/e2e) in one way: more tests at once than there are CPUs,
// and under -short their folders in memory.
package testrun

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// Start parses the test flags and sets the run up; call it in TestMain
// (in the test binary's own run, not in a child it runs as attune), and
// the returned function when the tests have ended.
func Start() (end func()) {
	flag.Parse()
	widenParallel()
	if testing.Short() {
		return memoryTempDir()
	}
	return func() {}
}

// widenParallel runs twice as many tests at once as there are CPUs,
// unless -parallel says how many: these tests spend much of their time
// waiting (for a child process, for a terminal to show a line, for a
// key to expire in the kernel), and at one test a CPU the CPUs stood
// idle for a third of the run.
func widenParallel() {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
}

// memoryTempDir points TMPDIR, for the rest of this process and every
// program it starts, at a new private folder on /dev/shm (a tmpfs), and
// returns a function that removes that folder. Where TMPDIR is set
// already, or /dev/shm cannot hold a folder of ours, it changes nothing.
//
// The end-to-end tests make a world of files for each case, and each
// attune run syncs what it writes: on a disk, making folders and syncing
// files cost a fifth of their CPU time, and several times that in
// waiting when other programs keep the disk busy. In memory nothing
// waits for the disk, and nothing these tests check depends on it: what
// they check is what the files hold and which files exist (tests that
// need a file system of their own mount one). The full run keeps to the
// usual temporary folder, a disk on most machines, so attune is still
// tested there.
func memoryTempDir() (remove func()) {
	if os.Getenv("TMPDIR") != "" {
		return func() {}
	}
	dir, err := os.MkdirTemp("/dev/shm", "attune-tests-")
	if err != nil {
		return func() {}
	}
	os.Setenv("TMPDIR", dir)
	return func() {
		os.Unsetenv("TMPDIR")
		os.RemoveAll(dir)
	}
}
