package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestShowTimeline checks `/incident timeline`: the last N entries, oldest
// first, edits, deletions and thread replies marked, and the count of the
// whole timeline.
func TestShowTimeline(t *testing.T) {
	h := newHarness(t)
	h.declare("api errors")
	for i := range 30 {
		h.clock.Advance(time.Second)
		h.say("bob", "C1", fmt.Sprint("m", i), fmt.Sprint("line ", i))
	}
	h.clock.Advance(time.Second)
	if err := h.e.Record(h.ctx, bot.Event{Kind: bot.MessageEdited, ChannelID: "C1", MessageID: "m29", User: "bob", At: h.clock.Now(), Text: "line 29 fixed"}); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Second)
	if err := h.e.Record(h.ctx, bot.Event{Kind: bot.MessageDeleted, ChannelID: "C1", MessageID: "m28", User: "bob", At: h.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Second)
	for _, ev := range []bot.Event{
		{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m30", User: "bob", At: h.clock.Now(), Text: "on it", ThreadID: "m0"},
		{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: "m31", User: "bob", At: h.clock.Now(), Text: "db-2 too", Thread: "db checks"},
	} {
		if err := h.e.Record(h.ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	total := len(h.timeline(1))

	tests := []struct {
		args string
		want []string // the lines after the heading, in order
	}{
		{"--last 5", []string{"bob: line 29", "bob: (edited) line 29 fixed", "bob: (deleted a message)",
			"bob: on it (reply in thread)", "bob: db-2 too (in thread db checks)"}},
		{"--last 1", []string{"bob: db-2 too (in thread db checks)"}},
		{"", nil}, // 20 lines, checked by count below
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			r := h.cmd("alice", "C1", strings.TrimSpace("timeline "+tt.args))
			lines := strings.Split(r.Text, "\n")
			n := len(tt.want)
			if tt.want == nil {
				n = 20
			}
			heading := fmt.Sprintf("last %d of %d entries", n, total)
			if !strings.Contains(lines[0], heading) {
				t.Fatalf("heading %q, want it to say %q", lines[0], heading)
			}
			if len(lines)-1 != n {
				t.Fatalf("%d lines, want %d:\n%s", len(lines)-1, n, r.Text)
			}
			for i, w := range tt.want {
				if !strings.HasSuffix(lines[i+1], w) {
					t.Errorf("line %d = %q, want it to end in %q", i+1, lines[i+1], w)
				}
			}
		})
	}
}
