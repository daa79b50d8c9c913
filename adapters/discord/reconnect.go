package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// The adapter reconnects to the gateway itself: discordgo's own reconnect
// (Session.ShouldReconnectOnError) is off, because in discordgo v0.29 it
// can make the bot drop and resume every second after op 7.
//
// There, each goroutine that sees the connection fail (the reader, on op
// 7 or an error; the heartbeat, when a heartbeat cannot be sent) calls
// Session.Close, then a reconnect loop of its own; Close closes whatever
// connection is current then, not the one that failed, and holds the
// session lock for a second (it sleeps after the close frame). When op 7
// comes right after RESUMED, the reader closes the connection before its
// heartbeat goroutine, blocked on that lock, has sent its first heartbeat:
// that heartbeat then fails on the closed connection, and the goroutine
// closes the next connection, which the reader's reconnect has just
// opened, and starts a second reconnect. That connection's own heartbeat
// goroutine was blocked behind this Close in turn, and so on.
//
// Here one loop reconnects, and only after waiting a moment: a leftover
// heartbeat goroutine runs as soon as Close releases the lock, and finds
// no connection to close. discordgo gives no way to know that the
// goroutine is done, so the wait is a delay; if under load it is too
// short, the cost is one more resume (events are replayed, none is lost),
// not a cascade, since the next attempt waits again.

// redialAfter is how long the reconnect loop waits after a disconnection
// before dialling, for the goroutines of the closed connection to finish.
const redialAfter = 100 * time.Millisecond

// openTimeout is how long connecting to the gateway (dial, HELLO, and
// READY or RESUMED) may take before the attempt is abandoned (a variable
// for tests). Discord answers in well under a second.
var openTimeout = 30 * time.Second

// open connects to the gateway (Session.Open: identify, or resume the
// session it has), giving up after openTimeout.
func (a *Adapter) open() error {
	stop := a.dial.guardOpen(openTimeout)
	err := a.s.Open()
	if stop() && err != nil {
		return fmt.Errorf("the gateway did not answer within %s: %w", openTimeout, err)
	}
	return err
}

// redialFirstBackoff and redialMaxBackoff bound the wait between failed
// attempts, which doubles (variables for tests).
var (
	redialFirstBackoff = time.Second
	redialMaxBackoff   = time.Minute
)

// disconnected tells the reconnect loop that the gateway connection is
// gone. It never blocks: one pending signal is enough.
func (a *Adapter) disconnected() {
	select {
	case a.dropped <- struct{}{}:
	default:
	}
}

// reconnectLoop reconnects after every disconnection until ctx is done.
// discordgo's Open resumes the session (RESUME with its session id and
// last sequence number) when it has one, so no event is lost; after op 9
// it identifies anew, and onReady catches up.
func (a *Adapter) reconnectLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.dropped:
		}
		if !a.reconnect(ctx) {
			return
		}
	}
}

// reconnect dials until the gateway is open again; it reports false if
// ctx is done or the gateway refused the bot for good.
func (a *Adapter) reconnect(ctx context.Context) bool {
	wait := redialAfter
	backoff := redialFirstBackoff
	for attempt := 1; ; attempt++ {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		// Disconnections signalled until now were of connections that are
		// closed already (a leftover goroutine's Close finds none).
		select {
		case <-a.dropped:
		default:
		}
		a.log.Info().Int("attempt", attempt).Msg("reconnecting to the gateway")
		err := a.open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if fatal := fatalCloseError(err); fatal != nil {
			select {
			case a.fatal <- fatal:
			default:
			}
			return false
		}
		a.log.Warn().Err(err).Int("attempt", attempt).Dur("retry_in", backoff).Msg("reconnecting to the gateway failed")
		wait, backoff = backoff, min(2*backoff, redialMaxBackoff)
	}
}

// fatalCloseError returns the error Run ends with when err carries a close
// code with which the gateway refuses the bot for good, or nil.
func fatalCloseError(err error) error {
	switch closeCode(err) {
	case 4014:
		return ErrDisallowedIntents
	case 4004:
		return ErrAuthentication
	}
	return nil
}

// closeCode returns the websocket close code in err, or 0.
func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}
