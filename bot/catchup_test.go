package bot_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// history is a fake History: a channel whose messages were all said while
// the bot was away, served a page at a time after the cursor.
type history struct {
	channel string
	msgs    []bot.Event
	page    int
	// stopAfter, when set, is called after that many pages were handed
	// over (a shutdown, say).
	stopAfter int
	stop      func()

	mu    sync.Mutex
	reads []bot.Cursor
}

func newHistory(channel string, n int, from time.Time) *history {
	h := &history{channel: channel, page: 100}
	for i := range n {
		h.msgs = append(h.msgs, bot.Event{
			Kind: bot.MessagePosted, ChannelID: channel, MessageID: fmt.Sprintf("h%05d", i),
			User: "U" + fmt.Sprint(i%7), At: from.Add(time.Duration(i+1) * time.Second),
			Text: fmt.Sprintf("missed message #%05d.", i),
		})
	}
	return h
}

func (h *history) ReadHistory(ctx context.Context, c bot.Cursor, page func([]bot.Event) error) error {
	h.mu.Lock()
	h.reads = append(h.reads, c)
	h.mu.Unlock()
	if c.ChannelID != h.channel {
		return nil
	}
	var after []bot.Event
	for _, m := range h.msgs {
		if m.At.After(c.At) {
			after = append(after, m)
		}
	}
	for n := 0; len(after) > 0; n++ {
		if h.stop != nil && n == h.stopAfter {
			h.stop()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(h.page, len(after))
		if err := page(after[:k]); err != nil {
			return err
		}
		after = after[k:]
		runtime.Gosched() // reading the next page takes a while
	}
	return nil
}

// countIn counts the missed messages in doc: how many appear, and which
// appear other than exactly once.
func countIn(doc string, n int) (found int, wrong []string) {
	for i := range n {
		switch c := strings.Count(doc, fmt.Sprintf("missed message #%05d.", i)); c {
		case 1:
			found++
		default:
			if c > 1 {
				found++
			}
			if len(wrong) < 5 {
				wrong = append(wrong, fmt.Sprintf("#%05d ×%d", i, c))
			}
		}
	}
	return found, wrong
}

// TestCatchUpThenClose is the restart drill on the engine: 2,000 messages
// said while the bot was down; it starts, catches up, and the incident is
// closed at once: the postmortem holds each of them exactly once.
func TestCatchUpThenClose(t *testing.T) {
	h := newHarness(t)
	h.declare("payments down")
	h.restart()
	hist := newHistory("C1", 2000, t0)
	done := h.e.CatchUp(h.ctx, hist)
	h.cmd("alice", "C1", "close")
	<-done
	doc, err := h.db.Postmortem(h.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if found, wrong := countIn(string(doc), 2000); found != 2000 || len(wrong) > 0 {
		t.Errorf("postmortem holds %d of the 2000 missed messages; not once: %v", found, wrong)
	}
	if n := len(h.timeline(1)); n < 2000 {
		t.Errorf("timeline has %d entries, want the 2000 messages and more", n)
	}
}

// TestCatchUpResumes: a catch-up stopped by shutdown resumes at the next
// start where it stopped, also when the incident was closed in between.
func TestCatchUpResumes(t *testing.T) {
	for _, closed := range []bool{false, true} {
		t.Run(fmt.Sprintf("closed=%v", closed), func(t *testing.T) {
			h := newHarness(t)
			h.declare("payments down")
			h.restart()
			hist := newHistory("C1", 1000, t0)
			ctx, cancel := context.WithCancel(h.ctx)
			hist.stopAfter, hist.stop = 3, cancel
			<-h.e.CatchUp(ctx, hist)
			if n := messages(h.timeline(1)); n != 300 {
				t.Fatalf("first run recorded %d messages, want the 3 pages before the shutdown", n)
			}
			if closed {
				h.cmd("alice", "C1", "close")
			}
			h.restart()
			hist.stop = nil
			<-h.e.CatchUp(h.ctx, hist)
			if n := messages(h.timeline(1)); n != 1000 {
				t.Errorf("after the restart %d messages, want 1000, each once", n)
			}
			last := hist.reads[len(hist.reads)-1]
			if want := hist.msgs[299]; last.MessageID != want.MessageID || !last.At.Equal(want.At) {
				t.Errorf("resumed from %+v, want after %s", last, want.MessageID)
			}
			// Finished: the next catch-up does not read a closed incident again.
			n := len(hist.reads)
			<-h.e.CatchUp(h.ctx, hist)
			if got := len(hist.reads) - n; closed && got != 0 || !closed && got != 1 {
				t.Errorf("a further catch-up read %d channels", got)
			}
		})
	}
}

func messages(tl []bot.Entry) int {
	n := 0
	for _, e := range tl {
		if e.Kind == bot.EntryMessage && strings.HasPrefix(e.Text, "missed message") {
			n++
		}
	}
	return n
}

// TestCatchUpFailureLeavesIt: a history that fails leaves the catch-up to
// the next one, from where it was.
func TestCatchUpFailure(t *testing.T) {
	h := newHarness(t)
	h.declare("payments down")
	<-h.e.CatchUp(h.ctx, failingHistory{})
	pending, err := h.db.CatchUps(h.ctx)
	if err != nil || len(pending) != 1 || pending[0].IncidentID != 1 || pending[0].ChannelID != "C1" {
		t.Errorf("after a failed catch-up, kept %+v, %v; want INC-1's", pending, err)
	}
	h.cmd("alice", "C1", "close") // a failed catch-up does not hold the close
	if inc := h.incident(1); inc.Status != bot.StatusClosed {
		t.Errorf("status %s", inc.Status)
	}
}

type failingHistory struct{}

func (failingHistory) ReadHistory(context.Context, bot.Cursor, func([]bot.Event) error) error {
	return errors.New("conversations.history: ratelimited")
}
