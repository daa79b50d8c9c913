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

// catchUp reads back the history of every open incident channel, once at
// a time: a request while one runs makes it run once more after.
func (r *runner) catchUp() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.catching {
		r.catchMore = true
		return
	}
	r.catching = true
	r.spawn(func(ctx context.Context) {
		for {
			r.a.catchUp(ctx, r.h)
			r.mu.Lock()
			if !r.catchMore || ctx.Err() != nil {
				r.catching = false
				r.mu.Unlock()
				return
			}
			r.catchMore = false
			r.mu.Unlock()
		}
	})
}

// catchUp records, for each open incident, the channel's messages since the
// last one recorded. The engine stores each message once, however often
// it is recorded.
func (a *Adapter) catchUp(ctx context.Context, h Handler) {
	cursors, err := h.Cursors(ctx)
	if err != nil {
		a.log.Error().Err(err).Msg("catch up: list open incidents")
		return
	}
	for _, c := range cursors {
		n, err := a.catchUpChannel(ctx, h, c)
		l := a.log.Info()
		if err != nil {
			l = a.log.Error().Err(err)
		}
		l.Int64("incident", c.IncidentID).Str("channel", c.ChannelID).Int("messages", n).Msg("caught up")
	}
}

// catchUpChannel records the messages of one channel after the cursor,
// oldest first, thread replies included, and edits made since the cursor
// to those and to the last page of messages before it; it returns how many
// events it handed to the engine.
func (a *Adapter) catchUpChannel(ctx context.Context, h Handler, c bot.Cursor) (int, error) {
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
		return 0, err
	}
	// Replies to threads started before the cursor: history cannot list
	// threads by their latest reply, so look at the threads of the last
	// page of messages before it.
	before, err := a.historyBefore(ctx, c.ChannelID, oldest)
	if err != nil {
		return 0, err
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
				return 0, err
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
	for i, ev := range evs {
		if err := h.Record(ctx, ev); err != nil {
			return i, fmt.Errorf("record %s %s: %w", ev.Kind, ev.MessageID, err)
		}
	}
	return len(evs), nil
}

// recordable reports whether a message read back from history is one a
// person said, as opposed to a join, a topic change or the like.
func recordable(m slackgo.Msg) bool {
	switch m.SubType {
	case "", "thread_broadcast", "file_share", "me_message":
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
	return []bot.Event{{
		Kind: bot.MessageEdited, ChannelID: m.Channel, MessageID: m.Timestamp,
		User: m.User, UserName: a.nameOf(ctx, m.User), At: tsTime(m.Edited.Timestamp), Text: plain(m.Text),
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
