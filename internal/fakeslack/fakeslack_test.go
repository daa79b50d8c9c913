package fakeslack_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/warroom-dev/warroom/internal/fakeslack"
)

func client(s *fakeslack.Server) *slack.Client {
	return slack.New(fakeslack.BotToken,
		slack.OptionAPIURL(s.URL()),
		slack.OptionAppLevelToken(fakeslack.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestWebAPIErrorsAndTokens(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)

	bad := slack.New("xoxb-wrong", slack.OptionAPIURL(s.URL()))
	if _, err := bad.AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Fatalf("auth.test with a wrong token: %v, want invalid_auth", err)
	}
	api := client(s)
	at, err := api.AuthTestContext(ctx)
	if err != nil || at.UserID != fakeslack.BotUserID || at.BotID != fakeslack.BotID {
		t.Fatalf("auth.test = %+v, %v", at, err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C404", slack.MsgOptionText("x", false)); err == nil || err.Error() != "channel_not_found" {
		t.Fatalf("post to unknown channel: %v", err)
	}

	s.RateLimit("chat.postMessage", 1, 0)
	ch := s.AddChannel("ops")
	_, _, err = api.PostMessageContext(ctx, ch, slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("rate limited post: %v, want *slack.RateLimitedError", err)
	}
	s.Fail("chat.postMessage", "fatal_error", 1)
	if _, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("x", false)); err == nil || err.Error() != "fatal_error" {
		t.Fatalf("failing post: %v", err)
	}
	if _, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("post after faults: %v", err)
	}
	if got := len(s.History(ch)); got != 1 {
		t.Fatalf("history has %d messages, want 1", got)
	}
	if _, err := api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: "ops"}); err == nil || err.Error() != "name_taken" {
		t.Fatalf("create taken name: %v", err)
	}
	if _, err := api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: "Bad Name"}); err == nil || err.Error() != "invalid_name_specials" {
		t.Fatalf("create bad name: %v", err)
	}
}

func TestHistoryPaging(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)
	api := client(s)
	ch := s.AddChannel("ops", "U1")
	var ts []string
	for i := 0; i < 25; i++ {
		ts = append(ts, s.AddHistory(ch, "U1", "m"))
	}
	var got []string
	cursor := ""
	pages := 0
	for {
		res, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: ch, Oldest: ts[4], Limit: 7, Cursor: cursor,
		})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range res.Messages {
			got = append(got, m.Timestamp)
		}
		if !res.HasMore {
			break
		}
		cursor = res.ResponseMetaData.NextCursor
	}
	if len(got) != 20 || pages != 3 {
		t.Fatalf("got %d messages in %d pages, want 20 in 3", len(got), pages)
	}
	if got[0] != ts[24] || got[19] != ts[5] {
		t.Fatalf("want newest first from %s down to %s, got %s..%s", ts[24], ts[5], got[0], got[19])
	}
}

// TestEditHistory: an edit made behind the bot's back shows in history
// with its ts and delivers nothing.
func TestEditHistory(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)
	ch := s.AddChannel("ops", "U1")
	ts := s.AddHistory(ch, "U1", "before")
	edited := s.EditHistory(ch, ts, "after")
	e, _ := fakeslack.ParseTS(edited)
	m, _ := fakeslack.ParseTS(ts)
	if edited == "" || e <= m {
		t.Fatalf("edit ts %q, want one after the message's %s", edited, ts)
	}
	if s.EditHistory(ch, "1.000001", "x") != "" {
		t.Error("edited a message that does not exist")
	}
	res, err := client(s).GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) != 1 || res.Messages[0].Text != "after" || res.Messages[0].Edited == nil || res.Messages[0].Edited.Timestamp != edited {
		t.Fatalf("history = %+v", res.Messages)
	}
	if n := len(s.Envelopes()); n != 0 {
		t.Errorf("%d events delivered, want none", n)
	}
}

func TestUploadFlow(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)
	api := client(s)
	ch := s.AddChannel("ops")
	f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "pm.md", Title: "Postmortem", Content: "# hello", FileSize: 7, Channel: ch, InitialComment: "draft",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 || files[0].ID != f.ID || string(files[0].Content) != "# hello" || files[0].Channel != ch || files[0].Comment != "draft" {
		t.Fatalf("files = %+v", files)
	}
}

// TestSocketModeRedelivery drives slack-go's socketmode client: hello, an
// envelope left unacked across a dropped connection is delivered again with
// a higher retry_attempt, and its ack reaches the fake.
func TestSocketModeRedelivery(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	s.SetPingInterval(50 * time.Millisecond)
	ctx := ctxT(t)
	ch := s.AddChannel("ops", "U1")
	sm := socketmode.New(client(s))
	go func() { _ = sm.RunContext(ctx) }()

	var ackNext atomic.Bool
	attempts := make(chan int, 10)
	go func() {
		for evt := range sm.Events {
			if evt.Type == socketmode.EventTypeEventsAPI {
				attempts <- evt.Request.RetryAttempt
				if ackNext.Load() {
					_ = sm.Ack(*evt.Request)
				}
			}
		}
	}()
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	e := s.SendMessage(ch, "U1", "hello")
	if a := <-attempts; a != 0 {
		t.Fatalf("first delivery retry_attempt = %d", a)
	}
	ackNext.Store(true)
	s.DropConnection()
	if a := <-attempts; a != 1 {
		t.Fatalf("redelivery retry_attempt = %d, want 1", a)
	}
	ack, err := e.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Deliveries != 2 || s.Connections() != 2 {
		t.Fatalf("ack after %d deliveries on %d connections, want 2 and 2", ack.Deliveries, s.Connections())
	}

	// A redelivery of an acknowledged envelope is acknowledged again.
	s.Redeliver(e)
	if a := <-attempts; a != 2 {
		t.Fatalf("second redelivery retry_attempt = %d, want 2", a)
	}
	if err := s.Wait(ctx, func() bool { return e.Acks() == 2 }); err != nil {
		t.Fatalf("acks = %d, want 2", e.Acks())
	}
}

func TestSetTokens(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)
	s.SetTokens("xoxb-other", "xapp-other")
	if _, err := client(s).AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Fatalf("auth.test with the default token: %v, want invalid_auth", err)
	}
	api := slack.New("xoxb-other", slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken("xapp-other"))
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Fatalf("auth.test with the token set: %v", err)
	}
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		t.Fatalf("apps.connections.open with the app token set: %v", err)
	}
}

// TestHold: a held method's calls wait, counted by Held, until release;
// other methods answer meanwhile.
func TestHold(t *testing.T) {
	s := fakeslack.New()
	defer s.Close()
	ctx := ctxT(t)
	api := client(s)
	ch := s.AddChannel("ops")
	release := s.Hold("chat.postMessage")
	done := make(chan error, 2)
	for range 2 {
		go func() {
			_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("held", false))
			done <- err
		}()
	}
	if err := s.Wait(ctx, func() bool { return s.Held("chat.postMessage") == 2 }); err != nil {
		t.Fatalf("%d calls held, want 2: %v", s.Held("chat.postMessage"), err)
	}
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Fatalf("auth.test while posts are held: %v", err)
	}
	select {
	case err := <-done:
		t.Fatalf("a held post answered before release: %v", err)
	default:
	}
	if n := len(s.History(ch)); n != 0 {
		t.Fatalf("%d messages posted while held", n)
	}
	release()
	release() // twice is harmless
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("post after release: %v", err)
		}
	}
	if n, h := len(s.History(ch)), s.Held("chat.postMessage"); n != 2 || h != 0 {
		t.Errorf("after release: %d messages, %d held; want 2, 0", n, h)
	}
}
