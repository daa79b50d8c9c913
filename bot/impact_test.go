package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// hm is a time on the harness's day, 2026-03-14.
func hm(s string) time.Time {
	v, _ := time.Parse("15:04", s)
	return time.Date(2026, 3, 14, v.Hour(), v.Minute(), 0, 0, time.UTC)
}

// TestImpactPhases: impact --from adds a phase in time order, a phase
// that begins first is the impact start (unless an earlier start was
// given), repeating a phase replaces it, --drop removes one and moves the
// start back, and the answer says how the start moved.
func TestImpactPhases(t *testing.T) {
	type phase struct{ text, from, to string }
	tests := []struct {
		name    string
		declare string
		cmds    []string
		phases  []phase
		started string // "" means not known
		answer  []string
	}{
		{"a phase before the start moves it earlier", "--started 09:50 --detected 09:55",
			[]string{"impact degraded --from 09:40 --to 09:52"},
			[]phase{{"degraded", "09:40", "09:52"}}, "09:40",
			[]string{"Impact phase 1 recorded. Impact started 2026-03-14 09:40 UTC (was 2026-03-14 09:50 UTC).",
				"1. 2026-03-14 09:40 UTC – 2026-03-14 09:52 UTC (12m 00s): degraded", "impact --drop N"}},
		{"a phase after the start leaves it", "--started 09:50 --detected 09:55",
			[]string{"impact down --from 09:56"},
			[]phase{{"down", "09:56", ""}}, "09:50",
			[]string{"Impact phase 1 recorded.\n", "1. 2026-03-14 09:56 UTC – ongoing: down"}},
		{"the first phase is the start when none was given", "--detected 09:55",
			[]string{"impact degraded --from 09:45"},
			[]phase{{"degraded", "09:45", ""}}, "09:45",
			[]string{"Impact started 2026-03-14 09:45 UTC, when phase 1 began."}},
		{"a phase begun after detection is not made the start", "--detected 09:55",
			[]string{"impact orders lost --from 09:58 --to 10:05"},
			[]phase{{"orders lost", "09:58", "10:05"}}, "",
			[]string{"The impact start is not known", "started TIME"}},
		{"phases are kept in time order", "--started 09:50",
			[]string{"impact data loss --from 09:55 --to 09:58", "impact degraded --from 09:50", "impact down --from 09:55 --to 10:02"},
			[]phase{{"degraded", "09:50", ""}, {"data loss", "09:55", "09:58"}, {"down", "09:55", "10:02"}}, "09:50",
			[]string{"Impact phase 3 recorded.", "2. 2026-03-14 09:55 UTC – 2026-03-14 09:58 UTC (3m 00s): data loss"}},
		{"repeating a phase with --to ends it", "--started 09:50",
			[]string{"impact down --from 09:52", "impact DOWN --from 09:52 --to 10:05"},
			[]phase{{"DOWN", "09:52", "10:05"}}, "09:50",
			[]string{"Impact phase 1 updated."}},
		{"dropping the phase that set the start moves it back", "--started 09:50",
			[]string{"impact degraded --from 09:40", "impact down --from 09:52", "impact --drop 1"},
			[]phase{{"down", "09:52", ""}}, "09:50",
			[]string{"Impact phase 1 dropped. Impact started 2026-03-14 09:50 UTC (was 2026-03-14 09:40 UTC).", "1. 2026-03-14 09:52 UTC – ongoing: down"}},
		{"dropping it with no start given moves the start to the next phase", "",
			[]string{"impact degraded --from 09:40", "impact down --from 09:52", "impact --drop 1"},
			[]phase{{"down", "09:52", ""}}, "09:52",
			[]string{"Impact started 2026-03-14 09:52 UTC (was 2026-03-14 09:40 UTC)."}},
		{"dropping the last phase leaves the start given", "",
			[]string{"impact degraded --from 09:40", "impact --drop 1"},
			nil, "",
			[]string{"The impact start (was 2026-03-14 09:40 UTC) is no longer known", "No impact phases are left."}},
		{"a start given before the phases stays when one is dropped", "--started 09:50",
			[]string{"impact degraded --from 09:45", "started 09:30", "impact --drop 1"},
			nil, "09:30",
			[]string{"Impact phase 1 dropped. No impact phases are left."}},
		{"an open phase ends at resolution", "--started 09:50",
			[]string{"impact read-only --from 09:52", "resolve --at 10:05", "impact down --from 09:51 --to 09:53"},
			[]phase{{"down", "09:51", "09:53"}, {"read-only", "09:52", ""}}, "09:50",
			[]string{"2. 2026-03-14 09:52 UTC – resolved 2026-03-14 10:05 UTC (13m 00s): read-only"}},
		{"the statement is not a phase", "--started 09:50",
			[]string{"impact 30% of EU checkouts failed"},
			nil, "09:50",
			[]string{"Impact recorded."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			inc := h.declare(strings.TrimSpace(`"db down" ` + tt.declare))
			h.clock.Advance(10 * time.Minute)
			var r bot.Response
			for _, c := range tt.cmds {
				r = h.cmd("alice", inc.ChannelID, c)
			}
			for _, w := range tt.answer {
				if !strings.Contains(r.Text, w) {
					t.Errorf("answer %q lacks %q", r.Text, w)
				}
			}
			h.restart() // phases are kept in the store
			got := h.incident(inc.ID)
			if len(got.Phases) != len(tt.phases) {
				t.Fatalf("phases %+v, want %v", got.Phases, tt.phases)
			}
			for i, p := range tt.phases {
				g := got.Phases[i]
				var to time.Time
				if p.to != "" {
					to = hm(p.to)
				}
				if g.Text != p.text || !g.From.Equal(hm(p.from)) || !g.To.Equal(to) || g.By != "alice" {
					t.Errorf("phase %d = %+v, want %v", i+1, g, p)
				}
			}
			var want time.Time
			if tt.started != "" {
				want = hm(tt.started)
			}
			if !got.Milestones.Started.Equal(want) {
				t.Errorf("impact started %v, want %v", got.Milestones.Started, want)
			}
			for _, e := range h.timeline(inc.ID) {
				if strings.HasPrefix(e.Text, "Impact phase") && (e.Kind != bot.EntryNote || e.KeyEvent) {
					t.Errorf("phase entry %+v is not a note: the draft's timeline would repeat the Impact section", e)
				}
			}
		})
	}
}

// TestImpactPhaseRefused: a phase or start that would make the record
// untrue is refused with an answer naming both times, and nothing changes.
func TestImpactPhaseRefused(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		code string
		want []string
	}{
		{"a start after the first phase", "started 09:48", bot.EInvalid,
			[]string{"Impact started (2026-03-14 09:48 UTC) cannot be after impact phase 1 began (2026-03-14 09:45 UTC): /incident impact shows the phases. Nothing was changed."}},
		{"a phase that does not exist", "impact --drop 3", bot.ENotFound,
			[]string{"INC-1 has no impact phase 3: it has 1."}},
		{"--to before --from", "impact down --from 09:50 --to 09:40", bot.EInvalid,
			[]string{"--to 2026-03-14 09:40 is not after --from 2026-03-14 09:50.", "Usage:"}},
		{"a phase in the future", "impact down --from 2099-01-01 10:00", bot.EInvalid,
			[]string{"is in the future"}},
		{"--to without --from", "impact down --to 09:50", bot.EInvalid,
			[]string{"--to needs --from"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			inc := h.declare(`"db down" --started 09:50`)
			h.clock.Advance(10 * time.Minute)
			h.cmd("alice", inc.ChannelID, "impact degraded --from 09:45")
			before, entries := h.incident(inc.ID), len(h.timeline(inc.ID))
			r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: tt.cmd})
			if r.Code != tt.code {
				t.Fatalf("%s: answered %s %q, want %s", tt.cmd, r.Code, r.Text, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("answer %q lacks %q", r.Text, w)
				}
			}
			after := h.incident(inc.ID)
			if after.Milestones != before.Milestones || len(after.Phases) != 1 || len(h.timeline(inc.ID)) != entries {
				t.Errorf("the refusal changed something: %+v %+v, was %+v", after.Milestones, after.Phases, before.Milestones)
			}
		})
	}
}

// TestImpactPhaseMetrics: the metrics, which the draft and the trends
// read, measure from the phase that began first, and the incident says
// which phase that is.
func TestImpactPhaseMetrics(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"db down" --started 09:50 --detected 09:55`)
	h.clock.Advance(10 * time.Minute)
	h.cmd("alice", inc.ChannelID, "impact down --from 09:52")
	h.cmd("alice", inc.ChannelID, "impact degraded --from 09:40")
	got := h.incident(inc.ID)
	if n := got.StartPhase(); n != 1 || got.Phases[0].Text != "degraded" {
		t.Errorf("StartPhase = %d (%+v), want 1, degraded", n, got.Phases)
	}
	if d := got.Milestones.Metrics().ToDetect; !d.Known || d.D != 15*time.Minute {
		t.Errorf("time to detect %v, want 15m from the degraded phase", d)
	}
	h.cmd("alice", inc.ChannelID, "started 09:30")
	if n := h.incident(inc.ID).StartPhase(); n != 0 {
		t.Errorf("StartPhase = %d once an earlier start was given, want 0", n)
	}
}

// TestIncidentWithoutPhasesLoads: a record stored before impact phases
// existed loads with none, and its first phase keeps its start as given.
func TestIncidentWithoutPhasesLoads(t *testing.T) {
	var inc bot.Incident
	old := `{"id":7,"title":"db","severity":"P1","status":"investigating","declared_by":"alice","impact":"slow",` +
		`"milestones":{"started":"2026-03-14T09:50:00Z","declared":"2026-03-14T10:00:00Z"},"reminder":{}}`
	if err := json.Unmarshal([]byte(old), &inc); err != nil {
		t.Fatal(err)
	}
	if inc.Phases != nil || !inc.StartGiven.IsZero() || inc.Impact != "slow" || !inc.Milestones.Started.Equal(hm("09:50")) {
		t.Errorf("old record loaded as %+v", inc)
	}
	b, err := json.Marshal(inc)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "phases") || strings.Contains(string(b), "start_given") {
		t.Errorf("a record without phases stores them: %s", b)
	}
}

// TestImpactShow: impact with nothing answers the statement and the
// phases, numbered as --drop takes them, and changes nothing.
func TestImpactShow(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"db down" --started 09:50`)
	h.clock.Advance(10 * time.Minute)
	if r := h.cmd("alice", inc.ChannelID, "impact"); !strings.Contains(r.Text, "INC-1 has no impact statement yet") || !strings.Contains(r.Text, "No impact phases: /incident impact <text> --from TIME") {
		t.Errorf("impact with nothing recorded answered %q", r.Text)
	}
	h.cmd("alice", inc.ChannelID, "impact checkout failed")
	h.cmd("alice", inc.ChannelID, "impact down --from 09:52 --to 09:58")
	entries := len(h.timeline(inc.ID))
	r := h.cmd("alice", inc.ChannelID, "impact")
	for _, w := range []string{"Impact of INC-1: checkout failed", "\nImpact phases:\n1. 2026-03-14 09:52 UTC – 2026-03-14 09:58 UTC (6m 00s): down", "--drop N"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("answer %q lacks %q", r.Text, w)
		}
	}
	if got := h.incident(inc.ID); got.Impact != "checkout failed" || len(got.Phases) != 1 || len(h.timeline(inc.ID)) != entries {
		t.Errorf("showing the impact changed it: %+v", got)
	}
}
