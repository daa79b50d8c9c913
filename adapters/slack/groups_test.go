package slack_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// TestAdminGroups: the user groups of WARROOM_ADMINS a user is in reach
// the engine as the request's groups, read with usergroups.users.list and
// cached, so a burst of commands asks Slack once; a group Slack does not
// have (no_such_subteam) is one nobody is in.
func TestAdminGroups(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2", "U3")
	s.AddUserGroup("S0614TZR7", "U2", "U4")
	a, err := slack.New(slack.Options{
		AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(), HTTPTimeout: 5 * time.Second,
		AdminGroups: []string{"S0614TZR7", "S0NOSUCH"},
		Log:         zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.ErrorLevel),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newRecorder()
	rctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(rctx, h) }()
	t.Cleanup(func() { cancel(); <-done })
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"U2", "U3", "U2"} {
		if _, err := s.SendSlashCommand(ops, u, "sev P1").Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.wait(t, ctx, "three commands", func() bool { return len(h.requests) == 3 })
	// Commands run concurrently: their requests come in any order.
	want := map[string][]string{"U2": {"S0614TZR7"}, "U3": nil}
	for _, r := range h.Requests() {
		if !slices.Equal(r.Groups, want[r.User]) {
			t.Errorf("request by %s: groups %v, want %v", r.User, r.Groups, want[r.User])
		}
	}
	calls := s.Calls("usergroups.users.list")
	var good int
	for _, c := range calls {
		if c.Params.Get("usergroup") == "S0614TZR7" {
			good++
		}
	}
	if good != 1 {
		t.Errorf("usergroups.users.list asked %d times for S0614TZR7, want once (cached)", good)
	}
}
