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

// TestHooksOnlyInTests: outside this package, no file that goes into
// attune (a non-test Go file) sets a hook; and no such file but one
// under the tag names the tests' variables, so a plain build holds no
// code that reads them.
func TestHooksOnlyInTests(t *testing.T) {
	root := filepath.Join("..", "..")
	files := 0
	prefix := "ATTUNE_" + "TEST_"
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
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), prefix) && !strings.HasPrefix(string(src), "//go:build "+Tag+"\n") {
			t.Errorf("%s names the tests' variables but is compiled into every build", path)
		}
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

// hookSetters lists the places in one file that assign to (or take the
// address of) a hook.
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
