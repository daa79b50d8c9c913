// Package commands parses the text typed after the /incident slash command
// into the typed commands of package bot. It does no I/O.
//
// Parse (or Parser.Parse, for another command name) has the signature of
// bot.Parser. Subcommands are case-insensitive. Subcommands is the one
// description of the grammar: each subcommand with its typed options
// (positional or flags, their kinds and choices), a one-line summary and an
// example. The parser reads text with it, help and usage lines are rendered
// from it, and adapters of platforms with typed commands build their schema
// from it (Discord's application command: adapters/discord). Discord allows
// 25 subcommands and groups under one command; a subcommand beyond that
// belongs in a group (Groups).
//
// Words are split at white space. "...", '...', “...”, „...“, ”...” and
// ‘...’ quote a word; a quote opens only at the start of a word, so
// apostrophes inside words are text, and inside quotes a backslash escapes
// a backslash or a closing quote. Flags are --name value or --name=value,
// anywhere after the subcommand (an em or en dash works for --); "--" makes
// the rest text. Every subcommand takes --id N (or #N) naming the incident.
//
// User mentions become bare user ids: Slack <@U123> and <@U123|name>,
// Discord <@123> and <@!123>, and the console's @alice. Times are UTC:
// TIME is 15:04 (today, or yesterday if that is still to come),
// 2006-01-02 15:04, RFC 3339, -15m or "15m ago"; DATE is 2006-01-02, RFC
// 3339, +3d, 2w, today, tomorrow or a weekday; durations are Go durations
// plus days (1d).
//
// Every error is a *bot.Error with code bot.EInvalid whose message says
// what was wrong and ends with the usage line.
package commands
