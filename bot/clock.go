package bot

import (
	"sync"
	"time"
)

// Clock tells the time. Production uses the wall clock; tests a manual one
// they advance, so a day of reminders runs in milliseconds.
type Clock interface {
	Now() time.Time
}

// WallClock is the real clock, in UTC.
type WallClock struct{}

// Now returns the current time in UTC.
func (WallClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a Clock that only moves when told to. The demo and tests
// use it.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock showing t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t.UTC()} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}
