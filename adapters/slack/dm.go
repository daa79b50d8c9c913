package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.DirectMessenger = (*Adapter)(nil)

// DirectMessage implements bot.DirectMessenger: conversations.open with
// the user (im:write) gives the bot's DM channel with them, and the
// message is posted there as any other.
func (a *Adapter) DirectMessage(ctx context.Context, user string, m bot.Message) (string, error) {
	var id string
	err := a.call(ctx, "conversations.open", func() error {
		ch, _, _, err := a.api.OpenConversationContext(ctx, &slackgo.OpenConversationParameters{Users: []string{user}})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open a direct message with %s: %w", user, err)
	}
	m.Pin = false
	return a.Post(ctx, id, m)
}
