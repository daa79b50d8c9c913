package bot

import (
	"testing"
	"time"
)

// pmAt returns 2025-03-14 at hh:mm:ss UTC.
func pmAt(hh, mm, ss int) time.Time { return time.Date(2025, 3, 14, hh, mm, ss, 0, time.UTC) }

func knownSpan(d time.Duration, from, to string) Span {
	return Span{D: d, Known: true, From: from, To: to}
}

func unknownSpan(from, to string) Span { return Span{From: from, To: to} }

func TestMilestonesMetrics(t *testing.T) {
	tests := []struct {
		name string
		ms   Milestones
		want Metrics
	}{{
		name: "every milestone",
		ms: Milestones{Started: pmAt(9, 48, 0), Detected: pmAt(9, 55, 0), Declared: pmAt(10, 2, 0),
			Acknowledged: pmAt(10, 5, 0), Mitigated: pmAt(10, 51, 30), Resolved: pmAt(11, 20, 0), Closed: pmAt(12, 0, 0)},
		want: Metrics{
			ToDetect:      knownSpan(7*time.Minute, "started", "detected"),
			ToAcknowledge: knownSpan(17*time.Minute, "started", "acknowledged"),
			ToMitigate:    knownSpan(63*time.Minute+30*time.Second, "started", "mitigated"),
			ToResolve:     knownSpan(92*time.Minute, "started", "resolved"),
			Total:         knownSpan(92*time.Minute, "started", "resolved"),
		},
	}, {
		name: "nothing recorded",
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: unknownSpan("", "acknowledged"),
			ToMitigate:    unknownSpan("", "mitigated"),
			ToResolve:     unknownSpan("", "resolved"),
			Total:         unknownSpan("", "resolved"),
		},
	}, {
		name: "only declared: response times from declaration, the rest blank",
		ms:   Milestones{Declared: pmAt(10, 0, 0), Acknowledged: pmAt(10, 0, 45)},
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: knownSpan(45*time.Second, "declared", "acknowledged"),
			ToMitigate:    unknownSpan("declared", "mitigated"),
			ToResolve:     unknownSpan("declared", "resolved"),
			Total:         unknownSpan("declared", "resolved"),
		},
	}, {
		name: "detected but start unknown: measured from detection, time to detect blank",
		ms:   Milestones{Detected: pmAt(9, 50, 0), Declared: pmAt(10, 0, 0), Acknowledged: pmAt(10, 12, 30), Resolved: pmAt(11, 0, 0)},
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: knownSpan(22*time.Minute+30*time.Second, "detected", "acknowledged"),
			ToMitigate:    unknownSpan("detected", "mitigated"),
			ToResolve:     knownSpan(70*time.Minute, "detected", "resolved"),
			Total:         knownSpan(70*time.Minute, "detected", "resolved"),
		},
	}, {
		name: "started but not detected: time to detect blank, not guessed from declaration",
		ms:   Milestones{Started: pmAt(9, 0, 0), Declared: pmAt(9, 30, 0), Resolved: pmAt(10, 0, 0)},
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: unknownSpan("started", "acknowledged"),
			ToMitigate:    unknownSpan("started", "mitigated"),
			ToResolve:     knownSpan(time.Hour, "started", "resolved"),
			Total:         knownSpan(time.Hour, "started", "resolved"),
		},
	}, {
		name: "closed without a recorded resolution: total to closing, time to resolve blank",
		ms:   Milestones{Declared: pmAt(10, 0, 0), Closed: pmAt(10, 45, 10)},
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: unknownSpan("declared", "acknowledged"),
			ToMitigate:    unknownSpan("declared", "mitigated"),
			ToResolve:     unknownSpan("declared", "resolved"),
			Total:         knownSpan(45*time.Minute+10*time.Second, "declared", "closed"),
		},
	}, {
		name: "total from the earliest milestone even when detection was backdated before the start",
		ms:   Milestones{Started: pmAt(9, 40, 0), Detected: pmAt(9, 30, 0), Declared: pmAt(10, 0, 0), Resolved: pmAt(10, 30, 0)},
		want: Metrics{
			ToDetect:      knownSpan(-10*time.Minute, "started", "detected"),
			ToAcknowledge: unknownSpan("started", "acknowledged"),
			ToMitigate:    unknownSpan("started", "mitigated"),
			ToResolve:     knownSpan(50*time.Minute, "started", "resolved"),
			Total:         knownSpan(time.Hour, "detected", "resolved"),
		},
	}, {
		name: "resolved and closed: total ends at resolution",
		ms:   Milestones{Declared: pmAt(10, 0, 0), Resolved: pmAt(10, 20, 0), Closed: pmAt(13, 0, 0)},
		want: Metrics{
			ToDetect:      unknownSpan("started", "detected"),
			ToAcknowledge: unknownSpan("declared", "acknowledged"),
			ToMitigate:    unknownSpan("declared", "mitigated"),
			ToResolve:     knownSpan(20*time.Minute, "declared", "resolved"),
			Total:         knownSpan(20*time.Minute, "declared", "resolved"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ms.Metrics(); got != tt.want {
				t.Errorf("Metrics() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestSpanString(t *testing.T) {
	tests := []struct {
		s    Span
		want string
	}{
		{Span{}, "—"},
		{Span{D: time.Hour}, "—"}, // not known: never shown
		{knownSpan(0, "", ""), "0s"},
		{knownSpan(999*time.Millisecond, "", ""), "0s"},
		{knownSpan(45*time.Second, "", ""), "45s"},
		{knownSpan(time.Minute, "", ""), "1m 00s"},
		{knownSpan(12*time.Minute+30*time.Second, "", ""), "12m 30s"},
		{knownSpan(59*time.Minute+59*time.Second, "", ""), "59m 59s"},
		{knownSpan(time.Hour, "", ""), "1h 00m"},
		{knownSpan(time.Hour+5*time.Minute+59*time.Second, "", ""), "1h 05m"},
		{knownSpan(23*time.Hour+59*time.Minute, "", ""), "23h 59m"},
		{knownSpan(26*time.Hour+3*time.Minute, "", ""), "1d 02h 03m"},
		{knownSpan(76*24*time.Hour, "", ""), "76d 00h 00m"},
		{knownSpan(-10*time.Minute, "", ""), "-10m 00s"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("Span{D: %v, Known: %v}.String() = %q, want %q", tt.s.D, tt.s.Known, got, tt.want)
		}
	}
}

func TestMilestonesPhase(t *testing.T) {
	full := Milestones{Declared: pmAt(10, 2, 0), Acknowledged: pmAt(10, 5, 0), Mitigated: pmAt(10, 50, 0), Resolved: pmAt(11, 20, 0), Closed: pmAt(12, 0, 0)}
	unacked := Milestones{Declared: pmAt(10, 2, 0), Resolved: pmAt(11, 20, 0)}
	closedOnly := Milestones{Declared: pmAt(10, 2, 0), Acknowledged: pmAt(10, 5, 0), Closed: pmAt(12, 0, 0)}
	tests := []struct {
		name string
		ms   Milestones
		at   time.Time
		want Phase
	}{
		{"before declaration", full, pmAt(9, 50, 0), PhaseDetection},
		{"declared, not yet acknowledged", full, pmAt(10, 4, 59), PhaseDetection},
		{"at acknowledgement", full, pmAt(10, 5, 0), PhaseResponse},
		{"after mitigation, before resolution", full, pmAt(11, 0, 0), PhaseResponse},
		{"at resolution", full, pmAt(11, 20, 0), PhaseResolution},
		{"after closing", full, pmAt(12, 30, 0), PhaseResolution},
		{"never acknowledged: before declaration", unacked, pmAt(10, 1, 0), PhaseDetection},
		{"never acknowledged: declaration is the boundary", unacked, pmAt(10, 2, 0), PhaseResponse},
		{"never acknowledged: resolved", unacked, pmAt(11, 30, 0), PhaseResolution},
		{"no resolution recorded: closing is the boundary", closedOnly, pmAt(12, 0, 0), PhaseResolution},
		{"no resolution recorded: before closing", closedOnly, pmAt(11, 59, 0), PhaseResponse},
		{"no milestones at all", Milestones{}, pmAt(10, 0, 0), PhaseDetection},
	}
	for _, tt := range tests {
		if got := tt.ms.Phase(tt.at); got != tt.want {
			t.Errorf("%s: Phase(%s) = %d, want %d", tt.name, tt.at.Format("15:04:05"), got, tt.want)
		}
	}
}
