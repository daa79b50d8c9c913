package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// TestSlackCrashDrill floods an incident channel with messages, SIGKILLs
// the bot mid-flood, starts it again on the same store, closes the
// incident, and checks that every message whose envelope was acknowledged
// before the kill is in the postmortem (the bot acknowledges only after
// the append committed), and that every message of the flood is there
// once (Slack delivers unacknowledged envelopes again; the bot also reads
// back the channel's history).
func TestSlackCrashDrill(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 500
	}
	ctx := drillCtx(t, 2*time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "crash drill", "P1")

	envs := make(chan *fakeslack.Envelope, n)
	go func() {
		defer close(envs)
		for i := range n {
			u := slackUsers[i%len(slackUsers)].id
			envs <- w.SendMessage(inc.ID, u, fmt.Sprintf("flood-%05d.", i))
			if i%50 == 49 {
				time.Sleep(2 * time.Millisecond) // a flood, not one instant
			}
		}
	}()
	var sent []*fakeslack.Envelope
	acked := func() int {
		k := 0
		for _, e := range sent {
			if e.Acked() {
				k++
			}
		}
		return k
	}
	for e := range envs {
		sent = append(sent, e)
		if len(sent)%25 == 0 && acked() >= n/4 {
			break
		}
	}
	b.kill(t)
	for e := range envs {
		sent = append(sent, e)
	}
	// Acks the bot wrote before it died may still be on their way.
	if err := w.Wait(ctx, func() bool { return !w.Connected() }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	var before []int
	for i, e := range sent {
		if e.Acked() {
			before = append(before, i)
		}
	}
	if len(before) == 0 || len(before) == n {
		t.Fatalf("%d of %d messages acknowledged before the kill: not mid-flood", len(before), n)
	}
	t.Logf("%d of %d messages acknowledged before SIGKILL", len(before), n)

	w.startBot(t, ctx, db)
	if err := w.WaitAllAcked(ctx); err != nil {
		t.Fatalf("%d envelopes never acknowledged after the restart", len(w.Unacked()))
	}
	doc := w.closeIncident(t, ctx, inc.ID)
	for _, i := range before {
		if !strings.Contains(doc, fmt.Sprintf("flood-%05d.", i)) {
			t.Errorf("message %d was acknowledged before the kill but is not in the postmortem", i)
		}
	}
	for i := range n {
		if c := strings.Count(doc, fmt.Sprintf("flood-%05d.", i)); c != 1 {
			t.Errorf("message %d is in the postmortem %d times", i, c)
		}
	}
}
