// Package fakediscord is a fake Discord for tests and load benchmarks: an
// HTTP server on 127.0.0.1 that speaks the REST API under /api/v9 and the
// gateway websocket the way discord.com does, closely enough that the real
// github.com/bwmarrin/discordgo client runs against it unchanged.
//
// The fake keeps a small world (one guild, its channels, their message
// history, users, the registered application commands) and records what
// clients did to it (identify payloads, interaction callbacks, follow-ups,
// requests). Tests drive the other side through methods that act like
// people in the guild: UserMessage, EditMessage, DeleteMessage, React,
// SlashCommand, PressButton, SubmitModal. Faults are injected with
// RateLimit, Reconnect, InvalidSession, HardClose and RefuseIntents.
//
// JSON types are strict like the real API: snowflakes and permissions are
// strings, timestamps are RFC 3339.
package fakediscord
