package commands

import (
	"strings"
	"testing"
	"time"
)

func TestSpell(t *testing.T) {
	plain := Parser{Command: "/inc"}
	grouped := Parser{Command: "/inc", Grouped: true}
	for _, tc := range []struct{ sub, plain, grouped string }{
		{"cause", "/inc cause", "/inc writeup cause"},
		{"service", "/inc service", "/inc writeup service"},
		{"lesson", "/inc lesson", "/inc writeup lesson"},
		{"comms", "/inc comms", "/inc writeup comms"},
		{"similar", "/inc similar", "/inc learn similar"},
		{"stats", "/inc stats", "/inc learn stats"},
		{"followups", "/inc followups", "/inc learn followups"},
		{"learn stats", "/inc learn stats", "/inc learn stats"},
		{"actions", "/inc actions", "/inc action list"},
		{"action done", "/inc action done", "/inc action done"},
		{"why", "/inc why", "/inc why"},
		{"reopen", "/inc reopen", "/inc reopen"},
		{"no such", "/inc no such", "/inc no such"},
	} {
		if got := plain.Spell(tc.sub); got != tc.plain {
			t.Errorf("Spell(%q) = %q, want %q", tc.sub, got, tc.plain)
		}
		if got := grouped.Spell(tc.sub); got != tc.grouped {
			t.Errorf("grouped Spell(%q) = %q, want %q", tc.sub, got, tc.grouped)
		}
	}
	if got := (Parser{}).Spell("comms"); got != "/incident comms" {
		t.Errorf("the zero Parser spells %q", got)
	}
}

// TestGroupedTexts: with Grouped, usage lines, help and examples name the
// grouped subcommands as Discord offers them, the help of "writeup cause"
// is found, and no alias is offered; without it, they read as before.
func TestGroupedTexts(t *testing.T) {
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	p := Parser{Grouped: true}
	overview, _ := p.HelpText("")
	for _, topic := range []string{"cause", "writeup cause", "WRITEUP  Cause", "writeup", "similar", "learn stats"} {
		text, ok := p.HelpText(topic)
		if !ok {
			t.Errorf("no help for %q", topic)
			continue
		}
		if strings.Contains(text, "Also:") {
			t.Errorf("help %q offers aliases Discord lacks:\n%s", topic, text)
		}
		overview += "\n" + text
	}
	_, err := p.Parse("lesson", now)
	if err == nil {
		t.Fatal("lesson without arguments parsed")
	}
	overview += "\n" + err.Error()
	for _, want := range []string{"  writeup cause ", "Usage: /incident writeup cause <", "Example: /incident writeup lesson well", "Usage: /incident learn similar", "Usage: /incident writeup comms"} {
		if !strings.Contains(overview, want) {
			t.Errorf("grouped texts lack %q", want)
		}
	}
	for _, bad := range []string{"/incident cause", "/incident lesson", "/incident comms", "/incident service", "/incident similar", "/incident stats", "/incident followups"} {
		if strings.Contains(overview, bad) {
			t.Errorf("grouped texts say %q", bad)
		}
	}

	plain, _ := Parser{}.HelpText("cause")
	if !strings.Contains(plain, "Usage: /incident cause <") || !strings.Contains(plain, "Example: /incident cause monitoring") {
		t.Errorf("plain help of cause:\n%s", plain)
	}
	if s, _ := (Parser{}).HelpText("similar"); !strings.Contains(s, "Also: similar") {
		t.Errorf("plain help lost its aliases:\n%s", s)
	}
}
