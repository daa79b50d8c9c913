package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// badCases are bad values, each with what the error must say.
var badCases = []struct {
	plat Platform
	env  string
	val  string
	want string
}{
	{Console, "WARROOM_PLATFORM", "teams", `must be console, slack or discord (got "teams"`},
	{Console, "WARROOM_REMINDER_P0", "15x", `must be a duration of at least 1s like 15m or 1h30m, or off (got "15x"`},
	{Console, "WARROOM_REMINDER_P1", "500ms", `at least 1s`},
	{Console, "WARROOM_REMINDER_P2", "0", `or off (got "0"`},
	{Console, "WARROOM_REMINDER_P3", "-5m", `at least 1s`},
	{Console, "WARROOM_REMINDER_P3", "never", `or off (got "never"`},
	{Console, "WARROOM_ARCHIVE_AFTER", "tomorrow", `WARROOM_ARCHIVE_AFTER (archive_after) must be a duration like 24h or 30m, 0 to archive at once, or off`},
	{Console, "WARROOM_ARCHIVE_AFTER", "-1h", `must be a duration like 24h or 30m, 0 to archive at once, or off to keep channels where they are (got "-1h"`},
	{Console, "WARROOM_REMINDER_SWEEP", "soon", `must be a duration like 15s or 500ms (got "soon"`},
	{Console, "WARROOM_REMINDER_SWEEP", "10ms", `must be at least 100ms (got "10ms"`},
	{Console, "WARROOM_DEFAULT_SEV", "P4", `must be P0, P1, P2 or P3 (got "P4"`},
	{Console, "WARROOM_DEFAULT_SEV", "critical", `must be P0, P1, P2 or P3`},
	{Console, "WARROOM_LOG_LEVEL", "trace", `must be debug, info, warn or error (got "trace"`},
	{Console, "WARROOM_LOG_FORMAT", "xml", `must be json or console (got "xml"`},
	{Console, "WARROOM_HTTP_ADDR", "9090", `must be host:port like 127.0.0.1:9090, or off (got "9090"`},
	{Console, "WARROOM_HTTP_ADDR", "localhost:http", `must be host:port`},
	{Console, "WARROOM_HTTP_ADDR", "127.0.0.1:70000", `must be host:port`},
	{Console, "WARROOM_ADMINS", "U1 U2", `item 1 must be one id without spaces or commas (got "U1 U2"`},
	{Console, "WARROOM_DB", strings.Repeat("d", 5000) + "\x00", ``}, // accepted: the store says if it cannot open it

	{Slack, "SLACK_APP_TOKEN", "xoxb-0000-1111-wrongsecret", `must be the app-level token, starting with xapp- (got a token starting with "xoxb-"`},
	{Slack, "SLACK_APP_TOKEN", "plainsecretvalue", `starting with xapp- (got a token without a Slack prefix`},
	{Slack, "SLACK_APP_TOKEN", "xapp-1 spacesecret", `without spaces or line breaks`},
	{Slack, "SLACK_BOT_TOKEN", "xapp-1-A0-0000-wrongsecret", `must be the bot token, starting with xoxb- (got a token starting with "xapp-"`},
	{Slack, "SLACK_BOT_TOKEN", "xoxp-1-2-usersecret", `(got a token starting with "xoxp-"`},
	{Slack, "SLACK_API_URL", "http://127.0.0.1:4000/api", `must be an http or https URL ending in "/", like https://slack.com/api/ (got "http://127.0.0.1:4000/api"`},
	{Slack, "SLACK_API_URL", "ftp://example.com/api/", `must be an http or https URL`},
	{Slack, "SLACK_API_URL", "127.0.0.1:4000/api/", `must be an http or https URL`},
	{Slack, "SLACK_API_URL", "https://user:pwsecret@example.com/api/?token=querysecret", `must be an http or https URL`},
	{Slack, "WARROOM_SLACK_COMMAND", "incident", `must be a slash command like /incident`},
	{Slack, "WARROOM_SLACK_COMMAND", "/In cident", `must be a slash command`},
	{Slack, "WARROOM_SLACK_PRIVATE_CHANNELS", "maybe", `must be true or false (got "maybe"`},

	{Discord, "DISCORD_BOT_TOKEN", "xoxb-0000-1111-slacksecret", `must be a Discord bot token, not a Slack token (got a token starting with "xoxb-"`},
	{Discord, "DISCORD_BOT_TOKEN", "MTIz.abc def.secret", `without spaces or line breaks`},
	{Discord, "DISCORD_GUILD_ID", "my-server", `must be a Discord id: digits like 123456789012345678 (got "my-server"`},
	{Discord, "DISCORD_GUILD_ID", "99999999999999999999999", `must be a Discord id`},
	{Discord, "DISCORD_APP_ID", "0x1234", `must be a Discord id`},
	{Discord, "DISCORD_INCIDENT_CATEGORY", strings.Repeat("c", 101), `must be at most 100 characters`},
	{Discord, "DISCORD_API_URL", "http://127.0.0.1:4001/api/v9", `must be an http or https URL ending in "/", like https://discord.com/api/v9/`},
}

// secretParts returns the parts of a bad token value that must never be
// shown: everything after its prefix.
func secretParts(val string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(val, func(r rune) bool { return strings.ContainsRune("-.:@/?= ", r) }) {
		if strings.Contains(f, "secret") {
			out = append(out, f)
		}
	}
	return out
}

func TestBadValues(t *testing.T) {
	for _, tc := range badCases {
		key := keyOf(t, tc.env)
		for _, how := range []string{"env", "yaml"} {
			t.Run(tc.env+"/"+how, func(t *testing.T) {
				e := without(base[tc.plat], tc.env)
				path, source := "", "the environment"
				if how == "env" {
					e[tc.env] = tc.val
				} else {
					path = writeFile(t, ".yaml", key, fmt.Sprintf("%q", tc.val))
					source = path + ":"
				}
				_, err := Load(path, env(e))
				if tc.want == "" {
					if err != nil {
						t.Fatalf("Load: %v, want no error", err)
					}
					return
				}
				if err == nil {
					t.Fatalf("Load with %s=%q: no error", tc.env, tc.val)
				}
				msg := err.Error()
				for _, want := range []string{tc.env + " (" + key + ") ", tc.want, source} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q\ndoes not say %q", msg, want)
					}
				}
				if n := strings.Count(msg, "\n"); n != 0 {
					t.Errorf("one bad value gave %d errors: %q", n+1, msg)
				}
				for _, s := range secretParts(tc.val) {
					if strings.Contains(msg, s) {
						t.Errorf("error %q shows the secret %q", msg, s)
					}
				}
				var se *SettingError
				if !errors.As(err, &se) || se.Env != tc.env || se.Key != key {
					t.Errorf("error %v is not a *SettingError for %s", err, tc.env)
				}
			})
		}
	}
}

func TestRequiredPerPlatform(t *testing.T) {
	tests := []struct {
		plat Platform
		want []string
	}{
		{Console, nil},
		{Slack, []string{
			"SLACK_APP_TOKEN (slack.app_token) is not set: expected the Slack app-level token, xapp-...",
			"SLACK_BOT_TOKEN (slack.bot_token) is not set: expected the Slack bot token, xoxb-...",
		}},
		{Discord, []string{
			"DISCORD_BOT_TOKEN (discord.bot_token) is not set: expected the bot token from the Discord Developer Portal",
			"DISCORD_GUILD_ID (discord.guild_id) is not set: expected the server (guild) id",
		}},
	}
	for _, tc := range tests {
		t.Run(string(tc.plat), func(t *testing.T) {
			_, err := Load("", env(map[string]string{"WARROOM_PLATFORM": string(tc.plat)}))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Load: no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d errors, want %d: %q", len(lines), len(tc.want), err)
			}
			for i, want := range tc.want {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("error %d = %q, want it to start %q", i, lines[i], want)
				}
			}
		})
	}
}

// TestOtherPlatformIgnored: settings of a platform not in use are neither
// required nor checked.
func TestOtherPlatformIgnored(t *testing.T) {
	e := map[string]string{
		"WARROOM_PLATFORM":               "discord",
		"DISCORD_BOT_TOKEN":              "MTIz.abc.def",
		"DISCORD_GUILD_ID":               "1",
		"SLACK_BOT_TOKEN":                "xapp-wrong-kind",
		"SLACK_API_URL":                  "not a url",
		"WARROOM_SLACK_PRIVATE_CHANNELS": "maybe",
	}
	if _, err := Load("", env(e)); err != nil {
		t.Errorf("Load: %v", err)
	}
	e["WARROOM_PLATFORM"] = "slack"
	_, err := Load("", env(e))
	for _, want := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_API_URL", "WARROOM_SLACK_PRIVATE_CHANNELS"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("as slack, error %v does not name %s", err, want)
		}
	}
}

// TestAllErrorsAtOnce: one Load reports every problem, one a line.
func TestAllErrorsAtOnce(t *testing.T) {
	_, err := Load("testdata/bad.yaml", env(map[string]string{"WARROOM_DEFAULT_SEV": "P9"}))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`config file testdata/bad.yaml:7: unknown key "pager"`,
		`WARROOM_REMINDER_P0 (reminders.p0) must be a duration of at least 1s like 15m or 1h30m, or off (got "15x" from testdata/bad.yaml:4)`,
		`WARROOM_DEFAULT_SEV (default_severity) must be P0, P1, P2 or P3 (got "P9" from the environment)`,
		`WARROOM_LOG_LEVEL (log_level) must be debug, info, warn or error (got "loud" from testdata/bad.yaml:6)`,
		`WARROOM_REMINDER_SWEEP (reminders.sweep) must be at least 100ms (got "10ms" from testdata/bad.yaml:5)`,
		`WARROOM_PLATFORM (platform) must be console, slack or discord (got "teams" from testdata/bad.yaml:2)`,
	}
	if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, path string
		body       string // written to path in a temporary directory when not ""
		want       []string
	}{
		{name: "unknown keys yaml", path: "testdata/unknown.yaml", want: []string{
			`config file testdata/unknown.yaml:2: unknown key "log_levle" (did you mean log_level?)`,
			`config file testdata/unknown.yaml:4: unknown key "slack.bot_tokn" (did you mean slack.bot_token?)`,
			`config file testdata/unknown.yaml:6: unknown key "WARROOM_PLATFORM" (did you mean platform?)`,
			`config file testdata/unknown.yaml:7: unknown key "colour"`,
		}},
		{name: "unknown keys toml", path: "testdata/unknown.toml", want: []string{
			`config file testdata/unknown.toml: unknown key "WARROOM_PLATFORM" (did you mean platform?)`,
			`config file testdata/unknown.toml: unknown key "colour"`,
			`config file testdata/unknown.toml: unknown key "log_levle" (did you mean log_level?)`,
			`config file testdata/unknown.toml: unknown key "slack.bot_tokn" (did you mean slack.bot_token?)`,
		}},
		{name: "wrong format", path: "testdata/config.json", want: []string{
			`config file testdata/config.json: unknown format ".json": name it .yaml, .yml or .toml`,
		}},
		{name: "missing", path: "testdata/nonexistent.yaml", want: []string{
			`config file: open testdata/nonexistent.yaml: no such file or directory`,
		}},
		{name: "yaml syntax", path: "w.yml", body: "db: [unclosed\n", want: []string{"w.yml: yaml: line"}},
		{name: "toml syntax", path: "w.toml", body: "db = \n", want: []string{"w.toml: toml: line 1"}},
		{name: "yaml not a mapping", path: "w.yaml", body: "- db\n", want: []string{"w.yaml:1: expected settings as key: value lines"}},
		{name: "key in wrong section", path: "w.yaml", body: "app_token: xapp-1-2-keysecret\n", want: []string{
			`w.yaml:1: unknown key "app_token" (did you mean slack.app_token?)`}},
		{name: "duplicate", path: "w.yaml", body: "db: a.db\nlog_level: info\ndb: b.db\n", want: []string{
			`w.yaml:3: db is given twice (first at line 1)`}},
		{name: "section as value yaml", path: "w.yaml", body: "slack: on\n", want: []string{
			`w.yaml:1: slack must be a section holding app_token, bot_token, api_url, command, private_channels, not a single value`}},
		{name: "section as value toml", path: "w.toml", body: "reminders = \"15m\"\n", want: []string{
			`w.toml: reminders must be a section holding p0, p1, p2, p3, sweep, not a single value`}},
		{name: "value as section", path: "w.yaml", body: "db:\n  path: x\n", want: []string{
			`WARROOM_DB (db) must be a single value, not a section (set in `}},
		{name: "list as value", path: "w.yaml", body: "log_level: [info, debug]\n", want: []string{
			`WARROOM_LOG_LEVEL (log_level) must be a single value, not a list (set in `}},
		{name: "toml date", path: "w.toml", body: "db = 1979-05-27\n", want: []string{
			`WARROOM_DB (db) must be a string, a number or true/false (set in `}},
		{name: "nested list", path: "w.yaml", body: "admins: [[U1]]\n", want: []string{
			`WARROOM_ADMINS (admins) must be a list of plain values`}},
		{name: "number toml", path: "w.toml", body: "[reminders]\np0 = 15\n", want: []string{
			`WARROOM_REMINDER_P0 (reminders.p0) must be a duration of at least 1s like 15m or 1h30m, or off (got "15" from `}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if tc.body != "" {
				path = writeRaw(t, tc.path, tc.body)
			}
			_, err := Load(path, nil)
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(tc.want), err)
			}
			for i, want := range tc.want {
				if !strings.Contains(lines[i], want) {
					t.Errorf("error %d = %q\nwant it to hold %q", i, lines[i], want)
				}
			}
			if strings.Contains(err.Error(), "keysecret") || strings.Contains(err.Error(), "typosecret") {
				t.Errorf("error shows a token: %q", err)
			}
		})
	}
}

func TestSettingErrorText(t *testing.T) {
	tests := []struct {
		e    SettingError
		want string
	}{
		{SettingError{Env: "E", Key: "k", Msg: "is not set"}, "E (k) is not set"},
		{SettingError{Env: "E", Key: "k", Msg: "is bad", Got: `"x"`}, `E (k) is bad (got "x")`},
		{SettingError{Env: "E", Key: "k", Msg: "is bad", Got: `"x"`, Source: "the environment"}, `E (k) is bad (got "x" from the environment)`},
		{SettingError{Env: "E", Key: "k", Msg: "is bad", Source: "w.yaml:3"}, `E (k) is bad (set in w.yaml:3)`},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	if got := quote(strings.Repeat("é", 100)); got != `"`+strings.Repeat("é", 64)+`"...` {
		t.Errorf("quote of a long value = %s", got)
	}
}
