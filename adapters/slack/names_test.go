package slack_test

import (
	"testing"
	"time"
)

// TestSlowUsersInfoDoesNotHoldAcks: while users.info takes two seconds, a
// message from someone not looked up yet is recorded without their name
// and acknowledged at once; one lookup runs however many messages wait for
// it, and once it is done their next message has the name.
func TestSlowUsersInfoDoesNotHoldAcks(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1", "U1")
	h := newRecorder()
	start(t, s, h)
	s.Slow("users.info", 2*time.Second)

	for i := range 3 {
		ack, err := s.SendMessage(ch, "U3", "first words").Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Latency > time.Second {
			t.Errorf("message %d acknowledged after %v", i, ack.Latency)
		}
	}
	if got := h.Events(); len(got) != 3 || got[0].UserName != "" {
		t.Fatalf("events = %+v, want three without a name", got)
	}
	if err := s.Wait(ctx, func() bool { return len(s.Calls("users.info")) == 1 }); err != nil {
		t.Fatal("the lookup never finished")
	}
	// The answer is on its way to the cache: a later message has the name.
	named := false
	for i := 0; i < 40 && !named; i++ {
		if _, err := s.SendMessage(ch, "U3", "later words").Wait(ctx); err != nil {
			t.Fatal(err)
		}
		evs := h.Events()
		named = evs[len(evs)-1].UserName == "carol"
		if !named {
			time.Sleep(25 * time.Millisecond)
		}
	}
	if !named {
		t.Error("no name after the lookup finished")
	}
	if n := len(s.Calls("users.info")); n != 1 {
		t.Errorf("%d users.info calls, want 1", n)
	}
}
