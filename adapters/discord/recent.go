package discord

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.Recent = (*Adapter)(nil)

// RecentMessages implements bot.Recent with one GET
// /channels/{channel}/messages?limit=limit: the channel's latest
// messages, newest first, which the engine cuts to those since. A thread
// is a channel of its own: for a command given in one, threadID is its
// channel (see commandInThread), which is read instead. The bot's own
// messages are left out.
func (a *Adapter) RecentMessages(ctx context.Context, channelID, threadID string, _ time.Time, limit int) ([]bot.Event, error) {
	if threadID != "" {
		channelID = threadID
	}
	msgs, err := a.s.ChannelMessages(channelID, min(limit, catchupPage), "", "", "", call(ctx, "channel_messages"))
	if err != nil {
		return nil, fmt.Errorf("recent messages of %s: %w", channelID, err)
	}
	sort.Slice(msgs, func(i, j int) bool { return idLess(msgs[i].ID, msgs[j].ID) })
	var evs []bot.Event
	for _, m := range msgs {
		m.ChannelID = channelID
		evs = append(evs, a.messageEvents(m)...)
	}
	return evs, nil
}
