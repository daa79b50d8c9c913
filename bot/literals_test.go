package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoHardCodedCommand keeps the slash command one setting: no string in
// the engine or the postmortem names /incident except DefaultCommand, so
// every text names Config.Command (what WARROOM_SLACK_COMMAND sets).
func TestNoHardCodedCommand(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("../postmortem/*.go")
	fset := token.NewFileSet()
	for _, path := range append(files, more...) {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "DefaultCommand" {
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "/incident") {
				t.Errorf("%s: %s names /incident: use the configured command (Config.Command)", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}
