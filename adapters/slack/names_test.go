package slack_test

import (
	"testing"
	"time"
)

// TestSlowUsersInfoDoesNotHoldAcks: while users.info is held unanswered, a
// message from someone not looked up yet is recorded without their name
// and acknowledged, within Slack's deadline as the fake judges it; one
// lookup runs however many messages wait for it, and once it is answered
// their next message has the name.
func TestSlowUsersInfoDoesNotHoldAcks(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ch := s.AddChannel("inc-1", "U1")
	h := newRecorder()
	start(t, s, h)
	release := s.Hold("users.info")
	defer release()

	for i := range 3 {
		ack, err := s.SendMessage(ch, "U3", "first words").Wait(ctx)
		if err != nil {
			t.Fatalf("message %d was not acknowledged while users.info was held: %v", i, err)
		}
		if ack.Late || ack.Deliveries != 1 {
			t.Errorf("message %d: ack late %v (after %v), %d deliveries; want one in time", i, ack.Late, ack.Latency, ack.Deliveries)
		}
	}
	if n := s.Held("users.info"); n != 1 {
		t.Errorf("%d lookups waiting after three messages, want 1", n)
	}
	if got := h.Events(); len(got) != 3 || got[0].UserName != "" {
		t.Fatalf("events = %+v, want three without a name", got)
	}
	release()
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
