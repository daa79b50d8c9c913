package config

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEverySetting keeps the README's settings table true: every
// setting appears with its environment variable and its file key.
func TestREADMEListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, s := range settings {
		if row := "| `" + s.env + "` | `" + s.key + "` |"; !strings.Contains(readme, row) {
			t.Errorf("README lacks the settings row starting %s", row)
		}
	}
}
