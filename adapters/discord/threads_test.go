package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// declareIn declares an incident from #general and returns it.
func (w *world) declareIn(t *testing.T, user, title string) *bot.Incident {
	t.Helper()
	if _, cb := w.slash(t, w.f.GeneralChannel(), user, fakediscord.Sub("declare", fakediscord.Str("title", title))); cb.Type != 4 {
		t.Fatalf("declare answered %+v", cb)
	}
	inc, err := w.db.Incident(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// closeAndRead closes an incident and returns its postmortem.
func (w *world) closeAndRead(t *testing.T, inc *bot.Incident, user string) string {
	t.Helper()
	w.slash(t, inc.ChannelID, user, fakediscord.Sub("close"))
	var doc []byte
	wait(t, "the postmortem", func() bool {
		var err error
		doc, err = w.db.Postmortem(t.Context(), inc.ID)
		return err == nil
	})
	return string(doc)
}

// TestThreadLive: a message posted in a thread of the incident channel
// while the bot runs is in the postmortem once, marked with the thread; one
// in a thread of a channel that is no incident's is not recorded.
func TestThreadLive(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	inc := w.declareIn(t, alice.ID, "payments down")

	th, err := f.StartThread(inc.ChannelID, bob.ID, "db failover")
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.UserMessage(th.ID, bob.ID, "replica lag is 3s")
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.StartThread(f.GeneralChannel(), bob.ID, "lunch")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.UserMessage(other.ID, bob.ID, "pizza at noon"); err != nil {
		t.Fatal(err)
	}
	wait(t, "the thread message recorded", func() bool {
		_, err := w.db.Message(t.Context(), inc.ID, m.ID)
		return err == nil
	})
	got, _ := w.db.Message(t.Context(), inc.ID, m.ID)
	if got.Thread != "db failover" {
		t.Errorf("entry thread = %q, want %q", got.Thread, "db failover")
	}
	doc := w.closeAndRead(t, inc, alice.ID)
	if n := strings.Count(doc, "replica lag is 3s"); n != 1 {
		t.Errorf("the thread message is in the postmortem %d times, want once:\n%s", n, doc)
	}
	if !strings.Contains(doc, "_(in thread db failover)_: replica lag is 3s") {
		t.Errorf("the thread message is not marked as in its thread:\n%s", doc)
	}
	if strings.Contains(doc, "pizza") {
		t.Errorf("a thread of #general is in the postmortem:\n%s", doc)
	}
}

// TestThreadCatchUp: messages posted in threads of the incident channel
// while the bot is down, in a thread started before and in one started
// and archived meanwhile, are caught up at the restart, each once and
// marked; a thread of #general is not; and a message in a thread the new
// session never heard of is recorded live.
func TestThreadCatchUp(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	inc := w.declareIn(t, alice.ID, "payments down")
	th1, err := f.StartThread(inc.ChannelID, bob.ID, "db failover")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.stop(t); err != nil {
		t.Fatal(err)
	}
	w.clk.Advance(time.Minute)
	must := func(_ fakediscord.Message, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.AddHistory(th1.ID, bob.ID, "down: replica promoted"))
	w.clk.Advance(time.Second)
	must(f.AddHistory(inc.ChannelID, alice.ID, "down: in the channel"))
	th2, err := f.StartThread(inc.ChannelID, alice.ID, "comms")
	if err != nil {
		t.Fatal(err)
	}
	w.clk.Advance(time.Minute)
	must(f.AddHistory(th2.ID, alice.ID, "down: status page updated"))
	w.clk.Advance(time.Minute)
	if err := f.ArchiveThread(th2.ID); err != nil {
		t.Fatal(err)
	}
	other, err := f.StartThread(f.GeneralChannel(), bob.ID, "lunch")
	if err != nil {
		t.Fatal(err)
	}
	must(f.AddHistory(other.ID, bob.ID, "down: pizza"))

	a, err := New(testOptions(t, f))
	if err != nil {
		t.Fatal(err)
	}
	runAdapter(t, f, a, w.e)
	live, err := f.UserMessage(th1.ID, bob.ID, "after: lag gone")
	if err != nil {
		t.Fatal(err)
	}
	wait(t, "the live thread message recorded", func() bool {
		_, err := w.db.Message(t.Context(), inc.ID, live.ID)
		return err == nil
	})
	doc := w.closeAndRead(t, inc, alice.ID)
	for _, want := range []string{
		"_(in thread db failover)_: down: replica promoted",
		"_(in thread comms)_: down: status page updated",
		"_(in thread db failover)_: after: lag gone",
	} {
		if n := strings.Count(doc, want); n != 1 {
			t.Errorf("%q is in the postmortem %d times, want once:\n%s", want, n, doc)
		}
	}
	if n := strings.Count(doc, "down: in the channel"); n != 1 || strings.Contains(doc, "pizza") {
		t.Errorf("the channel's message is there %d times (want once), or #general's thread is in:\n%s", n, doc)
	}
	// In order: the thread message said before the channel's comes first.
	if i, j := strings.Index(doc, "replica promoted"), strings.Index(doc, "down: in the channel"); i < 0 || j < 0 || i > j {
		t.Errorf("catch-up did not keep time order:\n%s", doc)
	}
}
