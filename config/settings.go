package config

import (
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// value is one setting's raw text, from the environment or a file.
type value struct {
	text   string   // the trimmed text of a single value
	items  []string // the items of a list
	isList bool     // the file gave a list
	source string   // "the environment", "FILE:LINE" or "FILE"
}

// setting ties an environment variable to a file key and to the field of
// Config it fills.
type setting struct {
	env, key string
	// platform is the only platform the setting matters on; "" for all.
	platform Platform
	// list accepts a list in a file and a comma-separated list anywhere.
	list bool
	// set parses v into c. It returns a *SettingError with Msg and Got
	// filled in; the caller names the setting and the source.
	set func(c *Config, v value) error
}

// settings lists every setting, in the order they are documented.
var settings = []setting{
	{env: "WARROOM_DB", key: "db", set: text(func(c *Config, s string) error {
		c.DB = s
		return nil
	})},
	{env: "WARROOM_PLATFORM", key: "platform", set: text(func(c *Config, s string) error {
		c.Platform = Platform(strings.ToLower(s))
		return nil
	})},
	{env: "WARROOM_REMINDER_P0", key: "reminders.p0", set: reminder(bot.P0)},
	{env: "WARROOM_REMINDER_P1", key: "reminders.p1", set: reminder(bot.P1)},
	{env: "WARROOM_REMINDER_P2", key: "reminders.p2", set: reminder(bot.P2)},
	{env: "WARROOM_REMINDER_P3", key: "reminders.p3", set: reminder(bot.P3)},
	{env: "WARROOM_REMINDER_SWEEP", key: "reminders.sweep", set: text(func(c *Config, s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return bad("must be a duration like 15s or 500ms", quote(s))
		}
		c.Reminders.Sweep = d
		return nil
	})},
	{env: "WARROOM_FOLLOWUP_SCHEDULE", key: "followups.schedule", set: text(func(c *Config, s string) error {
		if strings.EqualFold(s, "off") {
			c.FollowUps.Schedule = "off"
			return nil
		}
		if _, err := cron.ParseStandard(s); err != nil {
			return bad("must be a cron schedule like \"CRON_TZ=Europe/Berlin 0 9 * * MON-FRI\" (minute hour day-of-month month weekday), or off: "+err.Error(), quote(s))
		}
		c.FollowUps.Schedule = s
		return nil
	})},
	{env: "WARROOM_FOLLOWUP_CHANNEL", key: "followups.channel", set: text(func(c *Config, s string) error {
		c.FollowUps.Channel = s
		return nil
	})},
	{env: "WARROOM_ARCHIVE_AFTER", key: "archive_after", set: text(func(c *Config, s string) error {
		if strings.EqualFold(s, "off") {
			c.ArchiveAfter = bot.ArchiveNever
			return nil
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return bad("must be a duration like 24h or 30m, 0 to archive at once, or off to keep channels where they are", quote(s))
		}
		c.ArchiveAfter = d
		return nil
	})},
	{env: "WARROOM_DEFAULT_SEV", key: "default_severity", set: text(func(c *Config, s string) error {
		sev, err := bot.ParseSeverity(s)
		if err != nil {
			return bad("must be P0, P1, P2 or P3", quote(s))
		}
		c.DefaultSeverity = sev
		return nil
	})},
	{env: "WARROOM_LOG_LEVEL", key: "log_level", set: text(func(c *Config, s string) error {
		l, ok := logLevels[strings.ToLower(s)]
		if !ok {
			return bad("must be debug, info, warn or error", quote(s))
		}
		c.LogLevel = l
		return nil
	})},
	{env: "WARROOM_LOG_FORMAT", key: "log_format", set: text(func(c *Config, s string) error {
		c.LogFormat = LogFormat(strings.ToLower(s))
		return nil
	})},
	{env: "WARROOM_HTTP_ADDR", key: "http_addr", set: text(func(c *Config, s string) error {
		if strings.EqualFold(s, "off") {
			s = ""
		}
		c.HTTPAddr = s
		return nil
	})},
	{env: "WARROOM_ADMINS", key: "admins", list: true, set: func(c *Config, v value) error {
		c.Admins = nil
		if len(v.items) > 0 {
			c.Admins = v.items
		}
		return nil
	}},

	{env: "SLACK_APP_TOKEN", key: "slack.app_token", platform: Slack, set: text(func(c *Config, s string) error {
		c.Slack.AppToken = Secret(s)
		return nil
	})},
	{env: "SLACK_BOT_TOKEN", key: "slack.bot_token", platform: Slack, set: text(func(c *Config, s string) error {
		c.Slack.BotToken = Secret(s)
		return nil
	})},
	{env: "SLACK_API_URL", key: "slack.api_url", platform: Slack, set: text(func(c *Config, s string) error {
		c.Slack.APIURL = s
		return nil
	})},
	{env: "WARROOM_SLACK_COMMAND", key: "slack.command", platform: Slack, set: text(func(c *Config, s string) error {
		c.Slack.Command = s
		return nil
	})},
	{env: "WARROOM_SLACK_PRIVATE_CHANNELS", key: "slack.private_channels", platform: Slack, set: text(func(c *Config, s string) error {
		b, ok := parseBool(s)
		if !ok {
			return bad("must be true or false", quote(s))
		}
		c.Slack.PrivateChannels = b
		return nil
	})},

	{env: "DISCORD_BOT_TOKEN", key: "discord.bot_token", platform: Discord, set: text(func(c *Config, s string) error {
		// discordgo wants "Bot " + token; people often paste it whole.
		if len(s) > 4 && strings.EqualFold(s[:4], "bot ") {
			s = strings.TrimSpace(s[4:])
		}
		c.Discord.BotToken = Secret(s)
		return nil
	})},
	{env: "DISCORD_GUILD_ID", key: "discord.guild_id", platform: Discord, set: text(func(c *Config, s string) error {
		c.Discord.GuildID = s
		return nil
	})},
	{env: "DISCORD_APP_ID", key: "discord.app_id", platform: Discord, set: text(func(c *Config, s string) error {
		c.Discord.AppID = s
		return nil
	})},
	{env: "DISCORD_INCIDENT_CATEGORY", key: "discord.incident_category", platform: Discord, set: text(func(c *Config, s string) error {
		c.Discord.IncidentCategory = s
		return nil
	})},
	{env: "DISCORD_API_URL", key: "discord.api_url", platform: Discord, set: text(func(c *Config, s string) error {
		c.Discord.APIURL = s
		return nil
	})},
}

// settingByKey and sections index settings by file key, and name the file
// sections ("reminders", "slack", "discord").
var settingByKey, sections = func() (map[string]*setting, map[string]bool) {
	byKey, secs := map[string]*setting{}, map[string]bool{}
	for i := range settings {
		s := &settings[i]
		byKey[s.key] = s
		if sec, _, ok := strings.Cut(s.key, "."); ok {
			secs[sec] = true
		}
	}
	return byKey, secs
}()

// envOf returns the environment variable of a file key.
func envOf(key string) string { return settingByKey[key].env }

var logLevels = map[string]zerolog.Level{
	"debug":   zerolog.DebugLevel,
	"info":    zerolog.InfoLevel,
	"warn":    zerolog.WarnLevel,
	"warning": zerolog.WarnLevel,
	"error":   zerolog.ErrorLevel,
}

// text adapts a parser of a single value, refusing a list.
func text(parse func(c *Config, s string) error) func(*Config, value) error {
	return func(c *Config, v value) error {
		if v.isList {
			return bad("must be a single value, not a list", "")
		}
		return parse(c, v.text)
	}
}

// reminder parses a reminder interval: a duration of at least a second, or
// "off".
func reminder(sev bot.Severity) func(*Config, value) error {
	return text(func(c *Config, s string) error {
		if strings.EqualFold(s, "off") {
			c.Reminders.Interval[sev] = 0
			return nil
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < MinReminderInterval {
			return bad("must be a duration of at least 1s like 15m or 1h30m, or off", quote(s))
		}
		c.Reminders.Interval[sev] = d
		return nil
	})
}

// parseBool parses what people write for yes and no.
func parseBool(s string) (b, ok bool) {
	switch strings.ToLower(s) {
	case "yes", "on":
		return true, true
	case "no", "off":
		return false, true
	}
	b, err := strconv.ParseBool(s)
	return b, err == nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var items []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" {
			items = append(items, it)
		}
	}
	return items
}
