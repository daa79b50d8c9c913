package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ImpactPhase is one stretch of the impact with its own character, such as
// degraded, down or data loss: from From until To. A zero To means the
// phase did not end before the incident was resolved (it is ongoing until
// then).
type ImpactPhase struct {
	Text string    `json:"text"`
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// End returns when the phase ended: its To, else the incident's
// resolution (m.Resolved) if that is after From, else zero: ongoing.
func (p ImpactPhase) End(m Milestones) time.Time {
	if !p.To.IsZero() {
		return p.To
	}
	if r := m.Resolved; !r.IsZero() && r.After(p.From) {
		return r
	}
	return time.Time{}
}

// StartPhase returns the number (from 1) of the impact phase the impact
// start is the start of, so metrics can say which phase they measure
// from; 0 if the start was given on its own (or is not known).
func (inc *Incident) StartPhase() int {
	s := inc.Milestones.Started
	if s.IsZero() {
		return 0
	}
	for i, p := range inc.Phases {
		if p.From.Equal(s) {
			return i + 1
		}
	}
	return 0
}

// addPhase adds p in time order, or replaces the phase with the same text
// and start (so repeating a phase with --to closes it); it returns p's
// number and whether it replaced one.
func (inc *Incident) addPhase(p ImpactPhase) (int, bool) {
	if len(inc.Phases) == 0 {
		// Until now the impact start was given on its own.
		inc.StartGiven = inc.Milestones.Started
	}
	for i, q := range inc.Phases {
		if q.From.Equal(p.From) && strings.EqualFold(q.Text, p.Text) {
			inc.Phases[i] = p
			inc.syncStart()
			return i + 1, true
		}
	}
	// After every phase that starts no later, so phases given at one time
	// keep the order they were given in.
	i := len(inc.Phases)
	for i > 0 && inc.Phases[i-1].From.After(p.From) {
		i--
	}
	inc.Phases = slices.Insert(inc.Phases, i, p)
	inc.syncStart()
	return i + 1, false
}

// dropPhase removes phase n (from 1).
func (inc *Incident) dropPhase(n int) (ImpactPhase, error) {
	if n < 1 || n > len(inc.Phases) {
		if len(inc.Phases) == 0 {
			return ImpactPhase{}, Errorf(ENotFound, "INC-%d has no impact phases.", inc.ID)
		}
		return ImpactPhase{}, Errorf(ENotFound, "INC-%d has no impact phase %d: it has %d.", inc.ID, n, len(inc.Phases))
	}
	p := inc.Phases[n-1]
	inc.Phases = slices.Delete(inc.Phases, n-1, n)
	inc.syncStart()
	return p, nil
}

// syncStart makes the impact start, which every metric (and the trends)
// measure from, the earlier of the start given on its own and the
// earliest phase's: the impact began no later than any phase of it. The
// start given is kept apart (StartGiven) so that dropping a wrong phase
// moves the start back rather than leaving it where that phase put it.
// A phase that begins after the incident was noticed does not become the
// start when none was given, since impact began by then: the start stays
// unknown rather than made up.
func (inc *Incident) syncStart() {
	start := inc.StartGiven
	if len(inc.Phases) > 0 {
		if first := inc.Phases[0].From; start.IsZero() || first.Before(start) {
			m := inc.Milestones
			m.Started = first
			if m.CheckOrder(MilestoneStarted) == nil {
				start = first
			}
		}
	}
	inc.Milestones.Started = start
}

// checkStartBeforePhases refuses an impact start given on its own that is
// after the first impact phase begins: the record would say the impact
// began after part of it. command names the slash command in the answer.
func (inc *Incident) checkStartBeforePhases(at time.Time, command string) error {
	if len(inc.Phases) == 0 || !inc.Phases[0].From.Before(at) {
		return nil
	}
	return Errorf(EInvalid, "Impact started (%s) cannot be after impact phase 1 began (%s): %s impact shows the phases. Nothing was changed.",
		at.Format(timeLayout), inc.Phases[0].From.Format(timeLayout), command)
}

// describePhase renders phase n for chat and the timeline: "2. 23:28 UTC –
// 00:08 UTC (40m 00s): orders lost".
func describePhase(n int, p ImpactPhase, m Milestones, quote func(string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s – ", n, p.From.Format(timeLayout))
	end := p.End(m)
	switch {
	case end.IsZero():
		b.WriteString("ongoing")
	case p.To.IsZero():
		fmt.Fprintf(&b, "resolved %s (%s)", end.Format(timeLayout), Span{D: end.Sub(p.From), Known: true})
	default:
		fmt.Fprintf(&b, "%s (%s)", end.Format(timeLayout), Span{D: end.Sub(p.From), Known: true})
	}
	b.WriteString(": ")
	b.WriteString(quote(p.Text))
	return b.String()
}

// setImpact records the impact statement, or adds or drops an impact
// phase.
func (a *act) setImpact(c SetImpact) (string, *Form, error) {
	switch {
	case c.Show:
		return a.showImpact(), nil, nil
	case c.Drop > 0:
		return a.dropImpactPhase(c.Drop)
	case !c.From.IsZero():
		return a.addImpactPhase(c)
	}
	if err := a.update(func(inc *Incident) error { inc.Impact = c.Text; return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Impact: %s", c.Text); err != nil {
		return "", nil, err
	}
	a.say("Impact recorded by %s: %s", a.who(), a.quote(c.Text))
	return "Impact recorded.", nil, nil
}

func (a *act) addImpactPhase(c SetImpact) (string, *Form, error) {
	if err := checkPast("from", c.From, a.now); err != nil {
		return "", nil, err
	}
	if err := checkPast("to", c.To, a.now); err != nil {
		return "", nil, err
	}
	if !c.To.IsZero() && !c.To.After(c.From) {
		return "", nil, Errorf(EInvalid, "--to %s is not after --from %s. Nothing was changed.", c.To.Format(timeLayout), c.From.Format(timeLayout))
	}
	p := ImpactPhase{Text: c.Text, From: c.From.UTC(), By: a.user, At: a.now}
	if !c.To.IsZero() {
		p.To = c.To.UTC()
	}
	var n int
	var replaced bool
	var oldStart time.Time
	if err := a.update(func(inc *Incident) error {
		oldStart = inc.Milestones.Started
		n, replaced = inc.addPhase(p)
		return nil
	}); err != nil {
		return "", nil, err
	}
	m := a.inc.Milestones
	line := describePhase(n, p, m, func(s string) string { return s })
	verb := "recorded"
	if replaced {
		verb = "updated"
	}
	if err := a.note(EntryNote, time.Time{}, false, "Impact phase %s: %s", verb, line); err != nil {
		return "", nil, err
	}
	a.say("Impact phase %s by %s: %s", verb, a.who(), describePhase(n, p, m, a.quote))
	return a.phasesAnswer(fmt.Sprintf("Impact phase %d %s.", n, verb), oldStart), nil, nil
}

func (a *act) dropImpactPhase(n int) (string, *Form, error) {
	var p ImpactPhase
	var oldStart time.Time
	if err := a.update(func(inc *Incident) error {
		oldStart = inc.Milestones.Started
		var err error
		p, err = inc.dropPhase(n)
		return err
	}); err != nil {
		return "", nil, err
	}
	line := describePhase(n, p, a.inc.Milestones, func(s string) string { return s })
	if err := a.note(EntryNote, time.Time{}, false, "Impact phase dropped: %s", line); err != nil {
		return "", nil, err
	}
	a.say("Impact phase dropped by %s: %s", a.who(), describePhase(n, p, a.inc.Milestones, a.quote))
	return a.phasesAnswer(fmt.Sprintf("Impact phase %d dropped.", n), oldStart), nil, nil
}

// phasesAnswer is the invoker's answer after a phase changed: what
// happened, how the impact start moved, and the phases as numbered now.
func (a *act) phasesAnswer(head string, oldStart time.Time) string {
	var b strings.Builder
	b.WriteString(head)
	m := a.inc.Milestones
	switch start := m.Started; {
	case start.IsZero() && len(a.inc.Phases) > 0:
		fmt.Fprintf(&b, " The impact start is not known: the first phase begins after the incident was noticed. Set it with %s started TIME.", a.e.cfg.Command)
	case start.IsZero() && !oldStart.IsZero():
		fmt.Fprintf(&b, " The impact start (was %s) is no longer known: set it with %s started TIME.", oldStart.Format(timeLayout), a.e.cfg.Command)
	case start.Equal(oldStart):
	case oldStart.IsZero():
		fmt.Fprintf(&b, " Impact started %s, when phase 1 began.", start.Format(timeLayout))
	default:
		fmt.Fprintf(&b, " Impact started %s (was %s).", start.Format(timeLayout), oldStart.Format(timeLayout))
	}
	if len(a.inc.Phases) == 0 {
		b.WriteString(" No impact phases are left.")
		return b.String()
	}
	a.writePhases(&b)
	return b.String()
}

// writePhases writes the phases as numbered now, on lines of their own,
// and how to end or drop one.
func (a *act) writePhases(b *strings.Builder) {
	b.WriteString("\nImpact phases:")
	for i, p := range a.inc.Phases {
		b.WriteString("\n")
		b.WriteString(describePhase(i+1, p, a.inc.Milestones, a.quote))
	}
	fmt.Fprintf(b, "\nRepeat a phase's text and --from with --to to end it; %s impact --drop N removes one.", a.e.cfg.Command)
}

// showImpact is the impact statement and the phases, numbered as --drop
// takes them.
func (a *act) showImpact() string {
	var b strings.Builder
	cmd := a.e.cfg.Command
	if a.inc.Impact == "" {
		fmt.Fprintf(&b, "INC-%d has no impact statement yet: %s impact <text>.", a.inc.ID, cmd)
	} else {
		fmt.Fprintf(&b, "Impact of INC-%d: %s", a.inc.ID, a.quote(a.inc.Impact))
	}
	if len(a.inc.Phases) == 0 {
		fmt.Fprintf(&b, "\nNo impact phases: %s impact <text> --from TIME [--to TIME] records one (degraded, down, data loss).", cmd)
		return b.String()
	}
	a.writePhases(&b)
	return b.String()
}
