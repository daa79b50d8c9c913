package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestSmallRun runs the whole benchmark small, as make test can afford:
// every phase completes and every figure is measured.
func TestSmallRun(t *testing.T) {
	p := params{
		Messages: 300, Window: 32, Rate: 200, Paced: 250 * time.Millisecond,
		Commands: 20, Command: "timeline --last 5", InFlight: 5, Missed: 500, Entries: 2000, Dir: t.TempDir(), LogLevel: "warn",
	}
	var out bytes.Buffer
	if err := runChild(p, &out); err != nil {
		t.Fatal(err)
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("result %q: %v", out.String(), err)
	}
	for name, v := range map[string]float64{
		"burst rate": r.BurstRate, "burst p99": r.BurstAckP99, "paced p99": r.PacedAckP99,
		"slash p99": r.SlashAckP99, "ceiling": r.CeilingRate, "append": r.AppendRate, "ratio": r.Ratio,
		"catch-up": r.CatchUpRate, "catch-up ceiling": r.CatchUpCeiling,
		"postmortem": r.PostmortemMs, "postmortem alloc": r.PostmortemMiB, "idle RSS": r.IdleRSS, "peak RSS": r.PeakRSS,
	} {
		if v <= 0 {
			t.Errorf("%s = %v", name, v)
		}
	}
	if r.PacedSent != 50 || r.Entries != 2000 || r.Commands != 20 || r.Missed != 500 {
		t.Errorf("result %+v", r)
	}
	var table bytes.Buffer
	printTable(&table, []result{r, r, r})
	for _, want := range []string{"ratio end to end / ceiling", "catch-up: messages/s", "median", "RSS idle after start-up"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
}

func TestCeilingWantsNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	entries := []*bot.Entry{{IncidentID: 1, At: time.Now(), Kind: bot.EntryMessage, Text: "x"}}
	if _, err := bboltCeiling(context.Background(), path, entries, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := bboltCeiling(context.Background(), path, entries, 4); err == nil {
		t.Error("Ceiling wrote into an existing file")
	}
}

func TestMedianAndPercentile(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {nil, 0}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100-i) * time.Millisecond
	}
	if p50, p99 := percentile(ds, 50), percentile(ds, 99); p50 != 50 || p99 != 99 {
		t.Errorf("p50, p99 = %v, %v; want 50, 99", p50, p99)
	}
}
