package discord

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

func TestChannelEvents(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	ch, err := r.CreateChannel(t.Context(), "inc-1-events")
	if err != nil {
		t.Fatal(err)
	}
	alice := f.AddUser("alice")
	m1, _ := f.UserMessage(ch.ID, alice.ID, "rolled back the deploy")
	m2, _ := f.UserMessage(ch.ID, alice.ID, "graph attached", &fakediscord.Attachment{Filename: "latency.png", Data: []byte("png")})
	if err := f.EditMessage(ch.ID, m1.ID, "rolled back deploy 42"); err != nil {
		t.Fatal(err)
	}
	if err := f.React(ch.ID, m1.ID, alice.ID, "📌"); err != nil {
		t.Fatal(err)
	}
	if err := f.React(ch.ID, m2.ID, alice.ID, "👍"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteMessage(ch.ID, m2.ID); err != nil {
		t.Fatal(err)
	}
	// The bot's own messages (and the pin notice they cause) are not recorded.
	if _, err := r.Post(t.Context(), ch.ID, bot.Message{Text: "from the bot", Pin: true}); err != nil {
		t.Fatal(err)
	}
	m3, _ := f.UserMessage(ch.ID, alice.ID, "last")
	// Eight events: two posts and a file, an edit, two reactions, a
	// deletion and the last post; events of different messages may be
	// recorded in any order.
	wait(t, "events", func() bool { return len(h.Events()) >= 8 })
	time.Sleep(50 * time.Millisecond) // let anything unwanted arrive too
	var got []string
	for _, ev := range h.Events() {
		s := fmt.Sprintf("%s %s %s %q", ev.Kind, ev.MessageID, ev.User, ev.Text)
		switch ev.Kind {
		case bot.ReactionAdded:
			s += " " + ev.Reaction
		case bot.FileShared:
			s += " " + ev.FileName + " " + strings.TrimPrefix(ev.FileURL, f.BaseURL())
		}
		undated := ev.Kind == bot.MessageDeleted || ev.Kind == bot.ReactionAdded // the engine's clock dates them
		if ev.ChannelID != ch.ID || ev.EventID == "" || ev.At.IsZero() != undated {
			t.Errorf("event %+v: channel, event id or time missing", ev)
		}
		got = append(got, s)
	}
	att := m2.Attachments[0]
	want := []string{
		fmt.Sprintf("posted %s %s %q", m1.ID, alice.ID, "rolled back the deploy"),
		fmt.Sprintf("posted %s %s %q", m2.ID, alice.ID, "graph attached"),
		fmt.Sprintf("file %s %s %q latency.png /attachments/%s/%s/latency.png", att.ID, alice.ID, "", ch.ID, att.ID),
		fmt.Sprintf("edited %s %s %q", m1.ID, alice.ID, "rolled back deploy 42"),
		fmt.Sprintf("reaction %s %s %q pushpin", m1.ID, alice.ID, ""),
		fmt.Sprintf("reaction %s %s %q 👍", m2.ID, alice.ID, ""),
		fmt.Sprintf("deleted %s %s %q", m2.ID, "", ""),
		fmt.Sprintf("posted %s %s %q", m3.ID, alice.ID, "last"),
	}
	// Events about one message arrive in order; different messages are
	// recorded concurrently.
	idx := func(s string) int { return slices.Index(got, s) }
	if !(idx(want[0]) < idx(want[3]) && idx(want[3]) < idx(want[4]) && idx(want[1]) < idx(want[5]) && idx(want[5]) < idx(want[6])) {
		t.Errorf("events of one message out of order:\n%s", strings.Join(got, "\n"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMentionSafety(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	alice := f.AddUser("alice")
	typed := fmt.Sprintf("@everyone @here <@&123456> <@%s> <@!%s> look", alice.ID, alice.ID)
	q := r.Quote(typed)
	for _, s := range []string{"@everyone", "@here", "<@&", "<@" + alice.ID, "<@!"} {
		if strings.Contains(q, s) {
			t.Errorf("Quote left %q in %q", s, q)
		}
	}
	ch := f.GeneralChannel()
	if _, err := r.Post(t.Context(), ch, bot.Message{Text: "Update from " + r.Mention(alice.ID) + ": " + q}); err != nil {
		t.Fatal(err)
	}
	// Even unquoted, @everyone, @here and roles do not ping: allowed_mentions.
	if _, err := r.Post(t.Context(), ch, bot.Message{Text: "raw " + typed}); err != nil {
		t.Fatal(err)
	}
	if err := r.Upload(t.Context(), ch, bot.File{Name: "pm.md", Content: []byte("x"), Comment: "@everyone postmortem"}); err != nil {
		t.Fatal(err)
	}
	msgs := f.Messages(ch)
	if len(msgs) != 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	for i, m := range msgs {
		if m.AllowedMentions == nil || strings.Join(m.AllowedMentions.Parse, ",") != "users" {
			t.Errorf("message %d: allowed_mentions %+v, want parse [users]", i, m.AllowedMentions)
		}
		if m.PingsEveryone || len(m.PingsRoles) > 0 {
			t.Errorf("message %d %q pings everyone %v, roles %v", i, m.Content, m.PingsEveryone, m.PingsRoles)
		}
	}
	if p := msgs[0].PingsUsers; len(p) != 1 || p[0] != alice.ID {
		t.Errorf("the mention pings %v, want only alice", p)
	}
}

func TestChatOperations(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	ctx := t.Context()
	ch, err := r.CreateChannel(ctx, "inc-9-api-latency")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetTopic(ctx, ch.ID, "P1 · investigating · IC alice"); err != nil {
		t.Fatal(err)
	}
	wait(t, "the topic set in the background", func() bool {
		c, _ := f.Channel(ch.ID)
		return c.Topic != nil && *c.Topic == "P1 · investigating · IC alice"
	})
	if err := r.Invite(ctx, ch.ID, []string{"1", "2"}); err != nil {
		t.Errorf("Invite: %v", err)
	}
	doc := []byte("# Postmortem\n\nall of it\n")
	if err := r.Upload(ctx, ch.ID, bot.File{Name: "incident-9-postmortem.md", Title: "Postmortem", Content: doc, Comment: "Draft"}); err != nil {
		t.Fatal(err)
	}
	msgs := f.Messages(ch.ID)
	if len(msgs) != 1 || len(msgs[0].Attachments) != 1 || msgs[0].Attachments[0].Filename != "incident-9-postmortem.md" ||
		string(msgs[0].Attachments[0].Data) != string(doc) || msgs[0].Content != "Draft" {
		t.Fatalf("upload: %+v", msgs)
	}
	long := strings.Repeat("x", 2500)
	id, err := r.Post(ctx, ch.ID, bot.Message{Text: long, Pin: true, Buttons: []bot.Button{{Label: "Ack", Command: "ack"}}})
	if err != nil {
		t.Fatal(err)
	}
	msgs = f.Messages(ch.ID)
	if len(msgs) != 4 || msgs[1].ID != id || !msgs[1].Pinned || msgs[1].Content+msgs[2].Content != long ||
		len(msgs[1].Components) != 0 || len(msgs[2].Components) != 1 || msgs[3].Type != 6 {
		t.Errorf("a long post is not two messages, the first pinned, buttons under the last")
	}

	alice := f.AddUser("alice")
	n, err := r.UserName(ctx, alice.ID)
	if err != nil || n != "alice" {
		t.Fatalf("UserName: %q, %v", n, err)
	}
	before := len(f.Requests())
	if n, _ := r.UserName(ctx, alice.ID); n != "alice" || len(f.Requests()) != before {
		t.Errorf("UserName is not cached")
	}
	if _, err := r.UserName(ctx, "999"); err == nil {
		t.Error("UserName of an unknown user: no error")
	}
}

func TestPostPrivate(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	ch := f.GeneralChannel()
	in, _ := f.SlashCommand(ch, alice.ID, "incident", fakediscord.Sub("list"))
	waitCallback(t, f, in.ID)
	if err := r.PostPrivate(t.Context(), ch, alice.ID, "only for alice"); err != nil {
		t.Fatal(err)
	}
	if fu := f.Followups(in.ID); len(fu) != 1 || fu[0].Data.Content != "only for alice" || fu[0].Data.Flags != fakediscord.Ephemeral {
		t.Errorf("follow-ups %+v, want one ephemeral", fu)
	}
	if err := r.PostPrivate(t.Context(), ch, bob.ID, "for bob"); err != nil {
		t.Fatal(err)
	}
	msgs := f.Messages(ch)
	if len(msgs) != 1 || msgs[0].Content != "<@"+bob.ID+"> for bob" {
		t.Errorf("without an interaction: %+v, want a message addressed to bob", msgs)
	}
}
