package bot

import (
	"context"
	"sync"
)

// InOrder runs functions one at a time per key, in the order Do was
// called: adapters use it, keyed by channel, so that the bot's posts to a
// channel appear in the order the engine made them, even when a rate limit
// makes one wait. The zero value is ready to use; it is safe for
// concurrent use.
type InOrder struct {
	mu    sync.Mutex
	tails map[string]chan struct{} // done of the latest call per key
}

// Do runs fn after every fn of an earlier Do with the same key has
// returned, and returns its error; if ctx ends while it waits, it returns
// ctx's error without running fn (those queued behind it still wait for
// the earlier ones).
func (o *InOrder) Do(ctx context.Context, key string, fn func() error) error {
	mine := make(chan struct{})
	o.mu.Lock()
	if o.tails == nil {
		o.tails = map[string]chan struct{}{}
	}
	prev := o.tails[key]
	o.tails[key] = mine
	o.mu.Unlock()
	release := func() {
		o.mu.Lock()
		if o.tails[key] == mine {
			delete(o.tails, key)
		}
		o.mu.Unlock()
		close(mine)
	}
	if prev != nil {
		select {
		case <-prev:
		case <-ctx.Done():
			// Keep the chain whole for those queued behind.
			go func() { <-prev; release() }()
			return ctx.Err()
		}
	}
	defer release()
	return fn()
}
