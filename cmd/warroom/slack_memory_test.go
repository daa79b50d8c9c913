package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkSlackIdleRSS starts the real binary against the fake Slack,
// declares an incident, lets it idle for a second and reports the
// process's resident memory (MiB-rss). `make bench-e2e` runs it once; the
// README keeps the figure, and its target (under 30 MB), which a shared
// machine is no place to assert.
func BenchmarkSlackIdleRSS(b *testing.B) {
	var mib float64
	for b.Loop() {
		mib = idleRSS(b)
	}
	b.ReportMetric(mib, "MiB-rss")
}

// idleRSS runs one bot to idle and returns its resident memory in MiB.
func idleRSS(b *testing.B) float64 {
	ctx := drillCtx(b, time.Minute)
	w := newSlackWorkspace(b)
	p := w.startBot(b, ctx, filepath.Join(b.TempDir(), "idle.db"))
	w.declare(b, ctx, "idle", "P2")
	time.Sleep(time.Second) // idling is what is measured
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc here: %v", err)
	}
	kb := 0
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
		}
	}
	if kb == 0 {
		b.Fatalf("no VmRSS in /proc/%d/status", p.cmd.Process.Pid)
	}
	p.stop(b)
	return float64(kb) / 1024
}
