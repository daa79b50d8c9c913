package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/robfig/cron/v3"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// tokens are the secrets of testdata/full.yaml and of the environment below.
var tokens = []string{
	"fileappsecret", "xapp-1-A0FILEAPP", "filebotsecret", "discordfilesecret", "MTIzNDU2",
	"envbotsecret", "envdiscsecret",
}

// loaded returns full.yaml loaded for platform, with a token from the
// environment too.
func loaded(t *testing.T, platform Platform) *Config {
	t.Helper()
	c, err := Load("testdata/full.yaml", env(map[string]string{
		"WARROOM_PLATFORM":  string(platform),
		"SLACK_BOT_TOKEN":   "xoxb-1-2-envbotsecret",
		"DISCORD_BOT_TOKEN": "MTIz.envdisc.envdiscsecret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestString(t *testing.T) {
	tests := []struct {
		platform Platform
		want     string
	}{
		{Slack, `platform=slack db=/var/lib/warroom/incidents.db reminders.p0=5m reminders.p1=10m reminders.p2=1h30m reminders.p3=4h reminders.sweep=2s followups.schedule="CRON_TZ=Europe/Berlin 30 8 * * MON" followups.channel=C0FOLLOWUP archive_after=12h default_severity=P1 log_level=debug log_format=console http_addr=127.0.0.1:9090 admins=U012AB3CD,S0614TZR7 slack.app_token=set slack.bot_token=set slack.api_url=http://127.0.0.1:8080/api/ slack.command=/war slack.private_channels=true`},
		{Discord, `platform=discord db=/var/lib/warroom/incidents.db reminders.p0=5m reminders.p1=10m reminders.p2=1h30m reminders.p3=4h reminders.sweep=2s followups.schedule="CRON_TZ=Europe/Berlin 30 8 * * MON" followups.channel=C0FOLLOWUP archive_after=12h default_severity=P1 log_level=debug log_format=console http_addr=127.0.0.1:9090 admins=U012AB3CD,S0614TZR7 discord.bot_token=set discord.guild_id=800000000000000001 discord.app_id=900000000000000002 discord.incident_category=Outages discord.api_url=http://127.0.0.1:8081/api/v9/`},
	}
	for _, tc := range tests {
		if got := loaded(t, tc.platform).String(); got != tc.want {
			t.Errorf("String() =\n%s\nwant\n%s", got, tc.want)
		}
	}
	want := `platform=console db=warroom.db reminders.p0=15m reminders.p1=30m reminders.p2=1h reminders.p3=off reminders.sweep=15s followups.schedule="CRON_TZ=UTC 0 9 * * MON-FRI" followups.channel="" archive_after=24h default_severity=P2 log_level=info log_format=json http_addr=off admins=""`
	if got := Default().String(); got != want {
		t.Errorf("Default().String() =\n%s\nwant\n%s", got, want)
	}
	c := Default()
	c.Platform, c.Slack.APIURL, c.DB = Slack, "https://u:pw@proxy.example.com/api/?token=querysecret", "my incidents.db"
	got := c.String()
	for _, want := range []string{`db="my incidents.db"`, "slack.app_token=unset", "slack.api_url=https://xxxxx@proxy.example.com/api/?xxxxx"} {
		if !strings.Contains(got, want) {
			t.Errorf("String() = %s\nlacks %s", got, want)
		}
	}
}

// TestTokensNeverShown prints, marshals and logs a loaded Config every way
// a program might, and looks for the tokens.
func TestTokensNeverShown(t *testing.T) {
	for _, p := range []Platform{Slack, Discord} {
		c := loaded(t, p)
		var logs bytes.Buffer
		log := zerolog.New(&logs)
		log.Info().Object("config", c).Msg("start")
		log.Info().EmbedObject(*c).Msg("start")
		log.Info().Interface("config", c).Msg("start")
		log.Info().Stringer("config", c).Msg("start")
		js, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Redacted()
		shown := map[string]string{
			"logs":      logs.String(),
			"json":      string(js),
			"String":    c.String(),
			"%v":        fmt.Sprintf("%v", c),
			"%+v":       fmt.Sprintf("%+v", *c),
			"%#v":       fmt.Sprintf("%#v", *c),
			"%+v slack": fmt.Sprintf("%+v %+v", c.Slack, c.Discord),
			"%s %x %d":  fmt.Sprintf("%s %x %d %q %#v", c.Slack.BotToken, c.Slack.BotToken, c.Slack.BotToken, c.Slack.BotToken, c.Slack.BotToken),
			"Redacted":  r.Slack.AppToken.Reveal() + r.Slack.BotToken.Reveal() + r.Discord.BotToken.Reveal() + fmt.Sprintf("%#v", r),
		}
		for how, s := range shown {
			for _, tok := range tokens {
				if strings.Contains(s, tok) {
					t.Errorf("%s: %s shows token part %q:\n%s", p, how, tok, s)
				}
			}
		}
		if !strings.Contains(logs.String(), `"slack.bot_token":"set"`) && p == Slack {
			t.Errorf("log does not say the bot token is set: %s", logs.String())
		}
		// Redacted is a copy: the original still holds its tokens.
		if c.Slack.BotToken.Reveal() != "xoxb-1-2-envbotsecret" || r.Slack.BotToken.Reveal() != "set" {
			t.Errorf("Redacted changed the original or kept the token: %q, %q", c.Slack.BotToken.Reveal(), r.Slack.BotToken.Reveal())
		}
	}
}

func TestSecret(t *testing.T) {
	tests := []struct {
		s    Secret
		want string
	}{{"", "unset"}, {"xoxb-1", "set"}}
	for _, tc := range tests {
		for _, verb := range []string{"%v", "%s", "%+v", "%#v", "%x", "%X", "%d", "%10s", "%T"} {
			got := fmt.Sprintf(verb, tc.s)
			if verb == "%T" {
				continue
			}
			if strings.TrimSpace(got) != tc.want {
				t.Errorf("Sprintf(%s, secret) = %q, want %q", verb, got, tc.want)
			}
		}
		if got := fmt.Sprintf("%q", tc.s); got != `"`+tc.want+`"` {
			t.Errorf("%%q = %s", got)
		}
		if tc.s.IsSet() != (tc.want == "set") {
			t.Errorf("IsSet(%q) = %v", tc.s.Reveal(), tc.s.IsSet())
		}
	}
}

func TestEngine(t *testing.T) {
	c := loaded(t, Slack)
	want := bot.Config{
		DefaultSeverity: bot.P1,
		Reminders:       [4]time.Duration{5 * time.Minute, 10 * time.Minute, 90 * time.Minute, 4 * time.Hour},
		EscalateAfter:   2,
		ArchiveAfter:    12 * time.Hour,
		Platform:        "slack",
		Admins:          []string{"U012AB3CD", "S0614TZR7"},
		FollowUps:       bot.FollowUpConfig{Schedule: mustSchedule(t, "CRON_TZ=Europe/Berlin 30 8 * * MON"), Channel: "C0FOLLOWUP"},
		Command:         "/war",
	}
	if got := c.Engine(); !reflect.DeepEqual(got, want) {
		t.Errorf("Engine() = %+v, want %+v", got, want)
	}
	if got := c.Sweep(); got != 2*time.Second {
		t.Errorf("Sweep() = %v, want 2s", got)
	}
	def := bot.DefaultConfig()
	def.Platform = "console"
	def.FollowUps.Schedule = mustSchedule(t, DefaultFollowUpSchedule)
	def.Command = "/incident"
	if got := Default().Engine(); !reflect.DeepEqual(got, def) {
		t.Errorf("Default().Engine() = %+v, want bot.DefaultConfig() %+v", got, def)
	}
	// The Slack command names the command on Slack only.
	d := loaded(t, Discord)
	if got := d.Engine().Command; got != "/incident" {
		t.Errorf("on Discord, Engine().Command = %q, want /incident", got)
	}
}

// TestExample: the documented example loads to the defaults and documents
// every setting by key and variable.
func TestExample(t *testing.T) {
	const path = "testdata/warroom.example.yaml"
	c, err := Load(path, nil)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	if !same(c, Default()) {
		t.Errorf("the example is not the defaults:\n%v\nwant\n%v", c, Default())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, s := range settings {
		_, k, _ := strings.Cut(s.key, ".")
		if k == "" {
			k = s.key
		}
		if !strings.Contains(text, s.env+":") || !strings.Contains(text, k+":") {
			t.Errorf("the example does not document %s (%s)", s.env, s.key)
		}
	}
	// The copy at the repository root, once there, must not drift.
	if root, err := os.ReadFile("../warroom.example.yaml"); err == nil && !bytes.Equal(root, data) {
		t.Errorf("../warroom.example.yaml differs from %s: copy it again", path)
	}
	// Uncommenting the platform's lines gives a config that needs only its
	// tokens.
	slack := strings.NewReplacer("platform: console", "platform: slack",
		"# app_token: xapp-...", "app_token: xapp-1-A0-0000-exampleappsecret",
		"# bot_token: xoxb-...", "bot_token: xoxb-0000-1111-examplebotsecret").Replace(text)
	if _, err := Load(writeRaw(t, "slack.yaml", slack), nil); err != nil {
		t.Errorf("the example for Slack: %v", err)
	}
}

func mustSchedule(t *testing.T, spec string) cron.Schedule {
	t.Helper()
	s, err := cron.ParseStandard(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
