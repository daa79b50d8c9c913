package slack_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/internal/fakeslack"
)

// TestFigures measures, against the fake with the real engine and store
// (fsync on): the slash-command ack latency with 10 commands in flight, and
// how many message events per second are recorded, with their ack latency.
// Run it with -v to see the figures; -short skips it.
func TestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("figures are not measured with -short")
	}
	s := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ops := s.AddChannel("ops", "U1", "U2", "U3")
	w := startWarroom(t, s, zerolog.ErrorLevel)
	w.command(t, ctx, ops, "U1", "declare figures --sev P2")
	inc, ok := s.ChannelByName("inc-1-figures")
	if !ok {
		t.Fatal("no incident channel")
	}

	// Slash commands, 10 in flight at a time.
	const rounds, inFlight = 20, 10
	var cmdLat []time.Duration
	for r := 0; r < rounds; r++ {
		envs := make([]*fakeslack.Envelope, inFlight)
		for i := range envs {
			envs[i] = s.SendSlashCommand(inc.ID, "U2", "timeline --last 5")
		}
		for _, e := range envs {
			ack, err := e.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cmdLat = append(cmdLat, ack.Latency)
		}
	}
	if err := s.Wait(ctx, func() bool { return len(s.Ephemerals()) >= 1+rounds*inFlight }); err != nil {
		t.Fatalf("%d answers of %d", len(s.Ephemerals()), 1+rounds*inFlight)
	}

	// A burst of messages in the incident channel.
	const n = 2000
	envs := make([]*fakeslack.Envelope, 0, n)
	begin := time.Now()
	for i := 0; i < n; i++ {
		envs = append(envs, s.SendMessage(inc.ID, []string{"U1", "U2", "U3"}[i%3], fmt.Sprintf("burst %d", i)))
	}
	var evLat []time.Duration
	for _, e := range envs {
		ack, err := e.Wait(ctx)
		if err != nil {
			t.Fatalf("%d of %d messages unacked", len(s.Unacked()), n)
		}
		evLat = append(evLat, ack.Latency)
	}
	elapsed := time.Since(begin)

	// The same at a steady 500 messages a second.
	const paced = 1000
	var pacedLat []time.Duration
	envs = envs[:0]
	tick := time.NewTicker(2 * time.Millisecond)
	for i := 0; i < paced; i++ {
		<-tick.C
		envs = append(envs, s.SendMessage(inc.ID, "U1", fmt.Sprintf("paced %d", i)))
	}
	tick.Stop()
	for _, e := range envs {
		ack, err := e.Wait(ctx)
		if err != nil {
			t.Fatalf("%d paced messages unacked", len(s.Unacked()))
		}
		pacedLat = append(pacedLat, ack.Latency)
	}

	t.Logf("slash commands (%d, %d in flight): ack latency p50 %v, p99 %v, max %v",
		len(cmdLat), inFlight, pct(cmdLat, 50), pct(cmdLat, 99), pct(cmdLat, 100))
	t.Logf("message events (%d in one channel): %.0f recorded/s, ack latency p50 %v, p99 %v (a burst: latency includes queueing)",
		n, float64(n)/elapsed.Seconds(), pct(evLat, 50), pct(evLat, 99))
	t.Logf("message events (%d at 500/s): ack latency p50 %v, p99 %v", paced, pct(pacedLat, 50), pct(pacedLat, 99))
	if p := pct(cmdLat, 99); p > 2500*time.Millisecond {
		t.Errorf("slash-command ack p99 %v: too close to Slack's 3 s", p)
	}
	if !strings.Contains(s.History(inc.ID)[0].Text, "INC-1") {
		t.Errorf("intro missing")
	}
}

// pct returns the p-th percentile of ds.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}
