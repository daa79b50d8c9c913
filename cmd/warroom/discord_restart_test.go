package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestDiscordCatchUpAfterDowntime stops the bot while 100 messages are
// posted in an open incident's channel (Discord sends them to no one: the
// new session after the restart does not replay them), then starts it
// again on the same store and closes the incident: the 100 are in the
// postmortem and the store once each, beside those recorded live.
func TestDiscordCatchUpAfterDowntime(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	g := newDiscordGuild(t, fakediscord.Options{})
	db := filepath.Join(t.TempDir(), "downtime.db")
	b := g.startBot(t, ctx, db, anyPort)
	addr := b.httpAddr(t, ctx)
	_, inc := g.declare(t, ctx, "downtime", "P2")
	for i := range 5 {
		g.post(t, inc.ID, g.user(1), fmt.Sprintf("live-%02d.", i))
	}
	waitMetric(t, ctx, addr, `warroom_timeline_appends_total{kind="message"}`, 5)
	b.stop(t)
	g.waitGone(t, ctx)

	for i := range 100 {
		g.post(t, inc.ID, g.user(i), fmt.Sprintf("while-down-%03d.", i))
	}
	b = g.startBot(t, ctx, db, anyPort)
	addr = b.httpAddr(t, ctx)
	b.waitLog(t, ctx, `"message":"caught up on channel history"`, `"channel":"`+inc.ID+`"`)
	// "caught up" is logged once what was read back is recorded; the
	// appends metric must agree: 100 new ones (the 5 recorded before the
	// stop and read back again are not appended twice).
	waitMetric(t, ctx, addr, `warroom_timeline_appends_total{kind="message"}`, 100)
	doc := g.closeIncident(t, ctx, inc.ID)
	b.stop(t)

	for i := range 100 {
		if c := strings.Count(doc, fmt.Sprintf("while-down-%03d.", i)); c != 1 {
			t.Errorf("message %d posted while the bot was down is in the postmortem %d times", i, c)
		}
	}
	for i := range 5 {
		if c := strings.Count(doc, fmt.Sprintf("live-%02d.", i)); c != 1 {
			t.Errorf("live message %d is in the postmortem %d times", i, c)
		}
	}
	byID, texts := storedMessages(t, db, 1)
	if len(byID) != 105 || len(texts) != 105 {
		t.Errorf("%d messages (%d texts) stored, want 105", len(byID), len(texts))
	}
	for id, c := range byID {
		if c != 1 {
			t.Errorf("message %s is stored %d times", id, c)
		}
	}
	if t.Failed() {
		t.Logf("postmortem:\n%s", doc)
	}
}

// TestDiscordRestartKeepsReminders restarts the bot (SIGTERM, start again
// on the same store) while a P1 incident waits for its first update: the
// reminder comes when it is due, not earlier and not much later, and only
// once.
func TestDiscordRestartKeepsReminders(t *testing.T) {
	const every = 3 * time.Second
	ctx := drillCtx(t, time.Minute)
	g := newDiscordGuild(t, fakediscord.Options{})
	db := filepath.Join(t.TempDir(), "reminders.db")
	env := []string{"WARROOM_REMINDER_P1=" + every.String(), "WARROOM_REMINDER_SWEEP=200ms"}
	b := g.startBot(t, ctx, db, env...)
	declared := time.Now()
	n, inc := g.declare(t, ctx, "reminders across a restart", "P1")
	b.stop(t)
	if got := g.discordPrompts(inc.ID, n); len(got) != 0 {
		t.Fatalf("prompted %d times before the reminder was due", len(got))
	}
	g.waitGone(t, ctx)
	g.startBot(t, ctx, db, env...)
	restarted := time.Since(declared)

	due := declared.Add(every)
	if err := g.Wait(ctx, func() bool { return len(g.discordPrompts(inc.ID, n)) > 0 }); err != nil {
		t.Fatalf("no reminder after the restart (%v after declaring)", restarted)
	}
	first := g.discordPrompts(inc.ID, n)[0]
	// The sweep runs every second (cron's least), so a prompt comes at most
	// a second and a bit after it is due.
	if first.Before(due.Add(-100*time.Millisecond)) || first.After(due.Add(1500*time.Millisecond)) {
		t.Errorf("reminder at %v after declaring, due at %v (restarted %v after declaring)", first.Sub(declared), every, restarted)
	}
	t.Logf("restarted %v after declaring; reminder %v after, due at %v", restarted.Round(time.Millisecond), first.Sub(declared).Round(time.Millisecond), every)
	// The next is due `every` after the first: until then, no other.
	quiet, cancel := context.WithDeadline(ctx, first.Add(every-500*time.Millisecond))
	defer cancel()
	if g.Wait(quiet, func() bool { return len(g.discordPrompts(inc.ID, n)) > 1 }) == nil {
		t.Errorf("%d prompts for one due time", len(g.discordPrompts(inc.ID, n)))
	}
	if p := lastPrompt(g, inc.ID); !strings.Contains(p, "<@"+g.user(0)+">") {
		t.Errorf("the reminder does not mention the Incident Commander: %q", p)
	}
}

// lastPrompt returns the text of the last update prompt in a channel.
func lastPrompt(g *discordGuild, channel string) string {
	var s string
	for _, m := range g.Messages(channel) {
		if m.Author != nil && m.Author.ID == g.AppID() && strings.Contains(m.Content, "an update on INC-") {
			s = m.Content
		}
	}
	return s
}
