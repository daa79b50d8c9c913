package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// ledger is a bot.Ledger that keeps what it is given, in order, and fails
// or waits as a test says.
type ledger struct {
	mu       sync.Mutex
	recorded []bot.Event
	tries    map[string]int
	// fail, if set, is the error a try of an event gets (nil: recorded).
	fail func(ev bot.Event, try int) error
	// hold, if set, is waited on before recording an event.
	hold func(ev bot.Event)
}

func newLedger() *ledger { return &ledger{tries: map[string]int{}} }

func (l *ledger) Record(ctx context.Context, ev bot.Event) error {
	if l.hold != nil {
		l.hold(ev)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tries[ev.MessageID]++
	if l.fail != nil {
		if err := l.fail(ev, l.tries[ev.MessageID]); err != nil {
			return err
		}
	}
	l.recorded = append(l.recorded, ev)
	return nil
}

func (l *ledger) CatchUpCursors(context.Context) ([]bot.Cursor, error) { return nil, nil }
func (l *ledger) SaveCatchUp(context.Context, bot.Cursor, bool) error  { return nil }

func (l *ledger) events() []bot.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]bot.Event(nil), l.recorded...)
}

// ingest hands evs in and waits for the acknowledgement.
func ingest(ctx context.Context, in *bot.Ingest, evs ...bot.Event) error {
	done := make(chan error, 1)
	in.Ingest(ctx, evs, func(err error) { done <- err })
	return <-done
}

func TestIngestAcksAfterCommit(t *testing.T) {
	h := newHarness(t)
	h.declare("payments down")
	ev := bot.Event{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m1", User: "bob", At: t0, Text: "it is the cache"}
	acked := make(chan error, 1)
	h.e.Ingest(h.ctx, []bot.Event{ev}, func(err error) {
		if err == nil {
			// Acknowledged means on disk.
			if _, err2 := h.db.Message(h.ctx, 1, "m1"); err2 != nil {
				err = fmt.Errorf("acknowledged before it is stored: %w", err2)
			}
		}
		acked <- err
	})
	if err := <-acked; err != nil {
		t.Fatal(err)
	}
	// A delivery with no events is acknowledged at once.
	if err := ingest(h.ctx, bot.NewIngest(newLedger(), bot.IngestOptions{})); err != nil {
		t.Errorf("empty delivery: %v", err)
	}
}

// TestIngestOrder: an edit, a reaction and a deletion of a message are
// recorded after it, however long recording it takes, while other
// messages of the channel do not wait.
func TestIngestOrder(t *testing.T) {
	l := newLedger()
	slow := make(chan struct{})
	l.hold = func(ev bot.Event) {
		if ev.ChannelID == "C1" && ev.MessageID == "m1" && ev.Kind == bot.MessagePosted {
			<-slow
		}
	}
	in := bot.NewIngest(l, bot.IngestOptions{Log: zerolog.Nop()})
	ctx := context.Background()
	var wg sync.WaitGroup
	evs := []bot.Event{
		{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m1", Text: "a"},
		{Kind: bot.MessageEdited, ChannelID: "C1", MessageID: "m1", Text: "b"},
		{Kind: bot.ReactionAdded, ChannelID: "C1", MessageID: "m1", Reaction: bot.PinReaction},
		{Kind: bot.MessageDeleted, ChannelID: "C1", MessageID: "m1"},
		{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m2", Text: "c"},
		{Kind: bot.MessagePosted, ChannelID: "C2", MessageID: "m1", Text: "other channel"},
	}
	for _, ev := range evs {
		wg.Add(1)
		in.Ingest(ctx, []bot.Event{ev}, func(err error) {
			if err != nil {
				t.Error(err)
			}
			wg.Done()
		})
	}
	// m2 and C2's m1 are recorded while C1's m1 waits.
	waitFor(t, func() bool { return len(l.events()) == 2 })
	close(slow)
	wg.Wait()
	var kinds []bot.EventKind
	for _, ev := range l.events() {
		if ev.ChannelID == "C1" && ev.MessageID == "m1" {
			kinds = append(kinds, ev.Kind)
		}
	}
	want := []bot.EventKind{bot.MessagePosted, bot.MessageEdited, bot.ReactionAdded, bot.MessageDeleted}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("m1 recorded as %v, want %v", kinds, want)
	}
}

// waitFor waits until cond holds, failing the test after a long while.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
	}
}

func TestIngestRetry(t *testing.T) {
	storeDown := errors.New("write /var/lib/warroom/warroom.db: no space left on device")
	cases := []struct {
		name      string
		fail      func(bot.Event, int) error
		wantErr   bool
		wantTries int
	}{
		{"recorded at once", nil, false, 1},
		{"a store error twice, then recorded", func(_ bot.Event, try int) error {
			if try <= 2 {
				return storeDown
			}
			return nil
		}, false, 3},
		{"a store error every time: four tries", func(bot.Event, int) error { return storeDown }, true, 4},
		{"an invalid event is not tried again", func(bot.Event, int) error {
			return bot.Errorf(bot.EInvalid, "record event: unknown kind")
		}, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLedger()
			l.fail = tc.fail
			in := bot.NewIngest(l, bot.IngestOptions{Log: zerolog.Nop()})
			err := ingest(context.Background(), in, bot.Event{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m1"})
			if (err != nil) != tc.wantErr {
				t.Errorf("ack(%v), want an error: %v", err, tc.wantErr)
			}
			if got := l.tries["m1"]; got != tc.wantTries {
				t.Errorf("%d tries, want %d", got, tc.wantTries)
			}
		})
	}
}

// TestIngestShutdown: once the context is done nothing more is taken,
// and what was taken is still committed and acknowledged.
func TestIngestShutdown(t *testing.T) {
	l := newLedger()
	started, release := make(chan struct{}), make(chan struct{})
	l.hold = func(bot.Event) {
		close(started)
		<-release
	}
	in := bot.NewIngest(l, bot.IngestOptions{Log: zerolog.Nop()})
	ctx, cancel := context.WithCancel(context.Background())
	acked := make(chan error, 1)
	in.Ingest(ctx, []bot.Event{{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m1"}}, func(err error) { acked <- err })
	<-started
	cancel()
	if err := ingest(ctx, in, bot.Event{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m2"}); !errors.Is(err, context.Canceled) {
		t.Errorf("an event handed in after shutdown: ack(%v), want context.Canceled", err)
	}
	l.hold = nil
	close(release)
	if err := <-acked; err != nil {
		t.Errorf("the event taken before shutdown: ack(%v), want it committed", err)
	}
	if evs := l.events(); len(evs) != 1 || evs[0].MessageID != "m1" {
		t.Errorf("recorded %+v, want m1 only", evs)
	}
}
