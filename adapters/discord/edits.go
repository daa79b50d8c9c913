package discord

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"
)

// Discord allows 2 edits of a channel's name or topic per 10 minutes per
// channel; the third is answered 429 with a retry_after of minutes
// (discord/discord-api-docs#2190, python-discord/bot#966), which
// discordgo, left to itself, sleeps through holding the route, deaf to the
// context. So no name or topic edit is made on a user-facing path: the
// editor takes the wanted name, topic and category of a channel (the latest
// of each wins), and applies them in the background within the limit.
const (
	editLimit  = 2
	editWindow = 10 * time.Minute
	// editPoll is how often the editor looks at the clock while an edit
	// waits for the window: the clock may be a test's manual one.
	editPoll = 500 * time.Millisecond
	// editTries is how often an edit that fails otherwise than by the
	// limit is tried before it is given up.
	editTries = 3
)

// wanted is what a channel should become; nil fields are not to change.
type wanted struct {
	name, topic, parent *string
	failures            int
}

// renames reports whether w changes the name or the topic, which the limit
// counts.
func (w *wanted) renames() bool { return w.name != nil || w.topic != nil }

// editor applies channel edits in the background; see the constants above.
type editor struct {
	s   *discordgo.Session
	log zerolog.Logger
	now func() time.Time

	mu        sync.Mutex
	pending   map[string]*wanted     // channel id -> not yet applied
	recent    map[string][]time.Time // channel id -> its name or topic edits in the window
	notBefore map[string]time.Time   // channel id -> when a 429 said to try again
	wake      chan struct{}
}

func newEditor(s *discordgo.Session, log zerolog.Logger, now func() time.Time) *editor {
	return &editor{
		s: s, log: log, now: now,
		pending: map[string]*wanted{}, recent: map[string][]time.Time{}, notBefore: map[string]time.Time{},
		wake: make(chan struct{}, 1),
	}
}

// want records what channel id should become and wakes the editor. It never
// waits for Discord.
func (e *editor) want(id string, fn func(*wanted)) {
	e.mu.Lock()
	w := e.pending[id]
	if w == nil {
		w = &wanted{}
		e.pending[id] = w
	}
	fn(w)
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// run applies pending edits until ctx is done. What is still pending then is
// dropped: names and topics are a view of the store, set again by the next
// change.
func (e *editor) run(ctx context.Context) {
	for {
		waiting := e.applyDue(ctx)
		var tick <-chan time.Time
		if waiting {
			tick = time.After(editPoll)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		case <-tick:
		}
	}
}

// applyDue makes every edit the limit allows now, one channel at a time,
// and reports whether any is left waiting.
func (e *editor) applyDue(ctx context.Context) bool {
	for ctx.Err() == nil {
		id, w, ok := e.next()
		if !ok {
			break
		}
		e.apply(ctx, id, w)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.pending) > 0
}

// next takes the next edit that may be made now: everything wanted of a
// channel whose window has room, or only its category when it has none
// (moving a channel is not limited so).
func (e *editor) next() (string, *wanted, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	for id, w := range e.pending {
		if now.Before(e.notBefore[id]) {
			continue
		}
		if !w.renames() || e.roomLocked(id, now) {
			delete(e.pending, id)
			return id, w, true
		}
		if w.parent != nil {
			move := &wanted{parent: w.parent, failures: w.failures}
			w.parent = nil
			return id, move, true
		}
	}
	return "", nil, false
}

// roomLocked reports whether channel id may have its name or topic edited
// at now, forgetting edits older than the window.
func (e *editor) roomLocked(id string, now time.Time) bool {
	var keep []time.Time
	for _, at := range e.recent[id] {
		if now.Sub(at) < editWindow {
			keep = append(keep, at)
		}
	}
	e.recent[id] = keep
	return len(keep) < editLimit
}

// apply makes one edit. Over the limit after all (another client edited the
// channel, or a restart forgot our count), it waits for the retry_after and
// goes again, unless something newer was wanted meanwhile, which wins.
func (e *editor) apply(ctx context.Context, id string, w *wanted) {
	edit := &discordgo.ChannelEdit{}
	if w.name != nil {
		edit.Name = *w.name
	}
	if w.topic != nil {
		edit.Topic = *w.topic
	}
	if w.parent != nil {
		edit.ParentID = *w.parent
	}
	at := e.now()
	_, err := e.s.ChannelEdit(id, edit, call(ctx, "channel_edit"), discordgo.WithRetryOnRatelimit(false))
	e.mu.Lock()
	defer e.mu.Unlock()
	var limited *discordgo.RateLimitError
	switch {
	case err == nil:
		if w.renames() {
			e.recent[id] = append(e.recent[id], at)
		}
		return
	case errors.As(err, &limited):
		e.notBefore[id] = e.now().Add(limited.RetryAfter)
		e.log.Warn().Str("channel", id).Dur("retry_after", limited.RetryAfter).Msg("channel edit rate-limited; trying again later")
	case ctx.Err() != nil:
		return
	default:
		w.failures++
		if w.failures >= editTries {
			e.log.Error().Err(err).Str("channel", id).Msg("edit channel; given up")
			return
		}
		e.log.Warn().Err(err).Str("channel", id).Msg("edit channel; trying again")
	}
	// Put back what nothing newer replaced.
	cur := e.pending[id]
	if cur == nil {
		e.pending[id] = w
		return
	}
	if cur.name == nil {
		cur.name = w.name
	}
	if cur.topic == nil {
		cur.topic = w.topic
	}
	if cur.parent == nil {
		cur.parent = w.parent
	}
	cur.failures = max(cur.failures, w.failures)
}
