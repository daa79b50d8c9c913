package slack_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// TestCheckUser: users.info decides who exists. An id Slack answers
// user_not_found for, and a deactivated account, are unknown; a member is
// not; and a Web API that fails is not taken for an answer.
func TestCheckUser(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	a := newAdapter(t, s)
	s.DeactivateUser("U5")
	for _, tt := range []struct {
		user    string
		unknown bool
	}{{"U1", false}, {"U9", true}, {"U5", true}} {
		err := a.CheckUser(ctx, tt.user)
		if errors.Is(err, bot.ErrUnknownUser) != tt.unknown || !tt.unknown && err != nil {
			t.Errorf("CheckUser(%s) = %v, want unknown %v", tt.user, err, tt.unknown)
		}
	}
}

// TestRoleForUnknownUser: `role tier2 <@U9>` for an id no one in the
// workspace has answers the invoker clearly and assigns nothing.
func TestRoleForUnknownUser(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2")
	w := startWarroom(t, s, zerolog.WarnLevel)
	w.command(t, ctx, ops, "U1", `declare "db down" --sev P1`)
	inc, ok := s.ChannelByName("inc-1-db-down")
	if !ok {
		t.Fatalf("no incident channel among %+v", s.Channels())
	}
	posts := len(s.History(inc.ID))
	answer := w.command(t, ctx, inc.ID, "U1", "role tier2 <@U9>")
	if !strings.Contains(answer, "There is no user U9") {
		t.Errorf("answered %q", answer)
	}
	got, err := w.db.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if h := got.Holder(bot.RoleTier2); h != "" {
		t.Errorf("tier2 assigned to %q", h)
	}
	if n := len(s.History(inc.ID)); n != posts {
		t.Errorf("%d posts in the channel after the refusal, want %d", n, posts)
	}
}

// TestTitleRenamesChannel: /incident title renames the incident's channel
// with conversations.rename, keeping its inc-N- prefix.
func TestTitleRenamesChannel(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1")
	w := startWarroom(t, s, zerolog.WarnLevel)
	w.command(t, ctx, ops, "U1", `declare "db down" --sev P1`)
	inc, ok := s.ChannelByName("inc-1-db-down")
	if !ok {
		t.Fatalf("no incident channel among %+v", s.Channels())
	}
	answer := w.command(t, ctx, inc.ID, "U1", `title "Checkout & login errors"`)
	if !strings.Contains(answer, "#inc-1-checkout-login-errors") {
		t.Errorf("answered %q", answer)
	}
	if got, ok := s.Channel(inc.ID); !ok || got.Name != "inc-1-checkout-login-errors" {
		t.Errorf("channel is %q, want inc-1-checkout-login-errors", got.Name)
	}
}
