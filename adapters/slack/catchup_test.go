package slack_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// tap is the engine as a Handler that also notes each event it recorded,
// for a test to wait on.
type tap struct {
	*bot.Engine
	mu      sync.Mutex
	events  []bot.Event
	changed chan struct{}
}

// Ingest implements bot.Handler: the engine's, noting what it committed.
func (t *tap) Ingest(ctx context.Context, evs []bot.Event, ack func(error)) {
	t.Engine.Ingest(ctx, evs, func(err error) {
		if err == nil {
			t.note(evs)
		}
		ack(err)
	})
}

// CatchUp implements bot.Handler: the engine's, noting each page of
// history it committed.
func (t *tap) CatchUp(ctx context.Context, h bot.History) <-chan struct{} {
	return t.Engine.CatchUp(ctx, tapHistory{h, t})
}

func (t *tap) note(evs []bot.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, evs...)
	close(t.changed)
	t.changed = make(chan struct{})
}

// tapHistory is a bot.History that tells its tap of each page committed.
type tapHistory struct {
	bot.History
	t *tap
}

func (h tapHistory) ReadHistory(ctx context.Context, c bot.Cursor, page func([]bot.Event) error) error {
	return h.History.ReadHistory(ctx, c, func(evs []bot.Event) error {
		if err := page(evs); err != nil {
			return err
		}
		h.t.note(evs)
		return nil
	})
}

// wait waits until cond holds for the events recorded so far.
func (t *tap) wait(tt *testing.T, ctx context.Context, what string, cond func([]bot.Event) bool) {
	tt.Helper()
	for {
		t.mu.Lock()
		ok, ch := cond(t.events), t.changed
		t.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			tt.Fatalf("timed out waiting for %s", what)
		}
	}
}

// count returns how many events of kind about message id were recorded.
func count(evs []bot.Event, kind bot.EventKind, id string) int {
	n := 0
	for _, ev := range evs {
		if ev.Kind == kind && ev.MessageID == id {
			n++
		}
	}
	return n
}

// TestCatchUpEdits: a message edited while the bot was down is recorded
// as one edit, keeping the original, when the bot comes back; one said and
// edited while it was down is recorded as said last; coming back again
// records nothing more.
func TestCatchUpEdits(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	clock := bot.NewManualClock(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
	s.SetClock(clock.Now)
	ops := s.AddChannel("ops", "U1", "U2")
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	first := newAdapter(t, s)
	h := &tap{changed: make(chan struct{}), Engine: bot.New(bot.Options{
		Store: db, Chat: first, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: clock, Config: bot.DefaultConfig(), Log: zerolog.Nop(),
	})}
	// run runs adapter number n until the returned stop is called.
	run := func(n int, a *slack.Adapter) (stop func()) {
		t.Helper()
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- a.Run(rctx, h) }()
		if err := s.WaitConnected(ctx, n); err != nil {
			t.Fatalf("run %d did not connect: %v", n, err)
		}
		return func() {
			t.Helper()
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("run %d: %v", n, err)
			}
		}
	}

	stop := run(1, first)
	if r := h.Command(ctx, bot.Request{User: "U1", ChannelID: ops, Text: "declare db down"}); r.Code != "" {
		t.Fatalf("declare: %s %s", r.Code, r.Text)
	}
	inc, err := db.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	ts := s.SendMessage(inc.ChannelID, "U2", "rolled back 4811").TS
	h.wait(t, ctx, "the message", func(evs []bot.Event) bool { return count(evs, bot.MessagePosted, ts) == 1 })
	stop()

	// Said and edited while the bot was down: its text then is all there
	// is to know, so it is a message, not an edit.
	clock.Advance(time.Minute)
	typo := s.AddHistory(inc.ChannelID, "U2", "tpyo")
	s.EditHistory(inc.ChannelID, typo, "typo fixed")
	clock.Advance(time.Minute)
	editTS := s.EditHistory(inc.ChannelID, ts, "rolled back 4812")
	for n := 2; n <= 3; n++ {
		stop := run(n, newAdapter(t, s))
		h.wait(t, ctx, "the edits read back", func(evs []bot.Event) bool {
			return count(evs, bot.MessageEdited, ts) == n-1 && count(evs, bot.MessageEdited, typo) == n-1
		})
		stop()
		var edits []bot.Entry
		if err := db.Timeline(ctx, inc.ID, func(e *bot.Entry) error {
			if e.Kind == bot.EntryEdit {
				edits = append(edits, *e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if m, err := db.Message(ctx, inc.ID, typo); err != nil || m.Kind != bot.EntryMessage || m.Text != "typo fixed" {
			t.Errorf("run %d: message said and edited while down: %+v (%v), want the message as edited", n, m, err)
		}
		if len(edits) != 1 {
			t.Fatalf("run %d: %d edits in the timeline, want 1: %+v", n, len(edits), edits)
		}
		e := edits[0]
		if e.MessageID != ts || e.Text != "rolled back 4812" || e.Original != "rolled back 4811" || !e.At.Equal(tsTime(t, editTS)) {
			t.Errorf("run %d: edit %s %q (was %q) at %v, want %s \"rolled back 4812\" (was \"rolled back 4811\") at %v",
				n, e.MessageID, e.Text, e.Original, e.At, ts, tsTime(t, editTS))
		}
	}
}

// TestRestartThenClose: the bot stops, 2,000 messages are posted while it
// is down, it starts again and the incident is closed at once, while it is
// still catching up: all 2,000 are in the postmortem, each once.
func TestRestartThenClose(t *testing.T) {
	const n = 2000
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2")
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// run runs a new adapter and engine on db until the returned stop.
	run := func(conn int) (*bot.Engine, func()) {
		t.Helper()
		a := newAdapter(t, s)
		e := bot.New(bot.Options{Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write,
			Config: bot.DefaultConfig(), Log: zerolog.Nop()})
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- a.Run(rctx, e) }()
		if err := s.WaitConnected(ctx, conn); err != nil {
			t.Fatalf("run %d did not connect: %v", conn, err)
		}
		return e, func() {
			t.Helper()
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("run %d: %v", conn, err)
			}
		}
	}
	e, stop := run(1)
	if r := e.Command(ctx, bot.Request{User: "U1", ChannelID: ops, Text: "declare payments down"}); r.Code != "" {
		t.Fatalf("declare: %s %s", r.Code, r.Text)
	}
	inc, err := db.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	for i := range n {
		s.AddHistory(inc.ChannelID, []string{"U1", "U2"}[i%2], fmt.Sprintf("while down #%05d.", i))
	}
	_, stop = run(2)
	defer stop()
	if _, err := s.SendSlashCommand(inc.ChannelID, "U1", "close").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	var doc []byte
	if err := s.Wait(ctx, func() bool {
		doc, err = db.Postmortem(ctx, inc.ID)
		return err == nil
	}); err != nil {
		t.Fatal("no postmortem drafted")
	}
	missing, twice := 0, 0
	for i := range n {
		switch strings.Count(string(doc), fmt.Sprintf("while down #%05d.", i)) {
		case 0:
			missing++
		case 1:
		default:
			twice++
		}
	}
	if missing > 0 || twice > 0 {
		t.Errorf("of %d messages said while the bot was down, the postmortem misses %d and repeats %d", n, missing, twice)
	}
}

// TestCatchUpRateLimitedChannel: while one channel's history answers 429
// and its Retry-After is waited out, the other incident channels are
// caught up on.
func TestCatchUpRateLimitedChannel(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	held := s.AddChannel("inc-1", "U1")
	free := s.AddChannel("inc-2", "U1")
	s.AddHistory(held, "U1", "held back")
	s.AddHistory(free, "U1", "read at once")
	s.RateLimitChannel("conversations.history", held, 1, 60)
	h := newRecorder()
	h.setCursors(bot.Cursor{IncidentID: 1, ChannelID: held}, bot.Cursor{IncidentID: 2, ChannelID: free})
	start(t, s, h)
	h.wait(t, ctx, "the free channel caught up on", func() bool { return len(h.events) > 0 })
	if err := s.Wait(ctx, func() bool {
		for _, c := range s.Calls("conversations.history") {
			if c.Params.Get("channel") == held && c.Status == 429 {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatal("the held channel's history was never answered 429")
	}
	// The held channel waits out its minute; the free one did not wait.
	for _, ev := range h.Events() {
		if ev.ChannelID != free {
			t.Errorf("recorded %+v; want only the free channel's", ev)
		}
	}
}
