package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestRecordUnchangedEdit checks that an edit is a new version only if it
// changes the text last recorded for its message.
func TestRecordUnchangedEdit(t *testing.T) {
	post := func(id, text string) bot.Event {
		return bot.Event{Kind: bot.MessagePosted, MessageID: id, User: "bob", Text: text}
	}
	edit := func(id, text, prev string) bot.Event {
		return bot.Event{Kind: bot.MessageEdited, MessageID: id, User: "bob", Text: text, PrevText: prev}
	}
	tests := []struct {
		name   string
		events []bot.Event
		want   []string // the edit entries, as text <- original
	}{
		{"changed", []bot.Event{post("m1", "A"), edit("m1", "B", "")}, []string{"B <- A"}},
		{"unchanged", []bot.Event{post("m1", "A"), edit("m1", "A", "")}, nil},
		{"unchanged though the platform says otherwise", []bot.Event{post("m1", "A"), edit("m1", "A", "Z")}, nil},
		{"same edit seen again later", []bot.Event{post("m1", "A"), edit("m1", "B", ""), edit("m1", "B", "")}, []string{"B <- A"}},
		{"back and forth", []bot.Event{post("m1", "A"), edit("m1", "B", ""), edit("m1", "A", "")}, []string{"B <- A", "A <- B"}},
		{"back and forth, repeated", []bot.Event{post("m1", "A"), edit("m1", "B", ""), edit("m1", "A", ""), edit("m1", "A", "")},
			[]string{"B <- A", "A <- B"}},
		{"other message's text", []bot.Event{post("m1", "A"), post("m2", "B"), edit("m1", "B", "")}, []string{"B <- A"}},
		{"message never recorded", []bot.Event{edit("m1", "B", "A")}, []string{"B <- A"}},
		{"emptied", []bot.Event{post("m1", "A"), edit("m1", "", "")}, []string{" <- A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			inc := h.declare("api errors")
			for _, ev := range tt.events {
				// Each event a second later, so that none shares a version's
				// time with another.
				h.clock.Advance(time.Second)
				ev.ChannelID, ev.At = inc.ChannelID, h.clock.Now()
				if err := h.e.Record(h.ctx, ev); err != nil {
					t.Fatalf("record %s %s: %v", ev.Kind, ev.MessageID, err)
				}
			}
			var got []string
			for _, e := range h.timeline(inc.ID) {
				if e.Kind == bot.EntryEdit {
					got = append(got, fmt.Sprintf("%s <- %s", e.Text, e.Original))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("edits:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestRecordThread checks that a message handed in as posted in a thread
// of the incident channel is recorded once, with its thread.
func TestRecordThread(t *testing.T) {
	h := newHarness(t)
	inc := h.declare("api errors")
	ev := bot.Event{Kind: bot.MessagePosted, ChannelID: inc.ChannelID, MessageID: "t1", User: "bob", Text: "in the thread", Thread: "db", At: h.clock.Now()}
	for range 2 {
		if err := h.e.Record(h.ctx, ev); err != nil {
			t.Fatalf("record: %v", err)
		}
	}
	var got []string
	for _, e := range h.timeline(inc.ID) {
		if e.Kind == bot.EntryMessage {
			got = append(got, e.Thread+": "+e.Text)
		}
	}
	if want := "db: in the thread"; len(got) != 1 || got[0] != want {
		t.Errorf("messages = %q, want [%q]", got, want)
	}
}
