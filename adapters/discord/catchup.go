package discord

import (
	"context"
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

// catchupLoop reads back history for each set of cursors onReady queues.
func (a *Adapter) catchupLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case cs := <-a.catchup:
			for _, c := range cs {
				a.catchUp(ctx, c)
			}
		}
	}
}

// catchUp records the messages of a channel after cursor c, oldest first,
// and edits made since to those and to the page of messages before them,
// and says so once they are recorded.
func (a *Adapter) catchUp(ctx context.Context, c bot.Cursor) {
	after := "0"
	switch t, ok := snowflakeTime(c.MessageID); {
	case ok:
		after = snowflakeAt(t.Add(-catchupMargin))
	case !c.At.IsZero():
		after = snowflakeAt(c.At.Add(-catchupMargin))
	}
	since, _ := snowflakeTime(after)
	log := a.log.With().Int64("incident", c.IncidentID).Str("channel", c.ChannelID).Logger()
	read := 0
	var recorded tally
	if after != "0" {
		// The messages before were recorded already; of them, only edits
		// made since are news. History cannot list messages by when they
		// were edited, so only the last page is looked at.
		msgs, err := a.s.ChannelMessages(c.ChannelID, catchupPage, after, "", "", call(ctx, "channel_messages"))
		if err != nil {
			log.Error().Err(err).Msg("catching up on channel history")
			return
		}
		for _, m := range msgs {
			m.ChannelID = c.ChannelID
			a.record(nil, &recorded, m.ID, a.historyEdit(m, since)...)
		}
		read += len(msgs)
	}
	for {
		msgs, err := a.s.ChannelMessages(c.ChannelID, catchupPage, "", after, "", call(ctx, "channel_messages"))
		if err != nil {
			log.Error().Err(err).Msg("catching up on channel history")
			return
		}
		// Discord returns a page newest first.
		sort.Slice(msgs, func(i, j int) bool { return idLess(msgs[i].ID, msgs[j].ID) })
		for _, m := range msgs {
			m.ChannelID = c.ChannelID
			a.record(nil, &recorded, m.ID, append(a.messageEvents(m), a.historyEdit(m, since)...)...)
			after = m.ID
		}
		read += len(msgs)
		if len(msgs) < catchupPage {
			break
		}
	}
	log.Debug().Int("messages", read).Msg("read channel history; recording it")
	failed, ok := recorded.wait(ctx)
	switch {
	case !ok:
		log.Info().Int("messages", read).Msg("stopped catching up on channel history before it was recorded")
	case failed > 0:
		log.Error().Int("messages", read).Int64("events_failed", failed).Msg("catching up on channel history: some events were not recorded")
	default:
		log.Info().Int("messages", read).Str("after", after).Msg("caught up on channel history")
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
