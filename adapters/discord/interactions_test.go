package discord

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

func TestInteractionAnsweredDirectly(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	bob := f.AddUser("bob")
	in, err := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident",
		fakediscord.Sub("role", fakediscord.Str("role", "comms"), fakediscord.UserOpt("user", bob.ID)))
	if err != nil {
		t.Fatal(err)
	}
	cb := waitCallback(t, f, in.ID)
	want := "role comms <@" + bob.ID + ">"
	if cb.Type != 4 || cb.Data.Flags&fakediscord.Ephemeral == 0 || cb.Data.Content != "ok: "+want {
		t.Errorf("callback %+v, want an ephemeral type 4 with the answer", cb)
	}
	reqs := h.Requests()
	if len(reqs) != 1 || reqs[0].Text != want || reqs[0].User != alice.ID || reqs[0].UserName != "alice" ||
		reqs[0].ChannelID != f.GeneralChannel() || !reqs[0].Forms {
		t.Errorf("request %+v", reqs)
	}
	if cb.Data.AllowedMentions == nil || strings.Join(cb.Data.AllowedMentions.Parse, ",") != "users" {
		t.Errorf("allowed mentions %+v, want parse [users]", cb.Data.AllowedMentions)
	}
}

func TestInteractionDeferredWhenSlow(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	release := make(chan struct{})
	h.command = func(req bot.Request) bot.Response {
		<-release
		return bot.Response{Text: "slow but done"}
	}
	startAdapter(t, f, h, func(o *Options) { o.DeferAfter = 50 * time.Millisecond })
	alice := f.AddUser("alice")
	in, err := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident", fakediscord.Sub("postmortem"))
	if err != nil {
		t.Fatal(err)
	}
	cb := waitCallback(t, f, in.ID)
	if cb.Type != 5 || cb.Data.Flags&fakediscord.Ephemeral == 0 {
		t.Fatalf("callback %+v, want a deferred ephemeral answer (type 5, flags 64)", cb)
	}
	if cb.Latency > time.Second {
		t.Errorf("deferred after %v", cb.Latency)
	}
	close(release)
	wait(t, "the deferred answer", func() bool {
		got, _ := f.Interaction(in.ID)
		return len(got.Edits) == 1
	})
	got, _ := f.Interaction(in.ID)
	if got.Edits[0].Content != "slow but done" {
		t.Errorf("edited answer %q", got.Edits[0].Content)
	}
}

func TestBadCommandGetsEphemeralUsage(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	h.command = func(req bot.Request) bot.Response {
		return bot.Response{Text: "usage: /incident sev <P0..P3>", Code: bot.EInvalid}
	}
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	in, err := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident", fakediscord.Sub("sev", fakediscord.Str("severity", "P1")))
	if err != nil {
		t.Fatal(err)
	}
	cb := waitCallback(t, f, in.ID)
	if cb.Type != 4 || cb.Data.Flags != fakediscord.Ephemeral || !strings.HasPrefix(cb.Data.Content, "usage:") {
		t.Errorf("callback %+v, want the usage, ephemeral", cb)
	}
	if n := len(f.Messages(f.GeneralChannel())); n != 0 {
		t.Errorf("%d messages in the channel, want none", n)
	}
}

func TestLongAnswerSplit(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	long := strings.Repeat("a line of the timeline\n", 200) // 4,600 characters
	h.command = func(bot.Request) bot.Response { return bot.Response{Text: long} }
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	in, _ := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident", fakediscord.Sub("timeline"))
	cb := waitCallback(t, f, in.ID)
	wait(t, "follow-ups", func() bool { return len(f.Followups(in.ID)) == 2 })
	got := cb.Data.Content
	for _, fu := range f.Followups(in.ID) {
		if fu.Data.Flags&fakediscord.Ephemeral == 0 {
			t.Error("a follow-up is not ephemeral")
		}
		got += fu.Data.Content
	}
	if got != long {
		t.Errorf("the pieces do not add up to the answer")
	}
}

func updateForm(channelID string) *bot.Form {
	return &bot.Form{
		Kind: bot.FormUpdate, Title: "Post a status update for incident 12", IncidentID: 12, ChannelID: channelID,
		Fields: []bot.Field{
			{ID: "status", Label: "Status", Options: []string{"investigating", "identified", "monitoring"}, Initial: "identified"},
			{ID: "changes", Label: "What changed", Multiline: true},
			{ID: "mitigation", Label: "Mitigation progress", Multiline: true, Optional: true},
			{ID: "next", Label: "Next update in", Placeholder: "30m", Optional: true},
		},
	}
}

func TestModalOpenAndSubmit(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	ch := f.GeneralChannel()
	h.command = func(req bot.Request) bot.Response { return bot.Response{Form: updateForm(ch)} }
	h.submit = func(s bot.Submission) (map[string]string, error) {
		if s.Values["next"] == "soon" {
			return map[string]string{"next": "not a duration, e.g. 30m"}, nil
		}
		return nil, nil
	}
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	in, _ := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("update"))
	cb := waitCallback(t, f, in.ID)
	if cb.Type != 9 || len(cb.Data.Components) != 4 || len(cb.Data.Title) > 45 {
		t.Fatalf("callback %+v, want a modal with 4 inputs", cb)
	}
	status := cb.Data.Components[0].Components[0]
	if status.Value != "identified" || !strings.Contains(status.Placeholder, "monitoring") || status.Style != 1 {
		t.Errorf("status input %+v", status)
	}
	if cb.Data.Components[1].Components[0].Style != 2 {
		t.Error("a multiline field is not a paragraph input")
	}

	sub, err := f.SubmitModal(in.ID, map[string]string{"changes": "rolled back", "next": "45m"})
	if err != nil {
		t.Fatal(err)
	}
	scb := waitCallback(t, f, sub.ID)
	if scb.Type != 4 || scb.Data.Flags != fakediscord.Ephemeral {
		t.Errorf("submit answered with %+v", scb)
	}
	subs := h.Submissions()
	want := bot.Submission{Kind: bot.FormUpdate, IncidentID: 12, ChannelID: ch, User: alice.ID, UserName: "alice",
		Values: map[string]string{"status": "identified", "changes": "rolled back", "mitigation": "", "next": "45m"}}
	if len(subs) != 1 || subs[0].Kind != want.Kind || subs[0].IncidentID != 12 || subs[0].ChannelID != ch ||
		subs[0].User != alice.ID || len(subs[0].Values) != 4 || subs[0].Values["changes"] != "rolled back" || subs[0].Values["status"] != "identified" {
		t.Errorf("submission %+v, want %+v", subs, want)
	}

	in2, _ := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("update"))
	waitCallback(t, f, in2.ID)
	sub2, err := f.SubmitModal(in2.ID, map[string]string{"changes": "x", "next": "soon"})
	if err != nil {
		t.Fatal(err)
	}
	ecb := waitCallback(t, f, sub2.ID)
	if ecb.Data.Flags != fakediscord.Ephemeral || !strings.Contains(ecb.Data.Content, "Next update in: not a duration") {
		t.Errorf("field errors answered with %+v", ecb)
	}
}

func TestButtonRunsItsCommand(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	ch, err := r.CreateChannel(t.Context(), "inc-1-test")
	if err != nil {
		t.Fatal(err)
	}
	id, err := r.Post(t.Context(), ch.ID, bot.Message{Text: "Incident 1 declared", Pin: true, Buttons: []bot.Button{
		{Label: "Acknowledge", Command: "ack", Style: "primary"}, {Label: "Post update", Command: "update"}, {Label: "Resolve", Command: "resolve", Style: "danger"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.Message(ch.ID, id)
	if !m.Pinned || len(m.Components) != 1 {
		t.Fatalf("intro message pinned %v, %d component rows", m.Pinned, len(m.Components))
	}
	alice := f.AddUser("alice")
	in, err := f.PressButton(ch.ID, id, alice.ID, "wr:cmd:ack")
	if err != nil {
		t.Fatal(err)
	}
	cb := waitCallback(t, f, in.ID)
	if cb.Type != 4 || cb.Data.Content != "ok: ack" {
		t.Errorf("button answered with %+v", cb)
	}
	if reqs := h.Requests(); len(reqs) != 1 || reqs[0].Text != "ack" || reqs[0].ChannelID != ch.ID {
		t.Errorf("requests %+v", reqs)
	}
}

// TestInteractionLatency measures the time from INTERACTION_CREATE to the
// callback with 10 interactions in flight at a time.
func TestInteractionLatency(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	const total, inFlight = 500, 10
	var (
		mu   sync.Mutex
		lats []time.Duration
		wg   sync.WaitGroup
		sem  = make(chan struct{}, inFlight)
	)
	start := time.Now()
	for range total {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			in, err := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident", fakediscord.Sub("list"))
			if err != nil {
				t.Error(err)
				return
			}
			// The fake refuses a callback later than 3 s, as Discord does,
			// so an interaction answered too late never gets one.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cb, err := f.WaitCallback(ctx, in.ID)
			if err != nil || cb.Type != 4 {
				t.Errorf("interaction %s: answered %+v, %v; want type 4 inside the window", in.ID, cb, err)
				return
			}
			mu.Lock()
			lats = append(lats, cb.Latency)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	t.Logf("interaction latency, %d in flight, %d interactions: p50 %v, p99 %v, max %v (%.0f/s)",
		inFlight, total, percentile(lats, 0.50), percentile(lats, 0.99), percentile(lats, 1), float64(total)/el.Seconds())
}

// TestMalformedInteraction: discordgo hands on an INTERACTION_CREATE
// whose data it could not decode, half filled. The adapter answers it as
// an unreadable command (it used to panic, killing the process) and goes
// on serving.
func TestMalformedInteraction(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	for _, data := range []any{nil, map[string]any{"name": "incident", "options": []any{nil}}} {
		payload := map[string]any{"id": "1", "application_id": f.AppID(), "type": 2, "token": "t",
			"guild_id": f.GuildID(), "channel_id": f.GeneralChannel(), "user": map[string]any{"id": alice.ID, "username": "alice"}}
		if data != nil {
			payload["data"] = data
		}
		if _, err := f.Dispatch("INTERACTION_CREATE", payload); err != nil {
			t.Fatal(err)
		}
	}
	// The fake knows no interaction 1, so it refuses both answers: that
	// they were tried shows the adapter read the interactions.
	wait(t, "two answers tried", func() bool {
		n := 0
		for _, r := range f.Requests() {
			if r.Route == fakediscord.RouteCallback {
				n++
			}
		}
		return n == 2
	})
	in, err := f.SlashCommand(f.GeneralChannel(), alice.ID, "incident", fakediscord.Sub("list"))
	if err != nil {
		t.Fatal(err)
	}
	if cb := waitCallback(t, f, in.ID); cb.Data.Content != "ok: list" {
		t.Errorf("next command answered %+v", cb)
	}
	if n := len(h.Requests()); n != 1 {
		t.Errorf("%d commands reached the engine, want 1", n)
	}
}
