package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// prompts returns the update prompts the bot posted in a channel, and when.
func prompts(w *slackWorkspace, channel string, incident int) []time.Time {
	var at []time.Time
	for _, m := range w.History(channel) {
		if m.BotID != "" && strings.Contains(m.Text, fmt.Sprintf("an update on INC-%d", incident)) {
			us, _ := fakeslack.ParseTS(m.TS)
			at = append(at, time.UnixMicro(us))
		}
	}
	return at
}

// TestSlackRestartKeepsReminders restarts the bot (SIGTERM, start again on
// the same store) while a P1 incident waits for its first update: the
// reminder comes when it is due, not earlier and not much later, and only
// once.
func TestSlackRestartKeepsReminders(t *testing.T) {
	const every = 2 * time.Second
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "reminders.db")
	env := []string{"WARROOM_REMINDER_P1=2s", "WARROOM_REMINDER_SWEEP=200ms"}
	b := w.startBot(t, ctx, db, env...)
	declared := time.Now()
	inc := w.declare(t, ctx, "reminders across a restart", "P1")
	b.stop(t)
	if got := prompts(w, inc.ID, 1); len(got) != 0 {
		t.Fatalf("prompted %d times before the reminder was due", len(got))
	}
	w.startBot(t, ctx, db, env...)

	due := declared.Add(every)
	if err := w.Wait(ctx, func() bool { return len(prompts(w, inc.ID, 1)) > 0 }); err != nil {
		t.Fatal("no reminder after the restart")
	}
	first := prompts(w, inc.ID, 1)[0]
	// The sweep runs every second (cron's least), so a prompt comes at most
	// a second and a bit after it is due.
	if first.Before(due.Add(-100*time.Millisecond)) || first.After(due.Add(1500*time.Millisecond)) {
		t.Errorf("reminder at %v after declaring, due at %v", first.Sub(declared), every)
	}
	// The next is due `every` after the first: until then, no other.
	time.Sleep(time.Until(first.Add(every - 500*time.Millisecond)))
	if got := prompts(w, inc.ID, 1); len(got) != 1 {
		t.Errorf("%d prompts for one due time", len(got))
	}
}

// TestSlackCatchUpAfterDowntime stops the bot while 100 messages are
// posted in an open incident's channel (Slack delivers no events for them
// to a bot that is not connected), then starts it again: all 100 are in
// the timeline, once each, beside those recorded live.
func TestSlackCatchUpAfterDowntime(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "downtime.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "downtime", "P2")
	for i := range 5 {
		if _, err := w.SendMessage(inc.ID, "U2", fmt.Sprintf("live %d", i)).Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	b.stop(t)

	for i := range 100 {
		w.AddHistory(inc.ID, slackUsers[i%len(slackUsers)].id, fmt.Sprintf("while down %d", i))
	}
	b = w.startBot(t, ctx, db)
	b.waitLog(t, ctx, `"message":"caught up on channel history"`, `"events":100`)
	b.stop(t)

	_, texts := storedMessages(t, db, 1)
	for i := range 100 {
		if c := texts[fmt.Sprintf("while down %d", i)]; c != 1 {
			t.Errorf("message %d posted while the bot was down is stored %d times", i, c)
		}
	}
	for i := range 5 {
		if c := texts[fmt.Sprintf("live %d", i)]; c != 1 {
			t.Errorf("live message %d is stored %d times", i, c)
		}
	}
	if len(texts) != 105 {
		t.Errorf("%d messages stored, want 105", len(texts))
	}
}
