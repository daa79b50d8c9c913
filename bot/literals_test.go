package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/commands"
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

// TestGroupedSubcommandsSpelled keeps the hints true on Discord, which
// offers some subcommands only under a group (/incident writeup cause): no
// string in the engine or the postmortem names one after the slash command
// ("%s comms", " lesson <"), so each is spelled by Options.Spell.
func TestGroupedSubcommandsSpelled(t *testing.T) {
	var words []string
	for _, s := range commands.Subcommands {
		if s.DiscordGroup != "" {
			words = append(words, s.Name)
		}
		if s.Group() != "" {
			for _, a := range s.Aliases {
				if !strings.Contains(a, " ") {
					words = append(words, a)
				}
			}
		}
	}
	named := regexp.MustCompile(`(%s|^"|^` + "`" + `) (` + strings.Join(words, "|") + `)\b`)
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
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && named.MatchString(lit.Value) {
				t.Errorf("%s: %s names a subcommand after the slash command: spell it (Options.Spell)", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}
