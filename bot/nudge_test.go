package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/warroom-dev/warroom/bot"
)

// weekdays9 is the default follow-up schedule.
func weekdays9(t *testing.T) cron.Schedule {
	t.Helper()
	s, err := cron.ParseStandard("CRON_TZ=UTC 0 9 * * MON-FRI")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// nudgeHarness is a harness whose engine nudges on weekdays at 09:00 UTC,
// with the follow-up channel given.
func nudgeHarness(t *testing.T, channel string) *harness {
	t.Helper()
	h := newHarness(t)
	sched := weekdays9(t)
	h.config = func(c *bot.Config) { c.FollowUps = bot.FollowUpConfig{Schedule: sched, Channel: channel} }
	h.restart()
	return h
}

// dmsTo returns the texts of the direct messages sent to user.
func (h *harness) dmsTo(user string) []string {
	h.chat.mu.Lock()
	defer h.chat.mu.Unlock()
	var out []string
	for _, p := range h.chat.dms {
		if p.user == user {
			out = append(out, p.Text)
		}
	}
	return out
}

// day returns the time d days after t0's midnight at hh:mm (t0 is Saturday
// 2026-03-14).
func day(d, hh, mm int) time.Time {
	return time.Date(2026, 3, 14+d, hh, mm, 0, 0, time.UTC)
}

// TestNudgeSchedule: an action added at close is nudged on the first
// scheduled run after it is overdue, once a run, also across restarts; a
// run missed while down happens once at start; a done action is nudged
// again only after a week unverified, and a verified one never.
func TestNudgeSchedule(t *testing.T) {
	h := nudgeHarness(t, "")
	h.nudge() // the first call on a new store only counts from now
	h.declare("db down --sev P1")
	h.cmd("alice", "C1", "action add raise the pool limit @bob --due 2026-03-16")
	h.cmd("alice", "C1", "action add alert on saturation @carol")
	h.cmd("alice", "C1", "action done 2")
	h.cmd("alice", "C1", "action verify 2 https://deploy.example.com/1")
	h.cmd("alice", "C1", "close")

	steps := []struct {
		at      time.Time
		restart bool
		cmd     string // run by bob before the tick
		want    string // in the one new DM to bob; "" for none
	}{
		{at: day(1, 10, 0)}, // Sunday: no run
		{at: day(2, 9, 0), want: "overdue since 2026-03-16"}, // Monday 09:00: the first run
		{at: day(2, 9, 0)},                                         // the same run again
		{at: day(2, 9, 30), restart: true},                         // a restart does not repeat it
		{at: day(3, 9, 5), restart: true, want: "overdue"},         // down at 09:00 Tuesday: run at start
		{at: day(3, 12, 0)},                                        // nothing more that day
		{at: day(4, 9, 0), cmd: "action done 1 --id 1"},            // done: not nudged for a week
		{at: day(11, 9, 0)},                                        // Wednesday a week on: 7 days, not over
		{at: day(12, 9, 0), want: "done 2026-03-18, not verified"}, // Thursday: over 7 days
		{at: day(13, 9, 0), cmd: "action verify 1 https://deploy.example.com/2 --id 1"},
		{at: day(16, 9, 0)}, // verified: never again
	}
	seen := 0
	for i, s := range steps {
		h.clock.Set(s.at)
		if s.restart {
			h.restart()
		}
		if s.cmd != "" {
			h.cmd("bob", "random", s.cmd)
		}
		h.nudge()
		got := h.dmsTo("bob")[seen:]
		seen += len(got)
		switch {
		case s.want == "" && len(got) != 0:
			t.Errorf("step %d (%s): %d DMs, want none: %q", i, s.at.Format(time.DateTime), len(got), got)
		case s.want != "" && (len(got) != 1 || !strings.Contains(got[0], s.want)):
			t.Errorf("step %d (%s): DMs %q, want one containing %q", i, s.at.Format(time.DateTime), got, s.want)
		}
	}
	if got := h.dmsTo("carol"); len(got) != 0 {
		t.Errorf("carol's verified action was nudged: %q", got)
	}
}

func (h *harness) nudge() {
	h.t.Helper()
	if err := h.e.NudgeFollowUps(h.ctx); err != nil {
		h.t.Fatal(err)
	}
}

// TestNudgeMessage: a nudge lists the owner's items with the commands that
// move them on, by global id since the DM is no incident's channel, and a
// Done button for an open one that works when pressed in the DM.
func TestNudgeMessage(t *testing.T) {
	h := nudgeHarness(t, "")
	h.nudge()
	h.declare("db down")
	h.cmd("alice", "C1", "action add raise the pool limit @bob --due 2026-03-17")
	h.clock.Set(day(2, 9, 0))
	h.nudge()
	h.chat.mu.Lock()
	if len(h.chat.dms) != 1 {
		h.chat.mu.Unlock()
		t.Fatalf("%d DMs, want 1", len(h.chat.dms))
	}
	m := h.chat.dms[0]
	h.chat.mu.Unlock()
	for _, s := range []string{"Your follow-ups (1)", "A-1 INC-1 #1 raise the pool limit (P2, due 2026-03-17)", "/incident action done A-1 --link URL", "/incident action drop A-1 <reason>"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("nudge lacks %q:\n%s", s, m.Text)
		}
	}
	if strings.Contains(m.Text, "--id") {
		t.Errorf("nudge names the action by its incident-local number:\n%s", m.Text)
	}
	if len(m.Buttons) != 1 || m.Buttons[0].Command != "action done A-1" {
		t.Fatalf("buttons = %+v, want one that marks A-1 done", m.Buttons)
	}
	// bob presses it in the DM, which is no incident's channel.
	r := h.cmd("bob", "D-bob", m.Buttons[0].Command)
	if !strings.Contains(r.Text, "#1 (A-1) of INC-1 marked done") {
		t.Errorf("the button answered %q", r.Text)
	}
	if got := h.incident(1).Actions[0]; got.State() != bot.ActionDone || got.DoneBy != "bob" {
		t.Errorf("after the button: %s by %q, want done by bob", got.State(), got.DoneBy)
	}
	if got := h.chat.count("C1", "Action #1 (A-1) done (<@bob>)"); got != 1 {
		t.Errorf("%d posts of it in C1, want 1: %q", got, h.chat.postsIn("C1"))
	}
	if got := h.chat.postsIn("D-bob"); len(got) != 0 {
		t.Errorf("posted in the DM: %q", got)
	}
}

// TestNudgeFallback: when the DM cannot be delivered the note goes to the
// incident channel, or to the follow-up channel when one is set.
func TestNudgeFallback(t *testing.T) {
	for _, tc := range []struct{ followUpChannel, want string }{{"", "C1"}, {"F1", "F1"}} {
		h := nudgeHarness(t, tc.followUpChannel)
		h.nudge()
		h.declare("db down")
		h.cmd("alice", "C1", "action add raise the pool limit @bob --due 2026-03-16")
		h.chat.dmFail["bob"] = true
		h.clock.Set(day(2, 9, 0))
		h.nudge()
		if got := h.chat.count(tc.want, "Follow-ups for <@bob> (1)"); got != 1 {
			t.Errorf("follow-up channel %q: %d notes for bob in %s, want 1: %q", tc.followUpChannel, got, tc.want, h.chat.postsIn(tc.want))
		}
	}
}

// TestDigest: the P0/P1 actions still open two weeks after close are named
// once a week in the follow-up channel.
func TestDigest(t *testing.T) {
	h := nudgeHarness(t, "F1")
	h.nudge()
	h.declare("db down --sev P1")
	h.cmd("alice", "C1", "action add raise the pool limit")
	h.cmd("alice", "C1", "close")
	h.declare("typo on the status page --sev P3")
	h.cmd("alice", "C2", "action add fix the typo")
	h.cmd("alice", "C2", "close")
	for _, s := range []struct {
		at   time.Time
		want int
	}{
		{day(2, 9, 0), 0},  // Monday, closed 2 days ago: too soon
		{day(16, 9, 0), 1}, // Monday two weeks on
		{day(17, 9, 0), 1}, // Tuesday: once a week
		{day(23, 9, 0), 2}, // the next Monday
	} {
		h.clock.Set(s.at)
		h.nudge()
		if got := h.chat.count("F1", "Weekly follow-up digest: 1 action items"); got != s.want {
			t.Errorf("at %s: %d digests, want %d: %q", s.at.Format(time.DateTime), got, s.want, h.chat.postsIn("F1"))
		}
	}
	if got := h.chat.count("F1", "fix the typo"); got != 0 {
		t.Errorf("the digest names a P3 action: %q", h.chat.postsIn("F1"))
	}
}
