// Package discord connects the incident engine to Discord through the
// gateway and the REST API, using github.com/bwmarrin/discordgo.
//
// The adapter registers the /incident application command in one guild,
// turns every interaction back into the command text the engine parses
// (one parser for every platform), answers inside Discord's 3-second
// window, and delivers the messages, edits, deletions and reactions of the
// guild's channels to the engine (bot.Handler.Ingest), which orders,
// records and keeps those of incident channels; the adapter keeps no queue.
// Because Discord does not replay events to a new gateway session, after
// every READY it asks the engine to catch up (bot.Handler.CatchUp), which
// reads back each incident channel's history through the adapter's
// bot.History from the last recorded message.
//
// Incident channels are text channels in one category. Discord has no
// per-channel membership to invite people into: who sees a channel is
// decided by the category's permissions, so Invite does nothing, and the
// engine's mentions of role holders are what draws people in.
package discord
