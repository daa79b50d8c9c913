package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestMilestoneOrder: a milestone set out of order with another is refused
// with an answer that names both times, and nothing changes; one in order
// is recorded.
func TestMilestoneOrder(t *testing.T) {
	tests := []struct {
		name  string
		setup []string // run in the incident channel first, each must work
		cmd   string
		want  []string // "" means it must work
	}{
		{"ack before impact started", nil, "ack --at 09:45",
			[]string{"Acknowledged (2026-03-14 09:45 UTC) cannot be before impact started (2026-03-14 09:50 UTC)", "Nothing was changed"}},
		{"ack before detection", nil, "ack --at 09:52",
			[]string{"Acknowledged (2026-03-14 09:52 UTC) cannot be before detected (2026-03-14 09:55 UTC)"}},
		{"mitigated before impact started", nil, "mitigated --at 09:40",
			[]string{"Mitigated (2026-03-14 09:40 UTC) cannot be before impact started (2026-03-14 09:50 UTC)"}},
		{"resolved before declared", nil, "resolve --at 09:58",
			[]string{"Resolved (2026-03-14 09:58 UTC) cannot be before declared (2026-03-14 10:00 UTC)"}},
		{"resolved before mitigated", []string{"mitigated --at 10:08"}, "resolve --at 10:05",
			[]string{"Resolved (2026-03-14 10:05 UTC) cannot be before mitigated (2026-03-14 10:08 UTC)"}},
		{"mitigated after resolved", []string{"resolve --at 10:05"}, "mitigated --at 10:08",
			[]string{"Resolved (2026-03-14 10:05 UTC) cannot be before mitigated (2026-03-14 10:08 UTC)"}},
		{"in order", []string{"ack --at 09:56", "mitigated --at 10:02"}, "resolve --at 10:05", nil},
		{"ack before declared is fine", nil, "ack --at 09:57", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			inc := h.declare(`"db down" --started 09:50 --detected 09:55`)
			h.clock.Advance(10 * time.Minute)
			for _, s := range tt.setup {
				h.cmd("alice", inc.ChannelID, s)
			}
			before, entries := h.incident(inc.ID).Milestones, len(h.timeline(inc.ID))
			r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: tt.cmd})
			if tt.want == nil {
				if r.Code != "" {
					t.Fatalf("%s: %s %s", tt.cmd, r.Code, r.Text)
				}
				return
			}
			if r.Code != bot.EInvalid {
				t.Fatalf("%s: answered %s %q, want a refusal", tt.cmd, r.Code, r.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("answer %q lacks %q", r.Text, w)
				}
			}
			if got := h.incident(inc.ID).Milestones; got != before || len(h.timeline(inc.ID)) != entries {
				t.Errorf("the refusal changed something: %+v, was %+v", got, before)
			}
		})
	}
}

// TestCheckOrder checks the rules pair by pair, and that pairs that do not
// involve the milestone being set are not held against it.
func TestCheckOrder(t *testing.T) {
	at := func(hm string) time.Time {
		v, _ := time.Parse("15:04", hm)
		return time.Date(2026, 3, 14, v.Hour(), v.Minute(), 0, 0, time.UTC)
	}
	tests := []struct {
		m    bot.Milestones
		name string
		bad  bool
	}{
		{bot.Milestones{Started: at("10:00"), Detected: at("09:00")}, bot.MilestoneDetected, true},
		{bot.Milestones{Started: at("10:00"), Detected: at("09:00")}, bot.MilestoneStarted, true},
		{bot.Milestones{Started: at("09:00"), Detected: at("09:00")}, bot.MilestoneDetected, false},
		{bot.Milestones{Declared: at("10:00"), Resolved: at("09:59")}, bot.MilestoneResolved, true},
		{bot.Milestones{Declared: at("10:00"), Mitigated: at("09:59")}, bot.MilestoneMitigated, false},
		{bot.Milestones{Declared: at("10:00"), Acknowledged: at("09:59")}, bot.MilestoneAcknowledged, false},
		{bot.Milestones{Detected: at("10:00"), Mitigated: at("09:59")}, bot.MilestoneMitigated, true},
		// Out of order already, but not what is being set.
		{bot.Milestones{Started: at("10:00"), Detected: at("09:00"), Declared: at("10:00"), Acknowledged: at("10:30")}, bot.MilestoneResolved, false},
	}
	for _, tt := range tests {
		if err := tt.m.CheckOrder(tt.name); (err != nil) != tt.bad {
			t.Errorf("%+v CheckOrder(%s) = %v, want bad %v", tt.m, tt.name, err, tt.bad)
		}
	}
}
