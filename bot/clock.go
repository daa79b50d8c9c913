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

// ReplayClock is the clock of a session that may tell of the past, as a
// console transcript written up after an incident does: it tells the time
// of the clock it wraps until it is first Set, and from then on exactly the
// time it was last set to. Time stands still between settings because each
// line of a replay says when it happened; how long it took to type or pipe
// the lines is no part of the incident, and a replay gives the same record
// every time it is played.
type ReplayClock struct {
	base Clock

	mu  sync.Mutex
	set bool
	now time.Time
}

// NewReplayClock returns a ReplayClock telling base's time until it is
// set; a nil base is the wall clock.
func NewReplayClock(base Clock) *ReplayClock {
	if base == nil {
		base = WallClock{}
	}
	return &ReplayClock{base: base}
}

// Now returns the time last set, or the base clock's time if it was never
// set.
func (c *ReplayClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		return c.base.Now().UTC()
	}
	return c.now
}

// Set stops the clock at t, until it is set again.
func (c *ReplayClock) Set(t time.Time) {
	c.mu.Lock()
	c.set, c.now = true, t.UTC()
	c.mu.Unlock()
}
