package postmortem

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestWritePostmortemImpactPhases: the Impact section lists the phases
// with their windows, an open phase ends at resolution or is ongoing, a
// missing statement is asked for, and the metrics name the phase they
// measure from only when it is the impact start.
func TestWritePostmortemImpactPhases(t *testing.T) {
	phase := func(text string, from, to int) bot.ImpactPhase {
		ph := bot.ImpactPhase{Text: text, From: pmAt(14, from, 0)}
		if to > 0 {
			ph.To = pmAt(14, to, 0)
		}
		return ph
	}
	tests := []struct {
		name     string
		impact   string
		started  int // minute of 14:xx, -1: none
		resolved int // minute of 15:xx, -1: not resolved
		phases   []bot.ImpactPhase
		want     []string
		not      []string
	}{
		{"ended, open and resolved", "Checkout failed for EU users.", 5, 10,
			[]bot.ImpactPhase{phase("degraded", 5, 20), phase("down", 20, 0)},
			[]string{"Checkout failed for EU users.\n\n**Impact phases** (UTC, in time order):\n\n",
				"1. `14:05` – `14:20` (15m 00s): degraded\n", "2. `14:20` – resolved `15:10` (50m 00s): down\n",
				"| Time to detect | 10m 00s | impact started (phase 1), 14:05:00 | detected, 14:15:00 |",
				"Here the start of impact is the start of its earliest phase, phase 1 (degraded), at 14:05:00."},
			[]string{"Not written yet (`/incident impact"}},
		{"ongoing, no statement", "", 5, -1,
			[]bot.ImpactPhase{phase("degraded", 5, 0)},
			[]string{"_No impact statement yet (`/incident impact <text>`)", "1. `14:05` – ongoing (1h 25m so far when drafted): degraded\n"},
			nil},
		{"a start not recorded", "x", -1, 10,
			[]bot.ImpactPhase{phase("data loss", 20, 30)},
			[]string{"| Time to detect | — | impact started: not recorded |", "The start of impact was not recorded; its first phase began at 14:20:00."},
			[]string{"(phase 1)"}},
		{"a start given before the phases", "x", 0, 10,
			[]bot.ImpactPhase{phase("degraded", 5, 20)},
			[]string{"| Time to detect | 15m 00s | impact started, 14:00:00 |", "The start of impact was given, earlier than its first phase. A blank"},
			[]string{"(phase 1)", "Here the start"}},
		{"no phases", "x", 5, 10, nil,
			[]string{"| Time to detect | 10m 00s | impact started, 14:05:00 |"},
			[]string{"Impact phases", "(phase", "first phase"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := minimalIncident()
			inc.Impact, inc.Phases = tt.impact, tt.phases
			inc.Milestones.Declared, inc.Milestones.Detected = pmAt(14, 16, 0), pmAt(14, 15, 0)
			if tt.started >= 0 {
				inc.Milestones.Started = pmAt(14, tt.started, 0)
			}
			if tt.resolved >= 0 {
				inc.Milestones.Resolved = pmAt(15, tt.resolved, 0)
			}
			doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Drafted: pmAt(15, 30, 0)}))
			for _, w := range tt.want {
				if !strings.Contains(doc, w) {
					t.Errorf("draft lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(doc, w) {
					t.Errorf("draft has %q", w)
				}
			}
		})
	}
}

// TestBlameCheckReadsImpactPhases: a phase that reads as blame is listed
// by the blameless check like any other text people wrote.
func TestBlameCheckReadsImpactPhases(t *testing.T) {
	inc := minimalIncident()
	inc.Phases = []bot.ImpactPhase{{Text: "down because Bob forgot the replica", From: pmAt(13, 50, 0)}}
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Drafted: pmAt(15, 30, 0)}))
	check := doc[strings.Index(doc, "## Blameless check"):]
	if !strings.Contains(check, `Impact: "Bob forgot"`) {
		t.Errorf("the blameless check does not read the impact phases:\n%s", check)
	}
}
