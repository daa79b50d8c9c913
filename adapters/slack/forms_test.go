package slack_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestDeclareFormOnSlowSlack: with 700 ms on every Web API call a declare
// takes seconds, yet the form's submission is acknowledged within Slack's
// 3 s (the fake ignores a later ack and keeps the modal open); the
// declarer is answered when the incident is declared, and the same view
// submitted again declares nothing more.
func TestDeclareFormOnSlowSlack(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1")
	w := startWarroom(t, s, zerolog.WarnLevel)
	s.SetLatency(700 * time.Millisecond)

	if _, err := s.SendSlashCommand(ops, "U1", "declare").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Views()) == 1 }); err != nil {
		t.Fatalf("no declare modal; views.open calls %+v", s.Calls("views.open"))
	}
	view := s.Views()[0]

	// A bad form is answered in the modal, in time, and declares nothing.
	bad, err := s.SendViewSubmission(view.ID, "U1", map[string]string{"title": " "})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := bad.Wait(ctx); err != nil || ack.Late || !strings.Contains(string(ack.Payload), `"title"`) {
		t.Fatalf("bad submission: ack %s late %v, %v; want the title's error in time", ack.Payload, ack.Late, err)
	}

	good, err := s.SendViewSubmission(view.ID, "U1", map[string]string{"title": "Payments failing", "severity": "P1"})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := good.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Late || len(ack.Payload) != 0 {
		t.Fatalf("submission acked after %s (late %v) with %s; want within Slack's 3 s and no payload", ack.Latency, ack.Late, ack.Payload)
	}
	t.Logf("view_submission acked after %s with 700 ms on every Web API call", ack.Latency.Round(time.Millisecond))
	if v := s.Views()[0]; !v.Closed {
		t.Errorf("modal still open after the ack: %+v", v)
	}
	// Slack delivers the envelope again (a reconnect before it saw the ack).
	s.Redeliver(good)

	answered := func(sub string) bool {
		for _, e := range s.Ephemerals() {
			if e.User == "U1" && strings.Contains(e.Text, sub) {
				return true
			}
		}
		return false
	}
	if err := s.Wait(ctx, func() bool { return answered("Declared INC-1 (P1)") && answered("submitted already") }); err != nil {
		t.Fatalf("declarer not answered; ephemerals %+v", s.Ephemerals())
	}
	incs, err := w.db.Incidents(ctx, false)
	if err != nil || len(incs) != 1 {
		t.Fatalf("%d incidents (%v), want 1", len(incs), err)
	}
	if n := s.CallCount("conversations.create"); n != 1 {
		t.Errorf("conversations.create called %d times, want 1", n)
	}
	if _, ok := s.ChannelByName("inc-1-payments-failing"); !ok {
		t.Errorf("no channel inc-1-payments-failing among %+v", s.Channels())
	}
}
