package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
)

// recentChat is a recorder that is also a bot.Recent answering with msgs,
// or err, and remembering what it was asked.
type recentChat struct {
	*recorder
	mu    sync.Mutex
	msgs  []bot.Event
	err   error
	asked []string // "channel/thread" per call
}

func (c *recentChat) RecentMessages(_ context.Context, channel, thread string, since time.Time, limit int) ([]bot.Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, channel+"/"+thread)
	// Lenient on purpose: it hands back everything, so that the engine's
	// own window and limit are what is tested.
	return append([]bot.Event(nil), c.msgs...), c.err
}

func newRecentHarness(t *testing.T, msgs []bot.Event) (*harness, *recentChat) {
	t.Helper()
	h := newHarness(t)
	rc := &recentChat{recorder: h.chat, msgs: msgs}
	h.e = bot.New(bot.Options{Store: h.db, Chat: rc, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: h.clock,
		Config: bot.DefaultConfig(), Log: zerolog.Nop()})
	return h, rc
}

func before(tl []bot.Entry) []bot.Entry {
	var out []bot.Entry
	for _, e := range tl {
		if e.Kind == bot.EntryBefore {
			out = append(out, e)
		}
	}
	return out
}

func TestDeclareRecordsWhatCameBefore(t *testing.T) {
	// The declaration is at t0+1h; the window opens at t0+45m.
	declared := t0.Add(time.Hour)
	msg := func(id string, ago time.Duration, user, text string) bot.Event {
		return bot.Event{Kind: bot.MessagePosted, ChannelID: "ops", MessageID: id, User: user, UserName: user,
			At: declared.Add(-ago), Text: text}
	}
	msgs := []bot.Event{
		msg("old", 16*time.Minute, "carol", "too old"),
		msg("edge", 15*time.Minute, "carol", "just in the window"),
	}
	for i := range 11 {
		msgs = append(msgs, msg("m"+string(rune('a'+i)), time.Duration(14-i)*time.Minute, "dave", "line "+string(rune('a'+i))))
	}
	msgs = append(msgs,
		bot.Event{Kind: bot.MessagePosted, ChannelID: "ops", MessageID: "self", At: declared.Add(-time.Minute), Text: "bot's own", Self: true},
		msg("mk", 3*time.Minute, "dave", "line k, again"), // the same message read twice
		bot.Event{Kind: bot.MessageEdited, ChannelID: "ops", MessageID: "ma", At: declared.Add(-time.Minute), Text: "an edit"},
		msg("later", -time.Minute, "erin", "after the declaration"),
	)
	h, rc := newRecentHarness(t, msgs)
	h.clock.Set(declared)
	inc := h.declare("Checkout errors")

	got := before(h.timeline(inc.ID))
	var ids []string
	for _, e := range got {
		ids = append(ids, e.MessageID)
		if e.At.After(declared) || e.At.Before(declared.Add(-bot.BeforeWindow)) {
			t.Errorf("%s at %s: outside the window", e.MessageID, e.At)
		}
	}
	// The latest ten in the window: "edge" and "ma" are the oldest two of
	// twelve.
	want := "mb mc md me mf mg mh mi mj mk"
	if strings.Join(ids, " ") != want {
		t.Errorf("before the declaration: %v, want %s", ids, want)
	}
	if len(got) > 0 && (got[0].Author != "dave" || got[0].Text != "line b" || !got[0].At.Equal(declared.Add(-13*time.Minute))) {
		t.Errorf("first entry %+v: want dave's line b at its own time", got[0])
	}
	if len(rc.asked) != 1 || rc.asked[0] != "ops/" {
		t.Errorf("asked %v, want ops/ once", rc.asked)
	}
}

func TestDeclareBeforeSkipped(t *testing.T) {
	msgs := []bot.Event{{Kind: bot.MessagePosted, ChannelID: "ops", MessageID: "m1", User: "bob", At: t0.Add(-time.Minute), Text: "alert"}}
	t.Run("read fails", func(t *testing.T) {
		h, rc := newRecentHarness(t, msgs)
		rc.err = errors.New("not_in_channel")
		inc := h.declare("Checkout errors")
		if n := len(before(h.timeline(inc.ID))); n != 0 {
			t.Errorf("%d entries from before after a failed read", n)
		}
		if inc.ChannelID == "" {
			t.Error("the declare did not make its channel")
		}
	})
	t.Run("from an incident channel", func(t *testing.T) {
		h, rc := newRecentHarness(t, msgs)
		first := h.declare("First")
		h.cmd("alice", first.ChannelID, "declare Second")
		if len(rc.asked) != 1 {
			t.Errorf("asked %v: an incident channel was read", rc.asked)
		}
	})
	t.Run("in a thread", func(t *testing.T) {
		h, rc := newRecentHarness(t, msgs)
		r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", ThreadID: "1.2", Text: "declare In a thread"})
		if r.Code != "" {
			t.Fatal(r.Text)
		}
		if len(rc.asked) != 1 || rc.asked[0] != "ops/1.2" {
			t.Errorf("asked %v, want the thread ops/1.2", rc.asked)
		}
	})
}
