package testhooks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestWorkFactor(t *testing.T) {
	for in, want := range map[string]int{
		"": 0, "0": 0, "1": 1, "10": 10, "22": 22, "23": 0, "-1": 0, "abc": 0, " 10": 0, "10s": 0,
	} {
		if got := workFactor(in); got != want {
			t.Errorf("workFactor(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestFromEnvironment(t *testing.T) {
	t.Cleanup(func() { ScryptWorkFactor, CrashAt, KeyringPrefix = 0, "", "" })
	t.Setenv(ScryptWorkFactorEnv, "10")
	t.Setenv(CrashAtEnv, "after-rename#2")
	t.Setenv(KeyringPrefixEnv, "test1:")
	FromEnvironment()
	if ScryptWorkFactor != 10 || CrashAt != "after-rename#2" || KeyringPrefix != "test1:" {
		t.Errorf("hooks %d %q %q, want 10 \"after-rename#2\" \"test1:\"", ScryptWorkFactor, CrashAt, KeyringPrefix)
	}
	for _, name := range []string{ScryptWorkFactorEnv, CrashAtEnv, KeyringPrefixEnv} {
		t.Setenv(name, "")
	}
	FromEnvironment()
	if ScryptWorkFactor != 0 || CrashAt != "" || KeyringPrefix != "" {
		t.Errorf("hooks %d %q %q with the variables empty, want all off", ScryptWorkFactor, CrashAt, KeyringPrefix)
	}
}

// TestOnlyEnvGoHasTheTag: the tag the tests build with is the one that
// turns the hooks on.
func TestOnlyEnvGoHasTheTag(t *testing.T) {
	src, err := os.ReadFile("env.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "//go:build "+Tag+"\n") {
		t.Errorf("env.go does not start with //go:build %s", Tag)
	}
}

// TestFromEnvironmentOnlyInTests: outside this package, no file that goes
// into attune (a non-test Go file) calls FromEnvironment or sets a hook,
// so a plain build has no way to turn one on.
func TestFromEnvironmentOnlyInTests(t *testing.T) {
	root := filepath.Join("..", "..")
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		for _, bad := range hookSetters(t, path) {
			t.Errorf("%s: only tests may turn a hook on", bad)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read only %d Go files under %s: the walk is not finding the module", files, root)
	}
}

// hookSetters lists the places in one file that call FromEnvironment or
// assign to (or take the address of) a hook.
func hookSetters(t *testing.T, path string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	name := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "github.com/attune-dev/attune/internal/testhooks" {
			name = "testhooks"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	if name == "" {
		return nil
	}
	isHook := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == name
	}
	var found []string
	report := func(n ast.Node, what string) { found = append(found, fset.Position(n.Pos()).String()+": "+what) }
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if isHook(n) && n.Sel.Name == "FromEnvironment" {
				report(n, "FromEnvironment")
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if isHook(l) {
					report(n, "assigns a hook")
				}
			}
		case *ast.IncDecStmt:
			if isHook(n.X) {
				report(n, "changes a hook")
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isHook(n.X) {
				report(n, "takes a hook's address")
			}
		}
		return true
	})
	return found
}
