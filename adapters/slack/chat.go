package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/warroom-dev/warroom/bot"
)

// Slack's limits the adapter keeps to.
const (
	maxChannelName  = 80
	maxTopic        = 250
	maxSectionText  = 3000
	maxMessageText  = 40000
	actionsBlockID  = "warroom-actions"
	actionIDPrefix  = "warroom:"
	maxNameAttempts = 50
)

var (
	_ bot.Chat  = (*Adapter)(nil)
	_ bot.Namer = (*Adapter)(nil)
)

// CreateChannel implements bot.Chat: conversations.create with the name the
// engine made (bot.ChannelName: lowercase a-z, 0-9 and dashes, at most 80
// characters, which Slack's rules allow; see fitName), and -2, -3, ...
// appended while the name is taken.
func (a *Adapter) CreateChannel(ctx context.Context, name string) (bot.Channel, error) {
	base := fitName(name)
	for i := 1; i <= maxNameAttempts; i++ {
		try := base
		if i > 1 {
			suffix := fmt.Sprintf("-%d", i)
			try = strings.TrimRight(truncate(base, maxChannelName-len(suffix)), "-_") + suffix
		}
		var ch *slackgo.Channel
		err := a.call(ctx, "conversations.create", func() (err error) {
			ch, err = a.api.CreateConversationContext(ctx, slackgo.CreateConversationParams{ChannelName: try, IsPrivate: a.private})
			return err
		})
		if slackError(err) == "name_taken" {
			continue
		}
		if err != nil {
			if why := createRefusal(slackError(err)); why != nil {
				return bot.Channel{}, fmt.Errorf("create channel %s: %w (%w)", try, why, err)
			}
			return bot.Channel{}, fmt.Errorf("create channel %s: %w", try, err)
		}
		a.log.Info().Str("channel", ch.ID).Str("name", ch.Name).Bool("private", a.private).Msg("channel created")
		return bot.Channel{ID: ch.ID, Name: ch.Name}, nil
	}
	return bot.Channel{}, fmt.Errorf("create channel %s: %w", base, bot.Errorf(bot.ERefused,
		"every channel name from #%s to #%s-%d is taken", base, base, maxNameAttempts))
}

// createRefusal is what the declarer is told when Slack refuses
// conversations.create for a reason a person can fix (the errors of
// conversations.create in Slack's Web API spec); nil for other errors.
func createRefusal(code string) error {
	switch code {
	case "restricted_action":
		return bot.Errorf(bot.ERefused, "a workspace setting does not let the app create channels: an admin can allow it (Settings & permissions > Channel management)")
	case "missing_scope":
		return bot.Errorf(bot.ERefused, "the app lacks the channels:manage scope (groups:write for private channels): reinstall it from deploy/slack-app-manifest.yaml")
	case "invalid_name_specials", "invalid_name", "invalid_name_maxlength", "invalid_name_punctuation", "invalid_name_required":
		return bot.Errorf(bot.EInvalid, "Slack refused the channel name (%s): try another title", code)
	}
	return nil
}

// fitName makes sure of a channel name with the engine's slugifier
// (bot.Slug: the engine's names are made with it already) and cuts it to
// Slack's 80 characters; "incident" if nothing is left.
func fitName(name string) string {
	s := strings.TrimRight(truncate(bot.Slug(name), maxChannelName), "-")
	if s == "" {
		return "incident"
	}
	return s
}

// truncate cuts an ASCII string to at most n bytes.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// truncateRunes cuts s to at most n characters, ending in "…" when cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Invite implements bot.Chat. Users already in the channel, the bot itself
// and repeats are not errors.
func (a *Adapter) Invite(ctx context.Context, channelID string, users []string) error {
	var list []string
	for _, u := range users {
		if u != "" && u != a.BotUserID() && !contains(list, u) {
			list = append(list, u)
		}
	}
	if len(list) == 0 {
		return nil
	}
	invite := func(us []string) error {
		return a.call(ctx, "conversations.invite", func() error {
			_, err := a.api.InviteUsersToConversationContext(ctx, channelID, us...)
			return err
		})
	}
	err := invite(list)
	switch code := slackError(err); {
	case err == nil || code == "already_in_channel" && len(list) == 1:
		return nil
	case len(list) > 1 && (code == "already_in_channel" || code == "cant_invite_self" || code == "user_not_found"):
		// One user spoilt the batch: invite them one at a time.
		var errs []error
		for _, u := range list {
			switch err := invite([]string{u}); slackError(err) {
			case "", "already_in_channel", "cant_invite_self":
			default:
				errs = append(errs, fmt.Errorf("invite %s to %s: %w", u, channelID, err))
			}
		}
		return errors.Join(errs...)
	}
	return fmt.Errorf("invite %s to %s: %w", strings.Join(list, ","), channelID, err)
}

// Post implements bot.Chat. Posts to one channel go out one at a time in
// the order they were made, and a rate-limited post is retried after
// Slack's Retry-After until it goes through or ctx ends. Buttons become an
// actions block; Pin pins the message.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (string, error) {
	text := truncateRunes(m.Text, maxMessageText)
	opts := []slackgo.MsgOption{slackgo.MsgOptionText(text, false)}
	if len(m.Buttons) > 0 {
		opts = append(opts, slackgo.MsgOptionBlocks(messageBlocks(text, m.Buttons)...))
	}
	var ts string
	err := a.order.Do(ctx, channelID, func() error {
		return a.call(ctx, "chat.postMessage", func() (err error) {
			_, ts, err = a.api.PostMessageContext(ctx, channelID, opts...)
			return err
		})
	})
	if err != nil {
		return "", fmt.Errorf("post to %s: %w", channelID, err)
	}
	if m.Pin {
		err := a.call(ctx, "pins.add", func() error {
			return a.api.AddPinContext(ctx, channelID, slackgo.NewRefToMessage(channelID, ts))
		})
		if err != nil && slackError(err) != "already_pinned" {
			// The message is out; a missing pin is not worth posting twice.
			a.log.Warn().Err(err).Str("channel", channelID).Str("ts", ts).Msg("pin message")
		}
	}
	return ts, nil
}

// messageBlocks renders text as section blocks followed by the buttons.
func messageBlocks(text string, buttons []bot.Button) []slackgo.Block {
	var blocks []slackgo.Block
	r := []rune(text)
	for len(r) > 0 && len(blocks) < 45 {
		n := min(len(r), maxSectionText)
		blocks = append(blocks, slackgo.NewSectionBlock(slackgo.NewTextBlockObject(slackgo.MarkdownType, string(r[:n]), false, false), nil, nil))
		r = r[n:]
	}
	els := make([]slackgo.BlockElement, 0, len(buttons))
	for _, b := range buttons {
		btn := slackgo.NewButtonBlockElement(actionIDPrefix+b.Command, b.Command,
			slackgo.NewTextBlockObject(slackgo.PlainTextType, truncateRunes(b.Label, 75), true, false))
		switch b.Style {
		case "primary":
			btn = btn.WithStyle(slackgo.StylePrimary)
		case "danger":
			btn = btn.WithStyle(slackgo.StyleDanger)
		}
		els = append(els, btn)
	}
	return append(blocks, slackgo.NewActionBlock(actionsBlockID, els...))
}

// PostPrivate implements bot.Chat with chat.postEphemeral.
func (a *Adapter) PostPrivate(ctx context.Context, channelID, user, text string) error {
	err := a.call(ctx, "chat.postEphemeral", func() error {
		_, err := a.api.PostEphemeralContext(ctx, channelID, user, slackgo.MsgOptionText(truncateRunes(text, maxMessageText), false))
		return err
	})
	if err != nil {
		return fmt.Errorf("post privately to %s in %s: %w", user, channelID, err)
	}
	return nil
}

// Upload implements bot.Chat with the files API: files.getUploadURLExternal,
// the upload, files.completeUploadExternal. It keeps its place in the
// channel's post order.
func (a *Adapter) Upload(ctx context.Context, channelID string, f bot.File) error {
	if len(f.Content) == 0 {
		return fmt.Errorf("upload %s to %s: the file is empty", f.Name, channelID)
	}
	err := a.order.Do(ctx, channelID, func() error {
		return a.call(ctx, "files.upload", func() error {
			_, err := a.api.UploadFileContext(ctx, slackgo.UploadFileParameters{
				Reader:         bytes.NewReader(f.Content),
				FileSize:       len(f.Content),
				Filename:       f.Name,
				Title:          f.Title,
				Channel:        channelID,
				InitialComment: f.Comment,
			})
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("upload %s to %s: %w", f.Name, channelID, err)
	}
	return nil
}

// SetTopic implements bot.Chat; the topic is cut to Slack's 250 characters.
func (a *Adapter) SetTopic(ctx context.Context, channelID, topic string) error {
	err := a.call(ctx, "conversations.setTopic", func() error {
		_, err := a.api.SetTopicOfConversationContext(ctx, channelID, truncateRunes(topic, maxTopic))
		return err
	})
	if err != nil {
		return fmt.Errorf("set topic of %s: %w", channelID, err)
	}
	return nil
}

// Mention implements bot.Chat.
func (a *Adapter) Mention(user string) string { return "<@" + user + ">" }

// UserName implements bot.Namer with users.info, cached for the life of the
// adapter: the display name, else the real name, else the handle.
func (a *Adapter) UserName(ctx context.Context, user string) (string, error) {
	a.usersMu.Lock()
	name, ok := a.users[user]
	a.usersMu.Unlock()
	if ok {
		return name, nil
	}
	var u *slackgo.User
	err := a.call(ctx, "users.info", func() (err error) {
		u, err = a.api.GetUserInfoContext(ctx, user)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("look up user %s: %w", user, err)
	}
	switch {
	case u.Profile.DisplayName != "":
		name = u.Profile.DisplayName
	case u.RealName != "":
		name = u.RealName
	case u.Profile.RealName != "":
		name = u.Profile.RealName
	default:
		name = u.Name
	}
	a.usersMu.Lock()
	a.users[user] = name
	a.usersMu.Unlock()
	return name, nil
}

// cachedName returns a user's name if it is already known.
func (a *Adapter) cachedName(user string) string {
	a.usersMu.Lock()
	defer a.usersMu.Unlock()
	return a.users[user]
}

// BotUserID returns the bot's own user id, known once Run has started.
func (a *Adapter) BotUserID() string { return *a.botUser.Load() }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// CheckUser implements bot.UserChecker with users.info: Slack answers
// user_not_found (or user_not_visible) for an id that names no one the bot
// can see, and a deactivated account comes back with deleted set
// (https://api.slack.com/methods/users.info). Those are bot.ErrUnknownUser.
func (a *Adapter) CheckUser(ctx context.Context, user string) error {
	var u *slackgo.User
	err := a.call(ctx, "users.info", func() (err error) {
		u, err = a.api.GetUserInfoContext(ctx, user)
		return err
	})
	switch code := slackError(err); {
	case code == "user_not_found" || code == "user_not_visible":
		return fmt.Errorf("users.info %s: %s: %w", user, code, bot.ErrUnknownUser)
	case err != nil:
		return fmt.Errorf("look up user %s: %w", user, err)
	case u.Deleted:
		return fmt.Errorf("users.info %s: deactivated: %w", user, bot.ErrUnknownUser)
	}
	return nil
}

// RenameChannel implements bot.Renamer with conversations.rename
// (channels:manage, groups:write for private channels). The name is the
// engine's, fitted as CreateChannel fits it; a name another channel has is
// name_taken, which leaves the channel as it was.
func (a *Adapter) RenameChannel(ctx context.Context, channelID, name string) error {
	n := fitName(name)
	err := a.call(ctx, "conversations.rename", func() error {
		_, err := a.api.RenameConversationContext(ctx, channelID, n)
		return err
	})
	if err != nil {
		return fmt.Errorf("rename channel %s to %s: %w", channelID, n, err)
	}
	return nil
}
