package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// sweepFor moves the clock minute by minute for d, sweeping each minute as
// the cron job would.
func (h *harness) sweepFor(d time.Duration) {
	h.t.Helper()
	for end := h.clock.Now().Add(d); h.clock.Now().Before(end); {
		h.clock.Advance(time.Minute)
		if err := h.e.Sweep(h.ctx); err != nil {
			h.t.Fatal(err)
		}
	}
}

func TestReminderDayInMilliseconds(t *testing.T) {
	h := newHarness(t)
	h.declare("payments down --sev P0")
	h.cmd("alice", "C1", "role comms @carol")

	h.sweepFor(24 * time.Hour)
	prompts := h.chat.count("C1", "an update on INC-1 (P0) is due")
	escalations := h.chat.count("C1", "ESCALATION")
	// P0 is due every 15m: 96 due times in a day. The first two are plain
	// prompts; every one after that, with still no update, escalates.
	if prompts != 2 || escalations != 94 {
		t.Errorf("prompts %d, escalations %d; want 2 and 94", prompts, escalations)
	}
	for _, p := range h.chat.postsIn("C1") {
		if strings.Contains(p, "is due") && (!strings.Contains(p, "<@alice>") || !strings.Contains(p, "<@carol>")) {
			t.Fatalf("prompt does not mention the IC and the Comms Lead: %q", p)
		}
		if strings.Contains(p, "is due") && !strings.Contains(p, "mitigation progress, next update time") {
			t.Fatalf("prompt does not list the update fields: %q", p)
		}
	}
	var recorded int
	for _, e := range h.timeline(1) {
		if e.Kind == bot.EntryReminder || e.Kind == bot.EntryEscalation {
			recorded++
		}
	}
	if recorded != 96 {
		t.Errorf("%d reminders in the timeline, want 96", recorded)
	}
}

func TestReminderResetByUpdate(t *testing.T) {
	h := newHarness(t)
	h.declare("search slow --sev P1") // due every 30m
	h.sweepFor(25 * time.Minute)
	h.cmd("bob", "C1", "update --next 45m reindexing")
	h.sweepFor(44 * time.Minute)
	if n := h.chat.count("C1", "is due"); n != 0 {
		t.Fatalf("%d prompts before the --next time", n)
	}
	h.sweepFor(time.Minute)
	if n := h.chat.count("C1", "is due"); n != 1 {
		t.Fatalf("%d prompts at the --next time, want 1", n)
	}
	// The update resets the missed count: two more prompts, then escalation.
	h.cmd("bob", "C1", "update still reindexing")
	h.sweepFor(90 * time.Minute)
	if p, e := h.chat.count("C1", "is due"), h.chat.count("C1", "ESCALATION"); p != 3 || e != 1 {
		t.Errorf("prompts %d escalations %d, want 3 and 1", p, e)
	}
	h.cmd("alice", "C1", "resolve")
	h.sweepFor(3 * time.Hour)
	if p, e := h.chat.count("C1", "is due"), h.chat.count("C1", "ESCALATION"); p != 3 || e != 1 {
		t.Errorf("reminders after resolve: prompts %d escalations %d", p, e)
	}
}

func TestReminderSurvivesRestartAndFiresOnce(t *testing.T) {
	h := newHarness(t)
	h.declare("queue backlog --sev P1")
	h.clock.Advance(31 * time.Minute)
	h.restart() // what is due lives in the store
	for range 3 {
		if err := h.e.Sweep(h.ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.restart()
	if err := h.e.Sweep(h.ctx); err != nil {
		t.Fatal(err)
	}
	if n := h.chat.count("C1", "is due"); n != 1 {
		t.Fatalf("%d prompts for one due time across restarts and repeated sweeps, want 1", n)
	}
	if due := h.incident(1).Reminder.Due; !due.Equal(t0.Add(61 * time.Minute)) {
		t.Errorf("next due %v, want 30m after the prompt", due)
	}
}

func TestSeverityChangesCadence(t *testing.T) {
	h := newHarness(t)
	h.declare("minor glitch --sev P3")
	if due := h.incident(1).Reminder.Due; !due.IsZero() {
		t.Fatalf("P3 has no reminders, got due %v", due)
	}
	h.clock.Advance(10 * time.Minute)
	h.cmd("alice", "C1", "sev P0")
	if due := h.incident(1).Reminder.Due; !due.Equal(t0.Add(25 * time.Minute)) {
		t.Errorf("after sev P0, due %v, want 15m from the change", due)
	}
	h.cmd("alice", "C1", "sev P3")
	if due := h.incident(1).Reminder.Due; !due.IsZero() {
		t.Errorf("after sev P3, due %v, want none", due)
	}
}

// TestReminderSaysLastExternalUpdate: the update prompt tells the Comms
// Lead when the last external update went out, and to whom, or that none
// has.
func TestReminderSaysLastExternalUpdate(t *testing.T) {
	h := newHarness(t)
	h.declare("search slow --sev P1") // due every 30m
	h.sweepFor(30 * time.Minute)
	if n := h.chat.count("C1", "No external update recorded yet"); n != 1 {
		t.Errorf("%d prompts saying no external update went out, want 1", n)
	}
	h.cmd("carol", "C1", "comms status-page Search is slow; investigating")
	h.sweepFor(30 * time.Minute)
	if n := h.chat.count("C1", "Last external update: 30m ago, to status-page."); n != 1 {
		t.Errorf("the prompt does not say when the last external update went out:\n%s", strings.Join(h.chat.postsIn("C1"), "\n"))
	}
}
