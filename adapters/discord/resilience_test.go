package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// burst posts n messages from user in a channel, calling the faults at
// even intervals (one fault: after the first half), and returns their ids
// in order.
func burst(t *testing.T, f *fakediscord.Fake, ch, user string, n int, faults ...func()) []string {
	t.Helper()
	var ids []string
	next := 0
	for i := range n {
		for next < len(faults) && i == n*(next+1)/(len(faults)+1) {
			faults[next]()
			next++
		}
		m, err := f.UserMessage(ch, user, fmt.Sprintf("message %d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// checkOnce checks that every message was recorded exactly once and
// nothing else was.
func checkOnce(t *testing.T, h *recHandler, ch string, ids []string) {
	t.Helper()
	wait(t, fmt.Sprintf("%d messages recorded", len(ids)), func() bool { return len(h.posted(ch)) >= len(ids) })
	time.Sleep(50 * time.Millisecond) // let any duplicate arrive
	got := map[string]int{}
	for _, ev := range h.posted(ch) {
		got[ev.MessageID]++
	}
	for _, id := range ids {
		if got[id] != 1 {
			t.Errorf("message %s recorded %d times", id, got[id])
		}
	}
	if len(got) != len(ids) {
		t.Errorf("%d messages recorded, want %d", len(got), len(ids))
	}
	for id, n := range h.deliveries() {
		if n > 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
}

func TestReconnectMidBurst(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	ids := burst(t, f, ch, alice.ID, 400, func() {
		if err := f.Reconnect(); err != nil { // op 7
			t.Fatal(err)
		}
	})
	checkOnce(t, h, ch, ids)
	if n := len(f.Resumes()); n != 1 {
		t.Errorf("%d resumes, want 1", n)
	}
	if n := len(f.Identifies()); n != 1 {
		t.Errorf("%d identifies, want 1 (a resume is no new session)", n)
	}
	wait(t, "connected again", r.Connected)
}

func TestHardCloseMidBurst(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	ids := burst(t, f, ch, alice.ID, 400, func() {
		if err := f.HardClose(); err != nil {
			t.Fatal(err)
		}
	})
	checkOnce(t, h, ch, ids)
	if n := len(f.Resumes()); n != 1 {
		t.Errorf("%d resumes, want 1", n)
	}
	wait(t, "connected again", r.Connected)
}

// TestThreeDropsMidBurst drops the gateway three times during a burst:
// op 7, a hard close, op 7 again. Each time the client resumes the session
// and the fake replays what was dispatched while it was away; every
// message is recorded once, and no new session is needed.
func TestThreeDropsMidBurst(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	drops := 0
	// drop waits until the session is back from the drop before (the
	// resume received, RESUMED handled: a drop during the handshake would
	// make the client resume twice), then drops it.
	drop := func(what string, do func() error) func() {
		return func() {
			wait(t, "the session back before "+what, func() bool {
				return len(f.Resumes()) == drops && f.Connected() && r.Connected()
			})
			if err := do(); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			drops++
		}
	}
	ids := burst(t, f, ch, alice.ID, 200,
		drop("op 7", f.Reconnect), drop("a hard close", f.HardClose), drop("op 7 again", f.Reconnect))
	checkOnce(t, h, ch, ids)
	wait(t, "connected again", func() bool { return f.Connected() && r.Connected() })
	rs := f.Resumes()
	if len(rs) != 3 {
		t.Errorf("%d resumes, want 3", len(rs))
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Seq <= rs[i-1].Seq {
			t.Errorf("resume %d from seq %d, after resume %d from %d: nothing was received in between", i, rs[i].Seq, i-1, rs[i-1].Seq)
		}
	}
	if n := len(f.Identifies()); n != 1 {
		t.Errorf("%d identifies, want 1 (a resume is no new session)", n)
	}
}

// TestInvalidSessionCatchesUp: after op 9 the client identifies a new
// session, whose events Discord does not replay; catching up from the
// cursor reads back what was said in between.
func TestInvalidSessionCatchesUp(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	h.cursors = []bot.Cursor{{IncidentID: 1, ChannelID: ch}}
	startAdapter(t, f, h, nil)
	ids := burst(t, f, ch, alice.ID, 200, func() {
		if err := f.InvalidSession(); err != nil {
			t.Fatal(err)
		}
	})
	checkOnceAfterDedup(t, h, ch, ids)
	if n := len(f.Identifies()); n != 2 {
		t.Errorf("%d identifies, want 2", n)
	}
}

// checkOnceAfterDedup checks every message was recorded once after the
// handler dropped redelivered event ids, as the engine does.
func checkOnceAfterDedup(t *testing.T, h *recHandler, ch string, ids []string) {
	t.Helper()
	wait(t, fmt.Sprintf("%d messages recorded", len(ids)), func() bool { return len(h.posted(ch)) >= len(ids) })
	time.Sleep(50 * time.Millisecond)
	got := map[string]int{}
	for _, ev := range h.posted(ch) {
		got[ev.MessageID]++
	}
	for _, id := range ids {
		if got[id] != 1 {
			t.Errorf("message %s recorded %d times", id, got[id])
		}
	}
	if len(got) != len(ids) {
		t.Errorf("%d messages recorded, want %d", len(got), len(ids))
	}
}

func TestRateLimitedPostsGoThroughInOrder(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	ch := f.GeneralChannel()
	f.RateLimit(fakediscord.RouteCreateMessage, 3)
	f.RateLimit(fakediscord.RoutePin, 1)
	start := time.Now()
	var ids []string
	for i := range 10 {
		id, err := r.Post(t.Context(), ch, bot.Message{Text: fmt.Sprintf("post %d", i), Pin: i == 0})
		if err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
		ids = append(ids, id)
	}
	el := time.Since(start)
	var texts []string
	for _, m := range f.Messages(ch) {
		if m.Type == 0 {
			texts = append(texts, m.Content)
		}
	}
	for i, s := range texts {
		if s != fmt.Sprintf("post %d", i) {
			t.Fatalf("messages out of order: %q", texts)
		}
	}
	if len(texts) != 10 {
		t.Fatalf("%d messages went through, want 10", len(texts))
	}
	if m, _ := f.Message(ch, ids[0]); !m.Pinned {
		t.Error("the rate-limited pin did not go through")
	}
	limited := 0
	for _, req := range f.Requests() {
		if req.Status == 429 {
			limited++
		}
	}
	if limited != 4 {
		t.Errorf("%d calls answered 429, want 4", limited)
	}
	if el < 4*200*time.Millisecond {
		t.Errorf("took %v: the client did not wait retry_after", el)
	}
}

func TestCatchUpAfterRestart(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	alice := f.AddUser("alice")
	r := startAdapter(t, f, h, nil)
	ch, err := r.CreateChannel(t.Context(), "inc-1-catch-up")
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	h.cursors = []bot.Cursor{{IncidentID: 1, ChannelID: ch.ID}}
	h.mu.Unlock()
	live := burst(t, f, ch.ID, alice.ID, 20, func() {})
	checkOnce(t, h, ch.ID, live)
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}

	// While the bot is down: 250 messages, more than two pages.
	var down []string
	for i := range 250 {
		m, err := f.AddHistory(ch.ID, alice.ID, fmt.Sprintf("while down %d", i))
		if err != nil {
			t.Fatal(err)
		}
		down = append(down, m.ID)
	}
	reqs := len(f.Requests())
	startAdapter(t, f, h, nil)
	checkOnceAfterDedup(t, h, ch.ID, append(live, down...))
	pages := 0
	for _, req := range f.Requests()[reqs:] {
		if req.Route == fakediscord.RouteGetMessages {
			pages++
		}
	}
	// Three after the cursor, and one before it for edits made while down.
	if pages != 4 {
		t.Errorf("read history in %d pages, want 4", pages)
	}
}

// TestReconnectRightAfterResume: the gateway asks for a reconnect (op 7)
// again as soon as the client has resumed, four times in a row, as a node
// being drained would. Each op 7 must cost one resume and no more: the
// client must not drop the connection it has just resumed on by itself
// (discordgo v0.29's heartbeat goroutine of the connection closed by op 7
// used to close the next one, every second, for as long as each new
// connection's heartbeat lost the same race), and it must stay connected:
// interactions sent afterwards are answered within Discord's window, and a
// burst posted across the faults is recorded once each.
func TestReconnectRightAfterResume(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	var logs syncBuffer
	r := startAdapter(t, f, h, func(o *Options) {
		o.Log = o.Log.Output(zerolog.MultiLevelWriter(zerolog.NewTestWriter(t), &logs))
	})
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	const again = 4
	f.ReconnectAfterResumes(again)
	// The burst's second half is posted while the client is away and
	// replayed; the later resumes have nothing to replay, so op 7 is the
	// first thing the new connection reads after RESUMED.
	ids := burst(t, f, ch, alice.ID, 200, func() {
		if err := f.Reconnect(); err != nil {
			t.Fatal(err)
		}
	})
	wait(t, "the session back after the last op 7", func() bool {
		return len(f.Resumes()) >= again+1 && f.Connected() && r.Connected()
	})

	for i := range 5 {
		in, err := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("list"))
		if err != nil {
			t.Fatal(err)
		}
		// The fake refuses a callback after its 3 s window: one that has
		// not come in 5 s never will.
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		cb, err := f.WaitCallback(ctx, in.ID)
		cancel()
		if err != nil || cb.Type != 4 {
			t.Errorf("interaction %d after the faults: callback %+v (%v), want an answer", i, cb, err)
		}
	}
	checkOnce(t, h, ch, ids)
	if n := f.Drops(); n != 0 {
		t.Errorf("the client dropped %d connections unasked", n)
	}
	if n := len(f.Resumes()); n != again+1 {
		t.Errorf("%d resumes for %d op 7s", n, again+1)
	}
	if n := len(f.Identifies()); n != 1 {
		t.Errorf("%d identifies, want 1 (every op 7 is resumed)", n)
	}
	if !f.Connected() || !r.Connected() {
		t.Errorf("not connected at the end (fake %v, adapter %v)", f.Connected(), r.Connected())
	}
	if strings.Contains(logs.String(), `"level":"error"`) {
		t.Error("errors logged: reconnecting as asked is no error")
	}
}

// fastBackoff makes failed reconnects retry at once for the test.
func fastBackoff(t *testing.T) {
	first, max := redialFirstBackoff, redialMaxBackoff
	redialFirstBackoff, redialMaxBackoff = 10*time.Millisecond, 20*time.Millisecond
	t.Cleanup(func() { redialFirstBackoff, redialMaxBackoff = first, max })
}

// TestReconnectRetriesUntilTheGatewayIsBack: the gateway refuses the
// reconnect, or accepts it and then says nothing (not even HELLO), a few
// times; the adapter keeps trying, then resumes the session, and what was
// said meanwhile is replayed and recorded once.
func TestReconnectRetriesUntilTheGatewayIsBack(t *testing.T) {
	tests := []struct {
		name   string
		fault  func(*fakediscord.Fake, int)
		faults func(*fakediscord.Fake) int
	}{
		{"refused", (*fakediscord.Fake).RefuseGateway, (*fakediscord.Fake).GatewayRefusals},
		{"silent", (*fakediscord.Fake).SilenceGateway, (*fakediscord.Fake).Silenced},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fastBackoff(t)
			shortOpenTimeout(t)
			f := startFake(t, fakediscord.Options{})
			h := newRecHandler()
			r := startAdapter(t, f, h, nil)
			alice := f.AddUser("alice")
			ch := f.GeneralChannel()
			tt.fault(f, 3)
			ids := burst(t, f, ch, alice.ID, 40, func() {
				if err := f.HardClose(); err != nil {
					t.Fatal(err)
				}
			})
			wait(t, "resumed", func() bool { return len(f.Resumes()) == 1 && f.Connected() && r.Connected() })
			checkOnce(t, h, ch, ids)
			if n := tt.faults(f); n != 3 {
				t.Errorf("%d failed dials, want 3", n)
			}
			if n := len(f.Identifies()); n != 1 {
				t.Errorf("%d identifies, want 1", n)
			}
		})
	}
}

// TestStopWhileReconnecting: Run returns when stopped while the gateway
// keeps refusing the reconnect.
func TestStopWhileReconnecting(t *testing.T) {
	fastBackoff(t)
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	f.RefuseGateway(-1)
	if err := f.HardClose(); err != nil {
		t.Fatal(err)
	}
	wait(t, "two refused reconnects", func() bool { return f.GatewayRefusals() >= 2 })
	if err := r.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if r.Connected() {
		t.Error("connected after Run returned")
	}
}

// lineWatch is a log writer that calls on for every line containing s.
type lineWatch struct {
	s  string
	on func()
}

func (w lineWatch) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.s) {
		w.on()
	}
	return len(p), nil
}

// TestCaughtUpLoggedWhenRecorded: "caught up on channel history" is
// logged once what was read back is recorded, not when it was read.
func TestCaughtUpLoggedWhenRecorded(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	var ids []string
	for i := range 150 {
		m, err := f.AddHistory(ch, alice.ID, fmt.Sprintf("while down %d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	h.cursors = []bot.Cursor{{IncidentID: 1, ChannelID: ch}}
	h.slow = 20 * time.Millisecond
	recorded := make(chan int, 1)
	startAdapter(t, f, h, func(o *Options) {
		o.Log = o.Log.Output(zerolog.MultiLevelWriter(zerolog.NewTestWriter(t), lineWatch{
			s: `"message":"caught up on channel history"`,
			on: func() {
				select {
				case recorded <- len(h.posted(ch)):
				default:
				}
			},
		}))
	})
	select {
	case n := <-recorded:
		if n != len(ids) {
			t.Errorf("caught up logged when %d of the %d messages read back were recorded", n, len(ids))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("caught up never logged")
	}
	checkOnce(t, h, ch, ids)
}

// TestCatchUpSaysWhenRecordingFailed: when a message read back cannot be
// recorded, catch-up says so and does not claim to have caught up.
func TestCatchUpSaysWhenRecordingFailed(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := failing{recHandler: newRecHandler()}
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	for _, s := range []string{"kept", "lost", "kept too"} {
		if _, err := f.AddHistory(ch, alice.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	h.cursors = []bot.Cursor{{IncidentID: 1, ChannelID: ch}}
	var logs syncBuffer
	startAdapter(t, f, h, func(o *Options) {
		o.Log = o.Log.Output(zerolog.MultiLevelWriter(zerolog.NewTestWriter(t), &logs))
	})
	wait(t, "the failure said", func() bool {
		return strings.Contains(logs.String(), `"message":"catching up on channel history: some events were not recorded"`)
	})
	if strings.Contains(logs.String(), "caught up on channel history") {
		t.Error("caught up logged although a message was not recorded")
	}
	if n := len(h.posted(ch)); n != 2 {
		t.Errorf("%d messages recorded, want the 2 that could be", n)
	}
}
