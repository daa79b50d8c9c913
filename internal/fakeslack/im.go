package fakeslack

import (
	"fmt"
	"strings"
)

// conversationsOpen opens (or resumes) the bot's direct message with one
// user, as https://docs.slack.dev/reference/methods/conversations.open
// describes: "users" names the user (one user makes a 1:1 DM), or
// "channel" an existing DM to resume; a DM already open answers the same
// id with already_open. The bot token needs im:write
// (https://docs.slack.dev/reference/scopes/im.write). Multi-person DMs
// (several users) are not modelled and fail loudly.
func (s *Server) conversationsOpen(r *request) (obj, error) {
	if id := r.form.Get("channel"); id != "" {
		c := s.channels[id]
		if c == nil || c.im == "" {
			return nil, apiError("channel_not_found")
		}
		return obj{"channel": obj{"id": c.id}, "already_open": true, "no_op": true}, nil
	}
	users := r.form.Get("users")
	switch {
	case users == "":
		return nil, apiError("users_list_not_supplied")
	case strings.Contains(users, ","):
		return nil, apiError("fakeslack_mpim_not_modelled")
	case s.users[users] == nil:
		return nil, apiError("user_not_found")
	}
	if id, ok := s.ims[users]; ok {
		return obj{"channel": s.imJSON(s.channels[id], r), "already_open": true, "no_op": true}, nil
	}
	s.seq++
	c := &channel{
		id:      fmt.Sprintf("D%07d", s.seq),
		im:      users,
		created: s.clock().Unix(),
		members: []string{BotUserID, users},
		replies: map[string][]*Message{},
	}
	s.channels[c.id] = c
	s.ims[users] = c.id
	s.notifyLocked()
	return obj{"channel": s.imJSON(c, r)}, nil
}

// imJSON is the channel of a conversations.open answer: just the id, or the
// full IM object with return_im.
func (s *Server) imJSON(c *channel, r *request) obj {
	if r.form.Get("return_im") == "true" {
		return channelJSON(c)
	}
	return obj{"id": c.id}
}

// DirectMessageChannel returns the id of the bot's direct message with
// user, or "" if it has none.
func (s *Server) DirectMessageChannel(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ims[user]
}

// DirectMessages returns the messages the bot posted in its direct message
// with user, oldest first.
func (s *Server) DirectMessages(user string) []Message {
	id := s.DirectMessageChannel(user)
	if id == "" {
		return nil
	}
	return s.History(id)
}
