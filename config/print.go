package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// field is one setting as it is shown: by file key, tokens as set or unset.
type field struct{ key, val string }

// fields returns the settings as they are shown, in documented order;
// only the configured platform's own settings are included.
func (c Config) fields() []field {
	fs := []field{
		{"platform", string(c.Platform)},
		{"db", c.DB},
	}
	for i, d := range c.Reminders.Interval {
		fs = append(fs, field{fmt.Sprintf("reminders.p%d", i), formatInterval(d)})
	}
	httpAddr := c.HTTPAddr
	if httpAddr == "" {
		httpAddr = "off"
	}
	fs = append(fs,
		field{"reminders.sweep", formatDuration(c.Reminders.Sweep)},
		field{"followups.schedule", c.FollowUps.Schedule},
		field{"followups.channel", c.FollowUps.Channel},
		field{"archive_after", formatArchiveAfter(c.ArchiveAfter)},
		field{"default_severity", c.DefaultSeverity.String()},
		field{"log_level", c.LogLevel.String()},
		field{"log_format", string(c.LogFormat)},
		field{"http_addr", httpAddr},
		field{"admins", strings.Join(c.Admins, ",")},
	)
	switch c.Platform {
	case Slack:
		fs = append(fs,
			field{"slack.app_token", c.Slack.AppToken.String()},
			field{"slack.bot_token", c.Slack.BotToken.String()},
			field{"slack.api_url", redactURL(c.Slack.APIURL)},
			field{"slack.command", c.Slack.Command},
			field{"slack.private_channels", fmt.Sprint(c.Slack.PrivateChannels)},
		)
	case Discord:
		fs = append(fs,
			field{"discord.bot_token", c.Discord.BotToken.String()},
			field{"discord.guild_id", c.Discord.GuildID},
			field{"discord.app_id", c.Discord.AppID},
			field{"discord.incident_category", c.Discord.IncidentCategory},
			field{"discord.api_url", redactURL(c.Discord.APIURL)},
		)
	}
	return fs
}

// String returns the settings on one line as key=value pairs by file key,
// the configured platform's included, tokens shown as set or unset:
//
//	platform=slack db=warroom.db reminders.p0=15m ... slack.bot_token=set ...
func (c Config) String() string {
	var b strings.Builder
	for i, f := range c.fields() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.key)
		b.WriteByte('=')
		if f.val == "" || strings.ContainsAny(f.val, " \t\n\"=") {
			b.WriteString(quote(f.val))
		} else {
			b.WriteString(f.val)
		}
	}
	return b.String()
}

// MarshalZerologObject writes the settings as String shows them, one field
// per file key, so that log.Info().EmbedObject(cfg) or Object("config", cfg)
// is safe.
func (c Config) MarshalZerologObject(e *zerolog.Event) {
	for _, f := range c.fields() {
		e.Str(f.key, f.val)
	}
}

// Redacted returns a copy of c whose tokens are replaced by "set" (or left
// empty when unset), so that even Reveal on it shows nothing secret, and
// whose API URLs hold no password.
func (c Config) Redacted() Config {
	r := c
	r.Admins = slices.Clone(c.Admins)
	r.Slack.AppToken = redact(c.Slack.AppToken)
	r.Slack.BotToken = redact(c.Slack.BotToken)
	r.Slack.APIURL = redactURL(c.Slack.APIURL)
	r.Discord.BotToken = redact(c.Discord.BotToken)
	r.Discord.APIURL = redactURL(c.Discord.APIURL)
	return r
}

func redact(s Secret) Secret {
	if s.IsSet() {
		return "set"
	}
	return ""
}

// formatInterval formats a reminder interval: "off" for none.
func formatInterval(d time.Duration) string {
	if d == 0 {
		return "off"
	}
	return formatDuration(d)
}

// formatArchiveAfter shows the archive delay as it is set: off, 0 or a
// duration.
func formatArchiveAfter(d time.Duration) string {
	switch {
	case d < 0:
		return "off"
	case d == 0:
		return "0"
	}
	return formatDuration(d)
}

// formatDuration formats d the way people write it: 1h rather than 1h0m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
