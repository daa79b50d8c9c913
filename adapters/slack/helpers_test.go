package slack_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// recorder is a Handler that stands in for the engine: it records what it
// is given and answers as its hooks say.
type recorder struct {
	mu       sync.Mutex
	events   []bot.Event
	requests []bot.Request
	subs     []bot.Submission
	cursors  []bot.Cursor
	changed  chan struct{}
	in       *bot.Ingest

	// Hooks; nil means the default answer.
	record  func(bot.Event) error
	command func(bot.Request) bot.Response
	// submit answers both CheckForm and Submit.
	submit func(bot.Submission) (map[string]string, error)
}

func newRecorder() *recorder {
	r := &recorder{changed: make(chan struct{})}
	r.nameWith(nil)
	return r
}

// nameWith makes the recorder's ingestion name people with n, as the
// engine's does with the adapter. Call it before the adapter runs.
func (r *recorder) nameWith(n bot.Namer) {
	// Tried once: a failing hook stands for a store that stays down.
	r.in = bot.NewIngest(r, bot.IngestOptions{Log: zerolog.Nop(), Tries: 1, Namer: n})
}

// Ingest implements bot.Handler with the engine's ingestion over Record.
func (r *recorder) Ingest(ctx context.Context, evs []bot.Event, ack func(error)) {
	r.in.Ingest(ctx, evs, ack)
}

// CatchUp implements bot.Handler with the engine's catch-up over
// CatchUpCursors.
func (r *recorder) CatchUp(ctx context.Context, h bot.History) <-chan struct{} {
	return r.in.CatchUp(ctx, h)
}

// SaveCatchUp implements bot.Ledger; the stand-in keeps no progress.
func (r *recorder) SaveCatchUp(context.Context, bot.Cursor, bool) error { return nil }

func (r *recorder) notify() {
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder) Command(_ context.Context, req bot.Request) bot.Response {
	r.mu.Lock()
	r.requests = append(r.requests, req)
	r.notify()
	hook := r.command
	r.mu.Unlock()
	if hook != nil {
		return hook(req)
	}
	return bot.Response{Text: "ok: " + req.Text}
}

func (r *recorder) Record(_ context.Context, ev bot.Event) error {
	r.mu.Lock()
	hook := r.record
	r.mu.Unlock()
	if hook != nil {
		if err := hook(ev); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	r.notify()
	return nil
}

func (r *recorder) CheckForm(_ context.Context, s bot.Submission) (map[string]string, error) {
	r.mu.Lock()
	hook := r.submit
	r.mu.Unlock()
	if hook != nil {
		return hook(s)
	}
	return nil, nil
}

func (r *recorder) Submit(_ context.Context, s bot.Submission) (map[string]string, error) {
	r.mu.Lock()
	r.subs = append(r.subs, s)
	r.notify()
	hook := r.submit
	r.mu.Unlock()
	if hook != nil {
		return hook(s)
	}
	return nil, nil
}

func (r *recorder) CatchUpCursors(context.Context) ([]bot.Cursor, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Cursor(nil), r.cursors...), nil
}

func (r *recorder) setCursors(cs ...bot.Cursor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cursors = cs
}

func (r *recorder) Events() []bot.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Event(nil), r.events...)
}

func (r *recorder) Requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Request(nil), r.requests...)
}

func (r *recorder) Submissions() []bot.Submission {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Submission(nil), r.subs...)
}

// wait waits until cond, called with r.mu held, holds.
func (r *recorder) wait(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for {
		r.mu.Lock()
		ok, ch := cond(), r.changed
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// testCtx is a context that ends with the test, or after 20 s.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newAdapter returns an adapter pointed at the fake.
func newAdapter(t *testing.T, s *fakeslack.Server) *slack.Adapter {
	t.Helper()
	a, err := slack.New(slack.Options{
		AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(),
		HTTPTimeout: 5 * time.Second,
		Log:         zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel),
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// start runs an adapter against the fake with h until the test ends, and
// waits for its first connection.
func start(t *testing.T, s *fakeslack.Server, h bot.Handler) *slack.Adapter {
	t.Helper()
	a := newAdapter(t, s)
	if r, ok := h.(*recorder); ok {
		r.nameWith(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := s.WaitConnected(wctx, 1); err != nil {
		t.Fatalf("adapter did not connect: %v", err)
	}
	return a
}

// newFake starts a fake Slack with a few users, closed with the test.
func newFake(t *testing.T) *fakeslack.Server {
	s := fakeslack.New()
	s.SetPingInterval(100 * time.Millisecond)
	for _, u := range []struct{ id, name, real string }{
		{"U1", "alice", "Alice Archer"}, {"U2", "bob", "Bob Baker"}, {"U3", "carol", "Carol Cole"},
		{"U4", "dan", "Dan Dale"}, {"U5", "erin", "Erin East"},
	} {
		s.AddUser(u.id, u.name, u.real)
	}
	t.Cleanup(s.Close)
	return s
}
