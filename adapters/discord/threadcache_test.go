package discord

import (
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestThreadLearning: a thread the session heard nothing of is looked up
// once (GET /channels/{id}) and its messages go in as the parent's, marked;
// threads the gateway told of (THREAD_LIST_SYNC, GUILD_CREATE) are not
// looked up; the guild's own channels, listed at start-up, are not either.
func TestThreadLearning(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	alice := f.AddUser("alice")
	parent := f.AddChannel("inc-1-db", fakediscord.ChannelText, "")
	// Started before the bot connects: no session hears THREAD_CREATE.
	var ths [3]fakediscord.Channel
	for i, name := range []string{"unheard", "synced", "in guild create"} {
		th, err := f.StartThread(parent, alice.ID, name)
		if err != nil {
			t.Fatal(err)
		}
		ths[i] = th
	}
	h := newRecHandler()
	startAdapter(t, f, h, nil)
	lookups := func() int {
		n := 0
		for _, r := range f.Requests() {
			if r.Route == fakediscord.RouteChannel {
				n++
			}
		}
		return n
	}
	say := func(ch, text string) {
		t.Helper()
		if _, err := f.UserMessage(ch, alice.ID, text); err != nil {
			t.Fatal(err)
		}
	}

	say(parent, "in the channel")
	say(ths[0].ID, "one")
	say(ths[0].ID, "two")
	f.SyncThreads(parent)
	say(ths[1].ID, "three")
	if _, err := f.Dispatch("GUILD_CREATE", map[string]any{"id": f.GuildID(), "name": "fake", "channels": f.Channels(), "threads": []fakediscord.Channel{ths[2]}}); err != nil {
		t.Fatal(err)
	}
	say(ths[2].ID, "four")
	wait(t, "five messages", func() bool { return len(h.posted(parent)) == 5 })
	want := map[string]string{"in the channel": "", "one": "unheard", "two": "unheard", "three": "synced", "four": "in guild create"}
	for _, ev := range h.posted(parent) {
		if th, ok := want[ev.Text]; !ok || ev.Thread != th {
			t.Errorf("message %q in thread %q, want %q", ev.Text, ev.Thread, th)
		}
	}
	if n := lookups(); n != 1 {
		t.Errorf("%d channel lookups, want 1 (the unheard thread, once)", n)
	}
	for _, ev := range h.Events() {
		if ev.ChannelID != parent && ev.Kind == bot.MessagePosted {
			t.Errorf("an event of channel %s, not the parent", ev.ChannelID)
		}
	}
}
