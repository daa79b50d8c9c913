package bot

import (
	"context"
	"sync"
	"time"
)

// NameWait is how long recording an event waits for the platform to name a
// person whose event does not carry their name (Slack's do not). Past it
// the event is recorded without the name (the postmortem looks names up
// again when it is drafted), so that a slow platform API does not hold
// back acknowledgements, which Slack expects within three seconds. The
// lookup goes on and the Namer's answer serves the person's next events.
const NameWait = 250 * time.Millisecond

// namer names the people of events that do not say who they are, one
// lookup per person at a time, waiting at most NameWait for it.
type namer struct {
	n    Namer // nil: events are recorded as they come
	wait time.Duration

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

// name returns a user's name, or "" when it cannot be had within the wait.
func (n *namer) name(ctx context.Context, user string) string {
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
	t := time.NewTimer(n.wait)
	defer t.Stop()
	select {
	case <-done:
		n.mu.Lock()
		defer n.mu.Unlock()
		return n.known[user]
	case <-t.C:
	case <-ctx.Done():
	}
	return ""
}

// lookUp asks the Namer for a user's name, for as long as ctx lasts, and
// keeps it if it answers.
func (n *namer) lookUp(ctx context.Context, user string, done chan struct{}) {
	name, err := n.n.UserName(ctx, user)
	n.mu.Lock()
	if err == nil && name != "" {
		n.known[user] = name
	}
	delete(n.lookups, user)
	n.mu.Unlock()
	close(done)
}
