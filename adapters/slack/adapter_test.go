package slack_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakeslack"
)

func TestNewChecksSettings(t *testing.T) {
	const secret = "xoxp-1234-secret-user-token"
	tests := []struct {
		name string
		o    slack.Options
		want string
	}{
		{"no app token", slack.Options{BotToken: "xoxb-1"}, "SLACK_APP_TOKEN is not set: expected the Slack app-level token, xapp-..."},
		{"bot token as app token", slack.Options{AppToken: "xoxb-1", BotToken: "xoxb-1"}, `SLACK_APP_TOKEN must be the Slack app-level token, xapp-... (got a token starting with "xoxb-")`},
		{"no bot token", slack.Options{AppToken: "xapp-1"}, "SLACK_BOT_TOKEN is not set: expected the Slack bot token, xoxb-..."},
		{"user token as bot token", slack.Options{AppToken: "xapp-1", BotToken: secret}, `SLACK_BOT_TOKEN must be the Slack bot token, xoxb-... (got a token starting with "xoxp-")`},
		{"api url without slash", slack.Options{AppToken: "xapp-1", BotToken: "xoxb-1", APIURL: "http://127.0.0.1:1/api"}, `SLACK_API_URL must end in "/"`},
		{"good", slack.Options{AppToken: "xapp-1", BotToken: "xoxb-1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := slack.New(tt.o)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New error = %v, want it to contain %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), "secret"):
				t.Fatalf("error shows the token: %v", err)
			}
		})
	}
}

func TestSlashCommandAckedBeforeWork(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("ops", "U1")
	h := newRecorder()
	release := make(chan struct{})
	h.command = func(req bot.Request) bot.Response {
		<-release
		return bot.Response{Text: "done: " + req.Text}
	}
	start(t, s, h)

	e := s.SendSlashCommand(ch, "U1", "list")
	ack, err := e.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ack.Payload) != 0 {
		t.Errorf("slash command ack payload = %s, want none", ack.Payload)
	}
	if got := s.Ephemerals(); len(got) != 0 {
		t.Fatalf("answered before the work was done: %+v", got)
	}
	close(release)
	err = s.Wait(ctx, func() bool { return len(s.Ephemerals()) == 1 })
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Ephemerals()[0]; got.User != "U1" || got.Channel != ch || got.Text != "done: list" {
		t.Fatalf("ephemeral = %+v", got)
	}
	if r := h.Requests()[0]; r.User != "U1" || r.ChannelID != ch || !r.Forms || r.UserName != "alice" {
		t.Fatalf("request = %+v", r)
	}
}

// TestMalformedCommandAndFallback: a bad command gets its usage text
// privately and the adapter keeps answering; where chat.postEphemeral
// cannot reach the user (a channel the bot is not in), the response URL
// carries the answer.
func TestMalformedCommandAndFallback(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("ops", "U1")
	h := newRecorder()
	h.command = func(req bot.Request) bot.Response {
		if strings.HasPrefix(req.Text, "bogus") {
			return bot.Response{Text: "Unknown subcommand.\nUsage: /incident help", Code: bot.EInvalid}
		}
		return bot.Response{Text: "ok " + req.Text}
	}
	start(t, s, h)

	s.SendSlashCommand(ch, "U1", "bogus --sev P9 &amp; &lt;x&gt;")
	s.SendSlashCommand(ch, "U1", "list")
	s.SendSlashCommand("C0NOTIN", "U2", "list") // the bot is in no such channel
	if err := s.Wait(ctx, func() bool { return len(s.Ephemerals()) == 2 && len(s.Responses()) == 1 }); err != nil {
		t.Fatalf("answers: ephemerals %+v, responses %+v", s.Ephemerals(), s.Responses())
	}
	texts := map[string]bool{}
	for _, e := range s.Ephemerals() {
		texts[e.Text] = true
	}
	if !texts["Unknown subcommand.\nUsage: /incident help"] || !texts["ok list"] {
		t.Fatalf("ephemerals = %+v", s.Ephemerals())
	}
	if r := s.Responses()[0]; r.Text != "ok list" || r.ResponseType != "ephemeral" {
		t.Fatalf("response_url post = %+v", r)
	}
	var sawBogus bool
	for _, r := range h.Requests() {
		sawBogus = sawBogus || r.Text == "bogus --sev P9 & <x>"
	}
	if !sawBogus {
		t.Fatalf("command text not unescaped: %+v", h.Requests())
	}
}

func TestEventAckedOnlyAfterRecord(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1", "U1")
	h := newRecorder()
	entered := make(chan struct{}, 10)
	release := make(chan struct{})
	h.record = func(bot.Event) error {
		entered <- struct{}{}
		<-release
		return nil
	}
	start(t, s, h)

	e := s.SendMessage(ch, "U1", "hello")
	<-entered
	time.Sleep(50 * time.Millisecond) // give a wrong early ack time to arrive
	if e.Acked() {
		t.Fatal("event acked before Record returned")
	}
	close(release)
	if _, err := e.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got := h.Events(); len(got) != 1 || got[0].Text != "hello" || got[0].EventID != e.EventID {
		t.Fatalf("events = %+v", got)
	}
}

// TestRecordFailureRedelivered: an event whose Record fails is not acked;
// Slack delivers it again on the next connection (after a dropped socket
// or a disconnect message), and Record sees the same EventID.
func TestRecordFailureRedelivered(t *testing.T) {
	for _, how := range []string{"drop", "disconnect"} {
		t.Run(how, func(t *testing.T) {
			s := newFake(t)
			ctx := testCtx(t)
			ch := s.AddChannel("inc-1", "U1")
			h := newRecorder()
			failed := make(chan bot.Event, 1)
			var once atomic.Bool
			h.record = func(ev bot.Event) error {
				if once.CompareAndSwap(false, true) {
					failed <- ev
					return errors.New("disk full")
				}
				return nil
			}
			start(t, s, h)

			e := s.SendMessage(ch, "U1", "hello")
			first := <-failed
			time.Sleep(50 * time.Millisecond)
			if e.Acked() {
				t.Fatal("event acked although Record failed")
			}
			if how == "drop" {
				s.DropConnection()
			} else {
				s.Disconnect("refresh_requested")
			}
			ack, err := e.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := h.Events()
			if ack.Deliveries != 2 || len(got) != 1 || got[0].EventID != first.EventID || got[0].MessageID != e.TS {
				t.Fatalf("after %d deliveries recorded %+v, first try %+v", ack.Deliveries, got, first)
			}
			if s.Connections() != 2 {
				t.Fatalf("%d connections, want 2", s.Connections())
			}
		})
	}
}

// TestSocketDroppedMidBurst: the socket drops twice in the middle of a
// burst of messages; every message is still recorded (some twice, which
// the engine's keys absorb) and every envelope acked.
func TestSocketDroppedMidBurst(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1", "U1", "U2")
	h := newRecorder()
	start(t, s, h)

	const n = 300
	want := map[string]bool{}
	for i := 0; i < n; i++ {
		e := s.SendMessage(ch, []string{"U1", "U2"}[i%2], fmt.Sprintf("msg %d", i))
		want[e.TS] = true
		switch i {
		case n / 3:
			s.DropConnection()
		case 2 * n / 3:
			if err := s.WaitConnected(ctx, 2); err != nil {
				t.Fatal(err)
			}
			s.DropConnection()
		}
	}
	if err := s.WaitAllAcked(ctx); err != nil {
		t.Fatalf("%d envelopes never acked", len(s.Unacked()))
	}
	seen := map[string]int{}
	for _, ev := range h.Events() {
		seen[ev.MessageID]++
	}
	for ts := range want {
		if seen[ts] == 0 {
			t.Errorf("message %s lost", ts)
		}
	}
	if s.Connections() < 3 {
		t.Fatalf("%d connections, want at least 3", s.Connections())
	}
	t.Logf("%d messages, %d Record calls over %d connections", n, len(h.Events()), s.Connections())
}

// TestRateLimitedPostsInOrder: chat.postMessage answers 429 again and
// again; every post still goes out, and the posts of each caller keep
// their order.
func TestRateLimitedPostsInOrder(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1")
	a := newAdapter(t, s)
	s.RateLimit("chat.postMessage", 5, 0)

	const writers, each = 5, 10
	errc := make(chan error, writers)
	for w := 0; w < writers; w++ {
		go func() {
			for i := 0; i < each; i++ {
				if i == 5 && w == 0 {
					s.RateLimit("chat.postMessage", 5, 0)
				}
				if _, err := a.Post(ctx, ch, bot.Message{Text: fmt.Sprintf("w%d-%02d", w, i)}); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for w := 0; w < writers; w++ {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	last := map[string]string{}
	h := s.History(ch)
	if len(h) != writers*each {
		t.Fatalf("%d messages posted, want %d", len(h), writers*each)
	}
	for _, m := range h {
		w := m.Text[:2]
		if m.Text <= last[w] {
			t.Fatalf("%s posted after %s", m.Text, last[w])
		}
		last[w] = m.Text
	}
	limited := 0
	for _, c := range s.Calls("chat.postMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	if limited != 10 {
		t.Fatalf("%d posts rate limited, want 10", limited)
	}
}

// TestRateLimitWaitsRetryAfter: the retry comes no sooner than Slack's
// Retry-After (one second: slack-go reads whole seconds).
func TestRateLimitWaitsRetryAfter(t *testing.T) {
	s := newFake(t)
	ch := s.AddChannel("inc-1")
	a := newAdapter(t, s)
	s.RateLimit("chat.postMessage", 1, 1)
	if _, err := a.Post(testCtx(t), ch, bot.Message{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	calls := s.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls = %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Fatalf("retried after %v, before Retry-After", gap)
	}
}

// TestChannelName: the channel is created with the name the engine made
// (bot.ChannelName), cut to Slack's 80 characters if need be.
func TestChannelName(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	a := start(t, s, newRecorder())
	for _, tt := range []struct{ in, want string }{
		{"inc-42-db-down", "inc-42-db-down"},
		{"inc-1-" + strings.Repeat("a", 100), "inc-1-" + strings.Repeat("a", 74)},
		{"", "incident"},
	} {
		c, err := a.CreateChannel(ctx, tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != tt.want {
			t.Errorf("CreateChannel(%q) made %q, want %q", tt.in, c.Name, tt.want)
		}
	}
}

func TestCreateChannelNameTaken(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	long := "inc-3-" + strings.Repeat("x", 74)
	s.AddChannel("inc-1-db-down")
	s.AddChannel("inc-1-db-down-2")
	s.AddChannel(long)
	a := newAdapter(t, s)
	tests := []struct{ in, want string }{
		{"inc-1-db-down", "inc-1-db-down-3"},
		{"Inc-2 Disk Full", "inc-2-disk-full"},
		{long, "inc-3-" + strings.Repeat("x", 72) + "-2"},
	}
	for _, tt := range tests {
		c, err := a.CreateChannel(ctx, tt.in)
		if err != nil {
			t.Fatal(err)
		}
		info, ok := s.Channel(c.ID)
		if c.Name != tt.want || !ok || info.Name != tt.want || info.Private {
			t.Errorf("CreateChannel(%q) = %+v (fake: %+v), want %q", tt.in, c, info, tt.want)
		}
	}

	p, err := slack.New(slack.Options{AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(), PrivateChannels: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.CreateChannel(ctx, "inc-4-secret")
	if info, _ := s.Channel(c.ID); err != nil || !info.Private {
		t.Fatalf("private channel: %+v, %v", info, err)
	}
}

func TestInviteTopicPostPin(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	a := start(t, s, newRecorder())
	c, err := a.CreateChannel(ctx, "inc-5-x")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Invite(ctx, c.ID, []string{"U1", "U2", "U1", fakeslack.BotUserID}); err != nil {
		t.Fatal(err)
	}
	// U2 is already in: the batch fails, the adapter invites one by one.
	if err := a.Invite(ctx, c.ID, []string{"U2", "U3"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Invite(ctx, c.ID, []string{"U3"}); err != nil {
		t.Fatalf("inviting a member again: %v", err)
	}
	if err := a.Invite(ctx, c.ID, []string{"U404"}); err == nil {
		t.Fatal("inviting an unknown user: no error")
	}
	topic := strings.Repeat("t", 300)
	if err := a.SetTopic(ctx, c.ID, topic); err != nil {
		t.Fatal(err)
	}
	ts, err := a.Post(ctx, c.ID, bot.Message{Text: "intro", Pin: true, Buttons: []bot.Button{
		{Label: "Acknowledge", Command: "ack", Style: "primary"}, {Label: "Resolve", Command: "resolve", Style: "danger"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	info, _ := s.Channel(c.ID)
	if strings.Join(info.Members, ",") != fakeslack.BotUserID+",U1,U2,U3" {
		t.Errorf("members = %v", info.Members)
	}
	if len([]rune(info.Topic)) != 250 {
		t.Errorf("topic is %d long, want 250", len([]rune(info.Topic)))
	}
	if len(info.Pins) != 1 || info.Pins[0] != ts {
		t.Errorf("pins = %v, want [%s]", info.Pins, ts)
	}
	if b := s.Buttons(c.ID, ts); strings.Join(b, ",") != "warroom:ack,warroom:resolve" {
		t.Errorf("buttons = %v", b)
	}
	if a.Mention("U1") != "<@U1>" {
		t.Errorf("Mention = %q", a.Mention("U1"))
	}
	name, err := a.UserName(ctx, "U2")
	if err != nil || name != "bob" {
		t.Fatalf("UserName = %q, %v", name, err)
	}
	if _, err := a.UserName(ctx, "U2"); err != nil || s.CallCount("users.info") != 1 {
		t.Fatalf("users.info called %d times, want 1 (cached)", s.CallCount("users.info"))
	}
}

func TestButtonPressRunsCommand(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-6", "U1")
	h := newRecorder()
	a := start(t, s, h)
	ts, err := a.Post(ctx, ch, bot.Message{Text: "intro", Buttons: []bot.Button{{Label: "Acknowledge", Command: "ack"}}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.SendBlockAction(ch, "U1", ts, "warroom:ack")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	h.wait(t, ctx, "the button's command", func() bool { return len(h.requests) == 1 })
	if r := h.Requests()[0]; r.Text != "ack" || r.User != "U1" || r.ChannelID != ch || !r.Forms {
		t.Fatalf("request = %+v", r)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Ephemerals()) == 1 }); err != nil {
		t.Fatal("no answer to the button press")
	}
}

func TestModalOpenAndSubmit(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-7", "U1")
	h := newRecorder()
	h.command = func(req bot.Request) bot.Response {
		return bot.Response{Form: &bot.Form{
			Kind: bot.FormUpdate, Title: "Update INC-7: a title far too long for Slack", Submit: "Post update",
			IncidentID: 7, ChannelID: ch,
			Fields: []bot.Field{
				{ID: "status", Label: "Status", Options: []string{"investigating", "identified", "monitoring", "resolved"}, Initial: "identified"},
				{ID: "changes", Label: "Recent changes", Placeholder: "What changed?", Multiline: true, Optional: true},
				{ID: "next", Label: "Next update in", Optional: true},
			},
		}}
	}
	h.submit = func(sub bot.Submission) (map[string]string, error) {
		if sub.Values["next"] == "soon" {
			return map[string]string{"next": "A duration between 1m and 24h, like 30m or 1h."}, nil
		}
		if sub.Values["changes"] == "boom" {
			return nil, bot.Errorf(bot.EConflict, "INC-7 is closed.")
		}
		return nil, nil
	}
	start(t, s, h)

	s.SendSlashCommand(ch, "U1", "update")
	if err := s.Wait(ctx, func() bool { return len(s.Views()) == 1 }); err != nil {
		t.Fatalf("no modal opened; calls: %+v", s.Calls("views.open"))
	}
	v := s.Views()[0]
	if v.Title != "Update INC-7: a title f…" || v.Submit != "Post update" || v.User != "U1" || len(v.Inputs) != 3 {
		t.Fatalf("view = %+v", v)
	}
	if in := v.Inputs[0]; in.Type != "static_select" || in.Initial != "identified" || len(in.Options) != 4 || in.Optional {
		t.Errorf("status input = %+v", in)
	}
	if in := v.Inputs[1]; in.Type != "plain_text_input" || !in.Multiline || !in.Optional || in.Placeholder != "What changed?" {
		t.Errorf("changes input = %+v", in)
	}

	tests := []struct {
		values map[string]string
		errors map[string]string
	}{
		{map[string]string{"status": "monitoring", "next": "soon"}, map[string]string{"next": "A duration between 1m and 24h, like 30m or 1h."}},
		{map[string]string{"changes": "boom"}, map[string]string{"status": "INC-7 is closed."}},
		{map[string]string{"status": "monitoring", "changes": "rolled back", "next": "30m"}, nil},
	}
	for _, tt := range tests {
		e, err := s.SendViewSubmission(v.ID, "U1", tt.values)
		if err != nil {
			t.Fatal(err)
		}
		ack, err := e.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tt.errors == nil {
			if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
				t.Errorf("%v: ack payload %s, want none (modal closes)", tt.values, ack.Payload)
			}
			continue
		}
		var p struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(ack.Payload, &p); err != nil || p.ResponseAction != "errors" || fmt.Sprint(p.Errors) != fmt.Sprint(tt.errors) {
			t.Errorf("%v: ack payload %s, want errors %v", tt.values, ack.Payload, tt.errors)
		}
	}
	h.wait(t, ctx, "the valid submission carried out", func() bool { return len(h.subs) == 1 })
	subs := h.Submissions()
	last := subs[len(subs)-1]
	if last.Kind != bot.FormUpdate || last.IncidentID != 7 || last.ChannelID != ch || last.User != "U1" ||
		last.Values["status"] != "monitoring" || last.Values["changes"] != "rolled back" || last.Values["next"] != "30m" ||
		last.ID != v.ID || !last.Acked {
		t.Fatalf("submission = %+v", last)
	}
}

// TestFormFallsBackToText: when views.open fails the invoker is told.
func TestFormFallsBackToText(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("ops", "U1")
	h := newRecorder()
	h.command = func(bot.Request) bot.Response {
		return bot.Response{Form: &bot.Form{Kind: bot.FormDeclare, Title: "Declare", Fields: []bot.Field{{ID: "title", Label: "Title"}}}}
	}
	start(t, s, h)
	s.Fail("views.open", "internal_error", 1)
	s.SendSlashCommand(ch, "U1", "declare")
	if err := s.Wait(ctx, func() bool { return len(s.Ephemerals()) == 1 }); err != nil {
		t.Fatal("no answer when the form could not open")
	}
	if got := s.Ephemerals()[0].Text; !strings.Contains(got, "could not open the form") {
		t.Fatalf("answer = %q", got)
	}
}

func TestUpload(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-8")
	a := newAdapter(t, s)
	content := []byte("# Postmortem\n\n" + strings.Repeat("line\n", 5000))
	s.RateLimit("files.completeUploadExternal", 1, 0)
	if err := a.Upload(ctx, ch, bot.File{Name: "inc-8-postmortem.md", Title: "INC-8 postmortem", Content: content, Comment: "Draft attached"}); err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 {
		t.Fatalf("files = %+v", files)
	}
	f := files[0]
	if f.Name != "inc-8-postmortem.md" || f.Title != "INC-8 postmortem" || f.Channel != ch || f.Comment != "Draft attached" || string(f.Content) != string(content) {
		t.Fatalf("file = %+v", f)
	}
	h := s.History(ch)
	if len(h) != 1 || len(h[0].Files) != 1 || h[0].Files[0].ID != f.ID {
		t.Fatalf("history = %+v", h)
	}
	if err := a.Upload(ctx, ch, bot.File{Name: "empty.md"}); err == nil {
		t.Fatal("empty upload: no error")
	}
}

func TestConnectedFollowsSocket(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	a := start(t, s, newRecorder())
	waitConnected := func(want bool) {
		t.Helper()
		for a.Connected() != want {
			select {
			case <-ctx.Done():
				t.Fatalf("Connected() stayed %v", !want)
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	waitConnected(true)
	s.Fail("apps.connections.open", "internal_error", -1)
	s.DropConnection()
	waitConnected(false)
	s.ClearFaults()
	waitConnected(true)
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<!channel> db down", "&lt;!channel&gt; db down"},
		{"<!here|here> and <!everyone>", "&lt;!here|here&gt; and &lt;!everyone&gt;"},
		{"<!subteam^S123|@oncall> help", "&lt;!subteam^S123|@oncall&gt; help"},
		{"ping <@U123>", "ping &lt;@U123&gt;"},
		{"@channel look", "@\u2060channel look"},
		{"@HERE and @Everyone", "@\u2060HERE and @\u2060Everyone"},
		{"mail me@channels.io", "mail me@channels.io"},
		{"a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"already &amp; escaped", "already &amp;amp; escaped"},
		{"<https://evil.example|click>", "&lt;https://evil.example|click&gt;"},
	}
	for _, tt := range tests {
		if got := slack.Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
