package discord

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestDirectMessage: a DM creates the bot's DM channel with the user (once)
// and posts in it, with its buttons, which run their command when pressed
// in the DM; an unknown user, and a user who does not accept DMs, are
// errors the engine falls back on.
func TestDirectMessage(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	ctx := t.Context()
	bob := f.AddUser("bob")
	for _, text := range []string{"⏰ Your follow-ups (1)", "⏰ Your follow-ups (2)"} {
		if _, err := r.DirectMessage(ctx, bob.ID, bot.Message{Text: text, Buttons: []bot.Button{{Label: "Done A-1", Command: "action done A-1"}}}); err != nil {
			t.Fatal(err)
		}
	}
	got := f.DirectMessages(bob.ID)
	if len(got) != 2 || got[0].Content != "⏰ Your follow-ups (1)" || got[1].Content != "⏰ Your follow-ups (2)" || got[0].GuildID != "" {
		t.Fatalf("DMs to bob = %+v", got)
	}
	if len(got[0].Components) != 1 || !strings.Contains(string(got[0].Components[0]), "Done A-1") {
		t.Errorf("the DM lacks its button: %s", got[0].Components)
	}
	in, err := f.PressButton(got[0].ChannelID, got[0].ID, bob.ID, "wr:cmd:action done A-1")
	if err != nil {
		t.Fatal(err)
	}
	waitCallback(t, f, in.ID)
	if reqs := h.Requests(); len(reqs) != 1 || reqs[0].Text != "action done A-1" || reqs[0].User != bob.ID || reqs[0].ChannelID != got[0].ChannelID {
		t.Errorf("pressing the DM's button: requests %+v, want action done A-1 by bob in the DM", reqs)
	}
	if _, err := r.DirectMessage(ctx, "999", bot.Message{Text: "x"}); err == nil || !strings.Contains(err.Error(), "10013") {
		t.Errorf("DM to an unknown user: err = %v, want 10013 Unknown User", err)
	}
	carol := f.AddUser("carol")
	f.CloseDMs(carol.ID)
	if _, err := r.DirectMessage(ctx, carol.ID, bot.Message{Text: "x"}); err == nil || !strings.Contains(err.Error(), "50007") {
		t.Errorf("DM to a user who refuses DMs: err = %v, want 50007", err)
	}
}
