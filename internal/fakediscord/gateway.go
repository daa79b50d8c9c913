package fakediscord

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway close codes the fake can send.
const (
	CloseAuthenticationFailed = 4004
	CloseDisallowedIntents    = 4014
)

// frame is one dispatch kept in the session's log for RESUME.
type frame struct {
	seq  int64
	data []byte
}

// gwConn is one gateway websocket.
type gwConn struct {
	ws    *websocket.Conn
	wmu   sync.Mutex
	asked atomic.Bool // the fake sent op 7 on it or closed it
}

func (c *gwConn) write(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// writeRaw writes text messages in one write to the TCP connection, each
// in one unmasked frame, as a server sends them.
func (c *gwConn) writeRaw(msgs ...[]byte) error {
	var b []byte
	for _, m := range msgs {
		b = append(b, 0x81) // FIN, text
		switch n := len(m); {
		case n < 126:
			b = append(b, byte(n))
		case n < 1<<16:
			b = append(b, 126, byte(n>>8), byte(n))
		default:
			b = append(b, 127)
			b = binary.BigEndian.AppendUint64(b, uint64(n))
		}
		b = append(b, m...)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	nc := c.ws.UnderlyingConn()
	nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := nc.Write(b)
	return err
}

func (c *gwConn) writeOp(op int, d any) error {
	b, err := json.Marshal(map[string]any{"op": op, "d": d, "s": nil, "t": nil})
	if err != nil {
		return err
	}
	return c.write(b)
}

func (c *gwConn) closeWith(code int, text string) {
	c.asked.Store(true)
	c.wmu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.wmu.Unlock()
	c.ws.Close()
}

// serveGateway runs one gateway connection.
func (f *Fake) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	refuse := f.takeFaultLocked(&f.dialsLeft, &f.dialsRefused)
	f.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := f.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	f.mu.Lock()
	f.conns[c] = true
	silent := f.takeFaultLocked(&f.silentLeft, &f.silenced)
	f.mu.Unlock()
	defer func() {
		ws.Close()
		f.mu.Lock()
		if !c.asked.Load() {
			f.drops++
		}
		delete(f.conns, c)
		if f.conn == c {
			f.conn = nil
		}
		f.notifyLocked()
		f.mu.Unlock()
	}()
	if silent {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}
	if err := c.writeOp(10, map[string]any{"heartbeat_interval": f.opts.HeartbeatInterval.Milliseconds()}); err != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				f.mu.Lock()
				f.closeCodes = append(f.closeCodes, ce.Code)
				f.mu.Unlock()
			}
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(data, &p); err != nil {
			c.closeWith(4002, "Error while decoding payload.")
			return
		}
		switch p.Op {
		case 1:
			if err := c.writeOp(11, nil); err != nil {
				return
			}
		case 2:
			var id Identify
			if err := json.Unmarshal(p.D, &id); err != nil {
				c.closeWith(4002, "Error while decoding payload.")
				return
			}
			if !f.identify(c, id) {
				return
			}
		case 6:
			var rs Resume
			if err := json.Unmarshal(p.D, &rs); err != nil {
				c.closeWith(4002, "Error while decoding payload.")
				return
			}
			f.resume(c, rs)
		}
	}
}

// identify starts a new session on c, or refuses it; it reports whether
// the connection stays open.
func (f *Fake) identify(c *gwConn, id Identify) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.identifies = append(f.identifies, id)
	f.notifyLocked()
	if id.Token != "Bot "+f.opts.Token && id.Token != f.opts.Token {
		c.closeWith(CloseAuthenticationFailed, "Authentication failed.")
		return false
	}
	if f.refuseLeft != 0 {
		if f.refuseLeft > 0 {
			f.refuseLeft--
		}
		c.closeWith(f.refuseCode, "Disallowed intent(s).")
		return false
	}
	f.sessions++
	f.session = fmt.Sprintf("fake-session-%d", f.sessions)
	f.seq, f.log = 0, nil
	f.conn = c
	f.dispatchLocked("READY", map[string]any{
		"v": 9, "user": f.bot, "session_id": f.session, "session_type": "normal",
		"resume_gateway_url": f.wsURL, "shard": []int{0, 1},
		"guilds":                  []map[string]any{{"id": f.guildID, "unavailable": true}},
		"private_channels":        []any{},
		"application":             map[string]any{"id": f.appID, "flags": 0},
		"_trace":                  []string{"fakediscord"},
		"geo_ordered_rtc_regions": []string{},
	})
	return true
}

// resume replays the session's events after rs.Seq on c, then RESUMED; a
// session it does not know gets op 9.
func (f *Fake) resume(c *gwConn, rs Resume) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resumes = append(f.resumes, rs)
	f.notifyLocked()
	if rs.SessionID == "" || rs.SessionID != f.session || rs.Seq > f.seq {
		c.writeOp(9, false)
		return
	}
	f.conn = c
	for _, fr := range f.log {
		if fr.seq > rs.Seq {
			if err := c.write(fr.data); err != nil {
				f.conn = nil
				return
			}
		}
	}
	resumed := map[string]any{"_trace": []string{"fakediscord"}}
	if f.reconnects == 0 {
		f.dispatchLocked("RESUMED", resumed)
		return
	}
	// RESUMED and op 7 in one TCP write: the client reads both at once.
	f.reconnects--
	f.conn = nil
	f.dispatchLocked("RESUMED", resumed)
	op7, _ := json.Marshal(map[string]any{"op": 7, "d": nil, "s": nil, "t": nil})
	c.asked.Store(true)
	c.writeRaw(f.log[len(f.log)-1].data, op7)
}

// dispatchLocked sends a dispatch (op 0) with the next sequence number to
// the connected client and keeps it for RESUME. It returns the sequence.
func (f *Fake) dispatchLocked(t string, d any) (int64, error) {
	b, err := json.Marshal(map[string]any{"op": 0, "s": f.seq + 1, "t": t, "d": d})
	if err != nil {
		return 0, fmt.Errorf("fakediscord: marshal %s: %w", t, err)
	}
	f.seq++
	f.log = append(f.log, frame{seq: f.seq, data: b})
	if f.conn != nil {
		if err := f.conn.write(b); err != nil {
			f.conn = nil
		}
	}
	return f.seq, nil
}

// Dispatch sends an event of type t with payload d and returns its
// sequence number. If no client is connected it is only kept for RESUME.
func (f *Fake) Dispatch(t string, d any) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.notifyLocked()
	return f.dispatchLocked(t, d)
}

// ErrNotConnected is returned by gateway controls when no client is connected.
var ErrNotConnected = errors.New("fakediscord: no gateway client connected")

// Connected reports whether a client has a live, identified or resumed
// gateway session.
func (f *Fake) Connected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conn != nil
}

// Reconnect sends op 7 RECONNECT. Events dispatched until the client
// resumes are kept and replayed.
func (f *Fake) Reconnect() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn == nil {
		return ErrNotConnected
	}
	f.conn.asked.Store(true)
	err := f.conn.writeOp(7, nil)
	f.conn = nil
	f.notifyLocked()
	return err
}

// ReconnectAfterResumes makes the next n RESUMEDs be followed at once by
// op 7 RECONNECT, as when a client resumes on a gateway node that is being
// drained. Each op 7 asks for one more resume.
func (f *Fake) ReconnectAfterResumes(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reconnects = n
}

// InvalidSession sends op 9 with d false and forgets the session: the
// client must identify again, and events not yet delivered are lost.
func (f *Fake) InvalidSession() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn == nil {
		return ErrNotConnected
	}
	err := f.conn.writeOp(9, false)
	f.conn, f.session = nil, ""
	f.notifyLocked()
	return err
}

// HardClose drops the TCP connection with no close frame, as a network
// failure would. The session stays resumable.
func (f *Fake) HardClose() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn == nil {
		return ErrNotConnected
	}
	f.conn.asked.Store(true)
	err := f.conn.ws.UnderlyingConn().Close()
	f.conn = nil
	f.notifyLocked()
	return err
}

// CloseConn closes the gateway connection with a close code.
func (f *Fake) CloseConn(code int, text string) error {
	f.mu.Lock()
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	if c == nil {
		return ErrNotConnected
	}
	c.closeWith(code, text)
	return nil
}

// RefuseIntents makes the next n IDENTIFYs (every one if n < 0) fail with
// close code 4014, "Disallowed intent(s)", as Discord does when a
// privileged intent is not enabled for the application.
func (f *Fake) RefuseIntents(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refuseCode, f.refuseLeft = CloseDisallowedIntents, n
}

// Identifies returns every IDENTIFY received.
func (f *Fake) Identifies() []Identify {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Identify(nil), f.identifies...)
}

// Resumes returns every RESUME received.
func (f *Fake) Resumes() []Resume {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Resume(nil), f.resumes...)
}

// RefuseGateway makes the next n gateway connections (every one if n < 0)
// fail with HTTP 503 instead of upgrading to a websocket, as during an
// outage.
func (f *Fake) RefuseGateway(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dialsLeft = n
}

// takeFaultLocked reports whether a connection gets a fault of which left
// remain (every connection if left < 0), counting it in done. f.mu must be
// held.
func (f *Fake) takeFaultLocked(left, done *int) bool {
	if *left == 0 {
		return false
	}
	if *left > 0 {
		*left--
	}
	*done++
	f.notifyLocked()
	return true
}

// SilenceGateway makes the next n gateway connections (every one if n < 0)
// upgrade to a websocket and then send nothing, not even HELLO, as a
// gateway that hangs does.
func (f *Fake) SilenceGateway(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.silentLeft = n
}

// Silenced returns how many gateway connections SilenceGateway left
// without HELLO.
func (f *Fake) Silenced() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.silenced
}

// GatewayRefusals returns how many gateway connections RefuseGateway made
// fail.
func (f *Fake) GatewayRefusals() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dialsRefused
}

// Drops returns how many gateway connections the client closed or
// abandoned without being asked to: no op 7 sent on them, and not closed
// by the fake (a hard close, a close code, Close). A client that stops
// counts one.
func (f *Fake) Drops() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.drops
}

// ClientCloseCodes returns the code of every close frame the client sent.
func (f *Fake) ClientCloseCodes() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.closeCodes...)
}

// Seq returns the sequence number of the last dispatch of the session.
func (f *Fake) Seq() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq
}

// SetOwnMessages sets whether messages the bot posts through REST are
// dispatched back to it as MESSAGE_CREATE, as Discord does (default true).
func (f *Fake) SetOwnMessages(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ownMessages = on
}
