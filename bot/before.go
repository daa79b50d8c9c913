package bot

import (
	"context"
	"sort"
	"time"
)

// What is read from the channel an incident is declared from, to put on
// its timeline what started it (often an alert).
const (
	// BeforeWindow is how long before the declaration a message may have
	// been said to be taken.
	BeforeWindow = 15 * time.Minute
	// BeforeLimit is how many messages are taken at most: the latest.
	BeforeLimit = 10
)

// Recent is implemented by adapters that can read back what was said in a
// channel: the engine puts the last messages of the channel an incident
// is declared from on the incident's timeline, as EntryBefore entries.
type Recent interface {
	// RecentMessages returns, as MessagePosted events, the latest limit
	// messages of channelID posted at or after since, oldest first; when
	// threadID is not empty, those of that thread (its first message
	// included) instead. The bot's own messages are left out or marked
	// Self. An error says nothing could be read (the bot may not read
	// the channel); the declare goes on without them.
	RecentMessages(ctx context.Context, channelID, threadID string, since time.Time, limit int) ([]Event, error)
}

// recordBefore puts on inc's timeline the messages said in from (thread,
// if declared in one) in the BeforeWindow before now, at most
// BeforeLimit, each once however often it is called. A channel that is an
// incident's own is not read: what is said there is on that incident's
// timeline already. Failures are logged: they do not fail the declare.
func (e *Engine) recordBefore(ctx context.Context, inc *Incident, from, thread string, now time.Time) {
	r, ok := e.chat.(Recent)
	if !ok || from == "" || from == inc.ChannelID {
		return
	}
	log := e.log.With().Int64("incident", inc.ID).Str("channel", from).Logger()
	if _, err := e.channels.lookup(ctx, e.store, from); ErrorCode(err) != ENotFound {
		if err != nil {
			log.Warn().Err(err).Msg("messages before the declaration: find the channel's incident; not read")
		}
		return
	}
	since := now.Add(-BeforeWindow)
	evs, err := r.RecentMessages(ctx, from, thread, since, BeforeLimit)
	if err != nil {
		log.Warn().Err(err).Msg("messages before the declaration could not be read; the timeline starts at the declaration")
		return
	}
	evs = beforeDeclaration(evs, since, now)
	for i := range evs {
		ev := &evs[i]
		e.in.names.fill(ctx, ev)
		en := &Entry{IncidentID: inc.ID, At: ev.At.UTC(), Kind: EntryBefore, Author: ev.User, AuthorName: ev.UserName,
			MessageID: ev.MessageID, Key: "b:" + ev.MessageID, Text: ev.Text}
		if _, err := e.append(ctx, en); err != nil {
			log.Warn().Err(err).Str("message", ev.MessageID).Msg("record a message from before the declaration")
			return
		}
	}
}

// beforeDeclaration keeps of evs the people's posted messages said from
// since to now, each once, the latest BeforeLimit of them, oldest first.
func beforeDeclaration(evs []Event, since, now time.Time) []Event {
	var keep []Event
	seen := make(map[string]bool, len(evs))
	for _, ev := range evs {
		if ev.Kind != MessagePosted || ev.Self || ev.MessageID == "" || seen[ev.MessageID] || ev.At.Before(since) || ev.At.After(now) {
			continue
		}
		seen[ev.MessageID] = true
		keep = append(keep, ev)
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].At.Before(keep[j].At) })
	if len(keep) > BeforeLimit {
		keep = keep[len(keep)-BeforeLimit:]
	}
	return keep
}
