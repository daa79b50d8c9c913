package chart

import (
	"bytes"
	"image/png"
	"os"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// stats returns trends over incidents spread across three months.
func stats() bot.Stats {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	var incs []*bot.Incident
	for i := range 30 {
		d := now.Add(-time.Duration(i) * 3 * 24 * time.Hour)
		incs = append(incs, &bot.Incident{ID: int64(i + 1), Severity: bot.Severity(i % 4),
			Milestones: bot.Milestones{Declared: d, Resolved: d.Add(time.Duration(i%5+1) * time.Hour)}})
	}
	return bot.ComputeStats(incs, bot.StatsQuery{}, now)
}

// TestChart: the chart is a PNG of the documented size with something
// drawn on it (more than one colour); no months is an error.
func TestChart(t *testing.T) {
	b, err := PNG{}.Chart(stats())
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("CHART_OUT"); p != "" {
		os.WriteFile(p, b, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	r := img.Bounds()
	if r.Dx() < 400 || r.Dy() < 300 {
		t.Errorf("chart is %dx%d, want at least 400x300", r.Dx(), r.Dy())
	}
	colours := map[uint32]bool{}
	for y := r.Min.Y; y < r.Max.Y; y += 7 {
		for x := r.Min.X; x < r.Max.X; x += 7 {
			c, g, bl, _ := img.At(x, y).RGBA()
			colours[c>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	if len(colours) < 4 {
		t.Errorf("chart has %d colours, want bars of several severities", len(colours))
	}
	if _, err := (PNG{}).Chart(bot.Stats{}); err == nil {
		t.Error("a chart of no months: no error")
	}
}
