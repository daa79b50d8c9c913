package slack

import (
	"context"
	"time"
)

// nameWait is how long recording an event waits for users.info to name a
// person the adapter has not seen before. Past it the event is recorded
// without the name (the postmortem looks names up again when it is
// drafted), so that a slow Web API does not hold back acknowledgements,
// which Slack expects within three seconds. The lookup goes on and fills
// the cache for the person's next messages.
const nameWait = 250 * time.Millisecond

// nameOf returns a user's name for an event, or "" when it cannot be had
// within nameWait.
func (a *Adapter) nameOf(ctx context.Context, user string) string {
	if user == "" {
		return ""
	}
	if n := a.cachedName(user); n != "" {
		return n
	}
	done := a.lookUp(ctx, user)
	t := time.NewTimer(nameWait)
	defer t.Stop()
	select {
	case <-done:
		return a.cachedName(user)
	case <-t.C:
		a.log.Debug().Str("user", user).Dur("waited", nameWait).Msg("user name not known yet; recording the event without it")
	case <-ctx.Done():
	}
	return ""
}

// lookUp starts looking a user's name up with users.info, unless a lookup
// of that user is under way already, and returns a channel closed when it
// is over. The lookup lives as long as ctx.
func (a *Adapter) lookUp(ctx context.Context, user string) <-chan struct{} {
	a.usersMu.Lock()
	defer a.usersMu.Unlock()
	if done, ok := a.lookups[user]; ok {
		return done
	}
	done := make(chan struct{})
	a.lookups[user] = done
	go func() {
		if _, err := a.UserName(ctx, user); err != nil {
			a.log.Debug().Err(err).Str("user", user).Msg("user name for event")
		}
		a.usersMu.Lock()
		delete(a.lookups, user)
		a.usersMu.Unlock()
		close(done)
	}()
	return done
}
