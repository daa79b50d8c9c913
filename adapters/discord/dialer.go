package discord

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// errStopped is what dialling the gateway returns once the adapter stops.
var errStopped = errors.New("the adapter is stopping")

// dialer makes discordgo's gateway connections. It keeps the TCP
// connections it made, so that the adapter can tell when one has been
// written to, and it refuses to dial once stopped.
type dialer struct {
	ctx  context.Context // done when stopped
	stop context.CancelFunc

	mu      sync.Mutex
	conns   map[*trackedConn]bool
	changed chan struct{} // closed and replaced on every write or close
}

func newDialer() *dialer {
	ctx, stop := context.WithCancel(context.Background())
	return &dialer{ctx: ctx, stop: stop, conns: map[*trackedConn]bool{}, changed: make(chan struct{})}
}

// websocket returns the websocket.Dialer for discordgo: gorilla's defaults
// (proxy from the environment, 45 s handshake), dialling through d.
func (d *dialer) websocket() *websocket.Dialer {
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 45 * time.Second,
		NetDialContext:   d.dial,
	}
}

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(d.ctx, cancel)()
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		if d.ctx.Err() != nil {
			return nil, errStopped
		}
		return nil, err
	}
	tc := &trackedConn{Conn: c, d: d}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ctx.Err() != nil {
		c.Close()
		return nil, errStopped
	}
	d.conns[tc] = true
	return tc, nil
}

// notifyLocked wakes whoever waits for a change. d.mu must be held.
func (d *dialer) notifyLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// writes returns how many writes each open connection has had.
func (d *dialer) writes() map[*trackedConn]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	m := make(map[*trackedConn]int, len(d.conns))
	for c := range d.conns {
		m[c] = c.writes
	}
	return m
}

// awaitWrite waits until every connection of before that is still open
// has been written to since, or until done is closed or timeout passes.
func (d *dialer) awaitWrite(before map[*trackedConn]int, done <-chan struct{}, timeout time.Duration) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		d.mu.Lock()
		ch, waiting := d.changed, false
		for c, n := range before {
			if d.conns[c] && c.writes == n {
				waiting = true
			}
		}
		d.mu.Unlock()
		if !waiting {
			return
		}
		select {
		case <-ch:
		case <-done:
			return
		case <-t.C:
			return
		}
	}
}

// trackedConn is a gateway TCP connection the dialer keeps.
type trackedConn struct {
	net.Conn
	d      *dialer
	writes int // under d.mu
}

func (c *trackedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.d.mu.Lock()
	c.writes++
	c.d.notifyLocked()
	c.d.mu.Unlock()
	return n, err
}

func (c *trackedConn) Close() error {
	c.d.mu.Lock()
	if c.d.conns[c] {
		delete(c.d.conns, c)
		c.d.notifyLocked()
	}
	c.d.mu.Unlock()
	return c.Conn.Close()
}

// guardOpen watches one discordgo Session.Open: if it has not returned
// when timeout passes, the connections dialled since are closed. Open
// reads HELLO and then READY or RESUMED with no deadline, holding the
// session's lock, so a gateway that accepts the websocket and then goes
// silent would hang it, and the bot with it. Closing the connection makes
// Open fail, and the reconnect loop tries again. The function returned
// stops the watch once Open has returned and reports whether it fired.
func (d *dialer) guardOpen(timeout time.Duration) (stop func() (fired bool)) {
	d.mu.Lock()
	before := make(map[*trackedConn]bool, len(d.conns))
	for c := range d.conns {
		before[c] = true
	}
	d.mu.Unlock()
	var fired atomic.Bool
	t := time.AfterFunc(timeout, func() {
		fired.Store(true)
		d.mu.Lock()
		var opened []*trackedConn
		for c := range d.conns {
			if !before[c] {
				opened = append(opened, c)
			}
		}
		d.mu.Unlock()
		for _, c := range opened {
			c.Close()
		}
	})
	return func() bool {
		t.Stop()
		return fired.Load()
	}
}
