package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// shortOpenTimeout makes connecting to a silent gateway give up quickly.
func shortOpenTimeout(t *testing.T) {
	t.Helper()
	old := openTimeout
	openTimeout = 300 * time.Millisecond
	t.Cleanup(func() { openTimeout = old })
}

// TestSilentGatewayAtStart: at start-up a gateway that accepts the
// websocket and sends nothing is an error that says so, not a hang.
// (Reconnecting to one: TestReconnectRetriesUntilTheGatewayIsBack.)
func TestSilentGatewayAtStart(t *testing.T) {
	shortOpenTimeout(t)
	f := startFake(t, fakediscord.Options{})
	f.SilenceGateway(-1)
	err := runUntilError(t, f)
	if err == nil || !strings.Contains(err.Error(), "did not answer within 300ms") {
		t.Fatalf("Run: %v, want it to say the gateway did not answer", err)
	}
	if n := f.Silenced(); n != 1 {
		t.Errorf("%d silent connections, want 1", n)
	}
}
