package bot

import "context"

// Handler is what an adapter's Run serves: the engine (*Engine), or a
// test's stand-in. Every adapter has the same shape,
//
//	Run(ctx context.Context, h bot.Handler) error
//	Connected() bool
//
// so the program wires any platform the same way.
type Handler interface {
	// Command runs a command and returns the private answer to its invoker.
	Command(ctx context.Context, req Request) Response
	// CheckForm validates a submitted form without carrying it out, within
	// the platform's deadline for acknowledging it (see Engine.CheckForm).
	CheckForm(ctx context.Context, s Submission) (fieldErrors map[string]string, err error)
	// Submit handles a submitted form; fieldErrors, when not empty, says
	// what to fix and nothing was changed.
	Submit(ctx context.Context, s Submission) (fieldErrors map[string]string, err error)
	// Ingest takes the events of one delivery and records them (see
	// Ingest.Ingest): ack is called once, after all of them are committed
	// (nil) or when they cannot be (an error: leave the delivery
	// unacknowledged, so that the platform delivers it again or catch-up
	// reads it back). Ingest may block while many events are in flight;
	// it never waits for the commit itself.
	Ingest(ctx context.Context, evs []Event, ack func(error))
	// CatchUp starts reading back, through hist, the history of every
	// incident channel that may have missed messages, and records it; the
	// channel it returns is closed when that is done or ctx ended (see
	// Ingest.CatchUp). An adapter calls it after every connection that may
	// have missed events, and waits for the channel before Run returns.
	CatchUp(ctx context.Context, hist History) <-chan struct{}
}

// History is the port through which the engine catches up on a channel:
// adapters implement it with the platform's history API.
type History interface {
	// ReadHistory reads back the messages of c's channel after c, as
	// events (the posted message, its files, and an edit to its current
	// text when it was edited since c), together with the edits made
	// since c to the page of messages before it. It hands them to page a
	// page at a time, oldest first, so that what page was given is all
	// the platform holds up to the last posted message in it; it stops at
	// the first error page returns, and returns it.
	ReadHistory(ctx context.Context, c Cursor, page func([]Event) error) error
}
