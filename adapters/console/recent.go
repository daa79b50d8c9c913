package console

import (
	"context"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.Recent = (*Adapter)(nil)

// RecentMessages implements bot.Recent from the lines typed in the
// channel in this run: the latest limit since, oldest first, with their
// text as last edited; deleted ones are left out. The console has no threads; the bot's own posts
// and shared files are left out.
func (a *Adapter) RecentMessages(_ context.Context, channelID, _ string, since time.Time, limit int) ([]bot.Event, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var evs []bot.Event
	for i := len(a.messages) - 1; i >= 0 && len(evs) < limit; i-- {
		m := a.messages[i]
		if m.channel != channelID || m.self || m.file || m.deleted || m.at.Before(since) {
			continue
		}
		evs = append(evs, bot.Event{Kind: bot.MessagePosted, ChannelID: m.channel, MessageID: m.id,
			User: m.user, UserName: m.user, At: m.at, Text: m.text})
	}
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i]
	}
	return evs, nil
}
