package discord

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/internal/fakediscord"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// world is the whole bot in process: the real engine, store and parser,
// the adapter and discordgo, against the fake Discord.
type world struct {
	f   *fakediscord.Fake
	clk *bot.ManualClock
	db  *store.DB
	e   *bot.Engine
	a   *running
}

func newWorld(t *testing.T, wrap func(Handler) Handler) *world {
	t.Helper()
	clk := bot.NewManualClock(time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC))
	f := startFake(t, fakediscord.Options{Now: clk.Now})
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	o := testOptions(t, f)
	o.Clock = clk
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	cfg := bot.DefaultConfig()
	cfg.Platform = "Discord"
	e := bot.New(bot.Options{Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: clk, Config: cfg,
		Log: zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel)})
	w := &world{f: f, clk: clk, db: db, e: e}
	var h Handler = e
	if wrap != nil {
		h = wrap(h)
	}
	w.a = runAdapter(t, f, a, h)
	return w
}

// slash runs /incident with options as user in a channel and returns the
// interaction and its answer.
func (w *world) slash(t *testing.T, ch, user string, o *fakediscord.Option) (fakediscord.Interaction, fakediscord.Callback) {
	t.Helper()
	in, err := w.f.SlashCommand(ch, user, "incident", o)
	if err != nil {
		t.Fatal(err)
	}
	cb := waitCallback(t, w.f, in.ID)
	if cb.Type == 4 && cb.Data.Flags&fakediscord.Ephemeral == 0 {
		t.Errorf("%s: answer is not ephemeral", o.Name)
	}
	return in, cb
}

// entries counts the timeline entries of an incident by kind.
func (w *world) entries(t *testing.T, id int64) map[bot.EntryKind]int {
	t.Helper()
	n := map[bot.EntryKind]int{}
	if err := w.db.Timeline(context.Background(), id, func(e *bot.Entry) error { n[e.Kind]++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEndToEnd(t *testing.T) {
	w := newWorld(t, nil)
	f, ctx := w.f, t.Context()
	alice, bob, carol, dave := f.AddUser("alice"), f.AddUser("bob"), f.AddUser("carol"), f.AddUser("dave")

	// Declare from #general: a channel in the category, the intro pinned.
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare",
		fakediscord.Str("title", "Checkout errors in EU"), fakediscord.Str("severity", "P1")))
	if cb.Type != 4 {
		t.Fatalf("declare answered %+v", cb)
	}
	var ch fakediscord.Channel
	for _, c := range f.Channels() {
		if c.Type == fakediscord.ChannelText && strings.HasPrefix(c.Name, "inc-1-") {
			ch = c
		}
	}
	if ch.ID == "" || ch.ParentID == nil {
		t.Fatalf("no incident channel in a category: %+v (answer %q)", f.Channels(), cb.Data.Content)
	}
	t.Logf("declared: %q; channel #%s", cb.Data.Content, ch.Name)
	var intro fakediscord.Message
	for _, m := range f.Messages(ch.ID) {
		if m.Pinned {
			intro = m
		}
	}
	if intro.ID == "" || len(intro.Components) == 0 {
		t.Fatalf("no pinned intro with buttons in %+v", f.Messages(ch.ID))
	}

	// Four roles.
	for _, r := range []struct{ role, user string }{{"ic", alice.ID}, {"comms", bob.ID}, {"tier1", carol.ID}, {"tier2", dave.ID}} {
		_, cb := w.slash(t, ch.ID, alice.ID, fakediscord.Sub("role", fakediscord.Str("role", r.role), fakediscord.UserOpt("user", r.user)))
		if cb.Type != 4 {
			t.Fatalf("role %s: %+v", r.role, cb)
		}
	}
	// Acknowledge with the intro's button.
	in, err := f.PressButton(ch.ID, intro.ID, carol.ID, "wr:cmd:ack")
	if err != nil {
		t.Fatal(err)
	}
	waitCallback(t, f, in.ID)

	// Fifty messages, with an edit, a deletion and a pin.
	people := []string{bob.ID, carol.ID, dave.ID, alice.ID}
	var msgs []fakediscord.Message
	for i := range 50 {
		w.clk.Advance(20 * time.Second)
		m, err := f.UserMessage(ch.ID, people[i%4], fmt.Sprintf("msg-%02d: looking at shard %d", i, i))
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	w.clk.Advance(time.Minute)
	if err := f.EditMessage(ch.ID, msgs[10].ID, "msg-10 (edited): it was shard 7 after all"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteMessage(ch.ID, msgs[20].ID); err != nil {
		t.Fatal(err)
	}
	if err := f.React(ch.ID, msgs[30].ID, alice.ID, "📌"); err != nil {
		t.Fatal(err)
	}
	wait(t, "every message, the edit, the deletion and the pin recorded", func() bool {
		n := w.entries(t, 1)
		return n[bot.EntryMessage] == 50 && n[bot.EntryEdit] == 1 && n[bot.EntryDelete] == 1 && n[bot.EntryPin] == 1
	})

	// A reminder: P1 updates are due every 30 minutes.
	before := len(f.Messages(ch.ID))
	w.clk.Advance(31 * time.Minute)
	if err := w.e.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	var reminder fakediscord.Message
	for _, m := range f.Messages(ch.ID)[before:] {
		if m.Author.ID == f.AppID() && strings.Contains(m.Content, "<@"+alice.ID+">") {
			reminder = m
		}
	}
	if reminder.ID == "" {
		t.Fatalf("no reminder mentioning the IC after the sweep: %+v", f.Messages(ch.ID)[before:])
	}
	if p := reminder.PingsUsers; len(p) == 0 || reminder.PingsEveryone {
		t.Errorf("reminder pings %v, everyone %v", p, reminder.PingsEveryone)
	}

	// An update through the modal, opened by the intro's button.
	in, err = f.PressButton(ch.ID, intro.ID, bob.ID, "wr:cmd:update")
	if err != nil {
		t.Fatal(err)
	}
	if cb := waitCallback(t, f, in.ID); cb.Type != 9 {
		t.Fatalf("update button answered %+v, want a modal", cb)
	}
	sub, err := f.SubmitModal(in.ID, map[string]string{
		"status": "monitoring", "changes": "rolled back release 2024.5.1", "mitigation": "EU traffic drained to US", "next": "30m",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cb := waitCallback(t, f, sub.ID); cb.Type != 4 || strings.Contains(cb.Data.Content, "fix") {
		t.Fatalf("update form answered %+v", cb)
	}

	// A bad command gets the usage, privately.
	_, cb = w.slash(t, ch.ID, bob.ID, fakediscord.Sub("update", fakediscord.Str("text", "x"), fakediscord.Str("next", "soonish")))
	if cb.Type != 4 || !strings.Contains(strings.ToLower(cb.Data.Content), "usage") {
		t.Errorf("a bad duration answered %+v, want the usage", cb)
	}
	t.Logf("bad command answer: %q", cb.Data.Content)

	w.clk.Advance(5 * time.Minute)
	_, cb = w.slash(t, ch.ID, alice.ID, fakediscord.Sub("resolve", fakediscord.Str("summary", "rolled back release 2024.5.1")))
	t.Logf("resolve: %q", cb.Data.Content)
	_, cb = w.slash(t, ch.ID, alice.ID, fakediscord.Sub("close"))
	t.Logf("close: %q", cb.Data.Content)

	var pm []byte
	wait(t, "the postmortem attached", func() bool {
		for _, m := range f.Messages(ch.ID) {
			for _, at := range m.Attachments {
				if strings.HasSuffix(at.Filename, ".md") {
					pm = at.Data
					return true
				}
			}
		}
		return false
	})
	doc := string(pm)
	for i, m := range msgs {
		if i == 10 || i == 20 {
			continue
		}
		if !strings.Contains(doc, m.Content) {
			t.Errorf("message %d %q is not in the postmortem", i, m.Content)
		}
	}
	for _, s := range []string{"msg-10 (edited): it was shard 7 after all", "_(message deleted at ",
		"rolled back release 2024.5.1", "EU traffic drained to US", "Checkout errors in EU"} {
		if !strings.Contains(doc, s) {
			t.Errorf("the postmortem lacks %q", s)
		}
	}
	// Deleted text is not republished, nor an edited message's first
	// version; the store keeps both.
	for _, s := range []string{msgs[10].Content, msgs[20].Content} {
		if strings.Contains(doc, s) {
			t.Errorf("the postmortem shows %q, deleted or edited away", s)
		}
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
	if kept[bot.EntryDelete] != msgs[20].Content || kept[bot.EntryEdit] != msgs[10].Content {
		t.Errorf("the store does not keep the originals: %q", kept)
	}
	for _, u := range []string{"alice", "bob", "carol", "dave"} {
		if !strings.Contains(doc, u) {
			t.Errorf("the postmortem does not name %s", u)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("postmortem:\n%s", doc)
	}
}
