package discord

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// These tests run the real discordgo client against fakediscord. discordgo
// keeps its endpoints in package variables, so no test here may call
// t.Parallel.

// Handler is what the tests' stand-ins for the engine implement: the
// engine's methods that ingestion is built on. asHandler makes one a
// bot.Handler.
type Handler interface {
	Command(ctx context.Context, req bot.Request) bot.Response
	Submit(ctx context.Context, s bot.Submission) (map[string]string, error)
	Record(ctx context.Context, ev bot.Event) error
	CatchUpCursors(ctx context.Context) ([]bot.Cursor, error)
}

// asHandler returns h itself if it is a bot.Handler (the engine), else h
// with the engine's ingestion (bot.Ingest) over its Record.
// Ingestion logs to log.
func asHandler(h Handler, log zerolog.Logger) bot.Handler {
	if bh, ok := h.(bot.Handler); ok {
		return bh
	}
	o := &ingestOver{Handler: h}
	o.in = bot.NewIngest(o, bot.IngestOptions{Log: log})
	return o
}

// ingestOver is a Handler with bot.Ingest over its Record.
type ingestOver struct {
	Handler
	in *bot.Ingest
}

func (o *ingestOver) Ingest(ctx context.Context, evs []bot.Event, ack func(error)) {
	o.in.Ingest(ctx, evs, ack)
}

func (o *ingestOver) CatchUp(ctx context.Context, h bot.History) <-chan struct{} {
	return o.in.CatchUp(ctx, h)
}

// CheckForm implements bot.Handler; the Discord adapter does not call it.
func (o *ingestOver) CheckForm(context.Context, bot.Submission) (map[string]string, error) {
	return nil, nil
}

func (o *ingestOver) SaveCatchUp(context.Context, bot.Cursor, bool) error { return nil }

// recorder is a Handler that stands in for the engine: it keeps what the
// adapter hands it, drops redelivered event ids as the engine does, and
// answers commands with a function the test sets.
type recHandler struct {
	mu       sync.Mutex
	requests []bot.Request
	subs     []bot.Submission
	events   []bot.Event
	seen     map[string]int // event id -> deliveries
	cursors  []bot.Cursor
	command  func(bot.Request) bot.Response
	submit   func(bot.Submission) (map[string]string, error)
	slow     time.Duration // how long each Record takes, as a busy store would
}

func newRecHandler() *recHandler {
	return &recHandler{seen: map[string]int{}}
}

func (h *recHandler) Command(ctx context.Context, req bot.Request) bot.Response {
	h.mu.Lock()
	h.requests = append(h.requests, req)
	fn := h.command
	h.mu.Unlock()
	if fn == nil {
		return bot.Response{Text: "ok: " + req.Text}
	}
	return fn(req)
}

func (h *recHandler) Record(ctx context.Context, ev bot.Event) error {
	h.mu.Lock()
	slow := h.slow
	h.mu.Unlock()
	time.Sleep(slow)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen[ev.EventID]++
	if ev.EventID != "" && h.seen[ev.EventID] > 1 {
		return nil
	}
	h.events = append(h.events, ev)
	return nil
}

func (h *recHandler) Submit(ctx context.Context, s bot.Submission) (map[string]string, error) {
	h.mu.Lock()
	h.subs = append(h.subs, s)
	fn := h.submit
	h.mu.Unlock()
	if fn == nil {
		return nil, nil
	}
	return fn(s)
}

func (h *recHandler) CatchUpCursors(ctx context.Context) ([]bot.Cursor, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cs := append([]bot.Cursor(nil), h.cursors...)
	for i, c := range cs {
		// The last recorded person's message of the channel, by time.
		for _, ev := range h.events {
			if ev.ChannelID == c.ChannelID && ev.Kind == bot.MessagePosted && !ev.At.Before(c.At) {
				cs[i].MessageID, cs[i].At = ev.MessageID, ev.At
			}
		}
	}
	return cs, nil
}

func (h *recHandler) Events() []bot.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Event(nil), h.events...)
}

func (h *recHandler) Requests() []bot.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Request(nil), h.requests...)
}

func (h *recHandler) Submissions() []bot.Submission {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Submission(nil), h.subs...)
}

// deliveries returns how many times each event id was delivered.
func (h *recHandler) deliveries() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]int{}
	for k, v := range h.seen {
		out[k] = v
	}
	return out
}

func (h *recHandler) posted(channelID string) []bot.Event {
	var out []bot.Event
	for _, ev := range h.Events() {
		if ev.Kind == bot.MessagePosted && ev.ChannelID == channelID {
			out = append(out, ev)
		}
	}
	return out
}

// startFake starts a fake Discord that is closed when the test ends.
func startFake(t testing.TB, o fakediscord.Options) *fakediscord.Fake {
	t.Helper()
	f, err := fakediscord.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// running is an adapter whose Run is in progress.
type running struct {
	*Adapter
	cancel context.CancelFunc
	done   chan struct{} // closed when Run has returned err
	err    error
}

// stop ends Run and returns its error.
func (r *running) stop(t testing.TB) error {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		return r.err
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

func testOptions(t testing.TB, f *fakediscord.Fake) Options {
	return Options{
		BotToken: f.Token(), GuildID: f.GuildID(), APIURL: f.URL(),
		Log: zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel).With().Timestamp().Logger(),
	}
}

// startAdapter runs an adapter against f until the test ends, and waits
// until it is connected and its command registered.
func startAdapter(t testing.TB, f *fakediscord.Fake, h Handler, mod func(*Options)) *running {
	t.Helper()
	o := testOptions(t, f)
	if mod != nil {
		mod(&o)
	}
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return runAdapter(t, f, a, h)
}

// runAdapter runs a until the test ends and waits until it is connected
// and set up.
func runAdapter(t testing.TB, f *fakediscord.Fake, a *Adapter, h Handler) *running {
	t.Helper()
	_, puts := f.Commands()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Adapter: a, cancel: cancel, done: make(chan struct{})}
	go func() {
		r.err = a.Run(ctx, asHandler(h, a.log))
		close(r.done)
	}()
	t.Cleanup(func() { r.stop(t) })
	wait(t, "adapter connected and set up", func() bool {
		_, n := f.Commands()
		return a.Connected() && a.started.Load() && n > puts
	})
	return r
}

// wait polls cond until it holds, failing the test after 30 s (a loaded
// machine running -race is slow).
func wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func waitCallback(t testing.TB, f *fakediscord.Fake, id string) fakediscord.Callback {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cb, err := f.WaitCallback(ctx, id)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("interaction %s got no callback", id)
	}
	return cb
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// runUntilError runs an adapter against f, which must make Run fail, and
// returns Run's error; the test fails if Run has not returned in 10 s.
func runUntilError(t testing.TB, f *fakediscord.Fake) error {
	t.Helper()
	a, err := New(testOptions(t, f))
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- a.Run(t.Context(), asHandler(newRecHandler(), zerolog.Nop())) }()
	select {
	case err = <-errc:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}
