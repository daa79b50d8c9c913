package discord

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// What comes from the gateway is not trusted to be whole: discordgo hands
// a handler whatever part of a dispatch it could decode, so every field
// here may be missing. Translation never panics, and an event it gives
// always names its channel and message.

// pin is the reaction Discord users mark a key event with.
const pin = "📌"

// channelEvents translates a channel event dispatch (*MessageCreate,
// *MessageUpdate, *MessageDelete or *MessageReactionAdd): its kind of
// delivery, the id of the message it is about, and its engine events. ok is
// false for a dispatch that is not the adapter's: empty, of another guild,
// or of another type.
func (a *Adapter) channelEvents(e any) (kind, key string, evs []bot.Event, ok bool) {
	switch e := e.(type) {
	case *discordgo.MessageCreate:
		if e.Message != nil && a.ours(e.GuildID) {
			return kindMessageCreate, e.ID, a.messageEvents(e.Message), true
		}
	case *discordgo.MessageUpdate:
		if e.Message != nil && a.ours(e.GuildID) {
			return kindMessageUpdate, e.ID, a.editEvents(e), true
		}
	case *discordgo.MessageDelete:
		if e.Message != nil && a.ours(e.GuildID) {
			return kindMessageDelete, e.ID, deleteEvents(e.Message), true
		}
	case *discordgo.MessageReactionAdd:
		if e.MessageReaction != nil && a.ours(e.GuildID) {
			return kindReactionAdd, e.MessageID, a.reactionEvents(e), true
		}
	}
	return "", "", nil, false
}

// messageEvents turns a person's message into a posted event and a file
// event per attachment; the bot's own messages, system messages and
// messages that name no channel give none.
func (a *Adapter) messageEvents(m *discordgo.Message) []bot.Event {
	if m.ID == "" || m.ChannelID == "" || m.Author == nil || a.isBot(m.Author) ||
		(m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
		return nil
	}
	name := displayName(m.Author)
	if m.Member != nil && m.Member.Nick != "" {
		name = m.Member.Nick
	}
	a.rememberName(m.Author.ID, name)
	base := bot.Event{ChannelID: m.ChannelID, User: m.Author.ID, UserName: name, At: m.Timestamp.UTC()}
	var evs []bot.Event
	if m.Content != "" || len(m.Attachments) == 0 {
		ev := base
		ev.Kind, ev.EventID, ev.MessageID, ev.Text = bot.MessagePosted, "discord:msg:"+m.ID, m.ID, m.Content
		evs = append(evs, ev)
	}
	for _, at := range m.Attachments {
		if at == nil || at.ID == "" {
			continue
		}
		ev := base
		ev.Kind, ev.EventID, ev.MessageID = bot.FileShared, "discord:file:"+at.ID, at.ID
		ev.FileName, ev.FileURL = at.Filename, at.URL
		evs = append(evs, ev)
	}
	return evs
}

// editEvents turns MESSAGE_UPDATE into an edit event. Updates without
// edited_timestamp are Discord adding embeds, not edits, and give none;
// so do the bot's own edits.
func (a *Adapter) editEvents(m *discordgo.MessageUpdate) []bot.Event {
	if m.Message == nil || m.ID == "" || m.ChannelID == "" || m.EditedTimestamp == nil || a.isBot(m.Author) {
		return nil
	}
	ev := bot.Event{
		Kind: bot.MessageEdited, ChannelID: m.ChannelID, MessageID: m.ID, Text: m.Content,
		EventID: "discord:edit:" + m.ID + ":" + strconv.FormatInt(m.EditedTimestamp.UnixNano(), 10),
		At:      m.EditedTimestamp.UTC(),
	}
	if m.BeforeUpdate != nil {
		ev.PrevText = m.BeforeUpdate.Content
	}
	if m.Author != nil {
		ev.User, ev.UserName = m.Author.ID, displayName(m.Author)
		if m.Member != nil && m.Member.Nick != "" {
			ev.UserName = m.Member.Nick
		}
	}
	return []bot.Event{ev}
}

// deleteEvents turns MESSAGE_DELETE into a deletion event, undated: the
// engine's clock dates it.
func deleteEvents(m *discordgo.Message) []bot.Event {
	if m.ID == "" || m.ChannelID == "" {
		return nil
	}
	return []bot.Event{{Kind: bot.MessageDeleted, EventID: "discord:del:" + m.ID, ChannelID: m.ChannelID, MessageID: m.ID}}
}

// reactionEvents turns MESSAGE_REACTION_ADD into a reaction event; the
// bot's own reactions give none. 📌 becomes bot.PinReaction.
func (a *Adapter) reactionEvents(r *discordgo.MessageReactionAdd) []bot.Event {
	if r.MessageReaction == nil || r.MessageID == "" || r.ChannelID == "" || r.UserID == "" {
		return nil
	}
	a.mu.Lock()
	self := r.UserID == a.botID
	a.mu.Unlock()
	if self {
		return nil
	}
	name := r.Emoji.Name
	if name == pin {
		name = bot.PinReaction
	}
	ev := bot.Event{
		Kind: bot.ReactionAdded, EventID: "discord:react:" + r.MessageID + ":" + r.UserID + ":" + r.Emoji.APIName(),
		ChannelID: r.ChannelID, MessageID: r.MessageID, User: r.UserID, Reaction: name,
	}
	if r.Member != nil && r.Member.User != nil {
		ev.UserName = r.Member.Nick
		if ev.UserName == "" {
			ev.UserName = displayName(r.Member.User)
		}
	}
	return []bot.Event{ev}
}

// ask is what an interaction asks of the engine: a command to run, or a
// form submission; or, for an /incident command that could not be read,
// the reason to tell the user.
type ask struct {
	user, userName string
	req            *bot.Request
	sub            *bot.Submission
	unreadable     error
}

// errNotOurs is returned by translateInteraction for an interaction the
// adapter leaves unanswered.
var errNotOurs = errors.New("not ours")

// translateInteraction reads an interaction. It fails, wrapping
// errNotOurs, for one that is none of the adapter's (another kind, a button
// or modal it did not make) or that names no user or channel.
func (a *Adapter) translateInteraction(i *discordgo.Interaction) (ask, error) {
	user, name := interactionUser(i)
	if user == "" || i.ChannelID == "" {
		return ask{}, fmt.Errorf("interaction names no user or channel: %w", errNotOurs)
	}
	q := ask{user: user, userName: name}
	// The invoker's roles in the server are their groups: an admin may be
	// named by a role id (WARROOM_ADMINS). Discord sends them with every
	// interaction in a guild (member.roles).
	var groups []string
	if i.Member != nil {
		groups = slices.Clone(i.Member.Roles)
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		// Not i.ApplicationCommandData(): it panics when data is missing.
		d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			q.unreadable = errors.New("no command data")
			return q, nil
		}
		text, err := commandText(d)
		if err != nil {
			q.unreadable = err
			return q, nil
		}
		q.req = &bot.Request{User: user, UserName: name, ChannelID: i.ChannelID, Text: text, Forms: true, Groups: groups}
	case discordgo.InteractionMessageComponent:
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		text, ok := strings.CutPrefix(d.CustomID, buttonPrefix)
		if !ok {
			return ask{}, fmt.Errorf("button %q: %w", d.CustomID, errNotOurs)
		}
		q.req = &bot.Request{User: user, UserName: name, ChannelID: i.ChannelID, Text: text, Forms: true, Groups: groups}
	case discordgo.InteractionModalSubmit:
		d, _ := i.Data.(discordgo.ModalSubmitInteractionData)
		sub, err := parseFormID(d.CustomID)
		if err != nil {
			return ask{}, fmt.Errorf("modal: %w: %w", err, errNotOurs)
		}
		sub.User, sub.UserName, sub.Groups, sub.Values = user, name, groups, map[string]string{}
		for _, row := range d.Components {
			r, ok := row.(*discordgo.ActionsRow)
			if !ok || r == nil {
				continue
			}
			for _, c := range r.Components {
				if in, ok := c.(*discordgo.TextInput); ok && in != nil {
					sub.Values[in.CustomID] = in.Value
				}
			}
		}
		q.sub = &sub
	default:
		return ask{}, fmt.Errorf("interaction type %d: %w", i.Type, errNotOurs)
	}
	return q, nil
}

// interactionUser returns who invoked an interaction and the name to show.
func interactionUser(i *discordgo.Interaction) (id, name string) {
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
		if i.Member.Nick != "" {
			return u.ID, i.Member.Nick
		}
	}
	if u == nil {
		return "", ""
	}
	return u.ID, displayName(u)
}

func displayName(u *discordgo.User) string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}
