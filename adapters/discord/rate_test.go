package discord

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestRecordRate measures message events per second from the fake's
// MESSAGE_CREATE to a committed timeline entry: the real engine and bbolt
// store (fsync on), in one incident channel.
func TestRecordRate(t *testing.T) {
	const n = 2000
	var recorded atomic.Int64
	w := newWorld(t, func(h Handler) Handler { return countRecords{Handler: h, n: &recorded} })
	f := w.f
	alice := f.AddUser("alice")
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "load")))
	var ch string
	for _, c := range f.Channels() {
		if strings.HasPrefix(c.Name, "inc-1-") {
			ch = c.ID
		}
	}
	if ch == "" {
		t.Fatalf("no channel; declare answered %q", cb.Data.Content)
	}
	start := time.Now()
	for i := range n {
		if _, err := f.UserMessage(ch, alice.ID, fmt.Sprintf("load message %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	sent := time.Since(start)
	wait(t, "all recorded", func() bool { return recorded.Load() >= n })
	el := time.Since(start)
	if got := w.entries(t, 1)[bot.EntryMessage]; got != n {
		t.Errorf("%d messages on the timeline, want %d", got, n)
	}
	t.Logf("engine+bbolt: %d message events recorded in %v: %.0f events/s (dispatching took %v)", n, el.Round(time.Millisecond), n/el.Seconds(), sent.Round(time.Millisecond))
}

// TestRecordRateAdapterOnly measures the adapter and discordgo alone, with
// an in-memory handler.
func TestRecordRateAdapterOnly(t *testing.T) {
	const n = 5000
	f := startFake(t, fakediscord.Options{})
	var recorded atomic.Int64
	h := countRecords{Handler: newRecHandler(), n: &recorded}
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	start := time.Now()
	for i := range n {
		if _, err := f.UserMessage(ch, alice.ID, fmt.Sprintf("load message %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	wait(t, "all recorded", func() bool { return recorded.Load() >= n })
	el := time.Since(start)
	t.Logf("adapter only: %d message events in %v: %.0f events/s", n, el.Round(time.Millisecond), n/el.Seconds())
}

// countRecords counts the events a Handler recorded.
type countRecords struct {
	Handler
	n *atomic.Int64
}

func (c countRecords) Record(ctx context.Context, ev bot.Event) error {
	err := c.Handler.Record(ctx, ev)
	if err == nil {
		c.n.Add(1)
	}
	return err
}
