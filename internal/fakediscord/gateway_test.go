package fakediscord

import (
	"context"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gwClient is a bare gateway client for testing the fake's side of the
// protocol.
type gwClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialGateway(t *testing.T, f *Fake) *gwClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(f.wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &gwClient{t: t, ws: ws}
	if op, _ := c.read(); op != 10 {
		t.Fatalf("first op %d, want 10 HELLO", op)
	}
	return c
}

func (c *gwClient) send(op int, d any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		c.t.Fatal(err)
	}
}

// read returns the next payload's op and event name.
func (c *gwClient) read() (op int, name string) {
	c.t.Helper()
	c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var p struct {
		Op int    `json:"op"`
		T  string `json:"t"`
	}
	if err := c.ws.ReadJSON(&p); err != nil {
		c.t.Fatal(err)
	}
	return p.Op, p.T
}

// closeNormally sends a close frame and closes the connection.
func (c *gwClient) closeNormally() {
	c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	c.ws.Close()
}

func TestReconnectAfterResumesAndDrops(t *testing.T) {
	f := start(t, Options{})
	c := dialGateway(t, f)
	c.send(2, Identify{Token: "Bot " + f.Token()})
	if op, name := c.read(); op != 0 || name != "READY" {
		t.Fatalf("op %d %s, want READY", op, name)
	}
	f.mu.Lock()
	session := f.session
	f.mu.Unlock()
	resume := func() *gwClient {
		c := dialGateway(t, f)
		c.send(6, Resume{Token: "Bot " + f.Token(), SessionID: session, Seq: f.Seq()})
		if op, name := c.read(); op != 0 || name != "RESUMED" {
			t.Fatalf("op %d %s, want RESUMED", op, name)
		}
		return c
	}

	f.ReconnectAfterResumes(1)
	if err := f.Reconnect(); err != nil {
		t.Fatal(err)
	}
	if op, _ := c.read(); op != 7 {
		t.Fatalf("op %d, want 7", op)
	}
	c.closeNormally() // asked to: no drop
	c = resume()
	if op, _ := c.read(); op != 7 {
		t.Fatalf("after the first RESUMED: op %d, want 7 at once", op)
	}
	c.closeNormally()
	c = resume()
	if _, err := f.Dispatch("TYPING_START", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if op, name := c.read(); op != 0 || name != "TYPING_START" {
		t.Fatalf("after the second RESUMED: op %d %s, want the next dispatch (no more op 7)", op, name)
	}
	waitFor(t, f, func() bool { return f.openConns() == 1 })
	if n := f.Drops(); n != 0 {
		t.Fatalf("%d drops after closes asked for by op 7", n)
	}
	c.closeNormally() // unasked
	waitFor(t, f, func() bool { return f.Drops() == 1 })
	if codes := f.ClientCloseCodes(); len(codes) != 3 || codes[2] != websocket.CloseNormalClosure {
		t.Errorf("close codes %v, want three, the last 1000", codes)
	}
}

// waitFor waits up to 5 s for cond.
func waitFor(t *testing.T, f *Fake, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := f.Wait(ctx, cond); err != nil {
		t.Fatal(err)
	}
}

// openConns returns how many gateway connections are open.
func (f *Fake) openConns() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.conns)
}

func TestRefuseGateway(t *testing.T) {
	f := start(t, Options{})
	f.RefuseGateway(1)
	_, resp, err := websocket.DefaultDialer.Dial(f.wsURL, nil)
	if err == nil || resp == nil || resp.StatusCode != 503 {
		t.Fatalf("refused dial: %v, %+v, want HTTP 503", err, resp)
	}
	dialGateway(t, f) // HELLO: let in again
	if n := f.GatewayRefusals(); n != 1 {
		t.Errorf("%d refusals, want 1", n)
	}
}
