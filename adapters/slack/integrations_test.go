package slack_test

import (
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestIntegrationMessages: what integrations post (alerts from Grafana as a
// classic bot_message, Datadog's app with a bot_id) is recorded, live and
// when catching up, attributed to the integration and to no person; the
// bot's own posts are not.
func TestIntegrationMessages(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-3", "U1")
	before := s.AddHistory(ch, "U1", "cursor here")
	missed := s.AddIntegrationHistory(ch, "B0PAGER", "PagerDuty", "Triggered: checkout 5xx > 2%")
	h := newRecorder()
	h.setCursors(bot.Cursor{IncidentID: 3, ChannelID: ch, MessageID: before, At: tsTime(t, before)})
	a := start(t, s, h)
	h.wait(t, ctx, "the alert read back", func() bool { return len(h.events) >= 1 })

	grafana := s.SendIntegrationMessage(ch, "B0GRAF", "Grafana", "[FIRING:1] CheckoutErrorRate")
	datadog := s.SendAppMessage(ch, "B0DD", "U0DD", "Datadog", "Monitor triggered: p99 latency")
	if _, err := a.Post(ctx, ch, bot.Message{Text: "INC-3 status: investigating"}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitAllAcked(ctx); err != nil {
		t.Fatalf("unacked: %d", len(s.Unacked()))
	}
	want := map[string]bot.Event{
		missed:     {Kind: bot.MessagePosted, MessageID: missed, UserName: "PagerDuty (integration)", Text: "Triggered: checkout 5xx > 2%"},
		grafana.TS: {Kind: bot.MessagePosted, EventID: grafana.EventID, MessageID: grafana.TS, UserName: "Grafana (integration)", Text: "[FIRING:1] CheckoutErrorRate"},
		datadog.TS: {Kind: bot.MessagePosted, EventID: datadog.EventID, MessageID: datadog.TS, UserName: "Datadog (integration)", Text: "Monitor triggered: p99 latency"},
	}
	got := h.Events()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d (the bot's own post is none): %+v", len(got), len(want), got)
	}
	for _, g := range got {
		w, ok := want[g.MessageID]
		g.At, g.ChannelID = w.At, w.ChannelID
		if !ok || g != w {
			t.Errorf("got %+v\nwant %+v", g, w)
		}
	}
}
