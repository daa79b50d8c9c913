package commands

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestSpecExamples parses every example in the help: each must parse into
// the command its spec names.
func TestSpecExamples(t *testing.T) {
	for _, s := range Subcommands {
		text := strings.TrimSpace(s.Name + " " + s.Example)
		got, err := Parse(text, now)
		if err != nil {
			t.Errorf("example %q: %v", text, err)
			continue
		}
		if got.Command.Name() != s.Name {
			t.Errorf("example %q parsed as %q", text, got.Command.Name())
		}
		for _, a := range s.Aliases {
			text := strings.TrimSpace(a + " " + s.Example)
			if got, err := Parse(text, now); err != nil || got.Command.Name() != s.Name {
				t.Errorf("alias %q: %v, %v", text, got.Command, err)
			}
		}
	}
}

// TestSpecFlags checks that each synopsis shows exactly the flags the
// subcommand accepts, and that each accepted flag is accepted.
func TestSpecFlags(t *testing.T) {
	flagRE := regexp.MustCompile(`--([a-z]+)`)
	for _, s := range Subcommands {
		var shown []string
		for _, m := range flagRE.FindAllStringSubmatch(s.Args(), -1) {
			shown = append(shown, m[1])
		}
		if !slices.Equal(shown, s.Flags()) {
			t.Errorf("%s: synopsis shows %v, accepts %v", s.Name, shown, s.Flags())
		}
		for _, f := range s.Flags() {
			_, err := Parse(s.Name+" --"+f+" "+strings.Repeat("z", 3), now)
			if msg := bot.ErrorMessage(err); strings.Contains(msg, "Unknown flag") {
				t.Errorf("%s does not accept --%s: %s", s.Name, f, msg)
			}
		}
	}
}

// TestSpecNames checks that the names in the table are the names of the
// commands the engine knows.
func TestSpecNames(t *testing.T) {
	cmds := []bot.Command{
		bot.Declare{}, bot.AssignRole{}, bot.SetSeverity{}, bot.SetStatus{}, bot.SetTitle{}, bot.SetStarted{}, bot.SetDetected{}, bot.Acknowledge{},
		bot.Mitigate{}, bot.Resolve{}, bot.Close{}, bot.Reopen{}, bot.PostUpdate{}, bot.MarkEvent{},
		bot.SetImpact{}, bot.SetSummary{}, bot.AddWhy{}, bot.AddService{}, bot.AddLesson{}, bot.LogComms{}, bot.AddCause{}, bot.AddAction{},
		bot.CompleteAction{}, bot.VerifyAction{}, bot.ReopenAction{}, bot.DropAction{}, bot.ListFollowUps{}, bot.FindSimilar{}, bot.ShowStats{},
		bot.ListActions{}, bot.DraftPostmortem{}, bot.ShowTimeline{},
		bot.ListIncidents{}, bot.Help{},
	}
	if len(cmds) != len(Subcommands) {
		t.Errorf("%d commands, %d specs", len(cmds), len(Subcommands))
	}
	for _, c := range cmds {
		if _, ok := Lookup(c.Name()); !ok {
			t.Errorf("no spec for %s", c.Name())
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct{ sub, want string }{
		{"sev", "/incident sev <P0..P3> [--at TIME]"},
		{"SEVERITY", "/incident sev <P0..P3> [--at TIME]"},
		{"close", "/incident close"},
		{"action done", "/incident action done <n|A-id> [--link URL]"},
		{"actions", "/incident action list"},
		{"", "/incident <subcommand> [arguments] [--id N]"},
		{"nope", "/incident <subcommand> [arguments] [--id N]"},
	}
	for _, tt := range tests {
		if got := Usage(tt.sub); got != tt.want {
			t.Errorf("Usage(%q) = %q, want %q", tt.sub, got, tt.want)
		}
	}
	if got := Usage("action"); strings.Count(got, "\n") != 5 || !strings.HasPrefix(got, "/incident action add ") {
		t.Errorf("Usage(action) = %q, want the six action lines", got)
	}
}

func TestHelpOverview(t *testing.T) {
	text, ok := Parser{}.HelpText("")
	if !ok {
		t.Fatal("no overview")
	}
	for _, s := range Subcommands {
		if !strings.Contains(text, "  "+s.Name+" ") || !strings.Contains(text, s.Summary) {
			t.Errorf("overview lacks %s - %s", s.Name, s.Summary)
		}
		h, ok := Parser{}.HelpText(s.Name)
		if !ok || !strings.HasPrefix(h, "Usage: "+Usage(s.Name)+"\n") || !strings.Contains(h, "\nExample: /incident "+s.Name) {
			t.Errorf("help %s:\n%s", s.Name, h)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"decalre", `"declare"`},
		{"stauts", `"status"`},
		{"acion", `"action"`},
		{"severty", `"severity"`},
		{"xyzzy", "help lists the subcommands"},
		{strings.Repeat("declare", 10), "help lists the subcommands"},
	}
	for _, tt := range tests {
		if got := (Parser{}).suggest(tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("suggest(%q) = %q, want it to contain %q", tt.in, got, tt.want)
		}
	}
}

// TestHelpActionRef: the help of each subcommand that takes an action says
// how one is named; others do not.
func TestHelpActionRef(t *testing.T) {
	for _, s := range Subcommands {
		h, _ := Parser{}.HelpText(s.Name)
		takes := strings.Contains(s.Args(), "<n|A-id>")
		if got := strings.Contains(h, actionRefNote); got != takes {
			t.Errorf("help %s explains A-ids: %v, want %v:\n%s", s.Name, got, takes, h)
		}
	}
}
