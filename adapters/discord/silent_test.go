package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// shortOpenTimeout makes a silent gateway give up quickly.
func shortOpenTimeout(t *testing.T) {
	t.Helper()
	old := openTimeout
	openTimeout = 300 * time.Millisecond
	t.Cleanup(func() { openTimeout = old })
}

// TestSilentGatewayIsAbandoned: a gateway that accepts the reconnect and
// then sends nothing, not even HELLO, would hang discordgo's Open for
// good; the adapter abandons such a connection and tries again, and the
// session resumes with nothing lost.
func TestSilentGatewayIsAbandoned(t *testing.T) {
	shortOpenTimeout(t)
	fastBackoff(t)
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	r := startAdapter(t, f, h, nil)
	alice := f.AddUser("alice")
	ch := f.GeneralChannel()
	f.SilenceGateway(2)
	ids := burst(t, f, ch, alice.ID, 40, func() {
		if err := f.HardClose(); err != nil {
			t.Fatal(err)
		}
	})
	wait(t, "resumed", func() bool { return len(f.Resumes()) == 1 && f.Connected() && r.Connected() })
	checkOnce(t, h, ch, ids)
	if n := f.Silenced(); n != 2 {
		t.Errorf("%d silent connections, want 2", n)
	}
	if n := len(f.Identifies()); n != 1 {
		t.Errorf("%d identifies, want 1 (a resume is no new session)", n)
	}
}

// TestSilentGatewayAtStart: at start-up a silent gateway is an error that
// says so, not a hang.
func TestSilentGatewayAtStart(t *testing.T) {
	shortOpenTimeout(t)
	f := startFake(t, fakediscord.Options{})
	f.SilenceGateway(-1)
	a, err := New(testOptions(t, f))
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- a.Run(t.Context(), newRecHandler()) }()
	select {
	case err = <-errc:
	case <-time.After(10 * time.Second):
		t.Fatal("Run hung on a gateway that sends no HELLO")
	}
	if err == nil || !strings.Contains(err.Error(), "did not answer within 300ms") {
		t.Fatalf("Run: %v, want it to say the gateway did not answer", err)
	}
	if n := f.Silenced(); n != 1 {
		t.Errorf("%d silent connections, want 1", n)
	}
}
