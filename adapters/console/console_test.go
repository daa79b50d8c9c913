package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// handler records what the console hands the engine.
type handler struct {
	reqs   []bot.Request
	events []bot.Event
	answer string
}

func (h *handler) Command(_ context.Context, r bot.Request) bot.Response {
	h.reqs = append(h.reqs, r)
	return bot.Response{Text: h.answer}
}

func (h *handler) Ingest(_ context.Context, evs []bot.Event, ack func(error)) {
	h.events = append(h.events, evs...)
	ack(nil)
}

func (h *handler) Submit(context.Context, bot.Submission) (map[string]string, error) { return nil, nil }

func (h *handler) CheckForm(context.Context, bot.Submission) (map[string]string, error) {
	return nil, nil
}

func (h *handler) CatchUp(context.Context, bot.History) <-chan struct{} {
	done := make(chan struct{})
	close(done)
	return done
}

func TestExec(t *testing.T) {
	var out bytes.Buffer
	clock := bot.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	a := New(Options{Out: &out, Clock: clock, Files: t.TempDir()})
	h := &handler{answer: "done"}
	ctx := context.Background()
	lines := []string{
		"// a comment",
		"",
		"alice: hello there",
		"#war bob: in the war room",
		"bob: /edit last in the war room now",
		"carol: /pin @bob",
		"bob: /delete m2",
		"dave: /join",
		"dave: /file graph.png https://g/1",
		`alice: /incident declare "x y" --sev P1`,
	}
	for _, l := range lines {
		if err := a.Exec(ctx, h, l); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
	}
	type ev struct {
		kind                   bot.EventKind
		channel, id, user, txt string
	}
	want := []ev{
		{bot.MessagePosted, "general", "m1", "alice", "hello there"},
		{bot.MessagePosted, "war", "m2", "bob", "in the war room"},
		{bot.MessageEdited, "war", "m2", "bob", "in the war room now"},
		{bot.ReactionAdded, "war", "m2", "carol", ""},
		{bot.MessageDeleted, "war", "m2", "bob", ""},
		{bot.MemberJoined, "war", "", "dave", ""},
		{bot.FileShared, "war", "m3", "dave", ""},
	}
	if len(h.events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(h.events), len(want), h.events)
	}
	for i, w := range want {
		g := h.events[i]
		if g.Kind != w.kind || g.ChannelID != w.channel || g.MessageID != w.id || g.User != w.user || g.Text != w.txt {
			t.Errorf("event %d = %+v, want %+v", i, g, w)
		}
	}
	if h.events[2].PrevText != "in the war room" || h.events[4].PrevText != "in the war room now" {
		t.Errorf("edit/delete lost the previous text: %q %q", h.events[2].PrevText, h.events[4].PrevText)
	}
	if h.events[3].Reaction != bot.PinReaction || h.events[6].FileName != "graph.png" || h.events[6].FileURL != "https://g/1" {
		t.Errorf("pin/file = %+v %+v", h.events[3], h.events[6])
	}
	if len(h.reqs) != 1 || h.reqs[0].Text != `declare "x y" --sev P1` || h.reqs[0].ChannelID != "war" || h.reqs[0].Forms {
		t.Errorf("requests = %+v", h.reqs)
	}
	if !strings.Contains(out.String(), "(only alice sees) warroom: done") {
		t.Errorf("private answer not shown:\n%s", out.String())
	}

	for _, bad := range []string{"no colon here", "two words: x", "alice: /edit m99 x", "alice: /pin @nobody", "alice: /frob"} {
		if err := a.Exec(ctx, h, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestChat(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	a := New(Options{Out: &out, Files: dir})
	ctx := context.Background()
	ch, _ := a.CreateChannel(ctx, "inc-1-x")
	ch2, _ := a.CreateChannel(ctx, "inc-1-x")
	if ch.ID != "inc-1-x" || ch2.ID != "inc-1-x-2" || a.Current() != "inc-1-x-2" {
		t.Errorf("channels %v %v, current %s", ch, ch2, a.Current())
	}
	id, _ := a.Post(ctx, ch.ID, bot.Message{Text: "hi", Pin: true, Buttons: []bot.Button{{Label: "Ack", Command: "ack"}}})
	if id != "m1" || !strings.Contains(out.String(), "[Ack: /incident ack]") || !strings.Contains(out.String(), "m1 pinned") {
		t.Errorf("post %s:\n%s", id, out.String())
	}
	if err := a.Upload(ctx, ch.ID, bot.File{Name: "../../pm.md", Content: []byte("# PM")}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "pm.md")); err != nil || string(b) != "# PM" {
		t.Errorf("upload not written inside the files folder: %q %v", b, err)
	}
	out.Reset()
	if _, err := a.DirectMessage(ctx, "bob", bot.Message{Text: "⏰ Your follow-ups (1):\n• A-1", Buttons: []bot.Button{{Label: "Done A-1", Command: "action done 1 --id 1"}}}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "[DM to @bob] warroom") || !strings.Contains(got, "\n    • A-1") || !strings.Contains(got, "[Done A-1: /incident action done 1 --id 1]") {
		t.Errorf("DM printed as:\n%s", got)
	}
	if got := a.Quote("a\x1b[31mb\x00c\nd"); got != "a[31mbc\nd" {
		t.Errorf("Quote = %q", got)
	}
}

// counter is an IDs that keeps its numbers across adapters, as the store
// keeps them across runs.
type counter struct{ next map[string]uint64 }

func (c *counter) ReserveIDs(_ context.Context, name string, n uint64) (uint64, error) {
	if c.next[name] == 0 {
		c.next[name] = 1
	}
	first := c.next[name]
	c.next[name] += n
	return first, nil
}

// TestIDsNeverRepeat: a second run on the same store numbers its messages
// after the first run's, and a run that outgrows a block reserves another.
func TestIDsNeverRepeat(t *testing.T) {
	ids := &counter{next: map[string]uint64{}}
	ctx := context.Background()
	seen := map[string]bool{}
	for run := range 2 {
		a := New(Options{Out: &bytes.Buffer{}, IDs: ids, Files: t.TempDir()})
		h := &handler{}
		for i := range idBlock + 5 {
			line := "alice: message " + string(rune('a'+run))
			if i == 3 {
				line = "bob: /file graph.png https://g/1"
			}
			if err := a.Exec(ctx, h, line); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Post(ctx, "general", bot.Message{Text: "the bot's own"}); err != nil {
			t.Fatal(err)
		}
		if err := a.Exec(ctx, h, "alice: /edit last edited"); err != nil {
			t.Fatalf("edit in run %d: %v", run, err)
		}
		for _, ev := range h.events {
			if ev.Kind != bot.MessagePosted && ev.Kind != bot.FileShared {
				continue
			}
			if seen[ev.MessageID] {
				t.Fatalf("run %d reused message id %s", run, ev.MessageID)
			}
			seen[ev.MessageID] = true
		}
		if first := h.events[0].MessageID; first != []string{"m1", "m2001"}[run] {
			t.Errorf("run %d numbered its first message %s", run, first)
		}
	}
}

// TestUploadCreatesFolder: --files names a folder that does not exist yet.
func TestUploadCreatesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "post", "mortems")
	a := New(Options{Out: &bytes.Buffer{}, Files: dir})
	if err := a.Upload(context.Background(), "general", bot.File{Name: "inc-1.md", Content: []byte("# pm")}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "inc-1.md")); err != nil || string(b) != "# pm" {
		t.Errorf("uploaded file = %q, %v", b, err)
	}
}

func TestHelpShowsCommandName(t *testing.T) {
	for _, name := range []string{"", "/inc"} {
		var out bytes.Buffer
		a := New(Options{Out: &out, Files: t.TempDir(), Command: name})
		if err := a.Exec(context.Background(), &handler{}, "/help"); err != nil {
			t.Fatal(err)
		}
		want := name
		if want == "" {
			want = bot.DefaultCommand
		}
		if !strings.Contains(out.String(), "alice: "+want+" declare") {
			t.Errorf("command %q: /help does not show %q:\n%s", name, want+" declare", out.String())
		}
		if want != bot.DefaultCommand && strings.Contains(out.String(), bot.DefaultCommand) {
			t.Errorf("command %q: /help still shows %s:\n%s", name, bot.DefaultCommand, out.String())
		}
	}
}
