package bot

import (
	"context"
	"sync"
)

// catchups keeps track of catch-ups under way, so that closing an incident
// (or drafting its postmortem) can first wait for its channel's.
type catchups struct {
	mu sync.Mutex
	// active holds, per incident, a channel for each catch-up of it not
	// yet finished, closed when it is.
	active map[int64][]chan struct{}
	// locks makes the catch-ups of one incident run one after another.
	locks map[int64]*sync.Mutex
}

// CatchUp starts catching up, through hist, on the channel of every
// incident the Ledger names (Ledger.CatchUpCursors): each channel's
// history after its cursor is read page by page and every page is
// recorded through Ingest, batched, before the next is read; after each
// page the progress is saved, so that a catch-up interrupted by shutdown
// resumes where it stopped, at the next start. CatchUpChannels channels
// are caught up on at once.
//
// The cursors are read before CatchUp returns, so that an adapter that
// calls it as its connection opens, before it hands in the connection's
// first event, reads back from before that event; the reading and
// recording go on in the background. The channel CatchUp returns is
// closed when every channel is caught up on, or has failed (logged), or
// ctx is done.
func (in *Ingest) CatchUp(ctx context.Context, hist History) <-chan struct{} {
	done := make(chan struct{})
	cs, err := in.l.CatchUpCursors(ctx)
	if err != nil {
		in.log.Error().Err(err).Msg("catch up: list incident channels; history missed while disconnected is not read back")
		close(done)
		return done
	}
	dones := make([]chan struct{}, len(cs))
	in.cu.mu.Lock()
	for i, c := range cs {
		dones[i] = make(chan struct{})
		in.cu.active[c.IncidentID] = append(in.cu.active[c.IncidentID], dones[i])
	}
	in.cu.mu.Unlock()
	go func() {
		defer close(done)
		slots := make(chan struct{}, CatchUpChannels)
		var wg sync.WaitGroup
		for i, c := range cs {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() {
					<-slots
					in.finish(c.IncidentID, dones[i])
					wg.Done()
				}()
				l := in.lock(c.IncidentID)
				l.Lock()
				defer l.Unlock()
				in.catchUpChannel(ctx, hist, c)
			}()
		}
		wg.Wait()
	}()
	return done
}

// lock returns the lock of an incident's catch-ups.
func (in *Ingest) lock(id int64) *sync.Mutex {
	in.cu.mu.Lock()
	defer in.cu.mu.Unlock()
	l := in.cu.locks[id]
	if l == nil {
		l = &sync.Mutex{}
		in.cu.locks[id] = l
	}
	return l
}

// finish marks one catch-up of an incident done.
func (in *Ingest) finish(id int64, done chan struct{}) {
	in.cu.mu.Lock()
	list := in.cu.active[id]
	for i, d := range list {
		if d == done {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(in.cu.active, id)
	} else {
		in.cu.active[id] = list
	}
	in.cu.mu.Unlock()
	close(done)
}

// catchUpChannel records the history of one channel after c. When it
// fails (reading, or recording a page) it stops there, and the progress
// saved makes the next catch-up start from the page that failed.
func (in *Ingest) catchUpChannel(ctx context.Context, hist History, c Cursor) {
	log := in.log.With().Int64("incident", c.IncidentID).Str("channel", c.ChannelID).Logger()
	if err := in.l.SaveCatchUp(ctx, c, false); err != nil {
		log.Error().Err(err).Msg("catch up: save where it starts; not catching up on this channel")
		return
	}
	n := 0
	var recordErr error
	err := hist.ReadHistory(ctx, c, func(evs []Event) error {
		if err := in.commit(ctx, evs); err != nil {
			recordErr = err
			return err
		}
		n += len(evs)
		moved := false
		for _, ev := range evs {
			if ev.Kind == MessagePosted && ev.MessageID != "" && !ev.At.Before(c.At) {
				c.MessageID, c.At, moved = ev.MessageID, ev.At, true
			}
		}
		if moved {
			return in.l.SaveCatchUp(ctx, c, false)
		}
		return nil
	})
	switch {
	case err != nil && ctx.Err() != nil:
		log.Info().Int("events", n).Msg("stopped catching up on channel history; it resumes at the next start")
		return
	case err != nil && recordErr != nil:
		log.Error().Err(err).Int("events", n).Msg("catching up on channel history: some events were not recorded")
		return
	case err != nil:
		log.Error().Err(err).Int("events", n).Msg("catching up on channel history failed")
		return
	}
	if err := in.l.SaveCatchUp(ctx, c, true); err != nil {
		log.Error().Err(err).Msg("catch up: save that it is done")
	}
	log.Info().Int("events", n).Msg("caught up on channel history")
}

// AwaitCatchUp waits until no catch-up of incident id is under way, or
// ctx is done, whose error it then returns.
func (in *Ingest) AwaitCatchUp(ctx context.Context, id int64) error {
	in.cu.mu.Lock()
	wait := append([]chan struct{}(nil), in.cu.active[id]...)
	in.cu.mu.Unlock()
	for _, ch := range wait {
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
