package slack_test

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestDirectMessage: a DM opens the bot's conversation with the user and
// posts in it, with its buttons, which run their command when pressed in
// the DM; the same conversation serves the next one; a user Slack does not
// know is an error the engine falls back on.
func TestDirectMessage(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	h := newRecorder()
	a := start(t, s, h)
	for _, text := range []string{"⏰ Your follow-ups (1)", "⏰ Your follow-ups (2)"} {
		if _, err := a.DirectMessage(ctx, "U2", bot.Message{Text: text, Buttons: []bot.Button{{Label: "Done A-1", Command: "action done A-1"}}}); err != nil {
			t.Fatal(err)
		}
	}
	got := s.DirectMessages("U2")
	if len(got) != 2 || got[0].Text != "⏰ Your follow-ups (1)" || got[1].Text != "⏰ Your follow-ups (2)" {
		t.Fatalf("DMs to U2 = %+v", got)
	}
	if !strings.Contains(string(got[0].Blocks), "action done A-1") {
		t.Errorf("the DM lacks its button: %s", got[0].Blocks)
	}
	im := s.DirectMessageChannel("U2")
	e, err := s.SendBlockAction(im, "U2", got[0].TS, "warroom:action done A-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	h.wait(t, ctx, "the button's command", func() bool { return len(h.requests) == 1 })
	if r := h.Requests()[0]; r.Text != "action done A-1" || r.User != "U2" || r.ChannelID != im {
		t.Errorf("pressing the DM's button: request %+v, want action done A-1 by U2 in the DM", r)
	}
	if n := s.CallCount("conversations.open"); n != 2 {
		t.Errorf("conversations.open called %d times, want 2", n)
	}
	if _, err := a.DirectMessage(ctx, "U404", bot.Message{Text: "x"}); err == nil || !strings.Contains(err.Error(), "user_not_found") {
		t.Errorf("DM to an unknown user: err = %v, want user_not_found", err)
	}
}
