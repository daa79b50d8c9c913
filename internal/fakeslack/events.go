package fakeslack

import (
	"encoding/json"
	"fmt"
)

// The Send methods act as a person in the workspace would: they change the
// fake's state (history, members) and deliver the envelope Slack would.
// Text is sent as Slack puts it on the wire: a test that wants Slack's
// escaping (&amp; &lt; &gt;, <@U1|name>) writes it so.

// SendSlashCommand delivers the /incident slash command typed by user in
// channel.
func (s *Server) SendSlashCommand(channelID, user, text string) *Envelope {
	return s.SendCommand("/incident", channelID, user, text)
}

// SendCommand delivers a slash command.
func (s *Server) SendCommand(command, channelID, user, text string) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := ""
	if c := s.channels[channelID]; c != nil {
		name = c.name
		if !c.isMember(user) {
			c.members = append(c.members, user)
		}
	}
	trigger, respURL := s.newTriggerLocked(user)
	e := s.newEnvelopeLocked("slash_commands", obj{
		"token": "fake-verification", "team_id": TeamID, "team_domain": "fake",
		"channel_id": channelID, "channel_name": name, "user_id": user, "user_name": s.userNameLocked(user),
		"command": command, "text": text, "api_app_id": AppID, "is_enterprise_install": "false",
		"response_url": respURL, "trigger_id": trigger,
	}, true)
	e.TriggerID, e.ResponseURL = trigger, respURL
	return s.deliverLocked(e)
}

// newTriggerLocked makes a trigger_id (usable once with views.open) and a
// response_url.
func (s *Server) newTriggerLocked(user string) (trigger, respURL string) {
	n := s.nextIDLocked("")
	trigger = "trig-" + n
	s.triggers["trig:"+trigger] = true
	s.triggerUser[trigger] = user
	path := "/response/" + n
	s.triggers["resp:"+path] = true
	return trigger, s.hs.URL + path
}

func (s *Server) userNameLocked(user string) string {
	if u := s.users[user]; u != nil {
		return u.Name
	}
	return user
}

// SendMessage posts a message as user in channel and delivers its event.
// The envelope's TS is the message ts.
func (s *Server) SendMessage(channelID, user, text string) *Envelope {
	return s.post(channelID, &Message{User: user, Text: text})
}

// SendIntegrationMessage posts text as a classic integration (an incoming
// webhook, Grafana's or PagerDuty's Slack integration): Slack delivers it
// as a message of subtype bot_message, with the integration's bot_id and
// the username it posted under, and no user
// (https://docs.slack.dev/reference/events/message/bot_message: "like a
// normal user message, except it has no associated user").
func (s *Server) SendIntegrationMessage(channelID, botID, username, text string) *Envelope {
	return s.post(channelID, &Message{BotID: botID, Username: username, Subtype: "bot_message", Text: text})
}

// SendAppMessage posts text as another app's bot user (chat.postMessage
// by, say, the Datadog app): no subtype, the bot user as user, and the
// app's bot_id and bot_profile, as Slack delivers messages of apps
// (https://docs.slack.dev/reference/events/message).
func (s *Server) SendAppMessage(channelID, botID, botUser, name, text string) *Envelope {
	return s.post(channelID, &Message{User: botUser, BotID: botID, BotName: name, Text: text})
}

// SendThreadReply posts a reply in the thread of threadTS.
func (s *Server) SendThreadReply(channelID, user, threadTS, text string) *Envelope {
	return s.post(channelID, &Message{User: user, Text: text, ThreadTS: threadTS})
}

// SendFileShared shares a file as user in channel: a file_share message
// carrying the file, as Slack delivers it. The envelope's FileID is the
// file's id.
func (s *Server) SendFileShared(channelID, user, name string, content []byte) *Envelope {
	s.mu.Lock()
	id := s.nextIDLocked("F")
	s.files[id] = &File{ID: id, Name: name, Title: name, Length: len(content), Content: content, Channel: channelID, Complete: true}
	s.fileOrder = append(s.fileOrder, id)
	ref := FileRef{ID: id, Name: name, Title: name, Permalink: s.hs.URL + "/files/" + id}
	s.mu.Unlock()
	e := s.post(channelID, &Message{User: user, Subtype: "file_share", Files: []FileRef{ref}})
	e.FileID = id
	return e
}

func (s *Server) post(channelID string, m *Message) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.TS = s.tsLocked()
	c := s.channels[channelID]
	if c == nil {
		c = &channel{id: channelID, replies: map[string][]*Message{}}
	} else {
		if m.User != "" && !c.isMember(m.User) {
			c.members = append(c.members, m.User)
		}
		s.appendLocked(c, m)
	}
	return s.deliverLocked(s.messageEnvelopeLocked(c, m, ""))
}

// SendEdit edits the message ts to text and delivers message_changed.
func (s *Server) SendEdit(channelID, ts, text string) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	var m *Message
	if c != nil {
		m = c.message(ts)
	}
	if m == nil {
		m = &Message{TS: ts}
		c = &channel{id: channelID}
	}
	prev := *m
	m.Text = text
	m.Edited = s.tsLocked()
	return s.deliverLocked(s.changedEnvelopeLocked(c, m, &prev))
}

// SendDelete deletes the message ts and delivers message_deleted.
func (s *Server) SendDelete(channelID, ts string) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := &Message{TS: ts}
	if c := s.channels[channelID]; c != nil {
		if m := c.message(ts); m != nil {
			prev = m
		}
		c.history = remove(c.history, ts)
		for k, rs := range c.replies {
			c.replies[k] = remove(rs, ts)
		}
	}
	now := s.tsLocked()
	e := s.eventEnvelopeLocked(obj{
		"type": "message", "subtype": "message_deleted", "hidden": true,
		"channel": channelID, "channel_type": s.channelTypeLocked(channelID),
		"ts": now, "event_ts": now, "deleted_ts": ts, "previous_message": messageJSON(prev),
	})
	e.TS = ts
	return s.deliverLocked(e)
}

func remove(ms []*Message, ts string) []*Message {
	out := ms[:0]
	for _, m := range ms {
		if m.TS != ts {
			out = append(out, m)
		}
	}
	return out
}

// SendReaction adds reaction name (e.g. "pushpin") by user to message ts.
func (s *Server) SendReaction(channelID, user, ts, name string) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	itemUser := ""
	if c := s.channels[channelID]; c != nil {
		if m := c.message(ts); m != nil {
			itemUser = m.User
		}
	}
	e := s.eventEnvelopeLocked(obj{
		"type": "reaction_added", "user": user, "reaction": name, "item_user": itemUser,
		"item": obj{"type": "message", "channel": channelID, "ts": ts}, "event_ts": s.tsLocked(),
	})
	e.TS = ts
	return s.deliverLocked(e)
}

// SendMemberJoined adds user to channel. Like Slack it delivers a
// channel_join message event and then member_joined_channel, whose
// envelope it returns.
func (s *Server) SendMemberJoined(channelID, user string) *Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.channels[channelID]; c != nil {
		if !c.isMember(user) {
			c.members = append(c.members, user)
		}
		m := &Message{TS: s.tsLocked(), User: user, Subtype: "channel_join", Text: fmt.Sprintf("<@%s> has joined the channel", user)}
		s.appendLocked(c, m)
		s.deliverLocked(s.messageEnvelopeLocked(c, m, ""))
	}
	return s.deliverLocked(s.eventEnvelopeLocked(obj{
		"type": "member_joined_channel", "user": user, "channel": channelID,
		"channel_type": "C", "team": TeamID, "event_ts": s.tsLocked(),
	}))
}

func (s *Server) channelTypeLocked(channelID string) string {
	if c := s.channels[channelID]; c != nil && c.private {
		return "group"
	}
	return "channel"
}

// eventCallback is the payload of an events_api envelope. It is a struct,
// not an obj, because load benchmarks send thousands.
type eventCallback struct {
	Token          string          `json:"token"`
	TeamID         string          `json:"team_id"`
	APIAppID       string          `json:"api_app_id"`
	Type           string          `json:"type"`
	EventID        string          `json:"event_id"`
	EventTime      int64           `json:"event_time"`
	Event          any             `json:"event"`
	EventContext   string          `json:"event_context"`
	IsExtShared    bool            `json:"is_ext_shared_channel"`
	Authorizations []authorization `json:"authorizations"`
}

type authorization struct {
	TeamID string `json:"team_id"`
	UserID string `json:"user_id"`
	IsBot  bool   `json:"is_bot"`
}

// messageEvent is a new message's event, the one load benchmarks send.
type messageEvent struct {
	Type        string `json:"type"`
	TS          string `json:"ts"`
	Text        string `json:"text"`
	User        string `json:"user,omitempty"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
	EventTS     string `json:"event_ts"`
}

// eventEnvelopeLocked wraps an inner event in an events_api envelope.
func (s *Server) eventEnvelopeLocked(event any) *Envelope {
	evID := s.nextIDLocked("Ev")
	e := s.newEnvelopeLocked("events_api", eventCallback{
		Token: "fake-verification", TeamID: TeamID, APIAppID: AppID,
		Type: "event_callback", EventID: evID, EventTime: s.clock().Unix(),
		Event: event, EventContext: "4-fake",
		Authorizations: []authorization{{TeamID: TeamID, UserID: BotUserID, IsBot: true}},
	}, false)
	e.EventID = evID
	return e
}

func (s *Server) messageEnvelopeLocked(c *channel, m *Message, _ string) *Envelope {
	if m.BotID == "" && m.Subtype == "" && m.ThreadTS == "" && m.ReplyCount == 0 && m.Edited == "" && len(m.Blocks) == 0 && len(m.Files) == 0 {
		e := s.eventEnvelopeLocked(messageEvent{
			Type: "message", TS: m.TS, Text: m.Text, User: m.User,
			Channel: c.id, ChannelType: s.channelTypeLocked(c.id), EventTS: m.TS,
		})
		e.TS = m.TS
		return e
	}
	ev := messageJSON(m)
	ev["channel"] = c.id
	ev["channel_type"] = s.channelTypeLocked(c.id)
	ev["event_ts"] = m.TS
	e := s.eventEnvelopeLocked(ev)
	e.TS = m.TS
	return e
}

func (s *Server) changedEnvelopeLocked(c *channel, m, prev *Message) *Envelope {
	e := s.eventEnvelopeLocked(obj{
		"type": "message", "subtype": "message_changed", "hidden": true,
		"channel": c.id, "channel_type": s.channelTypeLocked(c.id),
		"ts": m.Edited, "event_ts": m.Edited,
		"message": messageJSON(m), "previous_message": messageJSON(prev),
	})
	e.TS = m.TS
	return e
}

// SendBlockAction presses the button with actionID on the bot's message
// ts, as user. It fails when the message has no such button.
func (s *Server) SendBlockAction(channelID, user, ts, actionID string) (*Envelope, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil, fmt.Errorf("no channel %s", channelID)
	}
	m := c.message(ts)
	if m == nil {
		return nil, fmt.Errorf("no message %s in %s", ts, channelID)
	}
	var blocks []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Elements []struct {
			Type     string          `json:"type"`
			ActionID string          `json:"action_id"`
			Value    string          `json:"value"`
			Text     json.RawMessage `json:"text"`
		} `json:"elements"`
	}
	_ = json.Unmarshal(m.Blocks, &blocks)
	for _, b := range blocks {
		for _, el := range b.Elements {
			if b.Type != "actions" || el.ActionID != actionID {
				continue
			}
			trigger, respURL := s.newTriggerLocked(user)
			e := s.newEnvelopeLocked("interactive", obj{
				"type": "block_actions", "token": "fake-verification", "api_app_id": AppID,
				"team":      obj{"id": TeamID, "domain": "fake"},
				"user":      obj{"id": user, "username": s.userNameLocked(user), "name": s.userNameLocked(user), "team_id": TeamID},
				"container": obj{"type": "message", "message_ts": ts, "channel_id": channelID, "is_ephemeral": false},
				"channel":   obj{"id": channelID, "name": c.name},
				"message":   messageJSON(m), "trigger_id": trigger, "response_url": respURL,
				"actions": []obj{{
					"type": el.Type, "action_id": el.ActionID, "block_id": b.BlockID,
					"value": el.Value, "text": el.Text, "action_ts": s.tsLocked(),
				}},
			}, true)
			e.TS, e.TriggerID, e.ResponseURL = ts, trigger, respURL
			return s.deliverLocked(e), nil
		}
	}
	return nil, fmt.Errorf("message %s has no button %q", ts, actionID)
}

// Buttons returns the action_ids of the buttons on a message.
func (s *Server) Buttons(channelID, ts string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	m := c.message(ts)
	if m == nil {
		return nil
	}
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
		} `json:"elements"`
	}
	_ = json.Unmarshal(m.Blocks, &blocks)
	var ids []string
	for _, b := range blocks {
		if b.Type == "actions" {
			for _, el := range b.Elements {
				ids = append(ids, el.ActionID)
			}
		}
	}
	return ids
}
