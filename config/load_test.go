package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// env returns a getenv reading m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// same reports whether a and b hold the same settings, ignoring where they
// came from.
func same(a, b *Config) bool {
	x, y := *a, *b
	x.sources, y.sources = nil, nil
	return reflect.DeepEqual(x, y)
}

func TestDefaults(t *testing.T) {
	for _, path := range []string{"", "testdata/empty.yaml"} {
		c, err := Load(path, nil)
		if err != nil {
			t.Fatalf("Load(%q): %v", path, err)
		}
		if !same(c, Default()) {
			t.Errorf("Load(%q) = %v, want the defaults %v", path, c, Default())
		}
	}
	c := Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"db", c.DB, "warroom.db"},
		{"platform", c.Platform, Console},
		{"reminders", c.Reminders.Interval, [4]time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 0}},
		{"sweep", c.Sweep(), 15 * time.Second},
		{"default_severity", c.DefaultSeverity, bot.P2},
		{"log_level", c.LogLevel, zerolog.InfoLevel},
		{"log_format", c.LogFormat, LogJSON},
		{"http_addr", c.HTTPAddr, ""},
		{"admins", len(c.Admins), 0},
		{"slack.api_url", c.Slack.APIURL, "https://slack.com/api/"},
		{"slack.command", c.Slack.Command, "/incident"},
		{"slack.private_channels", c.Slack.PrivateChannels, false},
		{"discord.incident_category", c.Discord.IncidentCategory, "Incidents"},
		{"discord.api_url", c.Discord.APIURL, "https://discord.com/api/v9/"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("default %s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	if err := Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

// full is what testdata/full.yaml and full.toml hold.
func full() *Config {
	return &Config{
		DB:       "/var/lib/warroom/incidents.db",
		Platform: Slack,
		Reminders: Reminders{
			Interval: [4]time.Duration{5 * time.Minute, 10 * time.Minute, 90 * time.Minute, 4 * time.Hour},
			Sweep:    2 * time.Second,
		},
		FollowUps:       FollowUps{Schedule: "CRON_TZ=Europe/Berlin 30 8 * * MON", Channel: "C0FOLLOWUP"},
		ArchiveAfter:    12 * time.Hour,
		DefaultSeverity: bot.P1,
		LogLevel:        zerolog.DebugLevel,
		LogFormat:       LogConsole,
		HTTPAddr:        "127.0.0.1:9090",
		Admins:          []string{"U012AB3CD", "S0614TZR7"},
		Slack: SlackConfig{
			AppToken:        "xapp-1-A0FILEAPP-0000-fileappsecret",
			BotToken:        "xoxb-0000-1111-filebotsecret",
			APIURL:          "http://127.0.0.1:8080/api/",
			Command:         "/war",
			PrivateChannels: true,
		},
		Discord: DiscordConfig{
			BotToken:         "MTIzNDU2.filedisc.discordfilesecret",
			GuildID:          "800000000000000001",
			AppID:            "900000000000000002",
			IncidentCategory: "Outages",
			APIURL:           "http://127.0.0.1:8081/api/v9/",
		},
	}
}

func TestLoadFile(t *testing.T) {
	for _, path := range []string{"testdata/full.yaml", "testdata/full.toml"} {
		t.Run(filepath.Ext(path), func(t *testing.T) {
			c, err := Load(path, nil)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !same(c, full()) {
				t.Errorf("Load(%s) =\n%#v\nwant\n%#v", path, c.Redacted(), full().Redacted())
			}
			// The same file serves Discord when the platform says so.
			c, err = Load(path, env(map[string]string{"WARROOM_PLATFORM": "discord"}))
			if err != nil {
				t.Fatalf("Load as discord: %v", err)
			}
			if c.Platform != Discord || c.Discord.GuildID != "800000000000000001" {
				t.Errorf("Load as discord: platform %s, guild %q", c.Platform, c.Discord.GuildID)
			}
		})
	}
}

func TestEnvironmentWinsOverFile(t *testing.T) {
	e := map[string]string{
		"WARROOM_DB":                     "/tmp/env.db",
		"WARROOM_REMINDER_P0":            "1m",
		"WARROOM_REMINDER_P3":            "off",
		"WARROOM_DEFAULT_SEV":            "P3",
		"WARROOM_HTTP_ADDR":              "off",
		"WARROOM_ADMINS":                 "U1, U2,,U3",
		"SLACK_BOT_TOKEN":                "xoxb-9-9-envbotsecret",
		"WARROOM_SLACK_PRIVATE_CHANNELS": "no",
		"WARROOM_LOG_LEVEL":              "   ", // blank counts as unset
	}
	want := full()
	want.DB = "/tmp/env.db"
	want.Reminders.Interval[bot.P0] = time.Minute
	want.Reminders.Interval[bot.P3] = 0
	want.DefaultSeverity = bot.P3
	want.HTTPAddr = ""
	want.Admins = []string{"U1", "U2", "U3"}
	want.Slack.BotToken = "xoxb-9-9-envbotsecret"
	want.Slack.PrivateChannels = false
	for _, path := range []string{"testdata/full.yaml", "testdata/full.toml"} {
		c, err := Load(path, env(e))
		if err != nil {
			t.Fatalf("Load(%s): %v", path, err)
		}
		if !same(c, want) {
			t.Errorf("Load(%s) with environment = %v, want %v", path, c, want)
		}
		if got := c.sources["db"]; got != fromEnv {
			t.Errorf("source of db = %q, want %q", got, fromEnv)
		}
	}
}

// base is the environment that makes a platform valid, for the tests of
// one setting.
var base = map[Platform]map[string]string{
	Console: {},
	Slack: {
		"WARROOM_PLATFORM": "slack",
		"SLACK_APP_TOKEN":  "xapp-1-A0BASE-0000-baseappsecret",
		"SLACK_BOT_TOKEN":  "xoxb-0000-1111-basebotsecret",
	},
	Discord: {
		"WARROOM_PLATFORM":  "discord",
		"DISCORD_BOT_TOKEN": "MTIzNDU2.basedisc.discordbasesecret",
		"DISCORD_GUILD_ID":  "800000000000000001",
	},
}

// settingCase is one setting given one value.
type settingCase struct {
	env   string
	val   string // in the environment, and in a file as a string
	file  string // in a YAML file instead of val, if not ""
	toml  string // in a TOML file instead of val, if not ""
	get   func(*Config) any
	want  any
	plat  Platform
	label string
}

func settingCases() []settingCase {
	return []settingCase{
		{env: "WARROOM_DB", val: "data/w.db", get: func(c *Config) any { return c.DB }, want: "data/w.db"},
		{env: "WARROOM_PLATFORM", val: "Slack", get: func(c *Config) any { return c.Platform }, want: Slack, plat: Slack},
		{env: "WARROOM_PLATFORM", val: "discord", get: func(c *Config) any { return c.Platform }, want: Discord, plat: Discord},
		{env: "WARROOM_PLATFORM", val: "console", get: func(c *Config) any { return c.Platform }, want: Console},
		{env: "WARROOM_REMINDER_P0", val: "90s", get: func(c *Config) any { return c.Reminders.Interval[0] }, want: 90 * time.Second},
		{env: "WARROOM_REMINDER_P0", val: "OFF", get: func(c *Config) any { return c.Reminders.Interval[0] }, want: time.Duration(0)},
		{env: "WARROOM_REMINDER_P1", val: "1s", get: func(c *Config) any { return c.Reminders.Interval[1] }, want: time.Second},
		{env: "WARROOM_REMINDER_P2", val: "1h30m", get: func(c *Config) any { return c.Reminders.Interval[2] }, want: 90 * time.Minute},
		{env: "WARROOM_REMINDER_P2", val: "off", get: func(c *Config) any { return c.Reminders.Interval[2] }, want: time.Duration(0)},
		{env: "WARROOM_REMINDER_P3", val: "24h", get: func(c *Config) any { return c.Reminders.Interval[3] }, want: 24 * time.Hour},
		{env: "WARROOM_REMINDER_SWEEP", val: "100ms", get: func(c *Config) any { return c.Sweep() }, want: 100 * time.Millisecond},
		{env: "WARROOM_REMINDER_SWEEP", val: "1m", get: func(c *Config) any { return c.Sweep() }, want: time.Minute},
		{env: "WARROOM_FOLLOWUP_SCHEDULE", val: "CRON_TZ=America/New_York 0 10 * * 1-5", get: func(c *Config) any { return c.FollowUps.Schedule }, want: "CRON_TZ=America/New_York 0 10 * * 1-5"},
		{env: "WARROOM_FOLLOWUP_SCHEDULE", val: "off", get: func(c *Config) any { return c.FollowUps.Schedule }, want: "off"},
		{env: "WARROOM_FOLLOWUP_SCHEDULE", val: "@weekly", get: func(c *Config) any { return c.FollowUps.Schedule }, want: "@weekly"},
		{env: "WARROOM_FOLLOWUP_CHANNEL", val: "C0FOLLOW", get: func(c *Config) any { return c.FollowUps.Channel }, want: "C0FOLLOW"},
		{env: "WARROOM_ARCHIVE_AFTER", val: "48h", get: func(c *Config) any { return c.ArchiveAfter }, want: 48 * time.Hour},
		{env: "WARROOM_ARCHIVE_AFTER", val: "0", get: func(c *Config) any { return c.ArchiveAfter }, want: time.Duration(0)},
		{env: "WARROOM_ARCHIVE_AFTER", val: "Off", get: func(c *Config) any { return c.ArchiveAfter }, want: bot.ArchiveNever},
		{env: "WARROOM_DEFAULT_SEV", val: "P0", get: func(c *Config) any { return c.DefaultSeverity }, want: bot.P0},
		{env: "WARROOM_DEFAULT_SEV", val: "p3", get: func(c *Config) any { return c.DefaultSeverity }, want: bot.P3},
		{env: "WARROOM_LOG_LEVEL", val: "debug", get: func(c *Config) any { return c.LogLevel }, want: zerolog.DebugLevel},
		{env: "WARROOM_LOG_LEVEL", val: "WARN", get: func(c *Config) any { return c.LogLevel }, want: zerolog.WarnLevel},
		{env: "WARROOM_LOG_LEVEL", val: "error", get: func(c *Config) any { return c.LogLevel }, want: zerolog.ErrorLevel},
		{env: "WARROOM_LOG_FORMAT", val: "console", get: func(c *Config) any { return c.LogFormat }, want: LogConsole},
		{env: "WARROOM_LOG_FORMAT", val: "json", get: func(c *Config) any { return c.LogFormat }, want: LogJSON},
		{env: "WARROOM_HTTP_ADDR", val: "127.0.0.1:9090", get: func(c *Config) any { return c.HTTPAddr }, want: "127.0.0.1:9090"},
		{env: "WARROOM_HTTP_ADDR", val: ":0", get: func(c *Config) any { return c.HTTPAddr }, want: ":0"},
		{env: "WARROOM_HTTP_ADDR", val: "[::1]:9090", get: func(c *Config) any { return c.HTTPAddr }, want: "[::1]:9090"},
		{env: "WARROOM_HTTP_ADDR", val: "off", get: func(c *Config) any { return c.HTTPAddr }, want: ""},
		{env: "WARROOM_ADMINS", val: "U1,U2", file: "[U1, U2]", toml: `["U1", "U2"]`, get: func(c *Config) any { return c.Admins }, want: []string{"U1", "U2"}},
		{env: "WARROOM_ADMINS", val: " U1 , 123456789012345678 ", file: "[U1, 123456789012345678]", toml: `["U1", 123456789012345678]`,
			get: func(c *Config) any { return c.Admins }, want: []string{"U1", "123456789012345678"}},
		{env: "WARROOM_ADMINS", val: "U1", get: func(c *Config) any { return c.Admins }, want: []string{"U1"}, label: "a string in the file"},

		{plat: Slack, env: "SLACK_APP_TOKEN", val: "xapp-1-A0X-0000-abc", get: func(c *Config) any { return c.Slack.AppToken.Reveal() }, want: "xapp-1-A0X-0000-abc"},
		{plat: Slack, env: "SLACK_BOT_TOKEN", val: "xoxb-1-2-abc", get: func(c *Config) any { return c.Slack.BotToken.Reveal() }, want: "xoxb-1-2-abc"},
		{plat: Slack, env: "SLACK_API_URL", val: "http://127.0.0.1:4000/api/", get: func(c *Config) any { return c.Slack.APIURL }, want: "http://127.0.0.1:4000/api/"},
		{plat: Slack, env: "SLACK_API_URL", val: "https://proxy.example.com/slack/", get: func(c *Config) any { return c.Slack.APIURL }, want: "https://proxy.example.com/slack/"},
		{plat: Slack, env: "WARROOM_SLACK_COMMAND", val: "/inc", get: func(c *Config) any { return c.Slack.Command }, want: "/inc"},
		{plat: Slack, env: "WARROOM_SLACK_PRIVATE_CHANNELS", val: "true", get: func(c *Config) any { return c.Slack.PrivateChannels }, want: true},
		{plat: Slack, env: "WARROOM_SLACK_PRIVATE_CHANNELS", val: "yes", get: func(c *Config) any { return c.Slack.PrivateChannels }, want: true},
		{plat: Slack, env: "WARROOM_SLACK_PRIVATE_CHANNELS", val: "0", get: func(c *Config) any { return c.Slack.PrivateChannels }, want: false},

		{plat: Discord, env: "DISCORD_BOT_TOKEN", val: "MTIz.abc.def", get: func(c *Config) any { return c.Discord.BotToken.Reveal() }, want: "MTIz.abc.def"},
		{plat: Discord, env: "DISCORD_BOT_TOKEN", val: "Bot MTIz.abc.def", get: func(c *Config) any { return c.Discord.BotToken.Reveal() }, want: "MTIz.abc.def"},
		{plat: Discord, env: "DISCORD_GUILD_ID", val: "123456789012345678", get: func(c *Config) any { return c.Discord.GuildID }, want: "123456789012345678"},
		{plat: Discord, env: "DISCORD_APP_ID", val: "987654321098765432", get: func(c *Config) any { return c.Discord.AppID }, want: "987654321098765432"},
		{plat: Discord, env: "DISCORD_INCIDENT_CATEGORY", val: "War rooms", get: func(c *Config) any { return c.Discord.IncidentCategory }, want: "War rooms"},
		{plat: Discord, env: "DISCORD_INCIDENT_CATEGORY", val: "1100000000000000001", get: func(c *Config) any { return c.Discord.IncidentCategory }, want: "1100000000000000001"},
		{plat: Discord, env: "DISCORD_API_URL", val: "http://127.0.0.1:4001/api/v9/", get: func(c *Config) any { return c.Discord.APIURL }, want: "http://127.0.0.1:4001/api/v9/"},
	}
}

// keyOf returns the file key of an environment variable.
func keyOf(t *testing.T, envName string) string {
	t.Helper()
	for _, s := range settings {
		if s.env == envName {
			return s.key
		}
	}
	t.Fatalf("no setting %s", envName)
	return ""
}

// writeFile writes the setting key with the literal value lit as a YAML or
// TOML file and returns its path.
func writeFile(t *testing.T, ext, key, lit string) string {
	t.Helper()
	sec, k, nested := strings.Cut(key, ".")
	var body string
	switch {
	case ext == ".yaml" && nested:
		body = sec + ":\n  " + k + ": " + lit + "\n"
	case ext == ".yaml":
		body = key + ": " + lit + "\n"
	case nested:
		body = "[" + sec + "]\n" + k + " = " + lit + "\n"
	default:
		body = key + " = " + lit + "\n"
	}
	path := filepath.Join(t.TempDir(), "warroom"+ext)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// without returns a copy of m lacking key k.
func without(m map[string]string, k string) map[string]string {
	out := map[string]string{}
	for kk, v := range m {
		if kk != k {
			out[kk] = v
		}
	}
	return out
}

func TestEverySetting(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range settingCases() {
		covered[tc.env] = true
		key := keyOf(t, tc.env)
		name := tc.env + "=" + tc.val + tc.label
		yamlLit, tomlLit := `"`+tc.val+`"`, `"`+tc.val+`"`
		if tc.file != "" {
			yamlLit = tc.file
		}
		if tc.toml != "" {
			tomlLit = tc.toml
		}
		srcs := []struct {
			how  string
			path string
			env  map[string]string
		}{
			{"env", "", base[tc.plat]},
			{"yaml", writeFile(t, ".yaml", key, yamlLit), without(base[tc.plat], tc.env)},
			{"toml", writeFile(t, ".toml", key, tomlLit), without(base[tc.plat], tc.env)},
		}
		for _, src := range srcs {
			t.Run(name+"/"+src.how, func(t *testing.T) {
				e := src.env
				if src.how == "env" {
					e = without(e, tc.env)
					e[tc.env] = tc.val
				}
				c, err := Load(src.path, env(e))
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := tc.get(c); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s = %#v, want %#v", key, got, tc.want)
				}
			})
		}
	}
	for _, s := range settings {
		if !covered[s.env] {
			t.Errorf("no test case sets %s", s.env)
		}
	}
}

// writeRaw writes body to a file named name in a temporary directory.
func writeRaw(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
