package bot

import (
	"context"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// NameWait is how long recording an event waits for the platform to name a
// person whose event does not carry their name (Slack's do not). Past it
// the event is recorded without the name (the postmortem looks names up
// again when it is drafted), so that a slow platform API does not hold
// back acknowledgements, which Slack expects within three seconds. The
// lookup goes on and the Namer's answer serves the person's next events.
const NameWait = 250 * time.Millisecond

// namer is the engine's one cache of people's names: it names the people
// of events that do not say who they are (waiting at most NameWait), and
// everyone the engine writes about (Engine.name); one lookup per person at
// a time.
type namer struct {
	n    Namer // nil: events are recorded as they come
	wait time.Duration
	log  zerolog.Logger

	mu      sync.Mutex
	known   map[string]string
	lookups map[string]chan struct{} // lookups under way, by user
}

// fill sets ev.UserName when it is empty and the Namer answers in time;
// deletions are recorded as the platform said them.
func (n *namer) fill(ctx context.Context, ev *Event) {
	if n.n == nil || ev.UserName != "" || ev.User == "" || ev.Kind == MessageDeleted {
		return
	}
	ev.UserName = n.name(ctx, ev.User)
}

// name returns a user's name, or "" when it cannot be had within the
// wait (0: as long as ctx lasts).
func (n *namer) name(ctx context.Context, user string) string {
	return n.get(ctx, user, n.wait)
}

// get returns a user's name: the one known, else the Namer's, waiting for
// it at most wait (0: as long as ctx lasts); "" if there is none in time.
func (n *namer) get(ctx context.Context, user string, wait time.Duration) string {
	if n.n == nil {
		return ""
	}
	n.mu.Lock()
	if name, ok := n.known[user]; ok {
		n.mu.Unlock()
		return name
	}
	done, ok := n.lookups[user]
	if !ok {
		done = make(chan struct{})
		n.lookups[user] = done
		go n.lookUp(ctx, user, done)
	}
	n.mu.Unlock()
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-done:
		n.mu.Lock()
		defer n.mu.Unlock()
		return n.known[user]
	case <-timeout:
	case <-ctx.Done():
	}
	return ""
}

// lookUp asks the Namer for a user's name, for as long as ctx lasts, and
// keeps it if it answers; a failure is logged, and the next event of the
// user asks again.
func (n *namer) lookUp(ctx context.Context, user string, done chan struct{}) {
	name, err := n.n.UserName(ctx, user)
	if err != nil && ctx.Err() == nil {
		n.log.Warn().Err(err).Str("user", user).Msg("resolve user name")
	}
	n.mu.Lock()
	if err == nil && name != "" {
		n.known[user] = name
	}
	delete(n.lookups, user)
	n.mu.Unlock()
	close(done)
}
