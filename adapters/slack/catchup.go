package slack

import (
	"context"
	"fmt"
	"sort"

	slackgo "github.com/slack-go/slack"

	"github.com/warroom-dev/warroom/bot"
)

// historyPageSize is how many messages one conversations.history or
// conversations.replies call asks for.
const historyPageSize = 200

// catchUp asks the engine to catch up on incident channels, on start and
// after every reconnect: events sent while the socket was down are gone
// unless Slack redelivers them. Run waits for it before it returns.
func (r *runner) catchUp() {
	done := r.h.CatchUp(r.ctx, history{r.a})
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		<-done
	}()
}

// history is the adapter's bot.History: conversations.history and
// conversations.replies.
type history struct{ a *Adapter }

// ReadHistory implements bot.History: the messages of the channel after the
// cursor, thread replies included, and edits made since the cursor to
// those and to the last page of messages before it, oldest first, in pages
// of historyPageSize events. Slack lists history newest first, so it is
// all read before the first page is handed over.
func (h history) ReadHistory(ctx context.Context, c bot.Cursor, page func([]bot.Event) error) error {
	evs, err := h.a.catchUpEvents(ctx, c)
	if err != nil {
		return err
	}
	for len(evs) > 0 {
		n := min(len(evs), historyPageSize)
		if err := page(evs[:n]); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}

// catchUpEvents returns the events of the messages of one channel after
// the cursor, oldest first, thread replies included, and edits made since
// the cursor to those and to the last page of messages before it.
func (a *Adapter) catchUpEvents(ctx context.Context, c bot.Cursor) ([]bot.Event, error) {
	oldest := c.MessageID
	if !c.At.IsZero() {
		at := timeTS(c.At)
		if o, ok := tsMicros(oldest); !ok || mustMicros(at) < o {
			oldest = at
		}
	}
	if oldest == "" {
		oldest = "0"
	}
	msgs, err := a.history(ctx, c.ChannelID, oldest)
	if err != nil {
		return nil, err
	}
	// Replies to threads started before the cursor: history cannot list
	// threads by their latest reply, so look at the threads of the last
	// page of messages before it.
	before, err := a.historyBefore(ctx, c.ChannelID, oldest)
	if err != nil {
		return nil, err
	}
	since := mustMicros(oldest)
	var all []slackgo.Msg
	for _, m := range msgs {
		all = append(all, m.Msg)
	}
	for _, m := range append(msgs, before...) {
		if m.ReplyCount > 0 && mustMicros(m.LatestReply) > since {
			replies, err := a.replies(ctx, c.ChannelID, m.Timestamp, oldest)
			if err != nil {
				return nil, err
			}
			for _, rm := range replies {
				if rm.Timestamp != m.Timestamp {
					all = append(all, rm.Msg)
				}
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return mustMicros(all[i].Timestamp) < mustMicros(all[j].Timestamp) })
	// Messages of the page before the cursor were recorded already; of
	// them, only edits made since are news.
	var evs []bot.Event
	seen := make(map[string]bool, len(all))
	for _, m := range all {
		seen[m.Timestamp] = true
	}
	for _, m := range before {
		if !seen[m.Timestamp] && recordable(m.Msg) {
			m.Channel = c.ChannelID
			evs = append(evs, a.edited(ctx, m.Msg, since)...)
		}
	}
	for _, m := range all {
		if recordable(m) {
			m.Channel = c.ChannelID
			evs = append(evs, a.posted(ctx, m, "")...)
			evs = append(evs, a.edited(ctx, m, since)...)
		}
	}
	return evs, nil
}

// recordable reports whether a message read back from history is one a
// person or an integration said, as opposed to a join, a topic change or
// the like.
func recordable(m slackgo.Msg) bool {
	switch m.SubType {
	case "", "thread_broadcast", "file_share", "me_message", "bot_message":
		return true
	}
	return false
}

// edited returns, for a message read back from history that was edited
// after since (in microseconds), an edit to its current text at the time
// of its last edit. History keeps no earlier versions, so edits made in
// between are lost; an edit already recorded, or one that changed
// nothing, the engine does not record again.
func (a *Adapter) edited(ctx context.Context, m slackgo.Msg, since int64) []bot.Event {
	if m.Edited == nil || mustMicros(m.Edited.Timestamp) <= since || m.Timestamp == "" || m.Hidden || a.isBot(m.User, m.BotID) {
		return nil
	}
	user, name := author(m)
	return []bot.Event{{
		Kind: bot.MessageEdited, ChannelID: m.Channel, MessageID: m.Timestamp,
		User: user, UserName: name, At: tsTime(m.Edited.Timestamp), Text: plain(m.Text),
		ThreadID: threadOf(m),
	}}
}

// history pages through conversations.history after oldest.
func (a *Adapter) history(ctx context.Context, channelID, oldest string) ([]slackgo.Message, error) {
	var out []slackgo.Message
	cursor := ""
	for {
		var res *slackgo.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", func() (err error) {
			res, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
				ChannelID: channelID, Oldest: oldest, Limit: historyPageSize, Cursor: cursor,
			})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", channelID, err)
		}
		out = append(out, res.Messages...)
		cursor = res.ResponseMetaData.NextCursor
		if !res.HasMore || cursor == "" {
			return out, nil
		}
	}
}

// historyBefore returns one page of the messages before latest.
func (a *Adapter) historyBefore(ctx context.Context, channelID, latest string) ([]slackgo.Message, error) {
	if mustMicros(latest) == 0 {
		return nil, nil
	}
	var res *slackgo.GetConversationHistoryResponse
	err := a.call(ctx, "conversations.history", func() (err error) {
		res, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
			ChannelID: channelID, Latest: latest, Inclusive: true, Limit: historyPageSize,
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("history of %s before %s: %w", channelID, latest, err)
	}
	return res.Messages, nil
}

// replies pages through conversations.replies of one thread after oldest.
func (a *Adapter) replies(ctx context.Context, channelID, threadTS, oldest string) ([]slackgo.Message, error) {
	var out []slackgo.Message
	cursor := ""
	for {
		var (
			msgs    []slackgo.Message
			hasMore bool
			next    string
		)
		err := a.call(ctx, "conversations.replies", func() (err error) {
			msgs, hasMore, next, err = a.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
				ChannelID: channelID, Timestamp: threadTS, Oldest: oldest, Limit: historyPageSize, Cursor: cursor,
			})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("replies to %s in %s: %w", threadTS, channelID, err)
		}
		out = append(out, msgs...)
		if !hasMore || next == "" {
			return out, nil
		}
		cursor = next
	}
}

// mustMicros reads a ts, 0 if it is not one.
func mustMicros(ts string) int64 {
	us, _ := tsMicros(ts)
	return us
}
