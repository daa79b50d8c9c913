package slack_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// warroom is the whole bot in-process, as cmd/warroom wires it: the real
// store, engine, parser and Slack adapter, against the fake, on a manual
// clock that the fake's timestamps follow too.
type warroom struct {
	s     *fakeslack.Server
	a     *slack.Adapter
	e     *bot.Engine
	db    *store.DB
	clock *bot.ManualClock
}

func startWarroom(t *testing.T, s *fakeslack.Server, level zerolog.Level) *warroom {
	t.Helper()
	clock := bot.NewManualClock(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
	s.SetClock(clock.Now)
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	log := zerolog.New(zerolog.NewTestWriter(t)).Level(level)
	a, err := slack.New(slack.Options{
		AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(),
		HTTPTimeout: 5 * time.Second, Log: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := bot.DefaultConfig()
	cfg.Platform = "slack"
	e := bot.New(bot.Options{Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: clock, Config: cfg, Log: log})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, e) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := s.WaitConnected(wctx, 1); err != nil {
		t.Fatal(err)
	}
	return &warroom{s: s, a: a, e: e, db: db, clock: clock}
}

// command types a slash command and waits for its private answer.
func (w *warroom) command(t *testing.T, ctx context.Context, channel, user, text string) string {
	t.Helper()
	before := len(w.s.Ephemerals())
	if _, err := w.s.SendSlashCommand(channel, user, text).Wait(ctx); err != nil {
		t.Fatalf("%s: not acked: %v", text, err)
	}
	if err := w.s.Wait(ctx, func() bool { return len(w.s.Ephemerals()) > before }); err != nil {
		t.Fatalf("%s: no answer", text)
	}
	return w.s.Ephemerals()[before].Text
}

// TestEndToEnd plays a whole incident from Slack through the real engine
// and store: declare, four roles, 50 messages from five people with an
// edit, a deletion and a pin, a reminder, an update through the modal,
// resolve and close; the postmortem uploaded to the channel holds every
// message.
func TestEndToEnd(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2", "U3", "U4", "U5")
	w := startWarroom(t, s, zerolog.WarnLevel)

	// Declare from #ops.
	answer := w.command(t, ctx, ops, "U1", `declare "Checkout errors on EU &amp; <!channel>" --sev P1`)
	inc, ok := s.ChannelByName("inc-1-checkout-errors-on-eu-channel")
	if !ok {
		inc, ok = s.ChannelByName("inc-1-checkout-errors-on-eu")
	}
	if !ok {
		t.Fatalf("no incident channel among %+v", s.Channels())
	}
	if want := "Declared INC-1 (P1) in <#" + inc.ID + ">"; !strings.HasPrefix(answer, want) {
		t.Fatalf("declare answered %q, want a link to the channel: %q", answer, want)
	}
	ch := inc.ID
	hist := s.History(ch)
	var intro fakeslack.Message
	for _, m := range hist {
		if strings.Contains(m.Text, "War room roles") {
			intro = m
		}
	}
	if intro.TS == "" || len(inc.Pins) != 1 || inc.Pins[0] != intro.TS {
		t.Fatalf("intro not pinned: pins %v, history %+v", inc.Pins, hist)
	}
	if strings.Contains(intro.Text, "<!channel>") {
		t.Fatalf("intro echoes a ping: %q", intro.Text)
	}
	// conversations.setTopic "does not support formatting or
	// linkification": the topic names people and shows the title as typed.
	if want := "INC-1 P1 | investigating | IC: alice | Checkout errors on EU & <!channel>"; inc.Topic != want {
		t.Errorf("topic = %q, want %q", inc.Topic, want)
	}
	if b := s.Buttons(ch, intro.TS); len(b) != 3 {
		t.Errorf("intro buttons = %v", b)
	}

	// Four roles, handed out in the incident channel.
	for _, r := range []struct{ role, user, name string }{
		{"ic", "U2", "bob"}, {"comms", "U3", "carol"}, {"tier1", "U4", "dan"}, {"tier2", "U5", "erin"},
	} {
		w.command(t, ctx, ch, "U1", fmt.Sprintf("role %s <@%s|%s>", r.role, r.user, r.name))
	}
	info, _ := s.Channel(ch)
	for _, u := range []string{"U1", "U2", "U3", "U4", "U5"} {
		if !contains(info.Members, u) {
			t.Errorf("%s not invited; members %v", u, info.Members)
		}
	}
	if !strings.Contains(info.Topic, "IC: bob |") {
		t.Errorf("topic after handing IC to U2 = %q", info.Topic)
	}

	// 50 messages from five people; one edited, one deleted, one pinned.
	users := []string{"U1", "U2", "U3", "U4", "U5"}
	var msgs []*fakeslack.Envelope
	for i := 0; i < 50; i++ {
		w.clock.Advance(10 * time.Second)
		msgs = append(msgs, s.SendMessage(ch, users[i%5], fmt.Sprintf("message %02d &amp; more", i)))
	}
	s.SendEdit(ch, msgs[10].TS, "message 10 edited")
	s.SendDelete(ch, msgs[20].TS)
	s.SendReaction(ch, "U2", msgs[30].TS, "pushpin")
	if err := s.WaitAllAcked(ctx); err != nil {
		t.Fatalf("%d envelopes not acked", len(s.Unacked()))
	}

	// A reminder: past the P1 interval, the sweep prompts the IC.
	w.clock.Advance(31 * time.Minute)
	if err := w.e.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	var prompt string
	for _, m := range s.History(ch) {
		if m.BotID != "" && strings.Contains(m.Text, "<@U2>") && strings.Contains(strings.ToLower(m.Text), "update") {
			prompt = m.Text
		}
	}
	if prompt == "" {
		t.Fatalf("no reminder mentioning the IC in %+v", s.History(ch))
	}

	// An update through the modal, opened with the intro's button; the
	// first try has a bad duration and is answered in the modal.
	if _, err := s.SendBlockAction(ch, "U2", intro.TS, "warroom:update"); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Views()) == 1 }); err != nil {
		t.Fatalf("no update modal; views.open calls %+v", s.Calls("views.open"))
	}
	view := s.Views()[0]
	bad, err := s.SendViewSubmission(view.ID, "U2", map[string]string{"status": "monitoring", "changes": "rolled back", "next": "soon"})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := bad.Wait(ctx); err != nil || !strings.Contains(string(ack.Payload), `"response_action":"errors"`) {
		t.Fatalf("bad submission ack %s, %v", ack.Payload, err)
	}
	good, err := s.SendViewSubmission(view.ID, "U2", map[string]string{
		"status": "monitoring", "changes": "rolled back release 2026.1", "mitigation": "error rate back to normal", "next": "30m",
	})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := good.Wait(ctx); err != nil || len(ack.Payload) != 0 {
		t.Fatalf("good submission ack %s, %v", ack.Payload, err)
	}
	if _, err := s.WaitHistory(ctx, ch, func(h []fakeslack.Message) bool {
		for _, m := range h {
			if strings.Contains(m.Text, "rolled back release 2026.1") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatal("the update was not posted")
	}
	// The form was acknowledged before the update was made; the answer
	// comes after it.
	if err := s.Wait(ctx, func() bool {
		for _, e := range s.Ephemerals() {
			if e.User == "U2" && strings.Contains(e.Text, "Update posted to INC-1") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no answer to the update form; ephemerals %+v", s.Ephemerals())
	}

	// Resolve and close: the postmortem is uploaded into the channel.
	w.clock.Advance(5 * time.Minute)
	w.command(t, ctx, ch, "U2", "resolve rolled back the release")
	w.command(t, ctx, ch, "U2", "close")
	files, err := s.WaitFiles(ctx, 1)
	if err != nil {
		t.Fatal("no postmortem uploaded")
	}
	pm := files[len(files)-1]
	if pm.Channel != ch || !strings.HasSuffix(pm.Name, ".md") {
		t.Fatalf("postmortem file %+v", pm)
	}
	doc := string(pm.Content)
	for i := 0; i < 50; i++ {
		want := fmt.Sprintf("message %02d & more", i)
		switch i {
		case 10:
			want = "message 10 edited"
		case 20:
			continue // deleted; checked below
		}
		if !strings.Contains(doc, want) {
			t.Errorf("postmortem lacks %q", want)
		}
	}
	// Deleted text is not republished, nor an edited message's first
	// version; the store keeps both.
	if strings.Contains(doc, "message 20 & more") || strings.Contains(doc, "message 10 & more") {
		t.Errorf("postmortem shows a deleted message's text or an edited one's first version")
	}
	if !strings.Contains(doc, "_(message deleted at ") {
		t.Errorf("postmortem does not say a message was deleted")
	}
	kept := map[bot.EntryKind]string{}
	if err := w.db.Timeline(ctx, 1, func(e *bot.Entry) error {
		if e.Kind == bot.EntryEdit || e.Kind == bot.EntryDelete {
			kept[e.Kind] = e.Original
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kept[bot.EntryDelete], "message 20 &") || !strings.Contains(kept[bot.EntryEdit], "message 10 &") {
		t.Errorf("the store does not keep the originals: %q", kept)
	}
	for _, name := range []string{"alice", "bob", "carol", "dan", "erin"} {
		if !strings.Contains(doc, name) {
			t.Errorf("postmortem does not name %s", name)
		}
	}
	// Nothing the bot posted pings the channel, though the title asked to.
	for _, c := range s.Channels() {
		for _, m := range s.History(c.ID) {
			if m.BotID != "" && strings.Contains(m.Text, "<!channel>") {
				t.Errorf("the bot posted a ping in #%s: %q", c.Name, m.Text)
			}
		}
	}
	if t.Failed() {
		t.Logf("postmortem:\n%s", doc)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
