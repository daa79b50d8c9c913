package slack_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/internal/observetest"
)

// TestObserver checks what the adapter reports: every delivery received
// and acknowledged by kind, with the time it was held (an event is held
// until Record returns), and every Web API attempt by method with its
// outcome, rate-limited ones included.
func TestObserver(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("ops", "U1", "U2")
	obs := observetest.New()
	h := newRecorder()
	const hold = 30 * time.Millisecond
	h.record = func(bot.Event) error {
		time.Sleep(hold) // a slow commit: the ack waits for it
		return nil
	}
	h.command = func(req bot.Request) bot.Response {
		if req.Text == "post" {
			return bot.Response{Text: "posted"}
		}
		return bot.Response{Form: &bot.Form{Kind: bot.FormUpdate, Title: "Update", ChannelID: req.ChannelID,
			Fields: []bot.Field{{ID: "status", Label: "Status"}}}}
	}
	a, err := slack.New(slack.Options{
		AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(),
		HTTPTimeout: 5 * time.Second, Observer: obs,
		Log: zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.ErrorLevel),
	})
	if err != nil {
		t.Fatal(err)
	}
	h.nameWith(a)
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx, h) }()
	defer func() {
		cancel()
		<-done
	}()
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}

	msg := s.SendMessage(ch, "U1", "hello")
	s.SendReaction(ch, "U2", msg.TS, "eyes")
	s.SendSlashCommand(ch, "U1", "update") // opens a modal
	if err := s.Wait(ctx, func() bool { return len(s.Views()) == 1 }); err != nil {
		t.Fatal("no modal opened")
	}
	sub, err := s.SendViewSubmission(s.Views()[0].ID, "U1", map[string]string{"status": "fine"})
	if err != nil {
		t.Fatal(err)
	}
	s.RateLimit("chat.postEphemeral", 2, 0)
	s.SendSlashCommand(ch, "U1", "post")
	if err := s.WaitAllAcked(ctx); err != nil {
		t.Fatalf("%d envelopes unacked", len(s.Unacked()))
	}
	if _, err := sub.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Ephemerals()) == 1 }); err != nil {
		t.Fatal("no answer to the second command")
	}

	// The observer is told after the ack is written: wait for it too.
	deadline := time.Now().Add(5 * time.Second)
	want := map[string]int{
		"slack/message": 1, "slack/reaction_added": 1, "slack/slash_command": 2, "slack/view_submission": 1,
	}
	var received, acked, calls, errs map[string]int
	var lat map[string][]time.Duration
	for {
		got := obs.Snapshot()
		received, acked, calls, errs, lat = got.Received, got.Acked, got.Calls, got.Errors, got.Latencies
		if maps.Equal(acked, want) && calls["slack/chat.postEphemeral"] == 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !maps.Equal(received, want) {
		t.Errorf("received = %v, want %v", received, want)
	}
	if !maps.Equal(acked, want) {
		t.Errorf("acked = %v, want %v", acked, want)
	}
	for _, l := range lat["message"] {
		if l < hold {
			t.Errorf("message ack latency %v, but Record took %v", l, hold)
		}
	}
	for _, l := range lat["slash_command"] {
		if l >= time.Second {
			t.Errorf("slash command ack latency %v", l)
		}
	}
	for method, n := range map[string]int{"auth.test": 1, "users.info": 2, "views.open": 1, "chat.postEphemeral": 3} {
		if calls["slack/"+method] != n {
			t.Errorf("%s reported %d times, want %d (all: %v)", method, calls["slack/"+method], n, calls)
		}
	}
	if errs["slack/chat.postEphemeral"] != 2 || errs["slack/users.info"] != 0 {
		t.Errorf("errors = %v, want 2 rate-limited chat.postEphemeral", errs)
	}
}
