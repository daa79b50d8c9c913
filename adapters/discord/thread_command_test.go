package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestCommandInThread: a slash command typed in a thread of an incident
// channel (the interaction names the thread's channel) acts on that
// incident, whether the session heard the thread created or must look it
// up; in a thread of another channel it is refused as there; a declare in
// a thread of #general reads the thread for what was said before it.
func TestCommandInThread(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice := f.AddUser("alice")
	hidden, err := f.StartThread(f.GeneralChannel(), alice.ID, "checkout chatter")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.UserMessage(hidden.ID, alice.ID, "checkout p99 is 4s in eu"); err != nil {
		t.Fatal(err)
	}
	_, cb := w.slash(t, hidden.ID, alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "Checkout slow"), fakediscord.Str("severity", "P2")))
	if !strings.Contains(cb.Data.Content, "Declared INC-1") {
		t.Fatalf("declare in a thread of #general answered %q", cb.Data.Content)
	}
	var ch string
	for _, c := range f.Channels() {
		if c.Type == fakediscord.ChannelText && strings.HasPrefix(c.Name, "inc-1-") {
			ch = c.ID
		}
	}
	var before []string
	if err := w.db.Timeline(context.Background(), 1, func(e *bot.Entry) error {
		if e.Kind == bot.EntryBefore {
			before = append(before, e.Text)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 || before[0] != "checkout p99 is 4s in eu" {
		t.Errorf("what was said before the declare: %q, want the thread's message", before)
	}

	th, err := f.StartThread(ch, alice.ID, "db")
	if err != nil {
		t.Fatal(err)
	}
	_, cb = w.slash(t, th.ID, alice.ID, fakediscord.Sub("status", fakediscord.Str("status", "identified")))
	if strings.Contains(cb.Data.Content, "not an incident channel") {
		t.Fatalf("status in the incident's thread answered %q", cb.Data.Content)
	}
	inc, err := w.db.Incident(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Status != bot.StatusIdentified {
		t.Errorf("status %s after /incident status identified in the incident's thread (answer %q)", inc.Status, cb.Data.Content)
	}

	other, err := f.StartThread(f.GeneralChannel(), alice.ID, "lunch")
	if err != nil {
		t.Fatal(err)
	}
	_, cb = w.slash(t, other.ID, alice.ID, fakediscord.Sub("status", fakediscord.Str("status", "monitoring")))
	if !strings.Contains(cb.Data.Content, "not an incident channel") {
		t.Errorf("status in a thread of #general answered %q", cb.Data.Content)
	}
}
