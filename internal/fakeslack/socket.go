package fakeslack

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Envelope is one Socket Mode envelope the fake delivers. Slack delivers
// an envelope again, with a higher retry_attempt, on every new connection
// until it is acknowledged.
type Envelope struct {
	ID   string
	Type string // events_api, slash_commands or interactive
	// EventID is the event_id of an events_api envelope.
	EventID string
	// TS is the ts of the message the envelope is about, if any; FileID the
	// id of a shared file.
	TS     string
	FileID string
	// TriggerID and ResponseURL come with commands and interactions.
	TriggerID   string
	ResponseURL string

	payload    []byte
	accepts    bool
	viewID     string // the view of a view_submission
	deadline   time.Duration
	deliveries int
	acks       int
	lastSent   time.Time
	acked      chan struct{}
	ack        Ack
	s          *Server
}

// Ack is the acknowledgement of an envelope.
type Ack struct {
	// Payload is the payload the client sent with the ack, if any, e.g.
	// {"response_action":"errors",...} for a view submission.
	Payload json.RawMessage
	At      time.Time
	// Latency is the time from the last delivery to the ack.
	Latency time.Duration
	// Deliveries is how many times the envelope was sent before the ack.
	Deliveries int
	// Late says the ack came after the envelope's deadline (3 s): Slack
	// counts the delivery as failed; for a view_submission it has shown the
	// user an error by then, ignores the payload and leaves the modal open,
	// to be submitted again.
	Late bool
}

// Wait waits for the envelope's ack.
func (e *Envelope) Wait(ctx context.Context) (Ack, error) {
	select {
	case <-e.acked:
		e.s.mu.Lock()
		defer e.s.mu.Unlock()
		return e.ack, nil
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
}

// Acked reports whether the envelope was acknowledged.
func (e *Envelope) Acked() bool {
	select {
	case <-e.acked:
		return true
	default:
		return false
	}
}

// Acks returns how many acknowledgements of the envelope came: more than
// one when a redelivery was acknowledged too.
func (e *Envelope) Acks() int {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.acks
}

// Deliveries returns how many times the envelope was sent.
func (e *Envelope) Deliveries() int {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.deliveries
}

// wsConn is one Socket Mode websocket.
type wsConn struct {
	id    int
	ws    *websocket.Conn
	mu    sync.Mutex
	cond  *sync.Cond
	queue [][]byte
	done  bool
}

func (c *wsConn) enqueue(frame []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done {
		c.queue = append(c.queue, frame)
		c.cond.Signal()
	}
}

// close ends the connection hard, without a close frame, as a network
// failure would.
func (c *wsConn) close() {
	c.mu.Lock()
	c.done = true
	c.cond.Broadcast()
	c.mu.Unlock()
	_ = c.ws.UnderlyingConn().Close()
}

func (c *wsConn) writeLoop() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.done {
			c.cond.Wait()
		}
		if c.done {
			c.mu.Unlock()
			return
		}
		frame := c.queue[0]
		c.queue = c.queue[1:]
		c.mu.Unlock()
		_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
			c.close()
			return
		}
	}
}

func (c *wsConn) pingLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for range t.C {
		c.mu.Lock()
		done := c.done
		c.mu.Unlock()
		if done {
			return
		}
		if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
			c.close()
			return
		}
	}
}

var upgrader = websocket.Upgrader{
	// slack-go dials with Origin https://api.slack.com.
	CheckOrigin: func(*http.Request) bool { return true },
}

func (s *Server) connectionsOpen(r *request) (obj, error) {
	s.connOpens++
	return obj{"url": "ws" + s.hs.URL[len("http"):] + "/link?ticket=" + strconv.Itoa(s.connOpens)}, nil
}

// serveSocket accepts a Socket Mode connection: hello, then every envelope
// not yet acknowledged, then new ones as they come.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws}
	c.cond = sync.NewCond(&c.mu)

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.close()
		return
	}
	c.id = len(s.conns) + 1
	s.conns = append(s.conns, c)
	s.cur = c
	every := s.pingEvery
	c.enqueue(mustJSON(obj{
		"type": "hello", "num_connections": 1,
		"debug_info":      obj{"host": "fakeslack", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": obj{"app_id": AppID},
	}))
	for _, e := range s.envs {
		if !e.Acked() {
			s.sendLocked(e, c)
		}
	}
	s.notifyLocked()
	s.mu.Unlock()

	go c.writeLoop()
	go c.pingLoop(every)
	s.readLoop(c)
}

// readLoop reads acks until the connection fails.
func (s *Server) readLoop(c *wsConn) {
	defer func() {
		c.close()
		s.mu.Lock()
		if s.cur == c {
			s.cur = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.mu.Lock()
		e := s.byEnvID[ack.EnvelopeID]
		if e != nil {
			e.acks++
		}
		switch {
		case e == nil:
			s.unknownAck++
		case !e.Acked():
			now := time.Now()
			e.ack = Ack{Payload: ack.Payload, At: now, Latency: now.Sub(e.lastSent), Deliveries: e.deliveries}
			e.ack.Late = e.deadline > 0 && e.ack.Latency > e.deadline
			if e.viewID != "" && !e.ack.Late {
				s.answerViewLocked(e.viewID, ack.Payload)
			}
			close(e.acked)
		}
		s.notifyLocked()
		s.mu.Unlock()
	}
}

// sendLocked writes e to c, counting the delivery. The frame is put
// together by hand around the payload, already JSON: encoding/json would
// check and compact it again, and load benchmarks send thousands.
func (s *Server) sendLocked(e *Envelope, c *wsConn) {
	b := make([]byte, 0, len(e.payload)+160)
	b = append(b, `{"envelope_id":`...)
	b = strconv.AppendQuote(b, e.ID) // ids and types are ASCII
	b = append(b, `,"type":`...)
	b = strconv.AppendQuote(b, e.Type)
	b = append(b, `,"payload":`...)
	b = append(b, e.payload...)
	b = append(b, `,"accepts_response_payload":`...)
	b = strconv.AppendBool(b, e.accepts)
	b = append(b, `,"retry_attempt":`...)
	b = strconv.AppendInt(b, int64(e.deliveries), 10)
	if e.deliveries > 0 {
		b = append(b, `,"retry_reason":"timeout"`...)
	}
	b = append(b, '}')
	e.deliveries++
	e.lastSent = time.Now()
	c.enqueue(b)
}

// deliverLocked registers e and sends it on the current connection, if
// there is one; otherwise it goes out on the next.
func (s *Server) deliverLocked(e *Envelope) *Envelope {
	s.envs = append(s.envs, e)
	s.byEnvID[e.ID] = e
	if s.cur != nil {
		s.sendLocked(e, s.cur)
	}
	s.notifyLocked()
	return e
}

// ackDeadline is how soon Slack wants every Socket Mode envelope
// acknowledged: 3 s (https://api.slack.com/apis/socket-mode), after which it
// counts the delivery as failed and sends the envelope again.
const ackDeadline = 3 * time.Second

func (s *Server) newEnvelopeLocked(typ string, payload any, accepts bool) *Envelope {
	return &Envelope{
		ID:       s.nextIDLocked("env-"),
		Type:     typ,
		payload:  mustJSON(payload),
		accepts:  accepts,
		deadline: ackDeadline,
		acked:    make(chan struct{}),
		s:        s,
	}
}

// Redeliver sends e again on the current connection with a higher
// retry_attempt, acknowledged or not, as Slack does when an ack is late.
func (s *Server) Redeliver(e *Envelope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		s.sendLocked(e, s.cur)
	}
}

// RedeliverUnacked sends every envelope not yet acknowledged again.
func (s *Server) RedeliverUnacked() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return
	}
	for _, e := range s.envs {
		if !e.Acked() {
			s.sendLocked(e, s.cur)
		}
	}
}

// Disconnect sends a disconnect message (reason e.g. "refresh_requested"
// or "warning") on the current connection. New envelopes wait for the
// client's next connection.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return
	}
	s.cur.enqueue(mustJSON(obj{"type": "disconnect", "reason": reason, "debug_info": obj{"host": "fakeslack"}}))
	s.cur = nil
	s.notifyLocked()
}

// DropConnection closes the current websocket hard, with no close frame.
func (s *Server) DropConnection() {
	s.mu.Lock()
	c := s.cur
	s.cur = nil
	s.notifyLocked()
	s.mu.Unlock()
	if c != nil {
		c.close()
	}
}

// Connections returns how many websocket connections were accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Connected reports whether a connection is current.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur != nil
}

// WaitConnected waits until the n-th connection is current.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool { return s.cur != nil && len(s.conns) >= n })
}

// Envelopes returns every envelope delivered so far, in order.
func (s *Server) Envelopes() []*Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Envelope(nil), s.envs...)
}

// Unacked returns the envelopes not yet acknowledged.
func (s *Server) Unacked() []*Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Envelope
	for _, e := range s.envs {
		if !e.Acked() {
			out = append(out, e)
		}
	}
	return out
}

// WaitAllAcked waits until every envelope delivered so far is acknowledged.
func (s *Server) WaitAllAcked(ctx context.Context) error {
	return s.waitFor(ctx, func() bool {
		for _, e := range s.envs {
			if !e.Acked() {
				return false
			}
		}
		return true
	})
}

// UnknownAcks returns how many acks named no envelope the fake sent.
func (s *Server) UnknownAcks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unknownAck
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only the fake's own maps are marshalled; they always encode.
		return []byte("{}")
	}
	return b
}
