package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// Discord's limits on channels.
const (
	maxChannelName = 100
	maxTopic       = 1024
	maxButtons     = 5 // per row
	maxRows        = 5
)

var (
	_ bot.Chat         = (*Adapter)(nil)
	_ bot.Namer        = (*Adapter)(nil)
	_ bot.TopicCreator = (*Adapter)(nil)
	_ bot.Renamer      = (*Adapter)(nil)
)

// allowedMentions is sent with every message: only explicit user mentions
// may ping; @everyone, @here and roles never do.
func allowedMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeUsers}}
}

// CreateChannel creates a text channel in the incident category, with no
// topic.
func (a *Adapter) CreateChannel(ctx context.Context, name string) (bot.Channel, error) {
	return a.CreateChannelWithTopic(ctx, name, "")
}

// CreateChannelWithTopic creates a text channel in the incident category
// (the next one, "Incidents 2" and so on, when Discord says it is full)
// with its topic: set at creation, it costs none of the two topic edits
// Discord allows a channel per 10 minutes. The name is made lowercase and
// reduced to what Discord allows, at most 100 characters. Discord allows
// several channels of one name, so a taken name is not an error.
func (a *Adapter) CreateChannelWithTopic(ctx context.Context, name, topic string) (bot.Channel, error) {
	parent, err := a.categoryID(ctx)
	if err != nil {
		return bot.Channel{}, fmt.Errorf("discord: %w", err)
	}
	create := func(parent string) (*discordgo.Channel, error) {
		return a.s.GuildChannelCreateComplex(a.opts.GuildID, discordgo.GuildChannelCreateData{
			Name: channelName(name), Type: discordgo.ChannelTypeGuildText, ParentID: parent, Topic: truncate(topic, maxTopic),
		}, call(ctx, "guild_channel_create"))
	}
	c, err := create(parent)
	if categoryFull(err) {
		// The category holds Discord's 50: roll over to the next.
		if parent, err = a.nextActiveCategory(ctx); err == nil {
			c, err = create(parent)
		}
	}
	switch {
	case err == nil:
	case guildFull(err):
		return bot.Channel{}, fmt.Errorf("discord: create channel %q: %w (%w)", channelName(name), errGuildFull, err)
	case missingPermissions(err):
		return bot.Channel{}, fmt.Errorf("discord: create channel %q: %w (%w)", channelName(name), errNoManageChannels, err)
	default:
		return bot.Channel{}, fmt.Errorf("discord: create channel %q: %w", channelName(name), err)
	}
	a.threads.learn(c)
	a.log.Info().Str("channel", c.ID).Str("name", c.Name).Msg("created an incident channel")
	return bot.Channel{ID: c.ID, Name: c.Name}, nil
}

// channelName makes sure of a channel name with the engine's slugifier
// (bot.Slug: the engine's names are made with it already) and cuts it to
// Discord's 100 characters; "incident" if nothing is left.
func channelName(s string) string {
	out := bot.Slug(s)
	if r := []rune(out); len(r) > maxChannelName {
		out = strings.TrimRight(string(r[:maxChannelName]), "-")
	}
	if out == "" {
		out = "incident"
	}
	return out
}

// Invite does nothing: on Discord who sees a channel is decided by
// permissions (the incident category's), not by membership. The engine's
// mentions of role holders are what bring people in.
func (a *Adapter) Invite(ctx context.Context, channelID string, users []string) error {
	return nil
}

// Post posts a message and returns its id. Text over Discord's 2,000
// characters goes out in several messages: the id, and the pin, are the
// first's; buttons go under the last. Posts to one channel go out one at
// a time, in the order they were made, even when a rate limit makes one
// wait.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (string, error) {
	var id string
	err := a.order.Do(ctx, channelID, func() (err error) {
		id, err = a.post(ctx, channelID, m)
		return err
	})
	if err != nil && id == "" && ctx.Err() != nil {
		return "", fmt.Errorf("discord: post in channel %s: %w", channelID, err)
	}
	return id, err
}

// post is Post, in the channel's turn.
func (a *Adapter) post(ctx context.Context, channelID string, m bot.Message) (string, error) {
	chunks := split(orDone(m.Text), maxContent)
	var first string
	for n, c := range chunks {
		send := &discordgo.MessageSend{Content: c, AllowedMentions: allowedMentions()}
		if n == len(chunks)-1 {
			send.Components = buttons(m.Buttons)
		}
		msg, err := a.s.ChannelMessageSendComplex(channelID, send, call(ctx, "channel_message_send"))
		if err != nil {
			return first, fmt.Errorf("discord: post in channel %s: %w", channelID, err)
		}
		if n == 0 {
			first = msg.ID
		}
	}
	if m.Pin {
		if err := a.s.ChannelMessagePin(channelID, first, call(ctx, "channel_message_pin")); err != nil {
			if missingPermissions(err) {
				return first, fmt.Errorf("discord: pin message %s in channel %s: %w (%w)", first, channelID, errNoPinPermission, err)
			}
			return first, fmt.Errorf("discord: pin message %s in channel %s: %w", first, channelID, err)
		}
	}
	return first, nil
}

// errNoPinPermission is what the engine is told when Discord refuses a pin
// for a missing permission: since early 2026 pinning takes Pin Messages
// (PIN_MESSAGES, 1 << 51), which Manage Messages no longer includes.
var errNoPinPermission = bot.Errorf(bot.ERefused, "the bot lacks Discord's **Pin Messages** permission here. "+
	"A server admin can grant it to the bot's role (Server Settings > Roles), or on the incident category")

// missingPermissions reports whether Discord refused a request for a
// missing permission (code 50013).
func missingPermissions(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == discordgo.ErrCodeMissingPermissions
}

// buttons lays buttons out in rows of five; a press comes back as the
// button's command.
func buttons(bs []bot.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	for i := 0; i < len(bs) && len(rows) < maxRows; i += maxButtons {
		var row []discordgo.MessageComponent
		for _, b := range bs[i:min(i+maxButtons, len(bs))] {
			style := discordgo.SecondaryButton
			switch b.Style {
			case "primary":
				style = discordgo.PrimaryButton
			case "danger":
				style = discordgo.DangerButton
			}
			id := buttonPrefix + b.Command
			if len(id) > maxCustomID {
				continue
			}
			row = append(row, discordgo.Button{Label: truncate(b.Label, 80), Style: style, CustomID: id})
		}
		if len(row) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: row})
		}
	}
	return rows
}

// PostPrivate shows text to one user. Discord has ephemeral messages only
// as answers to an interaction, so when user ran a command or pressed a
// button in the channel in the last 14 minutes the text goes as an
// ephemeral follow-up to it; otherwise it is posted in the channel,
// addressed to the user.
func (a *Adapter) PostPrivate(ctx context.Context, channelID, user, text string) error {
	a.mu.Lock()
	t, ok := a.private[user+"/"+channelID]
	a.mu.Unlock()
	if ok && time.Since(t.at) < privateFor {
		var err error
		for _, c := range split(orDone(text), maxContent) {
			_, err = a.s.FollowupMessageCreate(t.i, true, &discordgo.WebhookParams{
				Content: c, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: allowedMentions(),
			}, call(ctx, "followup_message_create"))
			if err != nil {
				break
			}
		}
		if err == nil {
			return nil
		}
		a.log.Warn().Err(err).Str("channel", channelID).Msg("ephemeral follow-up failed; posting in the channel")
	}
	_, err := a.Post(ctx, channelID, bot.Message{Text: a.Mention(user) + " " + text})
	return err
}

// Upload posts a file as an attachment, with its comment as the message,
// in its place among the channel's posts.
func (a *Adapter) Upload(ctx context.Context, channelID string, f bot.File) error {
	return a.order.Do(ctx, channelID, func() error { return a.upload(ctx, channelID, f) })
}

// upload is Upload, in the channel's turn.
func (a *Adapter) upload(ctx context.Context, channelID string, f bot.File) error {
	content := f.Comment
	if content == "" {
		content = f.Title
	}
	ctype := "application/octet-stream"
	if strings.HasSuffix(f.Name, ".md") {
		ctype = "text/markdown; charset=utf-8"
	}
	_, err := a.s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content:         truncate(content, maxContent),
		AllowedMentions: allowedMentions(),
		Files:           []*discordgo.File{{Name: f.Name, ContentType: ctype, Reader: bytes.NewReader(f.Content)}},
	}, call(ctx, "channel_message_send"))
	if err != nil {
		return fmt.Errorf("discord: upload %s to channel %s: %w", f.Name, channelID, err)
	}
	return nil
}

// SetTopic sets the channel topic (at most 1,024 characters) in the
// background and returns at once: the editor (edits.go) coalesces topic
// changes, the latest winning, and keeps within Discord's two topic or name
// edits per channel per 10 minutes.
func (a *Adapter) SetTopic(ctx context.Context, channelID, topic string) error {
	t := truncate(topic, maxTopic)
	a.edits.want(channelID, func(w *wanted) { w.topic = &t })
	return nil
}

// RenameChannel renames a channel in the background, as SetTopic sets its
// topic: through the editor, sharing the topic's limit (one edit changes
// both when both are due).
func (a *Adapter) RenameChannel(ctx context.Context, channelID, name string) error {
	n := channelName(name)
	a.edits.want(channelID, func(w *wanted) { w.name = &n })
	return nil
}

// Mention returns <@id>, which pings the user.
func (a *Adapter) Mention(user string) string { return "<@" + user + ">" }

// quoteBreaker puts a zero-width space into everything that would ping:
// @everyone, @here, and user, member and role mentions.
var quoteBreaker = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere", "<@", "<@\u200b")

// Quote makes text typed by a person safe to echo: it pings no one, even
// before allowed_mentions (which every message also carries) is applied.
func (a *Adapter) Quote(text string) string { return quoteBreaker.Replace(text) }

// UserName returns the user's name in the guild (nickname, else display
// name, else username), cached.
func (a *Adapter) UserName(ctx context.Context, user string) (string, error) {
	a.mu.Lock()
	n, ok := a.names[user]
	a.mu.Unlock()
	if ok {
		return n, nil
	}
	if m, err := a.s.GuildMember(a.opts.GuildID, user, call(ctx, "guild_member")); err == nil && m.User != nil {
		n = m.Nick
		if n == "" {
			n = displayName(m.User)
		}
	} else {
		u, err := a.s.User(user, call(ctx, "user"))
		if err != nil {
			return "", fmt.Errorf("discord: look up user %s: %w", user, err)
		}
		n = displayName(u)
	}
	a.rememberName(user, n)
	return n, nil
}

func (a *Adapter) rememberName(user, name string) {
	if user == "" || name == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.names[user] = name
}

// CheckUser implements bot.UserChecker: only a member of the server can
// take a role or an action item. Discord answers 404 with code 10007
// (Unknown Member) for someone not in the guild and 10013 (Unknown User)
// for an id that names no one
// (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json);
// both are bot.ErrUnknownUser.
func (a *Adapter) CheckUser(ctx context.Context, user string) error {
	m, err := a.s.GuildMember(a.opts.GuildID, user, call(ctx, "guild_member"))
	var re *discordgo.RESTError
	switch {
	case errors.As(err, &re) && re.Message != nil &&
		(re.Message.Code == discordgo.ErrCodeUnknownMember || re.Message.Code == discordgo.ErrCodeUnknownUser):
		return fmt.Errorf("discord: member %s: %s: %w", user, re.Message.Message, bot.ErrUnknownUser)
	case err != nil:
		return fmt.Errorf("discord: look up member %s: %w", user, err)
	}
	if m.User != nil {
		n := m.Nick
		if n == "" {
			n = displayName(m.User)
		}
		a.rememberName(user, n)
	}
	return nil
}
