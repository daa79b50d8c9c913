package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Ledger is what an Ingest records into and keeps catch-up progress in:
// the engine, or a test's stand-in.
type Ledger interface {
	// Record appends one event durably (see Engine.Record).
	Record(ctx context.Context, ev Event) error
	// CatchUpCursors returns where to catch up from, one Cursor per
	// incident channel that may have missed messages.
	CatchUpCursors(ctx context.Context) ([]Cursor, error)
	// SaveCatchUp keeps how far catching up on c's incident has come:
	// everything up to c is recorded. done says it is finished.
	SaveCatchUp(ctx context.Context, c Cursor, done bool) error
}

// Defaults of an Ingest.
const (
	// IngestInFlight is how many events may be recorded at once. The store
	// commits concurrent appends together, so a burst is recorded far
	// faster than one commit at a time, and the more wait for a commit the
	// more it takes.
	IngestInFlight = 1024
	// CatchUpChannels is how many channels are caught up on at once, so
	// that one slow or rate-limited channel does not hold the others.
	CatchUpChannels = 4
)

// retryWaits are the waits between tries of an event whose recording
// failed with an internal (store) error: four tries in all.
var retryWaits = []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, time.Second}

// Ingest is the one way in from a platform to the store. Adapters hand it
// the events of each delivery with an acknowledgement callback (Ingest)
// and ask it to catch up on history (CatchUp); it
//
//   - takes events in the order they are handed in, and records an event
//     about a message (an edit, a deletion, a reaction) only after the
//     earlier ones about the same message of the same channel; other
//     events, of one channel or of many, are recorded concurrently, so
//     that their appends share commits;
//   - names the person of an event that does not say who they are, with
//     the Namer, waiting at most NameWait;
//   - retries an event whose recording failed with an internal error (the
//     store) a few times, unless the delivery's context ends;
//   - calls the acknowledgement once every event of the delivery is
//     committed, or with the error when one could not be;
//   - stops taking events when the delivery's context is done (they are
//     refused at once, with the context's error), while the events
//     already taken are still committed: the adapter's Run waits for
//     their acknowledgements before it returns.
//
// Its methods are safe for concurrent use.
type Ingest struct {
	l     Ledger
	log   zerolog.Logger
	slots chan struct{}
	waits []time.Duration

	mu    sync.Mutex
	tails map[string]chan struct{} // channel+message -> done of the latest event about it

	cu    catchups
	names namer
}

// IngestOptions configure an Ingest.
type IngestOptions struct {
	Log zerolog.Logger
	// Tries is how often an event whose recording fails with an internal
	// error is tried in all; 0 means 4 (waiting 50 ms, 200 ms and 1 s in
	// between), 1 means it is not tried again.
	Tries int
	// Namer names the people of events handed in without a name (see
	// NameWait); nil means they are recorded without one.
	Namer Namer
}

// NewIngest returns an Ingest recording into l.
func NewIngest(l Ledger, o IngestOptions) *Ingest {
	waits := retryWaits
	if o.Tries > 0 && o.Tries-1 < len(waits) {
		waits = waits[:o.Tries-1]
	}
	return &Ingest{
		l: l, log: o.Log, slots: make(chan struct{}, IngestInFlight), waits: waits,
		tails: map[string]chan struct{}{},
		cu:    catchups{active: map[int64][]chan struct{}{}, locks: map[int64]*sync.Mutex{}},
		names: namer{n: o.Namer, wait: NameWait, log: o.Log, known: map[string]string{}, lookups: map[string]chan struct{}{}},
	}
}

// delivery counts the events of one Ingest call until all are done.
type delivery struct {
	mu   sync.Mutex
	left int
	err  error
	ack  func(error)
}

func (d *delivery) done(err error) {
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.left--
	last, err := d.left == 0, d.err
	d.mu.Unlock()
	if last {
		d.ack(err)
	}
}

// Ingest records evs, the events of one delivery, and calls ack once when
// all are committed (nil) or when one of them could not be (the error).
// It blocks while IngestInFlight events are being recorded, which holds
// the platform's stream back rather than dropping anything. Events handed
// in once ctx is done are not taken: ack gets ctx's error.
func (in *Ingest) Ingest(ctx context.Context, evs []Event, ack func(error)) {
	if len(evs) == 0 {
		ack(nil)
		return
	}
	d := &delivery{left: len(evs), ack: ack}
	for i, ev := range evs {
		if !in.take(ctx) {
			for range evs[i:] {
				d.done(ctx.Err())
			}
			return
		}
		key, prev, mine := in.chain(ev)
		go func() {
			defer func() { <-in.slots }()
			in.names.fill(ctx, &ev)
			if prev != nil {
				<-prev // taken before this one, so it runs
			}
			err := in.record(ctx, ev)
			in.unchain(key, mine)
			d.done(err)
		}()
	}
}

// take waits for a slot for one event; it reports false if ctx is done
// first, or was done already.
func (in *Ingest) take(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case in.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// orderKey names what an event must be ordered behind: the earlier events
// about the same message (or, for a join, the same user) of its channel.
// Events with no key are ordered behind nothing.
func orderKey(ev Event) string {
	switch {
	case ev.Kind == MemberJoined:
		return ev.ChannelID + "\x00j:" + ev.User
	case ev.MessageID != "":
		return ev.ChannelID + "\x00" + ev.MessageID
	}
	return ""
}

// chain returns ev's order key, the done channel of the latest event taken
// with the same key (nil if none is in flight), and ev's own.
func (in *Ingest) chain(ev Event) (key string, prev, mine chan struct{}) {
	key = orderKey(ev)
	if key == "" {
		return "", nil, nil
	}
	mine = make(chan struct{})
	in.mu.Lock()
	prev = in.tails[key]
	in.tails[key] = mine
	in.mu.Unlock()
	return key, prev, mine
}

// unchain releases the events waiting behind one.
func (in *Ingest) unchain(key string, mine chan struct{}) {
	if mine == nil {
		return
	}
	in.mu.Lock()
	if in.tails[key] == mine {
		delete(in.tails, key)
	}
	in.mu.Unlock()
	close(mine)
}

// record records one event, retrying internal errors while ctx lasts. The
// event is recorded under a context that is not cancelled with ctx: it
// was taken, so it is committed even when the adapter is stopping.
func (in *Ingest) record(ctx context.Context, ev Event) error {
	rctx := context.WithoutCancel(ctx)
	for try := 0; ; try++ {
		err := in.l.Record(rctx, ev)
		if err == nil || ErrorCode(err) != EInternal || errors.Is(err, context.Canceled) || try == len(in.waits) {
			return err
		}
		in.log.Warn().Err(err).Str("channel", ev.ChannelID).Str("message_id", ev.MessageID).
			Str("kind", string(ev.Kind)).Int("try", try+1).Msg("recording an event failed; trying again")
		t := time.NewTimer(in.waits[try])
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
	}
}

// commit ingests evs and waits until they are committed or have failed.
func (in *Ingest) commit(ctx context.Context, evs []Event) error {
	done := make(chan error, 1)
	in.Ingest(ctx, evs, func(err error) { done <- err })
	return <-done
}
