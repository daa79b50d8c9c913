package discord

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

const (
	// catchupPage is how many messages one history read asks for (Discord's
	// maximum).
	catchupPage = 100
	// catchupMargin is how far before the last recorded message catching up
	// starts reading. Messages are recorded concurrently, so the last one
	// recorded may have overtaken one still in flight when the connection
	// dropped; messages read twice are stored once (by message id).
	catchupMargin = 2 * time.Minute
	discordEpoch  = 1420070400000
)

// history is the adapter's bot.History: the channel messages endpoint.
type history struct{ a *Adapter }

// ReadHistory implements bot.History: the edits made since the cursor to
// the page of messages before it, then the messages after it, a page at a
// time, oldest first, each with an edit to its current content when it
// was edited since.
func (h history) ReadHistory(ctx context.Context, c bot.Cursor, page func([]bot.Event) error) error {
	a := h.a
	after := "0"
	switch t, ok := snowflakeTime(c.MessageID); {
	case ok:
		after = snowflakeAt(t.Add(-catchupMargin))
	case !c.At.IsZero():
		after = snowflakeAt(c.At.Add(-catchupMargin))
	}
	since, _ := snowflakeTime(after)
	read := 0
	if after != "0" {
		// The messages before were recorded already; of them, only edits
		// made since are news. History cannot list messages by when they
		// were edited, so only the last page is looked at.
		msgs, err := a.s.ChannelMessages(c.ChannelID, catchupPage, after, "", "", call(ctx, "channel_messages"))
		if err != nil {
			return fmt.Errorf("read channel %s before %s: %w", c.ChannelID, after, err)
		}
		var evs []bot.Event
		for _, m := range msgs {
			m.ChannelID = c.ChannelID
			evs = append(evs, a.historyEdit(m, since)...)
		}
		sort.SliceStable(evs, func(i, j int) bool { return idLess(evs[i].MessageID, evs[j].MessageID) })
		if err := page(evs); err != nil {
			return err
		}
		read += len(msgs)
	}
	// The channel's threads' messages after the cursor go in among the
	// channel's own, in order.
	inThreads, err := a.threadHistory(ctx, c.ChannelID, after, since)
	if err != nil {
		return err
	}
	for {
		msgs, err := a.s.ChannelMessages(c.ChannelID, catchupPage, "", after, "", call(ctx, "channel_messages"))
		if err != nil {
			return fmt.Errorf("read channel %s after %s: %w", c.ChannelID, after, err)
		}
		// Discord returns a page newest first.
		sort.Slice(msgs, func(i, j int) bool { return idLess(msgs[i].ID, msgs[j].ID) })
		var evs []bot.Event
		for _, m := range msgs {
			m.ChannelID = c.ChannelID
			evs = append(evs, a.messageEvents(m)...)
			evs = append(evs, a.historyEdit(m, since)...)
			after = m.ID
		}
		last := len(msgs) < catchupPage
		n := len(inThreads)
		if !last {
			n, _ = sort.Find(len(inThreads), func(i int) int {
				if idLess(after, inThreads[i].MessageID) {
					return -1
				}
				return 1
			})
		}
		if n > 0 {
			evs = append(evs, inThreads[:n]...)
			inThreads = inThreads[n:]
			sort.SliceStable(evs, func(i, j int) bool { return idLess(evs[i].MessageID, evs[j].MessageID) })
		}
		if err := page(evs); err != nil {
			return err
		}
		read += len(msgs)
		if last {
			a.log.Debug().Int64("incident", c.IncidentID).Str("channel", c.ChannelID).Int("messages", read).
				Str("after", after).Msg("read channel history")
			return nil
		}
	}
}

// historyEdit returns, for a person's message read back from history that
// was edited after since, an edit to its current content at the time of its
// last edit. History keeps no earlier versions, so edits made in between
// are lost; an edit already recorded, or one that changed nothing, the
// engine does not record again.
func (a *Adapter) historyEdit(m *discordgo.Message, since time.Time) []bot.Event {
	if m.EditedTimestamp == nil || !m.EditedTimestamp.After(since) || m.Author == nil ||
		(m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
		return nil
	}
	return a.editEvents(&discordgo.MessageUpdate{Message: m})
}

// snowflakeTime returns the time a Discord id was made.
func snowflakeTime(id string) (time.Time, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || id == "" {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(n>>22) + discordEpoch).UTC(), true
}

// snowflakeAt returns the smallest id made at t, for reading history from
// a point in time.
func snowflakeAt(t time.Time) string {
	ms := t.UnixMilli() - discordEpoch
	if ms < 0 {
		return "0"
	}
	return strconv.FormatUint(uint64(ms)<<22, 10)
}

// idLess orders Discord ids numerically.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
