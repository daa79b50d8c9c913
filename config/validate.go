package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rs/zerolog"
)

// Validate checks every setting and returns all that are wrong, joined,
// each a *SettingError. The settings of a platform are checked only when it
// is the one configured.
func (c *Config) Validate() error { return errors.Join(c.validate()...) }

// validator collects the errors of one Validate.
type validator struct {
	c    *Config
	errs []error
}

// bad records that the setting with file key key is wrong.
func (v *validator) bad(key, msg, got string) {
	v.errs = append(v.errs, &SettingError{Env: envOf(key), Key: key, Msg: msg, Got: got, Source: v.c.sources[key]})
}

// validate returns every problem with c, in documented order.
func (c *Config) validate() []error {
	v := &validator{c: c}
	if c.DB == "" {
		v.bad("db", "is empty: expected the path of the store file, like "+DefaultDB, "")
	}
	for i, d := range c.Reminders.Interval {
		if d != 0 && d < MinReminderInterval {
			v.bad(fmt.Sprintf("reminders.p%d", i), "must be a duration of at least 1s like 15m or 1h30m, or off", quote(formatDuration(d)))
		}
	}
	if c.Reminders.Sweep < MinReminderSweep {
		v.bad("reminders.sweep", "must be at least 100ms", quote(formatDuration(c.Reminders.Sweep)))
	}
	if !c.DefaultSeverity.Valid() {
		v.bad("default_severity", "must be P0, P1, P2 or P3", quote(c.DefaultSeverity.String()))
	}
	if c.LogLevel < zerolog.DebugLevel || c.LogLevel > zerolog.ErrorLevel {
		v.bad("log_level", "must be debug, info, warn or error", quote(c.LogLevel.String()))
	}
	if c.LogFormat != LogJSON && c.LogFormat != LogConsole {
		v.bad("log_format", "must be json or console", quote(string(c.LogFormat)))
	}
	if c.HTTPAddr != "" && !validHostPort(c.HTTPAddr) {
		v.bad("http_addr", "must be host:port like 127.0.0.1:9090, or off", quote(c.HTTPAddr))
	}
	for i, a := range c.Admins {
		if a == "" || strings.ContainsRune(a, ',') || hasSpace(a) {
			v.bad("admins", fmt.Sprintf("item %d must be one id without spaces or commas", i+1), quote(a))
		}
	}
	switch c.Platform {
	case Console:
	case Slack:
		v.slack()
	case Discord:
		v.discord()
	default:
		v.bad("platform", "must be console, slack or discord", quote(string(c.Platform)))
	}
	return v.errs
}

// slack checks the Slack settings: both tokens, the API URL, the command.
func (v *validator) slack() {
	s := v.c.Slack
	v.slackToken("slack.app_token", s.AppToken, "xapp-", "app-level token")
	v.slackToken("slack.bot_token", s.BotToken, "xoxb-", "bot token")
	v.apiURL("slack.api_url", s.APIURL, DefaultSlackAPIURL)
	if !validSlackCommand(s.Command) {
		v.bad("slack.command", fmt.Sprintf("must be a slash command like %s: a slash, then at most %d lowercase characters without spaces", DefaultSlackCommand, maxSlackCommandLength-1), quote(s.Command))
	}
}

// slackToken checks that a Slack token is set and of the right type,
// showing at most its prefix.
func (v *validator) slackToken(key string, t Secret, prefix, what string) {
	tok := t.Reveal()
	switch {
	case tok == "":
		v.bad(key, fmt.Sprintf("is not set: expected the Slack %s, %s...", what, prefix), "")
	case hasSpace(tok):
		v.bad(key, fmt.Sprintf("must be the %s alone, without spaces or line breaks", what), describeToken(tok))
	case !strings.HasPrefix(tok, prefix):
		v.bad(key, fmt.Sprintf("must be the %s, starting with %s", what, prefix), describeToken(tok))
	}
}

// discord checks the Discord settings: the token, the ids, the category
// and the API URL.
func (v *validator) discord() {
	d := v.c.Discord
	tok := d.BotToken.Reveal()
	switch {
	case tok == "":
		v.bad("discord.bot_token", "is not set: expected the bot token from the Discord Developer Portal (your application, Bot, Reset Token)", "")
	case hasSpace(tok):
		v.bad("discord.bot_token", "must be the bot token alone, without spaces or line breaks", "")
	case slackPrefix(tok) != "":
		v.bad("discord.bot_token", "must be a Discord bot token, not a Slack token", describeToken(tok))
	}
	switch {
	case d.GuildID == "":
		v.bad("discord.guild_id", "is not set: expected the server (guild) id, digits like 123456789012345678 (with Developer Mode on, right-click the server, Copy Server ID)", "")
	case !validSnowflake(d.GuildID):
		v.bad("discord.guild_id", "must be a Discord id: digits like 123456789012345678", quote(d.GuildID))
	}
	if d.AppID != "" && !validSnowflake(d.AppID) {
		v.bad("discord.app_id", "must be a Discord id: digits like 123456789012345678, or unset to learn it at start-up", quote(d.AppID))
	}
	switch n := utf8.RuneCountInString(d.IncidentCategory); {
	case n == 0:
		v.bad("discord.incident_category", "is empty: expected a category id or name, like "+DefaultDiscordCategory, "")
	case n > maxDiscordCategoryChars:
		v.bad("discord.incident_category", fmt.Sprintf("must be at most %d characters", maxDiscordCategoryChars), quote(d.IncidentCategory))
	}
	v.apiURL("discord.api_url", d.APIURL, DefaultDiscordAPIURL)
}

// apiURL checks an API base URL: http or https, a host, and a path ending
// in "/" so that endpoint names can be appended.
func (v *validator) apiURL(key, raw, example string) {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		strings.HasSuffix(u.Path, "/") && u.RawQuery == "" && u.Fragment == "" {
		return
	}
	v.bad(key, `must be an http or https URL ending in "/", like `+example, quote(redactURL(raw)))
}

// redactURL hides the user, password and query of a URL, where a token
// might hide, so that it can be shown.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.User == nil && u.RawQuery == "") {
		return raw
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	if u.RawQuery != "" {
		u.RawQuery = "xxxxx"
	}
	return u.String()
}

// validHostPort reports whether s is host:port with a numeric port; the
// host may be empty (every interface).
func validHostPort(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	n, err := strconv.ParseUint(port, 10, 16)
	return err == nil && n <= 65535
}

// validSnowflake reports whether s is a Discord id: a decimal uint64.
func validSnowflake(s string) bool {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// validSlackCommand reports whether s is a slash command Slack accepts:
// "/" and at most 31 lowercase characters, no spaces.
func validSlackCommand(s string) bool {
	if len(s) < 2 || len(s) > maxSlackCommandLength || s[0] != '/' || hasSpace(s) {
		return false
	}
	return s == strings.ToLower(s) && !strings.Contains(s[1:], "/")
}
