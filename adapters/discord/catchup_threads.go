package discord

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// archivedPage is how many archived threads one list asks for (Discord's
// maximum).
const archivedPage = 100

// threadHistory returns the events of the messages after the id after in
// the threads of channel parent, active and archived, as events of parent
// marked with their thread, ordered by message id. Threads archived before
// since hold nothing after it: a message unarchives a thread.
func (a *Adapter) threadHistory(ctx context.Context, parent, after string, since time.Time) ([]bot.Event, error) {
	ths, err := a.threadsOf(ctx, parent, since)
	if err != nil {
		return nil, err
	}
	var evs []bot.Event
	for _, th := range ths {
		a.threads.learn(th)
		from := after
		for {
			msgs, err := a.s.ChannelMessages(th.ID, catchupPage, "", from, "", call(ctx, "channel_messages"))
			if err != nil {
				return nil, fmt.Errorf("read thread %s of channel %s after %s: %w", th.ID, parent, from, err)
			}
			for _, m := range msgs {
				m.ChannelID = th.ID
				for _, ev := range append(a.messageEvents(m), a.historyEdit(m, since)...) {
					ev.ChannelID, ev.Thread = parent, th.Name
					evs = append(evs, ev)
				}
				if idLess(from, m.ID) {
					from = m.ID
				}
			}
			if len(msgs) < catchupPage {
				break
			}
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return idLess(evs[i].MessageID, evs[j].MessageID) })
	return evs, nil
}

// threadsOf lists the threads of channel parent: the guild's active ones
// whose parent it is (Discord lists active threads per guild only), and
// its public archived ones archived since since, newest first, a page at
// a time.
func (a *Adapter) threadsOf(ctx context.Context, parent string, since time.Time) ([]*discordgo.Channel, error) {
	active, err := a.s.GuildThreadsActive(a.opts.GuildID, call(ctx, "guild_threads_active"))
	if err != nil {
		return nil, fmt.Errorf("list active threads of guild %s: %w", a.opts.GuildID, err)
	}
	var out []*discordgo.Channel
	seen := map[string]bool{}
	for _, th := range active.Threads {
		if th != nil && th.ParentID == parent && !seen[th.ID] {
			seen[th.ID] = true
			out = append(out, th)
		}
	}
	var before *time.Time
	for {
		l, err := a.s.ThreadsArchived(parent, before, archivedPage, call(ctx, "threads_archived"))
		if err != nil {
			return nil, fmt.Errorf("list archived threads of channel %s: %w", parent, err)
		}
		added, done := 0, !l.HasMore
		for _, th := range l.Threads {
			if th == nil || th.ThreadMetadata == nil {
				continue
			}
			at := th.ThreadMetadata.ArchiveTimestamp
			if !since.IsZero() && at.Before(since) {
				done = true
				break
			}
			// discordgo sends before to the second: ask again from the
			// second after the last one listed, and skip what was seen.
			next := at.Truncate(time.Second).Add(time.Second)
			before = &next
			if !seen[th.ID] {
				seen[th.ID] = true
				added++
				out = append(out, th)
			}
		}
		if done || added == 0 {
			return out, nil
		}
	}
}
