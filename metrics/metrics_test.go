package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHandler(t *testing.T) {
	m := New(func() float64 { return 3 })
	m.StoreErrors(func() float64 { return 2 })
	var obs bot.Observer = m
	obs.EventReceived("slack", "message")
	obs.EventAcked("slack", "message", 3*time.Millisecond)
	obs.APICall("slack", "chat.postMessage", nil)
	obs.APICall("slack", "chat.postMessage", errors.New("ratelimited"))
	obs.Appended(bot.EntryMessage)
	obs.ReminderSent(true)

	connected := errors.New("socket mode not connected")
	srv := httptest.NewServer(m.Handler(map[string]Check{
		"platform": func(context.Context) error { return connected },
		"store":    func(context.Context) error { return nil },
	}))
	defer srv.Close()

	if code, body := get(t, srv, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get(t, srv, "/readyz"); code != 503 || !strings.Contains(body, "platform: socket mode not connected") || !strings.Contains(body, "store: ok") {
		t.Errorf("/readyz while disconnected = %d %q", code, body)
	}
	connected = nil
	if code, _ := get(t, srv, "/readyz"); code != 200 {
		t.Errorf("/readyz when ready = %d", code)
	}
	code, body := get(t, srv, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`warroom_events_received_total{kind="message",platform="slack"} 1`,
		`warroom_events_acked_total{kind="message",platform="slack"} 1`,
		`warroom_ack_latency_seconds_bucket{kind="message",platform="slack",le="0.005"} 1`,
		`warroom_api_calls_total{method="chat.postMessage",platform="slack"} 2`,
		`warroom_api_errors_total{method="chat.postMessage",platform="slack"} 1`,
		`warroom_timeline_appends_total{kind="message"} 1`,
		`warroom_reminders_sent_total{type="escalation"} 1`,
		`warroom_open_incidents 3`,
		`warroom_store_errors_total 2`,
		`warroom_go_goroutines`,
		`warroom_process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.HasPrefix(line, "warroom_") {
			t.Errorf("metric without the warroom_ prefix: %s", line)
		}
	}
}
