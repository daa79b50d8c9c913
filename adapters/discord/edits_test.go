package discord

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestTopicEditsWithinLimit: the topic is set when the channel is created;
// four changes in a minute are each answered and announced at once, while
// their topic edits keep within Discord's 2 per 10 minutes (the fake
// answers a third with a 429 of minutes): coalesced, the latest state
// lands once the window has room.
func TestTopicEditsWithinLimit(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "Payments failing")))
	if cb.Type != 4 {
		t.Fatalf("declare answered %+v", cb)
	}
	var ch fakediscord.Channel
	for _, c := range f.Channels() {
		if strings.HasPrefix(c.Name, "inc-1-") {
			ch = c
		}
	}
	if ch.Topic == nil || !strings.Contains(*ch.Topic, "INC-1 P2 | investigating") {
		t.Fatalf("topic at creation = %v, want the incident's", ch.Topic)
	}
	if n := f.RenameEdits(ch.ID); n != 0 {
		t.Errorf("%d topic edits for the declare, want none (the topic comes with the channel)", n)
	}

	changes := []struct {
		opt      *fakediscord.Option
		announce string
	}{
		{fakediscord.Sub("sev", fakediscord.Str("severity", "P1")), "Severity changed from P2 to P1"},
		{fakediscord.Sub("status", fakediscord.Str("status", "identified")), "investigating → identified"},
		{fakediscord.Sub("role", fakediscord.Str("role", "ic"), fakediscord.UserOpt("user", bob.ID)), "Incident Commander"},
		{fakediscord.Sub("status", fakediscord.Str("status", "monitoring")), "identified → monitoring"},
	}
	for _, c := range changes {
		w.clk.Advance(10 * time.Second)
		_, cb := w.slash(t, ch.ID, alice.ID, c.opt)
		if cb.Type != 4 {
			t.Fatalf("%s answered %+v, want an answer at once (not deferred)", c.opt.Options[0].Name, cb)
		}
		wait(t, "the announcement "+c.announce, func() bool {
			for _, m := range f.Messages(ch.ID) {
				if strings.Contains(m.Content, c.announce) {
					return true
				}
			}
			return false
		})
	}
	latest := func() bool {
		c, _ := f.Channel(ch.ID)
		return strings.Contains(*c.Topic, "P1 | monitoring")
	}
	// However the editor coalesced them, it stops at two edits in the
	// window; the latest state lands at once or ten minutes on.
	wait(t, "the window's two topic edits, or the latest topic", func() bool { return f.RenameEdits(ch.ID) == 2 || latest() })
	for _, r := range f.Requests() {
		if r.Route == fakediscord.RouteEditChannel && r.Status == 429 {
			t.Errorf("a topic edit over the limit was sent: %+v", r)
		}
	}
	w.clk.Advance(10 * time.Minute)
	wait(t, "the latest topic", latest)
	edits := 0
	for _, r := range f.Requests() {
		if r.Route == fakediscord.RouteEditChannel {
			edits++
		}
	}
	if edits > 3 {
		t.Errorf("%d channel edits for four changes, want at most 3 (two, then the latest)", edits)
	}
}

// TestTopicEditAfterRestart: a restarted adapter has forgotten the edits
// its predecessor made, so Discord answers its first with a 429 of minutes;
// the adapter neither sleeps through it (it stops at once) nor gives up:
// the topic lands when the window has room.
func TestTopicEditAfterRestart(t *testing.T) {
	clk := bot.NewManualClock(time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC))
	f := startFake(t, fakediscord.Options{Now: clk.Now})
	withClock := func(o *Options) { o.Clock = clk }
	r1 := startAdapter(t, f, newRecHandler(), withClock)
	ctx := t.Context()
	ch, err := r1.CreateChannelWithTopic(ctx, "inc-1-x", "first")
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range []string{"second", "third"} {
		if err := r1.SetTopic(ctx, ch.ID, topic); err != nil {
			t.Fatal(err)
		}
		wait(t, "topic "+topic, func() bool { c, _ := f.Channel(ch.ID); return *c.Topic == topic })
	}
	if err := r1.stop(t); err != nil {
		t.Fatal(err)
	}

	r2 := startAdapter(t, f, newRecHandler(), withClock)
	if err := r2.SetTopic(ctx, ch.ID, "fourth"); err != nil {
		t.Fatal(err)
	}
	wait(t, "the edit refused with a 429", func() bool {
		for _, r := range f.Requests() {
			if r.Route == fakediscord.RouteEditChannel && r.Status == 429 {
				return true
			}
		}
		return false
	})
	if _, err := r2.Post(ctx, ch.ID, bot.Message{Text: "still talking"}); err != nil {
		t.Fatalf("post while the topic waits: %v", err)
	}
	clk.Advance(10 * time.Minute)
	wait(t, "the topic after the window", func() bool { c, _ := f.Channel(ch.ID); return *c.Topic == "fourth" })
	if err := r2.stop(t); err != nil {
		t.Fatal(err)
	}
}

// TestRenameShares: a rename goes through the same editor as topics: one
// edit carries both when both are due, counted once against the limit.
func TestRenameShares(t *testing.T) {
	clk := bot.NewManualClock(time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC))
	f := startFake(t, fakediscord.Options{Now: clk.Now})
	r := startAdapter(t, f, newRecHandler(), func(o *Options) { o.Clock = clk })
	ctx := t.Context()
	ch, err := r.CreateChannelWithTopic(ctx, "inc-1-old", "t0")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := r.SetTopic(ctx, ch.ID, fmt.Sprintf("t%d", i)); err != nil {
			t.Fatal(err)
		}
		wait(t, "the topic", func() bool {
			c, _ := f.Channel(ch.ID)
			return *c.Topic == fmt.Sprintf("t%d", i) || f.RenameEdits(ch.ID) == 2
		})
	}
	if err := r.RenameChannel(ctx, ch.ID, "inc-1-New Title"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Minute)
	wait(t, "renamed with the latest topic", func() bool {
		c, _ := f.Channel(ch.ID)
		return c.Name == "inc-1-new-title" && *c.Topic == "t3"
	})
	for _, q := range f.Requests() {
		if q.Route == fakediscord.RouteEditChannel && q.Status == 429 {
			t.Errorf("an edit over the limit was sent: %+v", q)
		}
	}
}
