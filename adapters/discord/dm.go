package discord

import (
	"context"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.DirectMessenger = (*Adapter)(nil)

// DirectMessage implements bot.DirectMessenger: Create DM (POST
// /users/@me/channels) gives the bot's DM channel with the user, and the
// message is posted there as any other. A user who does not accept DMs
// from the bot fails the post (50007), and the engine falls back.
func (a *Adapter) DirectMessage(ctx context.Context, user string, m bot.Message) (string, error) {
	ch, err := a.s.UserChannelCreate(user, call(ctx, "user_channel_create"))
	if err != nil {
		return "", fmt.Errorf("discord: open a direct message with %s: %w", user, err)
	}
	m.Pin = false
	return a.Post(ctx, ch.ID, m)
}
