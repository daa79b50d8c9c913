package bot_test

import (
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestReplayClock: the base clock's time until set, then exactly the time
// set, however the base moves on.
func TestReplayClock(t *testing.T) {
	base := bot.NewManualClock(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	c := bot.NewReplayClock(base)
	base.Advance(time.Minute)
	if got := c.Now(); !got.Equal(base.Now()) {
		t.Errorf("before Set: %v, want the base's %v", got, base.Now())
	}
	then := time.Date(2017, 1, 31, 23, 27, 0, 0, time.FixedZone("CET", 3600))
	c.Set(then)
	base.Advance(time.Hour)
	if got := c.Now(); !got.Equal(then) || got.Location() != time.UTC {
		t.Errorf("after Set: %v, want %v in UTC", got, then.UTC())
	}
	before := time.Now()
	got := bot.NewReplayClock(nil).Now()
	if after := time.Now(); got.Before(before.Truncate(0)) || got.After(after) || got.Location() != time.UTC {
		t.Errorf("nil base: %v, want the wall clock (between %v and %v) in UTC", got, before, after)
	}
}
