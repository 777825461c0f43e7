// Package testbuild builds the programs attune's tests run as child
// processes: attune itself, with or without its test hooks, and the age
// CLI from the filippo.io/age module attune depends on. The age CLI is
// never taken from PATH: a system's age can be older than the module
// (Debian's 1.1.1 cannot read post-quantum keys).
//
// Linking a program costs half a second of CPU, and `go test ./...`
// runs several test binaries at once that each need some. So every
// program is built into one folder of the user's cache, shared by all
// test binaries of this checkout and by later runs
// (os.UserCacheDir()/attune-testbuild/…), where `go build` links it
// again only when its sources changed; a lock file lets one test binary
// build a program at a time. Each caller gets its own hard link (or
// copy) of the program, which a later rebuild cannot change under it.
package testbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"

	"github.com/attune-dev/attune/internal/testhooks"
)

// Attune builds attune into dir and returns the binary's path. With
// hooks, the binary obeys the tests' variables (testhooks.Tag, env.go);
// without, it is built as `go install` builds it for a user, and ignores
// them.
func Attune(dir string, hooks bool) (string, error) {
	bin := filepath.Join(dir, "attune")
	if !hooks {
		return bin, install("attune", nil, nil, []string{"github.com/attune-dev/attune"}, []string{bin})
	}
	return bin, install("attune-hooks", static, []string{"-tags", testhooks.Tag + ",urfave_cli_no_docs"}, []string{"github.com/attune-dev/attune"}, []string{bin})
}

// static is the environment of the build the tests start thousands of
// times: without cgo (as age's own releases are built), so the program
// is linked statically and each start skips the dynamic loader, about
// 1.3 ms of the 5 ms a start takes here. attune uses cgo for nothing of
// its own: only the standard library's user and DNS lookups would, and
// the tests need neither. That build also leaves out urfave/cli's
// Markdown and man page writers (its urfave_cli_no_docs tag: attune
// writes its own man page and uses neither), whose Markdown library
// builds its tables at every start, about 0.4 ms more.
var static = []string{"CGO_ENABLED=0"}

// AgeCLI builds age and age-keygen into dir.
func AgeCLI(dir string) error {
	return install("age", static, nil, []string{"filippo.io/age/cmd/age", "filippo.io/age/cmd/age-keygen"},
		[]string{filepath.Join(dir, "age"), filepath.Join(dir, "age-keygen")})
}

// Program builds one package of the module into the file out.
func Program(out, pkg string) error {
	return install("pkg-"+strings.ReplaceAll(pkg, "/", "_"), static, nil, []string{pkg}, []string{out})
}

// install builds pkgs (go build's flags first, env added to its
// environment) into the shared folder for this kind of build, and puts
// the program of pkgs[i] at outs[i].
func install(kind string, env, flags, pkgs, outs []string) error {
	shared, err := sharedDir(kind)
	if err != nil {
		// No cache folder (no HOME): build for this caller alone.
		if shared, err = os.MkdirTemp("", "attune-testbuild-"); err != nil {
			return err
		}
		defer os.RemoveAll(shared)
	}
	lock := flock.New(filepath.Join(shared, ".lock"))
	if err := lock.Lock(); err != nil {
		return err
	}
	defer lock.Unlock()
	// Test binaries have no use for the commit stamp, and without it a
	// change to any file of the checkout (a test, the README) does not
	// make every program link again.
	args := append([]string{"build", "-buildvcs=false", "-o", shared + string(filepath.Separator)}, flags...)
	if err := goCmd(env, append(args, pkgs...)...); err != nil {
		return err
	}
	for i, pkg := range pkgs {
		if err := linkOrCopy(filepath.Join(shared, filepath.Base(pkg)), outs[i]); err != nil {
			return err
		}
	}
	return nil
}

// sharedDir is the folder of the user's cache for one kind of build of
// this checkout (the module's folder names it, so that two checkouts
// never share one).
func sharedDir(kind string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(root))
	dir := filepath.Join(cache, "attune-testbuild", hex.EncodeToString(sum[:8]), kind)
	return dir, os.MkdirAll(dir, 0o700)
}

// moduleRoot is the folder holding the go.mod above the working folder
// (tests run in their package's folder).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}

// linkOrCopy puts the program src at dst: a hard link where the two
// folders are on one file system, a copy elsewhere.
func linkOrCopy(src, dst string) error {
	os.Remove(dst)
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func goCmd(env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
