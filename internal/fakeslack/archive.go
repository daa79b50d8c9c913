package fakeslack

// conversationsArchive archives a channel, as conversations.archive does:
// the bot must be a member (not_in_channel), an archived channel answers
// already_archived, and an archived channel takes no more posts, topics,
// invites or pins (is_archived); its history can still be read.
func (s *Server) conversationsArchive(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("already_archived")
	}
	if c.im != "" {
		return nil, apiError("method_not_supported_for_channel_type")
	}
	c.archived = true
	s.notifyLocked()
	return obj{}, nil
}

// conversationsUnarchive refuses a bot token, as Slack does: "Bot tokens
// (xoxb-...) cannot currently be used to unarchive conversations"
// (api.slack.com/methods/conversations.unarchive, "Bug alert"); the spec's
// user_is_bot is the error. With another token it unarchives, not_archived
// for a channel that is not.
func (s *Server) conversationsUnarchive(r *request) (obj, error) {
	if r.token == s.botToken {
		return nil, apiError("user_is_bot")
	}
	c := s.channels[r.form.Get("channel")]
	if c == nil {
		return nil, apiError("channel_not_found")
	}
	if !c.archived {
		return nil, apiError("not_archived")
	}
	c.archived = false
	s.notifyLocked()
	return obj{}, nil
}

// Unarchive unarchives a channel as a person in Slack would.
func (s *Server) Unarchive(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.channels[channelID]; c != nil {
		c.archived = false
		s.notifyLocked()
	}
}
