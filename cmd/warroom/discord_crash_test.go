package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestDiscordCrashDrill floods an incident channel with messages, SIGKILLs
// the bot mid-flood, starts it again on the same store and closes the
// incident. Discord has no acknowledgements: what the bot had recorded
// before the kill (at least what its metrics counted as appended) is read
// from the store while it is down, and everything else (in flight at the
// kill, or posted while the bot was down) must come back through catching
// up on the channel's history. Every message of the flood is in the
// postmortem and the store once.
func TestDiscordCrashDrill(t *testing.T) {
	const n = 500
	ctx := drillCtx(t, time.Minute)
	g := newDiscordGuild(t, fakediscord.Options{})
	db := filepath.Join(t.TempDir(), "crash.db")
	b := g.startBot(t, ctx, db, anyPort)
	addr := b.httpAddr(t, ctx)
	_, inc := g.declare(t, ctx, "crash drill", "P1")
	text := func(i int) string { return fmt.Sprintf("flood-%03d.", i) }

	// The second half of the flood waits for the kill, so that some of it
	// surely goes to no one.
	killed, flooded := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := range n {
			if i == n/2 {
				<-killed
			}
			if _, err := g.UserMessage(inc.ID, g.user(i), text(i)); err != nil {
				flooded <- err
				return
			}
			if i%10 == 9 {
				time.Sleep(time.Millisecond) // a flood, not one instant
			}
		}
		flooded <- nil
	}()
	// The bot counts a message appended once it is committed: the count
	// seen before the kill is what it had surely recorded.
	counted := int(waitMetric(t, ctx, addr, `warroom_timeline_appends_total{kind="message"}`, n/5))
	b.kill(t)
	close(killed)
	if err := <-flooded; err != nil {
		t.Fatal(err)
	}
	g.waitGone(t, ctx)

	_, before := storedMessages(t, db, 1)
	if len(before) < counted {
		t.Errorf("the bot counted %d messages appended before the kill, the store holds %d", counted, len(before))
	}
	t.Logf("%d of %d messages posted before SIGKILL; %d counted appended, %d in the store after it", n/2, n, counted, len(before))
	if len(before) == n/2 {
		t.Log("no message was in flight at the kill")
	}

	b = g.startBot(t, ctx, db, anyPort)
	addr = b.httpAddr(t, ctx)
	b.waitLog(t, ctx, `"message":"caught up on channel history"`, `"channel":"`+inc.ID+`"`)
	waitMetric(t, ctx, addr, `warroom_timeline_appends_total{kind="message"}`, float64(n-len(before)))
	doc := g.closeIncident(t, ctx, inc.ID)
	b.stop(t)

	for s := range before {
		if !strings.Contains(doc, s) {
			t.Errorf("%q was recorded before the kill but is not in the postmortem", s)
		}
	}
	for i := range n {
		if c := strings.Count(doc, text(i)); c != 1 {
			t.Errorf("message %d is in the postmortem %d times", i, c)
		}
	}
	byID, texts := storedMessages(t, db, 1)
	if len(byID) != n || len(texts) != n {
		t.Errorf("%d messages (%d texts) stored, want %d", len(byID), len(texts), n)
	}
	for id, c := range byID {
		if c != 1 {
			t.Errorf("message %s is stored %d times", id, c)
		}
	}
}
