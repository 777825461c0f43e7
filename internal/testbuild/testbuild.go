// Package testbuild builds the programs attune's tests run as child
// processes, such as the age CLI from the filippo.io/age module attune
// depends on. The age CLI is never taken from PATH: a system's age can be
// older than the module (Debian's 1.1.1 cannot read post-quantum keys).
package testbuild

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

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
