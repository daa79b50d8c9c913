package slack_test

import (
	"context"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestNewMessageStartsWhileOthersRecord: a message that arrives while the
// channel's earlier messages are still being recorded starts recording at
// once, instead of waiting for them: otherwise a steady stream is recorded
// in waves a commit apart. An edit still waits for every message before it.
func TestNewMessageStartsWhileOthersRecord(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1", "U1")
	h := newRecorder()
	started := make(chan string, 10)
	release := make(chan struct{})
	h.record = func(ev bot.Event) error {
		started <- ev.Text
		if ev.Text == "first" {
			<-release // a commit that takes a while
		}
		return nil
	}
	start(t, s, h)

	first := s.SendMessage(ch, "U1", "first")
	if got := <-started; got != "first" {
		t.Fatalf("recording %q, want first", got)
	}
	// The lane's queue is empty now and "first" is still recording.
	s.SendMessage(ch, "U1", "second")
	select {
	case got := <-started:
		if got != "second" {
			t.Fatalf("recording %q, want second", got)
		}
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("the second message waited for the first to be recorded")
	}
	edit := s.SendEdit(ch, first.TS, "first, edited")
	select {
	case got := <-started:
		close(release)
		t.Fatalf("recording %q before the first message was recorded", got)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if got := <-started; got != "first, edited" {
		t.Fatalf("recording %q, want the edit", got)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := edit.Wait(wctx); err != nil {
		t.Fatal("edit not acked")
	}
}
