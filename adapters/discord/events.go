package discord

import (
	"context"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// addHandlers registers the gateway handlers and returns a function that
// removes them.
func (a *Adapter) addHandlers() (remove func()) {
	rs := []func(){
		a.s.AddHandler(a.onReady),
		a.s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) {
			a.connected.Store(true)
			a.log.Info().Msg("gateway session resumed")
		}),
		a.s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
			a.connected.Store(false)
			a.log.Info().Msg("gateway disconnected")
			a.disconnected()
		}),
		a.s.AddHandler(a.onMessageCreate),
		a.s.AddHandler(a.onMessageUpdate),
		a.s.AddHandler(a.onMessageDelete),
		a.s.AddHandler(a.onReactionAdd),
		a.s.AddHandler(a.onInteraction),
	}
	return func() {
		for _, r := range rs {
			r()
		}
	}
}

// onReady runs on every new session (IDENTIFY, not RESUME). Discord does not
// replay what was said while no session was open, so it reads the engine's
// cursors now, before any event of the new session is recorded, and hands
// them to the catch-up loop.
func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	if r.User != nil {
		a.botID = r.User.ID
	}
	if a.appID == "" && r.Application != nil {
		a.appID = r.Application.ID
	}
	h, ctx, ch := a.h, a.runCtx, a.catchup
	a.mu.Unlock()
	a.connected.Store(true)
	a.log.Info().Str("session", r.SessionID).Msg("gateway session ready")
	if h == nil {
		return
	}
	cs, err := h.Cursors(ctx)
	if err != nil {
		a.log.Error().Err(err).Msg("reading catch-up cursors; history missed while disconnected is not read back")
		return
	}
	select {
	case ch <- cs:
	default:
		a.log.Error().Msg("catch-up queue full; history missed while disconnected is not read back")
	}
}

func (a *Adapter) ours(guildID string) bool { return guildID == "" || guildID == a.opts.GuildID }

func (a *Adapter) isBot(u *discordgo.User) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return u != nil && u.ID == a.botID
}

func (a *Adapter) onMessageCreate(_ *discordgo.Session, m *discordgo.MessageCreate) {
	a.enqueue(a.channelEvents(m))
}

func (a *Adapter) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	a.enqueue(a.channelEvents(m))
}

func (a *Adapter) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	a.enqueue(a.channelEvents(m))
}

func (a *Adapter) onReactionAdd(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
	a.enqueue(a.channelEvents(r))
}

// enqueue reports a channel event dispatch to the Observer and hands its
// engine events to the recorder, under the id of the message they are
// about. A dispatch that gives no event is done at once; one that is not
// the adapter's (ok false) is not reported.
func (a *Adapter) enqueue(kind, key string, evs []bot.Event, ok bool) {
	if ok {
		a.record(a.received(kind), nil, key, evs...)
	}
}

// record hands the events of delivery d (nil for history read back) to
// the recorder; t, if not nil, counts them until they are recorded.
func (a *Adapter) record(d *delivery, t *tally, key string, evs ...bot.Event) {
	if len(evs) == 0 {
		a.acked(d)
		return
	}
	a.mu.Lock()
	rec := a.rec
	a.mu.Unlock()
	if rec != nil {
		rec.add(d, t, key, evs...)
	}
}

// tally counts events handed to the recorder until each is recorded or
// has failed, for catch-up to say when it is done. A nil tally counts
// nothing.
type tally struct {
	wg     sync.WaitGroup
	failed atomic.Int64
}

func (t *tally) add(n int) {
	if t != nil {
		t.wg.Add(n)
	}
}

func (t *tally) done(failed bool) {
	if t == nil {
		return
	}
	if failed {
		t.failed.Add(1)
	}
	t.wg.Done()
}

// wait waits until every event counted is recorded or has failed, and
// returns how many failed; ok is false if ctx ended first.
func (t *tally) wait(ctx context.Context) (failed int64, ok bool) {
	done := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return t.failed.Load(), true
	case <-ctx.Done():
		return 0, false
	}
}

// recorder hands events to the engine. Events about one message go to the
// same worker, in gateway order; different messages are recorded
// concurrently, so that the store can commit a busy channel in batches.
type recorder struct {
	h      Handler
	log    zerolog.Logger
	done   func(*delivery) // called when every event of a delivery is recorded
	qs     []chan item
	wg     sync.WaitGroup
	mu     sync.RWMutex
	closed bool

	// Recorded counts events the engine accepted.
	recorded atomic.Int64
}

const (
	recordWorkers = 128
	recordQueue   = 256
	recordTries   = 4
	recordTimeout = 30 * time.Second
)

// item is one queued event, the delivery it came in (nil for history read
// back) and the tally counting it, if any.
type item struct {
	ev bot.Event
	d  *delivery
	t  *tally
}

func newRecorder(h Handler, log zerolog.Logger, done func(*delivery)) *recorder {
	r := &recorder{h: h, log: log, done: done, qs: make([]chan item, recordWorkers)}
	for i := range r.qs {
		q := make(chan item, recordQueue)
		r.qs[i] = q
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for it := range q {
				r.record(it)
			}
		}()
	}
	return r
}

// add queues the events of delivery d for recording, counted by t; it
// blocks while the worker is busy, which holds the gateway back instead of
// dropping events.
func (r *recorder) add(d *delivery, t *tally, key string, evs ...bot.Event) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.log.Debug().Str("message", key).Msg("adapter stopped; event left to catch-up")
		return
	}
	if d != nil {
		d.left.Store(int32(len(evs)))
	}
	t.add(len(evs))
	h := fnv.New32a()
	h.Write([]byte(key))
	q := r.qs[h.Sum32()%uint32(len(r.qs))]
	for _, ev := range evs {
		q <- item{ev, d, t}
	}
}

// record hands one event to the engine, retrying a failed store briefly.
// An event that still fails is logged, and its delivery never counts as
// done; the next catch-up reads it back.
func (r *recorder) record(it item) {
	ev, d := it.ev, it.d
	wait := 100 * time.Millisecond
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
		err := r.h.Record(ctx, ev)
		cancel()
		if err == nil {
			r.recorded.Add(1)
			if d != nil && d.left.Add(-1) == 0 && !d.failed.Load() {
				r.done(d)
			}
			it.t.done(false)
			return
		}
		if try == recordTries {
			r.log.Error().Err(err).Str("kind", string(ev.Kind)).Str("channel", ev.ChannelID).Str("message", ev.MessageID).Msg("recording an event failed")
			if d != nil {
				d.failed.Store(true)
				d.left.Add(-1)
			}
			it.t.done(true)
			return
		}
		time.Sleep(wait)
		wait *= 2
	}
}

// close records what is queued and stops the workers.
func (r *recorder) close() {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		for _, q := range r.qs {
			close(q)
		}
	}
	r.mu.Unlock()
	r.wg.Wait()
}
