package slack_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// TestEventsTranslated plays every kind of channel event through the fake
// and checks what the engine is handed, and that what is none of the
// timeline's business (the bot's own posts, join and topic messages) is
// acknowledged without being handed over.
func TestEventsTranslated(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-9", "U1", "U2")
	h := newRecorder()
	a := start(t, s, h)

	m1 := s.SendMessage(ch, "U1", "db is down &amp; <@U2> is on it")
	reply := s.SendThreadReply(ch, "U2", m1.TS, "looking")
	edit := s.SendEdit(ch, m1.TS, "db is down hard")
	m2 := s.SendMessage(ch, "U2", "oops")
	del := s.SendDelete(ch, m2.TS)
	pin := s.SendReaction(ch, "U2", m1.TS, "pushpin")
	other := s.SendReaction(ch, "U2", m1.TS, "eyes")
	join := s.SendMemberJoined(ch, "U3")
	file := s.SendFileShared(ch, "U1", "graph.png", []byte("png"))
	if _, err := a.Post(ctx, ch, bot.Message{Text: "bot says hi"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetTopic(ctx, ch, "INC-9"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitAllAcked(ctx); err != nil {
		t.Fatalf("unacked: %d", len(s.Unacked()))
	}

	got := h.Events()
	want := []bot.Event{
		{Kind: bot.MessagePosted, EventID: m1.EventID, MessageID: m1.TS, User: "U1", UserName: "alice", Text: "db is down & <@U2> is on it"},
		{Kind: bot.MessagePosted, EventID: reply.EventID, MessageID: reply.TS, User: "U2", UserName: "bob", Text: "looking", ThreadID: m1.TS},
		{Kind: bot.MessageEdited, EventID: edit.EventID, MessageID: m1.TS, User: "U1", UserName: "alice", Text: "db is down hard", PrevText: "db is down & <@U2> is on it"},
		{Kind: bot.MessagePosted, EventID: m2.EventID, MessageID: m2.TS, User: "U2", UserName: "bob", Text: "oops"},
		{Kind: bot.MessageDeleted, EventID: del.EventID, MessageID: m2.TS, User: "U2", PrevText: "oops"},
		{Kind: bot.ReactionAdded, EventID: pin.EventID, MessageID: m1.TS, User: "U2", UserName: "bob", Reaction: bot.PinReaction},
		{Kind: bot.ReactionAdded, EventID: other.EventID, MessageID: m1.TS, User: "U2", UserName: "bob", Reaction: "eyes"},
		{Kind: bot.MemberJoined, EventID: join.EventID, User: "U3", UserName: "carol"},
		{Kind: bot.FileShared, EventID: file.EventID + "/" + file.FileID, MessageID: file.FileID, User: "U1", UserName: "alice", FileName: "graph.png"},
	}
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("%+v", e)
		}
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	// New messages of a channel are recorded side by side, so they may
	// arrive in any order; match them by event id.
	byID := map[string]bot.Event{}
	for _, g := range got {
		byID[g.EventID] = g
	}
	for i, w := range want {
		g := byID[w.EventID]
		if g.At.IsZero() || g.ChannelID != ch {
			t.Errorf("event %d: channel %q at %v", i, g.ChannelID, g.At)
		}
		if g.Kind == bot.FileShared && !strings.Contains(g.FileURL, "/files/"+file.FileID) {
			t.Errorf("file URL = %q", g.FileURL)
		}
		g.At, g.ChannelID, g.FileURL = w.At, w.ChannelID, w.FileURL
		if g != w {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if e := byID[edit.EventID]; e.At.Equal(byID[m1.EventID].At) {
		t.Errorf("edit At is the message's time, want the edit's")
	}
}

// TestCatchUp: messages said while the bot was away are read back from
// history, page by page, from the cursor on, thread replies included,
// once on start and again after a reconnect.
func TestCatchUp(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-10", "U1", "U2")
	quiet := s.AddChannel("inc-11", "U1")
	s.AddHistory(quiet, "U1", "before the cursor")
	var ts []string
	for i := 0; i < 450; i++ {
		ts = append(ts, s.AddHistory(ch, []string{"U1", "U2"}[i%2], "m"))
	}
	h := newRecorder()
	h.setCursors(
		bot.Cursor{IncidentID: 10, ChannelID: ch, MessageID: ts[19], At: tsTime(t, ts[19])},
		bot.Cursor{IncidentID: 11, ChannelID: quiet, At: tsTime(t, ts[449])},
	)
	start(t, s, h)
	h.wait(t, ctx, "430 messages", func() bool { return len(h.events) >= 430 })
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	got := h.Events()
	// Recorded concurrently: in the order of their ts, they are these.
	sort.Slice(got, func(i, j int) bool { return tsTime(t, got[i].MessageID).Before(tsTime(t, got[j].MessageID)) })
	if len(got) != 430 || got[0].MessageID != ts[20] || got[429].MessageID != ts[449] {
		t.Fatalf("%d events from %s to %s, want 430 from %s to %s", len(got), got[0].MessageID, got[len(got)-1].MessageID, ts[20], ts[449])
	}
	// 200+200+30 and a look back for one channel, one and a look back for
	// the quiet one.
	if err := s.Wait(ctx, func() bool { return s.CallCount("conversations.history") >= 6 }); err != nil {
		t.Fatalf("%d history calls, want 6", s.CallCount("conversations.history"))
	}

	// While the bot is disconnected: a new message, and a reply in an old
	// thread. Then it reconnects and reads them back.
	h.setCursors(bot.Cursor{IncidentID: 10, ChannelID: ch, MessageID: ts[449], At: tsTime(t, ts[449])})
	s.Fail("apps.connections.open", "internal_error", -1)
	s.DropConnection()
	newTS := s.AddHistory(ch, "U2", "said while away")
	if err := s.Wait(ctx, func() bool { return s.CallCount("apps.connections.open") >= 2 }); err != nil {
		t.Fatal(err)
	}
	s.ClearFaults()
	h.wait(t, ctx, "the message said while away", func() bool {
		return len(h.events) > 430 && h.events[len(h.events)-1].MessageID == newTS
	})
	if ev := h.Events()[430]; ev.Text != "said while away" || ev.EventID != "" || ev.User != "U2" {
		t.Fatalf("caught-up event = %+v", ev)
	}
}

// TestCatchUpThreadReplies: replies added to an older thread while the
// bot was away are read with conversations.replies.
func TestCatchUpThreadReplies(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-12", "U1", "U2")
	parent := s.AddHistory(ch, "U1", "parent")
	later := s.AddHistory(ch, "U1", "later")
	reply := s.AddHistoryReply(ch, "U2", parent, "reply while away")
	h := newRecorder()
	h.setCursors(bot.Cursor{IncidentID: 12, ChannelID: ch, MessageID: later, At: tsTime(t, later)})
	start(t, s, h)
	h.wait(t, ctx, "the reply", func() bool { return len(h.events) == 1 })
	if ev := h.Events()[0]; ev.MessageID != reply || ev.Text != "reply while away" || ev.ThreadID != parent {
		t.Fatalf("caught up %+v", ev)
	}
}

// TestMethodsInSpec: every Web API method the adapter called in these
// tests' scenario is one Slack documents (testdata/slack_methods.txt, the
// methods of Slack's Web API spec), except the three newer ones the 2021
// spec lacks.
func TestMethodsInSpec(t *testing.T) {
	documented := specMethods(t)
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1")
	h := newRecorder()
	h.setCursors(bot.Cursor{IncidentID: 1, ChannelID: ops})
	h.command = func(req bot.Request) bot.Response {
		return bot.Response{Form: &bot.Form{Kind: bot.FormDeclare, Title: "Declare", Fields: []bot.Field{{ID: "title", Label: "Title"}}}}
	}
	a := start(t, s, h)
	c, err := a.CreateChannel(ctx, "inc-1-x")
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		a.Invite(ctx, c.ID, []string{"U1"}),
		a.SetTopic(ctx, c.ID, "t"),
		a.PostPrivate(ctx, c.ID, "U1", "psst"),
		a.Upload(ctx, c.ID, bot.File{Name: "f.md", Content: []byte("x")}),
	}
	_, err = a.Post(ctx, c.ID, bot.Message{Text: "x", Pin: true})
	_, err2 := a.UserName(ctx, "U1")
	steps = append(steps, err, err2)
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SendSlashCommand(ops, "U1", "declare").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Views()) == 1 && s.CallCount("conversations.history") > 0 }); err != nil {
		t.Fatal(err)
	}
	newer := map[string]bool{"apps.connections.open": true, "files.getUploadURLExternal": true, "files.completeUploadExternal": true}
	for _, m := range s.Methods() {
		if !documented[m] && !newer[m] {
			t.Errorf("the adapter calls %s, which is not in Slack's Web API spec", m)
		}
	}
	t.Logf("methods called: %s", strings.Join(s.Methods(), " "))
	for _, m := range []string{"conversations.replies"} {
		if !documented[m] {
			t.Errorf("catch-up calls %s, which is not in the spec", m)
		}
	}
}

func tsTime(t *testing.T, ts string) time.Time {
	t.Helper()
	us, ok := fakeslack.ParseTS(ts)
	if !ok {
		t.Fatalf("bad ts %q", ts)
	}
	return time.UnixMicro(us).UTC()
}
