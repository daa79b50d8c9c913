package discord

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
	"github.com/warroom-dev/warroom/internal/observetest"
)

// gated is a Handler whose Record waits until the gate opens, like a
// store slow to commit.
type gated struct {
	*recHandler
	open      chan struct{}
	entered   chan struct{} // closed when Record is first called
	enterOnce sync.Once
	enteredAt time.Time
}

func (g *gated) Record(ctx context.Context, ev bot.Event) error {
	g.enterOnce.Do(func() {
		g.enteredAt = time.Now()
		close(g.entered)
	})
	<-g.open
	return g.recHandler.Record(ctx, ev)
}

// TestObserver checks what the adapter reports against the fake Discord:
// every delivery received and done, by kind (a gateway event is done when
// its events are recorded, an interaction when it is answered, deferred or
// not), with the time since receipt; and every REST request by method,
// with its outcome, rate-limited attempts included.
func TestObserver(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	obs := observetest.New()
	start := time.Now()
	g := &gated{recHandler: newRecHandler(), open: make(chan struct{}), entered: make(chan struct{})}
	// No answer is deferred until the test says so: none races a timer.
	deferNow := make(chan time.Time)
	slow, slowEntered := make(chan struct{}), make(chan struct{})
	ch := f.GeneralChannel()
	g.command = func(req bot.Request) bot.Response {
		switch req.Text {
		case "update":
			return bot.Response{Form: updateForm(ch)}
		case "postmortem":
			close(slowEntered)
			<-slow
			return bot.Response{Text: "drafted"}
		}
		return bot.Response{Text: "ok"}
	}
	r := startAdapter(t, f, g, func(o *Options) { o.Observer = obs; o.deferNow = deferNow })
	alice := f.AddUser("alice")

	// A message is done only once the engine has recorded it.
	m1, err := f.UserMessage(ch, alice.ID, "hello")
	if err != nil {
		t.Fatal(err)
	}
	<-g.entered
	if n := obs.Snapshot().Acked["discord/message_create"]; n != 0 {
		t.Fatalf("message reported done %d times while its recording was held", n)
	}
	held := time.Since(g.enteredAt)
	close(g.open)
	wait(t, "the message done", func() bool { return obs.Snapshot().Acked["discord/message_create"] == 1 })

	// A message with a file gives two events and is one delivery.
	m2, err := f.UserMessage(ch, alice.ID, "graph", &fakediscord.Attachment{Filename: "g.png", Data: []byte("png")})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.EditMessage(ch, m1.ID, "hello again"); err != nil {
		t.Fatal(err)
	}
	if err := f.React(ch, m1.ID, alice.ID, "👍"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteMessage(ch, m2.ID); err != nil {
		t.Fatal(err)
	}

	// The bot's own post: twice refused with 429 before it goes through;
	// the fake sends it back as a MESSAGE_CREATE, which records nothing.
	f.RateLimit(fakediscord.RouteCreateMessage, 2)
	post, err := r.Post(t.Context(), ch, bot.Message{Text: "Incident 1", Buttons: []bot.Button{{Label: "Ack", Command: "ack"}}})
	if err != nil {
		t.Fatal(err)
	}

	// Interactions: a button, a command, a modal and its submission, and a
	// command slow enough to be deferred.
	interact := func(in fakediscord.Interaction, err error) fakediscord.Callback {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return waitCallback(t, f, in.ID)
	}
	interact(f.PressButton(ch, post, alice.ID, "wr:cmd:ack"))
	interact(f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("list")))
	upd, err := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("update"))
	if cb := interact(upd, err); cb.Type != 9 {
		t.Fatalf("update answered with type %d, want a modal", cb.Type)
	}
	interact(f.SubmitModal(upd.ID, map[string]string{"changes": "rolled back"}))
	// The fake records a callback before its HTTP reply reaches the
	// adapter, which counts the command done only then: wait for both.
	wait(t, "the earlier commands done", func() bool { return obs.Snapshot().Acked["discord/application_command"] == 2 })
	// The slow command is done when it is deferred, while its work runs.
	pm, err := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("postmortem"))
	if err != nil {
		t.Fatal(err)
	}
	<-slowEntered
	if n := obs.Snapshot().Acked["discord/application_command"]; n != 2 {
		t.Fatalf("%d commands done while the slow one runs undeferred, want 2", n)
	}
	deferNow <- time.Now()
	if cb := waitCallback(t, f, pm.ID); cb.Type != 5 {
		t.Fatalf("slow command answered with type %d, want deferred", cb.Type)
	}
	wait(t, "the deferral done", func() bool { return obs.Snapshot().Acked["discord/application_command"] == 3 })
	close(slow)
	wait(t, "the deferred answer", func() bool {
		in, _ := f.Interaction(pm.ID)
		return len(in.Edits) == 1
	})

	// A name lookup that fails twice: no such member, no such user.
	if _, err := r.UserName(t.Context(), "123456789012345678"); err == nil {
		t.Error("looking up an unknown user did not fail")
	}

	want := map[string]int{
		"discord/message_create": 3, "discord/message_update": 1, "discord/message_reaction_add": 1,
		"discord/message_delete": 1, "discord/message_component": 1, "discord/application_command": 3,
		"discord/modal_submit": 1,
	}
	wait(t, "every delivery done", func() bool {
		return maps.Equal(obs.Snapshot().Acked, want)
	})
	// Every request the fake served was reported, and no more.
	wait(t, "every request reported", func() bool {
		return sum(obs.Snapshot().Calls) == len(f.Requests())
	})
	got := obs.Snapshot()
	received, acked, calls, errs, lat := got.Received, got.Acked, got.Calls, got.Errors, got.Latencies
	if !maps.Equal(received, want) {
		t.Errorf("received = %v, want %v", received, want)
	}
	if !maps.Equal(acked, want) {
		t.Errorf("done = %v, want %v", acked, want)
	}
	if l := lat["message_create"][0]; l < held {
		t.Errorf("message done after %v, but its recording was held %v", l, held)
	}
	// Each latency is a time within the test's own run.
	for kind, ls := range lat {
		for _, l := range ls {
			if l <= 0 || l > time.Since(start) {
				t.Errorf("%s done after %v, in a test that has run %v", kind, l, time.Since(start))
			}
		}
	}

	wantCalls := map[string]int{
		"channel_message_send": 3, "interaction_respond": 5, "interaction_response_edit": 1,
		"application_command_bulk_overwrite": 1, "guild_channels": 1, "guild_channel_create": 1,
		"guild_member": 1, "user": 1,
	}
	for method, n := range wantCalls {
		if got := calls["discord/"+method]; got != n {
			t.Errorf("%s reported %d times, want %d (all: %v)", method, got, n, calls)
		}
	}
	if calls["discord/gateway"]+calls["discord/gateway_bot"] != 1 {
		t.Errorf("gateway URL fetched %d+%d times, want once (all: %v)", calls["discord/gateway"], calls["discord/gateway_bot"], calls)
	}
	if calls["discord/other"] != 0 {
		t.Errorf("%d requests reported with no method name", calls["discord/other"])
	}
	wantErrs := map[string]int{"discord/channel_message_send": 2, "discord/guild_member": 1, "discord/user": 1}
	if !maps.Equal(errs, wantErrs) {
		t.Errorf("errors = %v, want %v", errs, wantErrs)
	}
	failed := 0
	for _, req := range f.Requests() {
		if req.Status >= 400 {
			failed++
		}
	}
	if failed != sum(errs) {
		t.Errorf("%d requests failed at the fake, %d reported failed", failed, sum(errs))
	}
}

// TestObserverRecordFails checks that a delivery whose recording fails is
// received but never reported done.
func TestObserverRecordFails(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	obs := observetest.New()
	h := failing{recHandler: newRecHandler()}
	startAdapter(t, f, h, func(o *Options) { o.Observer = obs })
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	m, err := f.UserMessage(ch, alice.ID, "lost")
	if err != nil {
		t.Fatal(err)
	}
	// The edit is recorded by the same worker after every try of the
	// message has failed: once it is done, so is the message, for good.
	if err := f.EditMessage(ch, m.ID, "edited"); err != nil {
		t.Fatal(err)
	}
	wait(t, "the edit done", func() bool { return obs.Snapshot().Acked["discord/message_update"] == 1 })
	got := obs.Snapshot()
	received, acked := got.Received, got.Acked
	if received["discord/message_create"] != 1 || acked["discord/message_create"] != 0 {
		t.Errorf("message received %d, done %d; want received once and never done",
			received["discord/message_create"], acked["discord/message_create"])
	}
	if n := h.deliveries()["discord:msg:"+m.ID]; n != 0 {
		t.Errorf("the failing message was recorded %d times", n)
	}
}

// failing is a Handler whose Record fails for posts saying "lost".
type failing struct{ *recHandler }

func (h failing) Record(ctx context.Context, ev bot.Event) error {
	if ev.Kind == bot.MessagePosted && ev.Text == "lost" {
		return errors.New("store: disk full")
	}
	return h.recHandler.Record(ctx, ev)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
