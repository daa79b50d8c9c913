package slack_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// TestArchiveAfterClose: a day after the close the incident's channel is
// archived (conversations.archive; the fake then refuses posts to it).
// Reopened, the incident is open again, and since Slack does not let a bot
// unarchive, the answer says how a person can.
func TestArchiveAfterClose(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1")
	w := startWarroom(t, s, zerolog.WarnLevel)
	w.command(t, ctx, ops, "U1", "declare archive me")
	inc, ok := s.ChannelByName("inc-1-archive-me")
	if !ok {
		t.Fatalf("no incident channel among %+v", s.Channels())
	}
	w.command(t, ctx, inc.ID, "U1", "resolve fixed")
	w.command(t, ctx, inc.ID, "U1", "close")
	if _, err := s.WaitFiles(ctx, 1); err != nil {
		t.Fatal("no postmortem uploaded")
	}

	w.clock.Advance(23 * time.Hour)
	if err := w.e.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(inc.ID); c.Archived {
		t.Fatal("archived before the day was up")
	}
	w.clock.Advance(time.Hour)
	if err := w.e.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(inc.ID); !c.Archived {
		t.Fatal("not archived a day after the close")
	}
	if n := s.CallCount("conversations.archive"); n != 1 {
		t.Errorf("conversations.archive called %d times, want 1", n)
	}

	answer := w.command(t, ctx, ops, "U1", "reopen --id 1")
	if !strings.Contains(answer, "INC-1 reopened") || !strings.Contains(answer, "Unarchive") {
		t.Errorf("reopen answered %q, want it reopened and how to unarchive", answer)
	}
	got, err := w.db.Incident(ctx, 1)
	if err != nil || got.Status != bot.StatusInvestigating || got.Archive != (bot.Archive{}) {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

// TestDeclareRefusedChannel: when Slack refuses to create the channel for
// a reason a person can fix, the declarer is told it, and nothing is
// declared (issue 10, item 4).
func TestDeclareRefusedChannel(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1")
	w := startWarroom(t, s, zerolog.Disabled)
	s.Fail("conversations.create", "restricted_action", 1)
	answer := w.command(t, ctx, ops, "U1", "declare no channel for me")
	if !strings.Contains(answer, "Nothing was declared") || !strings.Contains(answer, "workspace setting") {
		t.Errorf("declare answered %q, want why and that nothing was declared", answer)
	}
	if open, _ := w.db.Incidents(ctx, true); len(open) != 0 {
		t.Errorf("%d open incidents after a refused channel", len(open))
	}
}
