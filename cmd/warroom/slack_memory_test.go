package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSlackIdleRSS starts the real binary against the fake Slack, declares
// an incident, and reads the process's resident memory once it idles: it
// must stay under 30 MB.
func TestSlackIdleRSS(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	b := w.startBot(t, ctx, filepath.Join(t.TempDir(), "idle.db"))
	w.declare(t, ctx, "idle", "P2")
	time.Sleep(time.Second)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", b.cmd.Process.Pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	kb := 0
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
		}
	}
	t.Logf("warroom run idles at %.1f MiB resident", float64(kb)/1024)
	if kb == 0 || kb > 30*1024 {
		t.Errorf("idle RSS %d kB, want under 30 MB", kb)
	}
}
