package commands

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryCommand keeps the README's command table true: every
// subcommand appears with its usage line.
func TestREADMEListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.ReplaceAll(string(b), `\|`, "|")
	for _, s := range Subcommands {
		line := strings.TrimSpace(DefaultCommand + " " + s.Name + " " + s.Args())
		if !strings.Contains(readme, "`"+line+"`") {
			t.Errorf("README lacks the usage line `%s`", line)
		}
	}
}
