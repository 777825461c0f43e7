package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// FAT and exFAT sticks, many FUSE file systems, SMB and sync mounts have
// no hard links: link(2) fails there. attune takes its backup and undo's
// copy of the newer version with a link where it can and a synced copy
// where it cannot; these tests run it where it cannot.

// underStrace runs every later run of attune in e under strace, which
// makes the system calls in trace fail as inject says (strace's -e
// inject=), or skips the test where strace is missing or may not trace
// (ptrace refused, as in some containers). It returns strace's log: one
// line for each call traced, marked (INJECTED) where it was made to fail.
func (e *env) underStrace(trace, inject string) (log string) {
	e.t.Helper()
	flags, why := straceFlags()
	if why != "" {
		e.t.Skip(why)
	}
	// The log is outside the test's world, so that snapshots of it do
	// not see it; strace truncates it at each run.
	log = filepath.Join(e.t.TempDir(), "strace.log")
	e.wrap = append(append([]string{"strace"}, flags...), "-e", "trace="+trace, "-e", "inject="+inject, "-o", log, "--")
	return log
}

// straceFlags finds out once whether strace can trace here, and how:
// with --seccomp-bpf (strace 5.3 and later) the kernel stops attune only
// at the traced calls, not at every one, which makes a run under strace
// about twice as quick. why says what is missing when it cannot.
var straceFlags = sync.OnceValues(func() (flags []string, why string) {
	if _, err := exec.LookPath("strace"); err != nil {
		return nil, "strace is not installed: cannot make a system call fail (.ci/run installs it)"
	}
	for _, flags := range [][]string{{"-f", "-qq", "--seccomp-bpf"}, {"-f", "-qq"}} {
		if exec.Command("strace", append(flags, "-e", "trace=link", "-o", "/dev/null", "true")...).Run() == nil {
			return flags, ""
		}
	}
	out, err := exec.Command("strace", "-o", "/dev/null", "true").CombinedOutput()
	return nil, fmt.Sprintf("strace cannot trace here (ptrace not permitted?): %v %s", err, out)
})

// noLinks makes link(2) fail with EPERM in every later run of attune in
// e, as it does on such a file system. The returned function tells
// whether the last run tried a link and had it refused: a check that the
// copy path was taken at all.
func (e *env) noLinks() (refused func() bool) {
	e.t.Helper()
	log := e.underStrace("link,linkat", "link,linkat:error=EPERM")
	return func() bool {
		data, _ := os.ReadFile(log)
		return strings.Contains(string(data), "(INJECTED)")
	}
}

// mustNoError runs attune, which must succeed without printing an error.
func (e *env) mustNoError(args ...string) {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 || strings.Contains(r.stderr, "attune: error") {
		e.t.Fatalf("attune %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
}

// texts lists the boundaries of a map as "id text".
func texts(m *mapfile.Map) []string {
	var out []string
	for _, b := range m.Boundaries {
		out = append(out, b.ID+" "+b.Text)
	}
	return out
}

// expectVersions checks that the map and the backup hold these
// boundaries, and that no temporary or undo file is left.
func (e *env) expectVersions(what string, mapTexts, bakTexts []string) {
	e.t.Helper()
	if got := texts(e.readMap()); !slices.Equal(got, mapTexts) {
		e.t.Errorf("after %s the map holds %q, want %q", what, got, mapTexts)
	}
	bak, err := e.readForeign(store.BackupFile)
	if err != nil {
		e.t.Fatalf("after %s the backup does not read: %v", what, err)
	}
	if got := texts(bak); !slices.Equal(got, bakTexts) {
		e.t.Errorf("after %s the backup holds %q, want %q", what, got, bakTexts)
	}
	if left := tempFiles(e.t, e.store); len(left) > 0 {
		e.t.Errorf("after %s temporary files are left: %v", what, left)
	}
	if _, err := os.Lstat(filepath.Join(e.store, store.UndoFile)); err == nil {
		e.t.Errorf("after %s %s is left", what, store.UndoFile)
	}
}

// checkAddAndUndo adds two boundaries and undoes twice, checking map and
// backup after each step. e's store is initialised.
func checkAddAndUndo(e *env, refused func() bool) {
	e.t.Helper()
	one := []string{"b1 Being held down"}
	two := append(slices.Clone(one), "b2 Hugs when asked")
	e.mustNoError("add", "boundary", "red", "Being held down")
	if refused != nil && !refused() {
		e.t.Fatal("add took its backup without trying a link: the fault was not injected")
	}
	e.mustNoError("add", "boundary", "green", "Hugs when asked")
	e.expectVersions("two adds", two, one)
	e.mustNoError("undo")
	if refused != nil && !refused() {
		e.t.Fatal("undo kept the newer version without trying a link: the fault was not injected")
	}
	e.expectVersions("undo", one, two)
	e.mustNoError("undo")
	e.expectVersions("undo of the undo", two, one)
}

// TestUndoWithoutHardLinks: add keeps the earlier version as the backup,
// and undo swaps map and backup, back and forth, where every link(2)
// fails; nothing is left behind and nothing is reported as an error.
func TestUndoWithoutHardLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	refused := e.noLinks()
	checkAddAndUndo(e, refused)
}

// TestImportWithoutHardLinks: a new import from a partner keeps the one
// it replaces as the previous import (which import and list compare
// with) where link(2) fails, as a copy.
func TestImportWithoutHardLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.must("init", "--name", "Sam")
	exports := crashExports(e)
	refused := e.noLinks()
	for _, x := range exports {
		e.mustNoError("import", x.path, "--as", crashPartner)
	}
	if !refused() {
		t.Fatal("the second import kept the first without trying a link: the fault was not injected")
	}
	s, k := e.open()
	own := e.readMap()
	last, err := s.ReadImport(k.ids, own, crashPartner)
	if err != nil || !sameMap(last, exports[1].m) {
		t.Errorf("the import is not the second export (%v)", err)
	}
	prev, err := s.ReadPreviousImport(k.ids, own, crashPartner)
	if err != nil || prev == nil || !sameMap(prev, exports[0].m) {
		t.Errorf("the previous import is not the first export (%v)", err)
	}
	if left := tempFiles(t, s.Path(store.PartnersDir)); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestCrashPointsWithoutHardLinks is TestCrashPoints where link(2)
// fails. The backup (and undo's copy of the newer version) is then a
// write of its own, nested in the write of the new map, with its own
// three points: the points are visited as temp-written (the new map),
// temp-written#2, before-rename, after-rename (the copy in place),
// before-rename#2, after-rename#2 (the new map in place), and, for undo,
// undo-replaced. A kill at each one must be finished or dropped by the
// next command, which also runs without hard links.
//
// Under -short a third of them run (inShortSample): every command is
// still killed and every point still reached, but not every command at
// every point; the full run does all 43.
func TestCrashPointsWithoutHardLinks(t *testing.T) {
	t.Parallel()
	points := []string{
		atomicfile.CrashTempWritten + "#1", atomicfile.CrashTempWritten + "#2",
		atomicfile.CrashBeforeRename + "#1", atomicfile.CrashAfterRename + "#1",
		atomicfile.CrashBeforeRename + "#2", atomicfile.CrashAfterRename + "#2",
	}
	for k, op := range crashOps {
		opPoints := points
		if op.name == "undo" {
			opPoints = append(opPoints, store.CrashUndoReplaced)
		}
		for j, point := range opPoints {
			if !inShortSample(k, j) {
				continue
			}
			t.Run(strings.ReplaceAll(op.name, " ", "-")+"/"+point, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				// init makes no link: only the commands after it need
				// strace, which makes each run slower.
				e.must("init", "--name", "Sam")
				e.noLinks()
				replaced := point == atomicfile.CrashAfterRename+"#2" || point == store.CrashUndoReplaced
				checkCrashPoint(e, op, point, replaced)
			})
		}
	}
}

// inShortSample tells whether the kill of command k at point j runs:
// always in the full run, and under -short when (k+j)%3 is 0, which
// kills each of the seven commands at two of its points, each of the six
// points in two or three commands, and undo at its own point. A run
// under strace costs about three times an ordinary one: all 43 kills
// took a third of the CPU time of the e2e tests under -short.
func inShortSample(k, j int) bool { return !testing.Short() || (k+j)%3 == 0 }

// noLinkFileSystems are real file systems without hard links that a
// loop-mounted image can give: FAT (the kernel's vfat), exFAT (the
// kernel's, or exfat-fuse where the kernel has none). The masks make
// files 0600 and folders 0700, as a person keeping private files on a
// stick would mount it; with the default masks every file shows 0755 or
// 0777 and attune refuses an identity that others can read.
var noLinkFileSystems = []struct{ fs, mkfs string }{
	{"vfat", "mkfs.vfat"},
	{"exfat", "mkfs.exfat"},
	{"exfat-fuse", "mkfs.exfat"},
}

// mountImage makes a small image of file system fs with mkfs and mounts
// it at a new folder, or skips the test with the reason it cannot.
func mountImage(t *testing.T, fs, mkfs string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting an image needs root")
	}
	mkfsPath, err := sbinTool(mkfs)
	if err != nil {
		t.Skipf("%s is not installed (.ci/run installs it): %v", mkfs, err)
	}
	img := filepath.Join(t.TempDir(), fs+".img")
	must(t, os.WriteFile(img, nil, 0o600))
	must(t, os.Truncate(img, 32<<20))
	if out, err := exec.Command(mkfsPath, img).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v %s", mkfs, err, out)
	}
	dir := t.TempDir()
	opts := "loop,uid=0,gid=0,fmask=0177,dmask=0077"
	if out, err := exec.Command("mount", "-t", fs, "-o", opts, img, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount an image of %s here: %v %s", fs, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	if err := os.Link(img, filepath.Join(dir, "x")); err == nil {
		t.Skipf("%s takes hard links here: nothing to test", fs)
	}
	return dir
}

// sbinTool finds a system tool that may be outside an ordinary PATH.
func sbinTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}

// TestUndoOnFileSystemsWithoutHardLinks is TestUndoWithoutHardLinks on
// a real FAT or exFAT file system, where link(2) fails by itself.
func TestUndoOnFileSystemsWithoutHardLinks(t *testing.T) {
	t.Parallel()
	for _, f := range noLinkFileSystems {
		t.Run(f.fs, func(t *testing.T) {
			mnt := mountImage(t, f.fs, f.mkfs)
			e := newEnv(t)
			e.store = filepath.Join(mnt, "store")
			e.must("init", "--name", "Sam")
			checkAddAndUndo(e, nil)
		})
	}
}
