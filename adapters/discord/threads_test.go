package discord

import (
	"strings"
	"testing"

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
