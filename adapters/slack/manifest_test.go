package slack_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestManifest: the app manifest turns on Socket Mode and interactivity,
// has the slash command, and asks for exactly the scopes and events the
// adapter uses.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command      string `yaml:"command"`
				ShouldEscape bool   `yaml:"should_escape"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if !m.Settings.SocketMode || !m.Settings.Interactivity.Enabled {
		t.Error("socket mode and interactivity must be on")
	}
	if c := m.Features.SlashCommands; len(c) != 1 || c[0].Command != "/incident" || !c[0].ShouldEscape {
		t.Errorf("slash commands = %+v", c)
	}
	scopes := []string{"channels:history", "channels:manage", "channels:read", "chat:write", "commands", "files:write",
		"groups:history", "groups:read", "groups:write", "im:write", "pins:write", "reactions:read", "usergroups:read", "users:read"}
	got := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if !slices.Equal(got, scopes) {
		t.Errorf("bot scopes = %v, want %v", got, scopes)
	}
	events := []string{"member_joined_channel", "message.channels", "message.groups", "reaction_added"}
	if got := slices.Sorted(slices.Values(m.Settings.Events.Bot)); !slices.Equal(got, events) {
		t.Errorf("bot events = %v, want %v", got, events)
	}
}
