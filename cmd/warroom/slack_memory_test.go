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
// process's resident memory (MiB-rss), and how much of it is the process's
// own (MiB-anon: heap and stacks) rather than pages of the binary it has
// read (the rest). `make bench-e2e` runs it once; the README keeps the
// figure, and its target (under 30 MB), which a shared machine is no place
// to assert.
func BenchmarkSlackIdleRSS(b *testing.B) {
	var rss, anon float64
	for b.Loop() {
		rss, anon = idleRSS(b)
	}
	b.ReportMetric(rss, "MiB-rss")
	b.ReportMetric(anon, "MiB-anon")
}

// idleRSS runs one bot to idle and returns its resident memory and the
// anonymous part of it, in MiB.
func idleRSS(b *testing.B) (rss, anon float64) {
	ctx := drillCtx(b, time.Minute)
	w := newSlackWorkspace(b)
	p := w.startBot(b, ctx, filepath.Join(b.TempDir(), "idle.db"))
	w.declare(b, ctx, "idle", "P2")
	time.Sleep(time.Second) // idling is what is measured
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc here: %v", err)
	}
	kb := map[string]int{}
	for _, l := range strings.Split(string(status), "\n") {
		for _, f := range []string{"VmRSS", "RssAnon"} {
			if v, ok := strings.CutPrefix(l, f+":"); ok {
				var n int
				fmt.Sscanf(strings.TrimSpace(v), "%d", &n)
				kb[f] = n
			}
		}
	}
	if kb["VmRSS"] == 0 {
		b.Fatalf("no VmRSS in /proc/%d/status", p.cmd.Process.Pid)
	}
	p.stop(b)
	return float64(kb["VmRSS"]) / 1024, float64(kb["RssAnon"]) / 1024
}
