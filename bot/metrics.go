package bot

import (
	"strconv"
	"time"
)

// Milestone names, as Span.From and Span.To report them.
const (
	MilestoneStarted      = "started"
	MilestoneDetected     = "detected"
	MilestoneDeclared     = "declared"
	MilestoneAcknowledged = "acknowledged"
	MilestoneMitigated    = "mitigated"
	MilestoneResolved     = "resolved"
	MilestoneClosed       = "closed"
)

// Span is the time between two milestones. Known is false when either
// milestone is missing; D is then zero and must not be shown.
type Span struct {
	D     time.Duration
	Known bool
	// From and To name the milestones the span runs between (the Milestone
	// constants). From is "" when no milestone it could be measured from
	// was recorded.
	From, To string
}

// String renders the span for people: "1h 05m", "12m 30s", "45s", or "—"
// when it is not known. A negative span (milestones recorded out of order)
// keeps its sign, so the inconsistency shows instead of being hidden.
func (s Span) String() string {
	if !s.Known {
		return "—"
	}
	return string(appendDuration(nil, s.D))
}

// Metrics are the incident's durations; a zero Duration with Known false
// means the milestone is missing.
type Metrics struct {
	// ToDetect runs from the start of impact to detection.
	ToDetect Span
	// ToAcknowledge, ToMitigate and ToResolve run from the start of impact
	// if it is known, else from detection, else from declaration.
	ToAcknowledge, ToMitigate, ToResolve Span
	// Total runs from the earliest of start, detection and declaration to
	// resolution (or closing, if no resolution was recorded).
	Total Span
}

// Metrics computes the incident's durations from its milestones. A span
// whose milestones were not recorded is left unknown, never estimated.
func (m Milestones) Metrics() Metrics {
	origin, originName := m.origin()
	end, endName := m.Resolved, MilestoneResolved
	if end.IsZero() && !m.Closed.IsZero() {
		end, endName = m.Closed, MilestoneClosed
	}
	first, firstName := m.Earliest()
	return Metrics{
		ToDetect:      spanOf(m.Started, MilestoneStarted, m.Detected, MilestoneDetected),
		ToAcknowledge: spanOf(origin, originName, m.Acknowledged, MilestoneAcknowledged),
		ToMitigate:    spanOf(origin, originName, m.Mitigated, MilestoneMitigated),
		ToResolve:     spanOf(origin, originName, m.Resolved, MilestoneResolved),
		Total:         spanOf(first, firstName, end, endName),
	}
}

// Time returns the time of the named milestone, zero if it is not
// recorded or the name is not a Milestone constant.
func (m Milestones) Time(name string) time.Time {
	switch name {
	case MilestoneStarted:
		return m.Started
	case MilestoneDetected:
		return m.Detected
	case MilestoneDeclared:
		return m.Declared
	case MilestoneAcknowledged:
		return m.Acknowledged
	case MilestoneMitigated:
		return m.Mitigated
	case MilestoneResolved:
		return m.Resolved
	case MilestoneClosed:
		return m.Closed
	}
	return time.Time{}
}

// Phase returns the part of the incident a moment falls in: detection
// before the incident was acknowledged (declared, if it never was),
// resolution from when it was resolved (closed, if no resolution was
// recorded), and response and mitigation in between.
func (m Milestones) Phase(at time.Time) Phase {
	end := m.Resolved
	if end.IsZero() {
		end = m.Closed
	}
	if !end.IsZero() && !at.Before(end) {
		return PhaseResolution
	}
	start := m.Acknowledged
	if start.IsZero() {
		start = m.Declared
	}
	if start.IsZero() || at.Before(start) {
		return PhaseDetection
	}
	return PhaseResponse
}

// origin is what response times are measured from: the start of impact if
// known, else detection, else declaration.
func (m Milestones) origin() (time.Time, string) {
	switch {
	case !m.Started.IsZero():
		return m.Started, MilestoneStarted
	case !m.Detected.IsZero():
		return m.Detected, MilestoneDetected
	case !m.Declared.IsZero():
		return m.Declared, MilestoneDeclared
	}
	return time.Time{}, ""
}

// Earliest is the first known of start, detection and declaration, and
// its Milestone name.
func (m Milestones) Earliest() (time.Time, string) {
	var t time.Time
	var name string
	for _, c := range [...]struct {
		t    time.Time
		name string
	}{{m.Started, MilestoneStarted}, {m.Detected, MilestoneDetected}, {m.Declared, MilestoneDeclared}} {
		if !c.t.IsZero() && (t.IsZero() || c.t.Before(t)) {
			t, name = c.t, c.name
		}
	}
	return t, name
}

// spanOf is the span from one milestone to another, unknown unless both
// were recorded.
func spanOf(from time.Time, fromName string, to time.Time, toName string) Span {
	s := Span{From: fromName, To: toName}
	if !from.IsZero() && !to.IsZero() {
		s.D, s.Known = to.Sub(from), true
	}
	return s
}

// appendDuration appends d for people, truncated to what matters at its
// size: "45s", "12m 30s", "1h 05m", "2d 03h 10m".
func appendDuration(b []byte, d time.Duration) []byte {
	if d < 0 {
		b = append(b, '-')
		d = -d
	}
	secs := int64(d / time.Second)
	days, hours, mins, s := secs/86400, secs/3600%24, secs/60%60, secs%60
	switch {
	case days > 0:
		b = strconv.AppendInt(b, days, 10)
		b = append(b, "d "...)
		b = appendTwo(b, hours)
		b = append(b, "h "...)
		b = appendTwo(b, mins)
		return append(b, 'm')
	case hours > 0:
		b = strconv.AppendInt(b, hours, 10)
		b = append(b, "h "...)
		b = appendTwo(b, mins)
		return append(b, 'm')
	case mins > 0:
		b = strconv.AppendInt(b, mins, 10)
		b = append(b, "m "...)
		b = appendTwo(b, s)
		return append(b, 's')
	}
	b = strconv.AppendInt(b, s, 10)
	return append(b, 's')
}

// appendTwo appends n (0..99) as two digits.
func appendTwo(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
