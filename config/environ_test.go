package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestLoadEnvironNames(t *testing.T) {
	tests := []struct {
		name     string
		environ  []string
		errs     []string // each must be in the error, in this order; nil: no error
		warnings []string
	}{
		{
			name:    "known names",
			environ: []string{"WARROOM_PLATFORM=console", "WARROOM_DB=x.db", "PATH=/bin", "HOME=/root"},
		},
		{
			name:    "a misspelt platform",
			environ: []string{"WARROOM_PLATFOM=slack"},
			errs:    []string{"WARROOM_PLATFOM is not a warroom setting; did you mean WARROOM_PLATFORM?"},
		},
		{
			name:    "every unknown name at once, with the bad values",
			environ: []string{"WARROOM_REMINDR_P1=5m", "WARROOM_DEFAULT_SEV=P9", "WARROOM_LOGLEVEL=debug"},
			errs: []string{
				"WARROOM_LOGLEVEL is not a warroom setting; did you mean WARROOM_LOG_LEVEL?",
				"WARROOM_REMINDR_P1 is not a warroom setting; did you mean WARROOM_REMINDER_P1?",
				"WARROOM_DEFAULT_SEV (default_severity) must be P0, P1, P2 or P3",
			},
		},
		{
			name:    "an empty unknown variable counts as unset",
			environ: []string{"WARROOM_PLATFOM="},
		},
		{
			name:     "unknown SLACK_ and DISCORD_ names warn",
			environ:  []string{"SLACK_BOT_TOKN=xoxb-1", "DISCORD_GUILD=1", "SLACK_BOT_TOKEN=xoxb-2"},
			warnings: []string{"DISCORD_GUILD is set but warroom does not read it; the nearest setting is DISCORD_GUILD_ID", "SLACK_BOT_TOKN is set but warroom does not read it; the nearest setting is SLACK_BOT_TOKEN"},
		},
		{
			name:    "the value is never shown",
			environ: []string{"WARROOM_BOT_TOKEN=xoxb-secret-value"},
			errs:    []string{"WARROOM_BOT_TOKEN is not a warroom setting; did you mean"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadEnviron("", tt.environ)
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(c.Warnings, tt.warnings) {
					t.Errorf("warnings = %q, want %q", c.Warnings, tt.warnings)
				}
				return
			}
			if err == nil {
				t.Fatalf("LoadEnviron(%q) succeeded, want an error", tt.environ)
			}
			msg, at := err.Error(), 0
			for _, want := range tt.errs {
				i := strings.Index(msg[at:], want)
				if i < 0 {
					t.Fatalf("error\n%s\nlacks, in order, %q", msg, want)
				}
				at += i + len(want)
			}
			if strings.Contains(msg, "secret") {
				t.Errorf("error shows a value: %s", msg)
			}
			var ue *UnknownEnvError
			if !errors.As(err, &ue) {
				t.Errorf("error %v holds no *UnknownEnvError", err)
			}
		})
	}
}

// TestKnownNamesAreTheSettings: every setting's variable is known, so a
// setting added to the table needs nothing else.
func TestKnownNamesAreTheSettings(t *testing.T) {
	var environ []string
	for _, s := range settings {
		environ = append(environ, s.env+"=x")
	}
	errs, warnings := checkNames(envMap(environ))
	if len(errs) != 0 || len(warnings) != 0 {
		t.Errorf("settings' own variables reported: %v %q", errs, warnings)
	}
}

func envMap(environ []string) map[string]string {
	m := map[string]string{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"WARROOM_PLATFOM", "WARROOM_PLATFORM", 1}} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
