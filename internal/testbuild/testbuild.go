// Package testbuild builds the programs attune's tests run as child
// processes: attune itself, with or without its test hooks, and the age
// CLI from the filippo.io/age module attune depends on. The age CLI is
// never taken from PATH: a system's age can be older than the module
// (Debian's 1.1.1 cannot read post-quantum keys).
package testbuild

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/attune-dev/attune/internal/testhooks"
)

// Attune builds attune into dir and returns the binary's path. With
// hooks, the binary obeys the ATTUNE_TEST_* variables (testhooks.Tag);
// without, it is built as `go install` builds it for a user, and ignores
// them.
func Attune(dir string, hooks bool) (string, error) {
	bin := filepath.Join(dir, "attune")
	args := []string{"build", "-o", bin}
	if hooks {
		args = append(args, "-tags", testhooks.Tag)
	}
	return bin, goCmd(append(args, "github.com/attune-dev/attune")...)
}

// AgeCLI builds age and age-keygen into dir.
func AgeCLI(dir string) error {
	return goCmd("build", "-o", dir+string(filepath.Separator), "filippo.io/age/cmd/age", "filippo.io/age/cmd/age-keygen")
}

// Program builds one package of the module into the file out.
func Program(out, pkg string) error { return goCmd("build", "-o", out, pkg) }

func goCmd(args ...string) error {
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
