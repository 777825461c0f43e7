package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/internal/testbuild"
	"github.com/attune-dev/attune/internal/testfs"
	"github.com/attune-dev/attune/internal/testrun"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// The scripts run attune as built with its test hooks (hookedAttune),
// the program internal/e2e runs too: only that build reads the
// variables the scripts set.
func TestMain(m *testing.M) {
	os.Exit(mainRun{m}.Run())
}

// The variables a build with test hooks reads (internal/testhooks, env.go).
const (
	scryptWorkFactorEnv = "ATTUNE_TEST_SCRYPT_WORK_FACTOR"
	keyringPrefixEnv    = "ATTUNE_TEST_KEYRING_PREFIX"
)

// built lists the temporary folders of the programs this test binary
// built, removed when the tests end.
var built struct {
	sync.Mutex
	dirs []string
}

// buildDir makes a temporary folder for built programs.
func buildDir(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err == nil {
		built.Lock()
		built.dirs = append(built.dirs, dir)
		built.Unlock()
	}
	return dir, err
}

// mainRun is the run of the tests (the test binary run as attune, for
// a script, never gets here): it sets the run up (testrun.Start), runs
// the tests, then removes what they built.
type mainRun struct{ m *testing.M }

func (r mainRun) Run() int {
	defer testrun.Start()()
	code := r.m.Run()
	built.Lock()
	defer built.Unlock()
	for _, d := range built.dirs {
		os.RemoveAll(d)
	}
	return code
}

// ageTools builds the real age CLI (age and age-keygen) from the module
// attune depends on, once per test binary, for interop checks.
var ageTools = sync.OnceValues(func() (string, error) {
	dir, err := buildDir("attune-agecli-")
	if err != nil {
		return "", err
	}
	if err := testbuild.AgeCLI(dir); err != nil {
		return "", err
	}
	// A test age plugin, to use plugin identities and recipients end to end.
	if err := testbuild.Program(filepath.Join(dir, "age-plugin-attunetest"), "github.com/attune-dev/attune/internal/testplugin"); err != nil {
		return "", err
	}
	return dir, nil
})

// hookedAttune builds attune with its test hooks on, once per test
// binary, for tests that run it at a terminal; it returns its folder.
var hookedAttune = sync.OnceValues(func() (string, error) {
	dir, err := buildDir("attune-bin-")
	if err != nil {
		return "", err
	}
	_, err = testbuild.Attune(dir, true)
	return dir, err
})

func TestScript(t *testing.T) {
	t.Parallel()
	ageDir, err := ageTools()
	if err != nil {
		t.Fatal(err)
	}
	attuneDir, err := hookedAttune()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		// ATTUNE_UPDATE_SCRIPTS=1 rewrites the files a script compares with
		// cmp: for a change of wording, then read with git diff.
		UpdateScripts: os.Getenv("ATTUNE_UPDATE_SCRIPTS") != "",
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", attuneDir+string(os.PathListSeparator)+ageDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("ATTUNE_DIR", filepath.Join(env.WorkDir, "store"))
			env.Setenv(scryptWorkFactorEnv, "10")
			env.Setenv("NO_COLOR", "")
			// Scripts share the kernel keyring: keep their unlocked keys apart.
			env.Setenv(keyringPrefixEnv, fmt.Sprintf("test%d-%s:", os.Getpid(), filepath.Base(env.WorkDir)))
			// Characters a script cannot type.
			env.Setenv("ESC", "\x1b")
			env.Setenv("BEL", "\a")
			env.Setenv("TEXT1000", strings.Repeat("é", 1000))
			env.Setenv("LONGTEXT", strings.Repeat("é", 1001))
			// One name, with é as one character (NFC) and as e plus a
			// combining accent (NFD).
			env.Setenv("ZOE_NFC", "Zo\u00eb")
			env.Setenv("ZOE_NFD", "Zoe\u0308")
			// 1000 "é" typed as e + U+0301: 2000 code points, 1000 characters.
			env.Setenv("DECOMPOSED1000", strings.Repeat("e\u0301", 1000))
			env.Setenv("DECOMPOSED1001", strings.Repeat("e\u0301", 1001))
			env.Setenv("ZWSP", "\u200b")
			// Partner names: a soft hyphen, a Cyrillic capital Dze (looks
			// like S), and names whose joiners change how they look.
			env.Setenv("SHY", "\u00ad")
			env.Setenv("ZWJ", "\u200d")
			env.Setenv("CYRILLIC_S", "\u0405")
			env.Setenv("ALIREZA", "\u0639\u0644\u06cc\u200c\u0631\u0636\u0627")               // Persian, ZWNJ after yeh
			env.Setenv("ANIRUDDHA", "\u0905\u0928\u093f\u0930\u0941\u0926\u094d\u200d\u0927") // Devanagari, virama + ZWJ
			env.Setenv("CODER", "Kai\U0001F469\u200d\U0001F4BB")                              // an emoji ZWJ sequence
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "memfs" {
				info, err := os.Stat("/dev/shm")
				return err == nil && info.IsDir(), nil
			}
			if cond == "keyring" {
				ok, why := keyringUsable()
				if !ok {
					t.Logf("no kernel keyring: %s", why)
				}
				return ok, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"snap":     cmdSnap,
			"perm":     cmdPerm,
			"permall":  cmdPermAll,
			"truncate": cmdTruncate,
			"exitcode": cmdExitCode,
			"flipbyte": cmdFlipByte,
			"bigtoml":  cmdBigTOML,
			"bigtext":  cmdBigText,
			"memdir":   cmdMemDir,
			"sealed":   cmdSealed,
			"envfile":  cmdEnvFile,
			"waitfail": cmdWaitFail,
			"second":   cmdSecond,
			"idpath":   cmdIDPath,
		},
	})
}

// snap DIR FILE writes FILE: one line per file under DIR with its path,
// mode and SHA-256, so `cmp` of two snaps proves DIR byte-for-byte
// unchanged.
func cmdSnap(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: snap DIR FILE")
	}
	snap, err := testfs.Snapshot(ts.MkAbs(args[0]))
	ts.Check(err)
	lines := make([]string, 0, len(snap))
	for path, v := range snap {
		lines = append(lines, path+" "+v)
	}
	sort.Strings(lines)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.Join(lines, "\n")+"\n"), 0o600))
}

// perm MODE PATH... checks the permission bits of each path (octal).
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: perm MODE PATH...")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	for _, p := range args[1:] {
		info, err := os.Stat(ts.MkAbs(p))
		ts.Check(err)
		got := uint64(info.Mode().Perm())
		if (got == want) == neg {
			ts.Fatalf("%s has mode %04o, want %s%04o", p, got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	}
}

// truncate FILE N cuts FILE to N bytes.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Check(os.Truncate(ts.MkAbs(args[0]), int64(n)))
}

// flipbyte FILE OFFSET flips the bits of one byte; a negative offset
// counts from the end.
func cmdFlipByte(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: flipbyte FILE OFFSET")
	}
	off, err := strconv.Atoi(args[1])
	ts.Check(err)
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	if off < 0 {
		off += len(data)
	}
	data[off] ^= 0xff
	ts.Check(os.WriteFile(path, data, 0o600))
}

// exitcode N PROG ARGS... runs PROG like exec and checks its exit code.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// bigtoml FILE N writes a valid map of at least N bytes (mostly comment
// lines), to test size limits.
func cmdBigTOML(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigtoml FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	var b strings.Builder
	b.WriteString("version = 1\nname = \"Big\"\n")
	for b.Len() < n {
		b.WriteString("# a comment line that makes the file larger and larger\n")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o600))
}

// permall MODE DIR checks the permission bits of every file in DIR, and
// that there is at least one.
func cmdPermAll(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: permall MODE DIR")
	}
	entries, err := os.ReadDir(ts.MkAbs(args[1]))
	ts.Check(err)
	if len(entries) == 0 {
		ts.Fatalf("%s is empty", args[1])
	}
	for _, e := range entries {
		cmdPerm(ts, false, []string{args[0], filepath.Join(args[1], e.Name())})
	}
}

// waitfail TIMEOUT PROG ARGS... runs PROG like exec, again every tenth of
// a second while it succeeds, until it fails; then its output is checked
// as after `! exec`. It fails the script if PROG still succeeds when
// started after TIMEOUT: a poll instead of a sleep as long as the worst
// case.
func cmdWaitFail(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: waitfail TIMEOUT PROG ARGS...")
	}
	timeout, err := time.ParseDuration(args[0])
	ts.Check(err)
	deadline := time.Now().Add(timeout)
	for {
		late := time.Now().After(deadline)
		err := ts.Exec(args[1], args[2:]...)
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("%v", err)
			}
			return
		}
		if late {
			ts.Fatalf("%s still succeeds %s later", args[1], timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// second mark NAME sets $NAME to the current second; second after NAME
// waits until the clock is in a later second. attune dates what it writes
// to the second, so this orders two writes without sleeping a whole
// second.
func cmdSecond(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: second mark|after NAME")
	}
	switch args[0] {
	case "mark":
		ts.Setenv(args[1], strconv.FormatInt(time.Now().Unix(), 10))
	case "after":
		mark, err := strconv.ParseInt(ts.Getenv(args[1]), 10, 64)
		ts.Check(err)
		time.Sleep(time.Until(time.Unix(mark+1, 0)))
	default:
		ts.Fatalf("usage: second mark|after NAME")
	}
}

// bigtext FILE N writes N bytes of plain words to FILE.
func cmdBigText(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigtext FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat("word ", n/5+1)[:n]), 0o600))
}

// memdir VAR makes a folder of its own on /dev/shm (a tmpfs), sets VAR
// to it, and removes it when the script ends (scripts check [memfs]
// first).
func cmdMemDir(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: memdir VAR")
	}
	dir, err := os.MkdirTemp("/dev/shm", "attune-test-")
	ts.Check(err)
	ts.Defer(func() { os.RemoveAll(dir) })
	ts.Setenv(args[0], dir)
}

// sealed IN.toml RECIPIENTS OUT.age [SIGNER] makes an export by hand, as
// a partner's attune would: IN.toml with the fingerprints of the keys in
// RECIPIENTS (one a line) as its encrypted_to, signed with the secret key
// in SIGNER (made there if missing; default $WORK/.signer, one signer a
// script), encrypted to those keys.
func cmdSealed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: sealed IN.toml RECIPIENTS OUT.age [SIGNER]")
	}
	signerFile := ts.MkAbs(".signer")
	if len(args) == 4 {
		signerFile = ts.MkAbs(args[3])
	}
	var signer *keys.SigningKey
	if data, err := os.ReadFile(signerFile); err == nil {
		signer, err = keys.ParseSigningKey(strings.TrimSpace(string(data)))
		ts.Check(err)
	} else {
		signer, err = keys.NewSigningKey()
		ts.Check(err)
		ts.Check(os.WriteFile(signerFile, []byte(signer.String()+"\n"), 0o600))
	}
	var strs, fps []string
	for _, l := range strings.Split(ts.ReadFile(args[1]), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			strs = append(strs, l)
			fps = append(fps, fmt.Sprintf("%q", keys.RecipientFingerprint(l)))
		}
	}
	plain := "encrypted_to = [" + strings.Join(fps, ", ") + "]\n" + ts.ReadFile(args[0])
	sealed, err := export.Seal([]byte(plain), signer)
	ts.Check(err)
	var rcpts []age.Recipient
	for _, r := range strs {
		rc, err := keys.ParseRecipient(r, keys.Options{})
		ts.Check(err)
		rcpts = append(rcpts, rc)
	}
	var buf bytes.Buffer
	ts.Check(store.Encrypt(&buf, sealed, false, rcpts...))
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), buf.Bytes(), 0o600))
}

// envfile VAR FILE sets VAR to the content of FILE, trimmed (a key line
// printed by one command, given to the next).
func cmdEnvFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envfile VAR FILE")
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile(args[1])))
}

// idpath VAR [DIR] sets VAR to the path of the identity the store in DIR
// (default: $ATTUNE_DIR) uses on this device: outside the folder, under
// the script's HOME, for a store made now.
func cmdIDPath(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: idpath VAR [DIR]")
	}
	dir := ts.Getenv("ATTUNE_DIR")
	if len(args) == 2 {
		dir = ts.MkAbs(args[1])
	}
	s, err := store.Open(dir)
	ts.Check(err)
	s.KeysRoot = store.KeysRoot(ts.Getenv)
	ts.Setenv(args[0], s.IdentityPath())
}
