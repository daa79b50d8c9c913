// Package config reads warroom's settings from an optional YAML or TOML file
// and the environment, fills in defaults and validates them.
//
// Every setting has an environment variable and a file key, for example
// WARROOM_REMINDER_P0 and reminders.p0. The environment wins over the file,
// and the file over the defaults. An empty environment variable counts as
// unset, so settings that a file may turn on also accept "off" (reminders,
// http_addr) to turn them off again from the environment.
//
// Every error names both the variable and the key of the setting it is about,
// and Load reports all of them at once, joined, so a person fixes a config in
// one go. Tokens are held as Secret values, which print as "set" or "unset":
// a Config may be logged whole.
package config

import (
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// Platform names the chat platform the bot runs on.
type Platform string

// The platforms.
const (
	Console Platform = "console"
	Slack   Platform = "slack"
	Discord Platform = "discord"
)

// Platforms lists every platform, in the order they are documented.
var Platforms = []Platform{Console, Slack, Discord}

// LogFormat is how log lines are written.
type LogFormat string

// The log formats: one JSON object a line, or zerolog's console writer for
// people reading a terminal.
const (
	LogJSON    LogFormat = "json"
	LogConsole LogFormat = "console"
)

// Defaults that are not obvious from the field they fill, and limits.
const (
	DefaultDB              = "warroom.db"
	DefaultSlackAPIURL     = "https://slack.com/api/"
	DefaultSlackCommand    = bot.DefaultCommand
	DefaultDiscordAPIURL   = "https://discord.com/api/v9/"
	DefaultDiscordCategory = "Incidents"
	DefaultReminderSweep   = 15 * time.Second
	// DefaultFollowUpSchedule is when action owners are nudged: 09:00 UTC
	// on weekdays.
	DefaultFollowUpSchedule = "CRON_TZ=UTC 0 9 * * MON-FRI"

	// MinReminderInterval is the shortest reminder interval.
	MinReminderInterval = time.Second
	// MinReminderSweep is the shortest reminder sweep.
	MinReminderSweep = 100 * time.Millisecond
)

const (
	maxSlackCommandLength   = 32  // Slack's limit, slash included
	maxDiscordCategoryChars = 100 // Discord's limit on channel names
)

// Config is warroom's settings, validated. Build one with Load, or start
// from Default and call Validate.
type Config struct {
	// DB is the path of the bbolt store file (WARROOM_DB, db).
	DB string
	// Platform is the chat platform (WARROOM_PLATFORM, platform).
	Platform Platform
	// Reminders says how often open incidents are due an update.
	Reminders Reminders
	// FollowUps says when action owners are nudged and where.
	FollowUps FollowUps
	// ArchiveAfter is how long after an incident is closed (and its
	// postmortem posted) its channel is archived: on Discord moved to an
	// archive category, on Slack archived; 0 means at once,
	// bot.ArchiveNever (off) never (WARROOM_ARCHIVE_AFTER, archive_after).
	ArchiveAfter time.Duration
	// DefaultSeverity is the severity of an incident declared without
	// --sev (WARROOM_DEFAULT_SEV, default_severity).
	DefaultSeverity bot.Severity
	// LogLevel is the least severe level logged: debug, info, warn or
	// error (WARROOM_LOG_LEVEL, log_level).
	LogLevel zerolog.Level
	// LogFormat is json or console (WARROOM_LOG_FORMAT, log_format).
	LogFormat LogFormat
	// HTTPAddr is the host:port of the health and metrics listener; ""
	// means no listener (WARROOM_HTTP_ADDR, http_addr).
	HTTPAddr string
	// Admins are the user ids (or a Slack user group or Discord role) who
	// may do what only the Incident Commander may otherwise do
	// (WARROOM_ADMINS, admins).
	Admins []string
	// Slack holds the Slack settings, required when Platform is Slack.
	Slack SlackConfig
	// Discord holds the Discord settings, required when Platform is Discord.
	Discord DiscordConfig

	// Warnings are what is wrong but does not stop start-up (an unknown
	// SLACK_* or DISCORD_* variable), for the program to log; LoadEnviron
	// fills them in.
	Warnings []string

	// sources maps a file key to where its value came from, for messages.
	sources map[string]string
}

// IsSet reports whether the file or the environment gave the setting of
// file key key, rather than its default.
func (c *Config) IsSet(key string) bool { return c.sources[key] != "" }

// Reminders are the update reminder settings.
type Reminders struct {
	// Interval is how often an incident of each severity, indexed by
	// bot.Severity, is due an update; 0 means never
	// (WARROOM_REMINDER_P0..P3, reminders.p0..p3).
	Interval [4]time.Duration
	// Sweep is how often due reminders are looked for
	// (WARROOM_REMINDER_SWEEP, reminders.sweep).
	Sweep time.Duration
}

// FollowUps are the follow-up nudge settings.
type FollowUps struct {
	// Schedule is when action owners are nudged: a cron line (minute hour
	// day-of-month month weekday), a CRON_TZ= prefix naming its time zone,
	// or off (WARROOM_FOLLOWUP_SCHEDULE, followups.schedule).
	Schedule string
	// Channel takes the nudges a direct message cannot deliver and the
	// weekly digest (WARROOM_FOLLOWUP_CHANNEL, followups.channel).
	Channel string
}

// SlackConfig holds the settings of the Slack adapter.
type SlackConfig struct {
	// AppToken is the app-level token, xapp-..., for Socket Mode
	// (SLACK_APP_TOKEN, slack.app_token).
	AppToken Secret
	// BotToken is the bot token, xoxb-..., for the Web API
	// (SLACK_BOT_TOKEN, slack.bot_token).
	BotToken Secret
	// APIURL is the Web API base URL; every method is APIURL plus its
	// name, so it ends in "/" (SLACK_API_URL, slack.api_url).
	APIURL string
	// Command is the slash command, with its slash
	// (WARROOM_SLACK_COMMAND, slack.command).
	Command string
	// PrivateChannels makes incident channels private
	// (WARROOM_SLACK_PRIVATE_CHANNELS, slack.private_channels).
	PrivateChannels bool
}

// DiscordConfig holds the settings of the Discord adapter.
type DiscordConfig struct {
	// BotToken is the bot token from the Developer Portal, without the
	// "Bot " prefix; Load strips one if given (DISCORD_BOT_TOKEN,
	// discord.bot_token).
	BotToken Secret
	// GuildID is the id of the server (guild) the bot serves
	// (DISCORD_GUILD_ID, discord.guild_id).
	GuildID string
	// AppID is the application id; "" means learn it from READY
	// (DISCORD_APP_ID, discord.app_id).
	AppID string
	// IncidentCategory is the id or name of the channel category incident
	// channels are created in (DISCORD_INCIDENT_CATEGORY,
	// discord.incident_category).
	IncidentCategory string
	// APIURL is the REST API base URL, version path included and ending in
	// "/": the value discordgo's EndpointAPI takes. Every REST endpoint and
	// the gateway lookup (APIURL + "gateway") hang off it; a fake Discord
	// on 127.0.0.1 is named as "http://127.0.0.1:PORT/api/v9/"
	// (DISCORD_API_URL, discord.api_url).
	APIURL string
}

// Default returns a Config holding every default: the store in warroom.db,
// the console platform, reminders every 15m for P0, 30m for P1, 60m for P2
// and none for P3, swept every 15s, channels archived 24h after the close, P2 when declare names no severity, info
// logs as JSON, no HTTP listener, no admins, and Slack's and Discord's own
// API URLs.
func Default() *Config {
	return &Config{
		DB:       DefaultDB,
		Platform: Console,
		Reminders: Reminders{
			Interval: bot.DefaultConfig().Reminders,
			Sweep:    DefaultReminderSweep,
		},
		FollowUps:       FollowUps{Schedule: DefaultFollowUpSchedule},
		ArchiveAfter:    bot.DefaultArchiveAfter,
		DefaultSeverity: bot.P2,
		LogLevel:        zerolog.InfoLevel,
		LogFormat:       LogJSON,
		Slack: SlackConfig{
			APIURL:  DefaultSlackAPIURL,
			Command: DefaultSlackCommand,
		},
		Discord: DiscordConfig{
			IncidentCategory: DefaultDiscordCategory,
			APIURL:           DefaultDiscordAPIURL,
		},
	}
}

// Engine returns the engine's settings: the default severity, the reminder
// intervals, the platform name, the admins and the follow-up schedule, with the engine's own
// defaults for the rest.
func (c *Config) Engine() bot.Config {
	e := bot.DefaultConfig()
	e.DefaultSeverity = c.DefaultSeverity
	e.Reminders = c.Reminders.Interval
	e.ArchiveAfter = c.ArchiveAfter
	e.Platform = string(c.Platform)
	e.Admins = append([]string(nil), c.Admins...)
	e.FollowUps = bot.FollowUpConfig{Schedule: c.FollowUps.schedule(), Channel: c.FollowUps.Channel}
	e.Command = c.Command()
	return e
}

// schedule returns the parsed schedule, nil for off. Load has checked it
// parses; one that does not (a Config built by hand) also means off.
func (f FollowUps) schedule() cron.Schedule {
	if f.Schedule == "" || strings.EqualFold(f.Schedule, "off") {
		return nil
	}
	s, err := cron.ParseStandard(f.Schedule)
	if err != nil {
		return nil
	}
	return s
}

// Command returns the slash command people type on the configured
// platform: slack.command on Slack, /incident elsewhere (the command the
// Discord adapter registers, and the console's).
func (c *Config) Command() string {
	if c.Platform == Slack && c.Slack.Command != "" {
		return c.Slack.Command
	}
	return DefaultSlackCommand
}

// Sweep returns how often due reminders are looked for.
func (c *Config) Sweep() time.Duration { return c.Reminders.Sweep }
