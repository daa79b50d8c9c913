package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSlackThreadRepliesMarked: replies in a Slack thread of the incident
// channel, said live or while the bot was down (read back with
// conversations.replies), are in the postmortem marked as replies in the
// thread, named by its first message, as Discord's threads are by their
// names; a reply to the bot's own message is marked as a reply, and the
// messages of the channel itself are not marked.
func TestSlackThreadRepliesMarked(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	db := filepath.Join(t.TempDir(), "threads.db")
	b := w.startBot(t, ctx, db)
	inc := w.declare(t, ctx, "threads", "P2")
	parent := w.SendMessage(inc.ID, "U1", "the connection pool on db-1 is exhausted again")
	if _, err := parent.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.SendThreadReply(inc.ID, "U2", parent.TS, "raising the pool limit").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	var intro string // the bot's intro
	for _, m := range w.History(inc.ID) {
		if m.BotID != "" && strings.Contains(m.Text, "help lists the commands") {
			intro = m.TS
		}
	}
	if intro == "" {
		t.Fatal("no intro in the channel")
	}
	if _, err := w.SendThreadReply(inc.ID, "U3", intro, "I can help").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	b.stop(t)

	w.AddHistoryReply(inc.ID, "U4", parent.TS, "limit raised while you were away")
	b = w.startBot(t, ctx, db)
	b.waitLog(t, ctx, `"message":"caught up on channel history"`, `"events":1`)
	doc := w.closeIncident(t, ctx, inc.ID)
	b.stop(t)

	for _, want := range []string{
		`**alice**: the connection pool on db-1 is exhausted again`,
		`**bob** _(in thread "the connection pool on db-1 is…")_: raising the pool limit`,
		`**dan** _(in thread "the connection pool on db-1 is…")_: limit raised while you were away`,
		`**carol** _(reply in thread)_: I can help`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the postmortem lacks %s", want)
		}
	}
	if t.Failed() {
		t.Log(doc)
	}
}
