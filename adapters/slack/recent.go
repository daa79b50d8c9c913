package slack

import (
	"context"
	"fmt"
	"slices"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.Recent = (*Adapter)(nil)

// RecentMessages implements bot.Recent: one conversations.history call
// (oldest since, limit limit; Slack lists newest first) or, for a thread,
// conversations.replies, read to its end and cut to the latest limit. The
// bot's own messages are left out. A channel the bot is not in answers
// not_in_channel: the error says so, and the engine logs it.
func (a *Adapter) RecentMessages(ctx context.Context, channelID, threadID string, since time.Time, limit int) ([]bot.Event, error) {
	oldest := timeTS(since)
	var msgs []slackgo.Message
	if threadID != "" {
		all, err := a.replies(ctx, channelID, threadID, oldest)
		if err != nil {
			return nil, fmt.Errorf("recent messages: %w", err)
		}
		msgs = all[max(0, len(all)-limit):]
	} else {
		var res *slackgo.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", func() (err error) {
			res, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
				ChannelID: channelID, Oldest: oldest, Limit: limit,
			})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("recent messages of %s: %w", channelID, err)
		}
		msgs = res.Messages
		slices.Reverse(msgs) // oldest first, as replies are
	}
	var evs []bot.Event
	for _, msg := range msgs {
		if m := msg.Msg; recordable(m) {
			m.Channel = channelID
			evs = append(evs, a.posted(ctx, m, "")...) // none of the bot's own
		}
	}
	return evs, nil
}
