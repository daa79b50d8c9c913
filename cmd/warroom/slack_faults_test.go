package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/store"
)

// checkOnce fails unless every ts is stored exactly once.
func checkOnce(t *testing.T, stored map[string]int, envs []*fakeslack.Envelope) {
	t.Helper()
	for i, e := range envs {
		if c := stored[e.TS]; c != 1 {
			t.Errorf("message %d (ts %s) is stored %d times", i, e.TS, c)
		}
	}
	if len(stored) != len(envs) {
		t.Errorf("%d messages stored, want %d", len(stored), len(envs))
	}
}

// TestSlackSocketDroppedMidBurst drops the Socket Mode connection three
// times during a burst of 200 messages: a disconnect message, a hard close
// with no close frame, and a disconnect again. Every message is recorded
// exactly once.
func TestSlackSocketDroppedMidBurst(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "drops.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "socket drops", "P2")

	var envs []*fakeslack.Envelope
	for i := range 200 {
		switch i {
		case 50:
			w.Disconnect("refresh_requested")
		case 100:
			w.DropConnection()
		case 150:
			w.Disconnect("warning")
		}
		envs = append(envs, w.SendMessage(inc.ID, slackUsers[i%len(slackUsers)].id, fmt.Sprintf("burst %d", i)))
		time.Sleep(2 * time.Millisecond)
	}
	if err := w.WaitAllAcked(ctx); err != nil {
		t.Fatalf("%d envelopes never acknowledged", len(w.Unacked()))
	}
	if c := w.Connections(); c < 4 {
		t.Errorf("%d connections, want at least 4 (three drops)", c)
	}
	b.stop(t)
	stored, _ := storedMessages(t, db, 1)
	checkOnce(t, stored, envs)
}

// TestSlackRedelivery delivers every message envelope a second time with
// a higher retry_attempt, as Slack does when an ack is late, after the bot
// acknowledged it: each message is stored once, and the repeat is
// acknowledged too.
func TestSlackRedelivery(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "redelivery.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "redelivery", "P2")

	var envs []*fakeslack.Envelope
	for i := range 50 {
		envs = append(envs, w.SendMessage(inc.ID, "U2", fmt.Sprintf("said once %d", i)))
	}
	if err := w.WaitAllAcked(ctx); err != nil {
		t.Fatal(err)
	}
	for _, e := range envs {
		w.Redeliver(e)
	}
	if err := w.Wait(ctx, func() bool {
		for _, e := range envs {
			if e.Acks() < 2 {
				return false
			}
		}
		return true
	}); err != nil {
		t.Fatal("redeliveries not acknowledged")
	}
	for _, e := range envs {
		if d := e.Deliveries(); d != 2 {
			t.Fatalf("envelope delivered %d times, want 2", d)
		}
	}
	b.stop(t)
	stored, _ := storedMessages(t, db, 1)
	checkOnce(t, stored, envs)
}

// TestSlackRateLimitStorm answers chat.postMessage with 429 and a
// Retry-After of one second while key events are recorded in two incident
// channels: every post arrives, in the order the commands came, per
// channel. Each command is sent once the bot has tried to post the one
// before, so the order the bot is asked in is the order of the commands.
func TestSlackRateLimitStorm(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "storm.db")
	w.startBot(t, ctx, db)
	incs := []fakeslack.ChannelInfo{w.declare(t, ctx, "storm one", "P2"), w.declare(t, ctx, "storm two", "P2")}

	w.RateLimit("chat.postMessage", 3, 1)
	const perChannel = 6
	var envs []*fakeslack.Envelope
	for i := range perChannel {
		for c, inc := range incs {
			ev := fmt.Sprintf("storm %d-%d", c, i)
			envs = append(envs, w.SendSlashCommand(inc.ID, "U1", "event "+ev))
			if err := w.Wait(ctx, func() bool { return triedToPost(w.Server, inc.ID, ev) }); err != nil {
				t.Fatalf("the bot never tried to post %q: %v", ev, err)
			}
		}
	}
	for _, e := range envs {
		if _, err := e.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(w.Calls("chat.postMessage")); got == 0 {
		t.Fatal("no posts")
	}
	for c, inc := range incs {
		var seen []string
		_, err := w.WaitHistory(ctx, inc.ID, func(h []fakeslack.Message) bool {
			seen = seen[:0]
			for _, m := range h {
				if _, ev, ok := strings.Cut(m.Text, "Key event recorded by "); ok && m.BotID != "" {
					seen = append(seen, ev[strings.Index(ev, "storm"):])
				}
			}
			return len(seen) == perChannel
		})
		if err != nil {
			t.Fatalf("channel %d: %d of %d posts arrived: %q", c, len(seen), perChannel, seen)
		}
		for i, s := range seen {
			if want := fmt.Sprintf("storm %d-%d", c, i); s != want {
				t.Errorf("channel %d: post %d is %q, want %q (order %q)", c, i, s, want, seen)
			}
		}
	}
	limited := 0
	for _, call := range w.Calls("chat.postMessage") {
		if call.Status == 429 {
			limited++
		}
	}
	if limited != 3 {
		t.Errorf("%d posts were rate limited, want 3", limited)
	}
}

// triedToPost reports whether the fake received a chat.postMessage to
// channel whose text contains text, answered or refused.
func triedToPost(s *fakeslack.Server, channel, text string) bool {
	return slices.ContainsFunc(s.Calls("chat.postMessage"), func(c fakeslack.Call) bool {
		return c.Params.Get("channel") == channel && strings.Contains(c.Params.Get("text"), text)
	})
}

// TestSlackSlowWebAPI holds chat.postMessage and users.info unanswered:
// message events, from people the bot has not looked up yet too, are still
// acknowledged, each once and within Slack's deadline as the fake judges
// it, while those calls wait; and every message is recorded once.
func TestSlackSlowWebAPI(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "slow.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "slow api", "P2")

	releasePosts := w.Hold("chat.postMessage")
	releaseUsers := w.Hold("users.info")
	defer releasePosts()
	defer releaseUsers()
	w.AddUser("U7", "frank", "Frank Fox")
	w.SendSlashCommand(inc.ID, "U1", "event something to post slowly")
	var envs []*fakeslack.Envelope
	for i := range 40 {
		user := slackUsers[i%len(slackUsers)].id
		if i%10 == 5 {
			user = "U7" // never looked up
		}
		envs = append(envs, w.SendMessage(inc.ID, user, fmt.Sprintf("while slow %d", i)))
	}
	for i, e := range envs {
		ack, err := e.Wait(ctx)
		if err != nil {
			t.Fatalf("message %d was not acknowledged while the Web API was held (%d posts, %d lookups waiting): %v",
				i, w.Held("chat.postMessage"), w.Held("users.info"), err)
		}
		if ack.Late || ack.Deliveries != 1 || e.Acks() != 1 {
			t.Errorf("message %d: ack late %v (after %v), %d deliveries, %d acks; want one in time", i, ack.Late, ack.Latency, ack.Deliveries, e.Acks())
		}
	}
	// The acks did not wait for the Web API: the event's post is still held.
	if n := w.Held("chat.postMessage"); n == 0 {
		t.Error("no chat.postMessage was waiting when the messages were acknowledged: the test held nothing")
	}
	releasePosts()
	releaseUsers()
	if _, err := w.WaitHistory(ctx, inc.ID, func(h []fakeslack.Message) bool {
		return slices.ContainsFunc(h, func(m fakeslack.Message) bool { return strings.Contains(m.Text, "something to post slowly") })
	}); err != nil {
		t.Fatalf("the event was never posted once the Web API answered: %v", err)
	}
	b.stop(t)
	stored, _ := storedMessages(t, db, 1)
	checkOnce(t, stored, envs)
}

// TestSlackStoreLocked starts the bot on a store file another process
// holds: it stops at once with a clear error.
func TestSlackStoreLocked(t *testing.T) {
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "locked.db")
	holder, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	cmd := exec.Command(binary(t), "run")
	cmd.Env = w.slackEnv(db)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("warroom run started on a locked store:\n%s", out)
	}
	if want := "store " + db + " is locked by another warroom process"; !strings.Contains(string(out), want) {
		t.Errorf("error does not say %q:\n%s", want, out)
	}
	if w.Connections() != 0 {
		t.Error("the bot connected to Slack before checking its store")
	}
}
