package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
)

func TestComputeStats(t *testing.T) {
	now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	inc := func(sev bot.Severity, ago time.Duration, resolve time.Duration, similar bool) *bot.Incident {
		d := now.Add(-ago)
		i := &bot.Incident{Severity: sev, Milestones: bot.Milestones{Declared: d, Started: d.Add(-10 * time.Minute), Detected: d.Add(-5 * time.Minute), Resolved: d.Add(resolve)}}
		if similar {
			i.SimilarTo = []int64{1}
		}
		return i
	}
	incs := []*bot.Incident{
		inc(bot.P1, 1*day, time.Hour, true),
		inc(bot.P1, 2*day, 2*time.Hour, false),
		inc(bot.P1, 3*day, 3*time.Hour, false),
		inc(bot.P1, 4*day, 10*time.Hour, true),
		inc(bot.P2, 5*day, time.Hour, false),
		inc(bot.P1, 40*day, time.Hour, false), // the previous 30 days
		{Severity: bot.P0, Void: "no channel", Milestones: bot.Milestones{Declared: now.Add(-day)}},
	}
	s := bot.ComputeStats(incs, bot.StatsQuery{Since: 30 * day}, now)
	p1 := s.Current.BySeverity[bot.P1]
	// Resolve runs from the start of impact, 10 minutes before declare.
	if p1.Incidents != 4 || p1.Resolve.N != 4 || p1.Resolve.Median != 2*time.Hour+40*time.Minute || p1.Resolve.P90 != 10*time.Hour+10*time.Minute {
		t.Errorf("P1 = %+v, want 4 incidents, resolve median 2h40m, p90 10h10m", p1)
	}
	if p1.Detect.Median != 5*time.Minute {
		t.Errorf("P1 detect median = %v, want 5m", p1.Detect.Median)
	}
	if s.Current.All.Incidents != 5 || s.Previous.All.Incidents != 1 || s.Current.BySeverity[bot.P0].Incidents != 0 {
		t.Errorf("incidents now %d, before %d, P0 %d; want 5, 1, 0 (void ones count nowhere)",
			s.Current.All.Incidents, s.Previous.All.Incidents, s.Current.BySeverity[bot.P0].Incidents)
	}
	if got := s.Current.SimilarShare(); got != 0.4 {
		t.Errorf("similar share = %v, want 0.4", got)
	}
	if len(s.Months) != 2 || s.Months[1].BySeverity[bot.P1] != 4 || s.Months[1].Resolved != 5 {
		t.Errorf("months = %+v, want May and June, June with 4 P1 and 5 resolved", s.Months)
	}
	p2 := bot.ComputeStats(incs, bot.StatsQuery{Since: 30 * day, Severity: bot.P2, SevSet: true}, now)
	if p2.Current.All.Incidents != 1 {
		t.Errorf("--sev P2: %d incidents, want 1", p2.Current.All.Incidents)
	}
}

// pngChart is a bot.Charter that draws a fixed picture.
type pngChart struct{}

func (pngChart) Chart(bot.Stats) ([]byte, error) { return []byte("\x89PNG fake"), nil }

// TestStatsCommand: stats answers privately; --post posts the figures and
// uploads the chart in the channel.
func TestStatsCommand(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")
	h.cmd("alice", "C1", "resolve")
	r := h.cmd("bob", "random", "stats --since 30d")
	for _, s := range []string{"📈 Incidents 2026-02-12 to 2026-03-14 (all severities), against the 30 days before", "P1      1 (+1)", "stats --post shares this"} {
		if !strings.Contains(r.Text, s) {
			t.Errorf("stats lacks %q:\n%s", s, r.Text)
		}
	}
	if len(h.chat.postsIn("random")) != 0 {
		t.Errorf("stats without --post posted: %q", h.chat.postsIn("random"))
	}
	h.e = bot.New(bot.Options{Store: h.db, Chat: h.chat, Parser: commands.Parse, Clock: h.clock, Config: bot.DefaultConfig(), Charter: pngChart{}})
	if r := h.cmd("bob", "random", "stats --post"); r.Text != "Stats and chart posted." {
		t.Errorf("stats --post answered %q", r.Text)
	}
	if h.chat.count("random", "📈 Incidents") != 1 {
		t.Errorf("the figures were not posted: %q", h.chat.postsIn("random"))
	}
	if f := h.chat.lastFile(); f.Name != "incident-trends.png" || string(f.Content) != "\x89PNG fake" {
		t.Errorf("uploaded %q (%q), want the chart", f.Name, f.Content)
	}
}
