package fakediscord

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// newMessageLocked returns a message by author in a channel, not yet added.
func (f *Fake) newMessageLocked(channelID string, author *User, content string) *Message {
	now := f.now()
	return &Message{
		ID: f.ids.next(now), ChannelID: channelID, GuildID: f.guildID,
		Author: author, Content: content, Timestamp: timestamp(now),
		Mentions: []*User{}, MentionRoles: []string{}, Attachments: []*Attachment{},
		Embeds: []json.RawMessage{}, Components: []json.RawMessage{},
	}
}

// addMessageLocked adds m to its channel's history and, if dispatch, sends
// MESSAGE_CREATE to the gateway.
func (f *Fake) addMessageLocked(m *Message, dispatch bool) {
	h := f.history[m.ChannelID]
	i := sort.Search(len(h), func(i int) bool { return !idLess(h[i].ID, m.ID) })
	f.history[m.ChannelID] = slices.Insert(h, i, m)
	if c := f.channelLocked(m.ChannelID); c != nil {
		id := m.ID
		c.LastMessageID = &id
		if c.MessageCount != nil {
			*c.MessageCount++
		}
	}
	if dispatch {
		f.dispatchLocked("MESSAGE_CREATE", f.withMemberLocked(m))
	}
	f.notifyLocked()
}

// withMemberLocked returns a copy of m carrying its author's member, as
// gateway message events do.
func (f *Fake) withMemberLocked(m *Message) *Message {
	c := *m
	if m.Author != nil {
		if mem := f.members[m.Author.ID]; mem != nil {
			mc := *mem
			mc.User = nil
			c.Member = &mc
		}
	}
	return &c
}

var (
	userMention = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention = regexp.MustCompile(`<@&(\d+)>`)
)

// computeMentionsLocked works out whom m notifies, honouring its
// allowed_mentions the way Discord does (no allowed_mentions: everything
// mentioned pings).
func (f *Fake) computeMentionsLocked(m *Message) {
	am := m.AllowedMentions
	parse := func(kind string) bool { return am == nil || slices.Contains(am.Parse, kind) }
	m.Mentions, m.MentionRoles, m.PingsUsers, m.PingsRoles = []*User{}, []string{}, nil, nil
	for _, sm := range userMention.FindAllStringSubmatch(m.Content, -1) {
		id := sm[1]
		if u := f.users[id]; u != nil && !slices.ContainsFunc(m.Mentions, func(x *User) bool { return x.ID == id }) {
			m.Mentions = append(m.Mentions, u)
		}
		if parse("users") || (am != nil && slices.Contains(am.Users, id)) {
			if !slices.Contains(m.PingsUsers, id) {
				m.PingsUsers = append(m.PingsUsers, id)
			}
		}
	}
	for _, sm := range roleMention.FindAllStringSubmatch(m.Content, -1) {
		id := sm[1]
		m.MentionRoles = append(m.MentionRoles, id)
		if parse("roles") || (am != nil && slices.Contains(am.Roles, id)) {
			m.PingsRoles = append(m.PingsRoles, id)
		}
	}
	every := strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here")
	m.PingsEveryone = every && parse("everyone")
	m.MentionEveryone = m.PingsEveryone
}

// UserMessage is what a person does in a channel: it adds a message by user and
// dispatches MESSAGE_CREATE. Files are attached as uploads.
func (f *Fake) UserMessage(channelID, userID, content string, files ...*Attachment) (Message, error) {
	return f.userMessage(channelID, userID, content, files, true)
}

// AddHistory adds a message by user to a channel without dispatching it,
// as if it was posted while the bot was not connected.
func (f *Fake) AddHistory(channelID, userID, content string) (Message, error) {
	return f.userMessage(channelID, userID, content, nil, false)
}

func (f *Fake) userMessage(channelID, userID, content string, files []*Attachment, dispatch bool) (Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.users[userID]
	if u == nil {
		return Message{}, fmt.Errorf("fakediscord: unknown user %s", userID)
	}
	c := f.channelLocked(channelID)
	if c == nil || (c.Type != ChannelText && !isThread(c)) {
		return Message{}, fmt.Errorf("fakediscord: unknown text channel %s", channelID)
	}
	if err := f.unarchiveLocked(c, dispatch); err != nil {
		return Message{}, err
	}
	m := f.newMessageLocked(channelID, u, content)
	cp := make([]*Attachment, len(files))
	for i, a := range files {
		c := *a
		c.Size = len(c.Data)
		cp[i] = &c
	}
	f.attachLocked(m, cp)
	f.computeMentionsLocked(m)
	f.addMessageLocked(m, dispatch)
	return *m, nil
}

// EditMessage changes a message's content and dispatches MESSAGE_UPDATE.
func (f *Fake) EditMessage(channelID, messageID, content string) error {
	return f.editMessage(channelID, messageID, content, true)
}

// EditHistory changes a message's content without dispatching it, as if
// it was edited while the bot was not connected: history then shows the
// new content and its edited_timestamp.
func (f *Fake) EditHistory(channelID, messageID, content string) error {
	return f.editMessage(channelID, messageID, content, false)
}

func (f *Fake) editMessage(channelID, messageID, content string, dispatch bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.messageLocked(channelID, messageID)
	if m == nil {
		return fmt.Errorf("fakediscord: unknown message %s", messageID)
	}
	m.Content = content
	ts := timestamp(f.now())
	m.EditedTimestamp = &ts
	f.computeMentionsLocked(m)
	if dispatch {
		f.dispatchLocked("MESSAGE_UPDATE", f.withMemberLocked(m))
	}
	f.notifyLocked()
	return nil
}

// DeleteMessage removes a message and dispatches MESSAGE_DELETE.
func (f *Fake) DeleteMessage(channelID, messageID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.history[channelID]
	i := slices.IndexFunc(h, func(m *Message) bool { return m.ID == messageID })
	if i < 0 {
		return fmt.Errorf("fakediscord: unknown message %s", messageID)
	}
	f.history[channelID] = slices.Delete(h, i, i+1)
	f.dispatchLocked("MESSAGE_DELETE", map[string]string{"id": messageID, "channel_id": channelID, "guild_id": f.guildID})
	f.notifyLocked()
	return nil
}

// React adds a reaction (a unicode emoji such as "📌") by user and
// dispatches MESSAGE_REACTION_ADD.
func (f *Fake) React(channelID, messageID, userID, emoji string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.messageLocked(channelID, messageID)
	if m == nil {
		return fmt.Errorf("fakediscord: unknown message %s", messageID)
	}
	mem := f.members[userID]
	if mem == nil {
		return fmt.Errorf("fakediscord: unknown user %s", userID)
	}
	d := map[string]any{
		"user_id": userID, "channel_id": channelID, "message_id": messageID, "guild_id": f.guildID,
		"emoji": Emoji{Name: emoji}, "member": mem, "burst": false, "type": 0,
	}
	if m.Author != nil {
		d["message_author_id"] = m.Author.ID
	}
	f.dispatchLocked("MESSAGE_REACTION_ADD", d)
	f.notifyLocked()
	return nil
}
