package bot

import "time"

// milestoneOrder lists the milestones that may not come before another:
// in each pair, after may not be before before. Impact starts before it is
// noticed, acknowledged, mitigated or resolved; it is noticed before it is
// acknowledged, mitigated or resolved (response times are measured from
// those two); an incident is resolved after it is declared and after it is
// mitigated.
var milestoneOrder = [...]struct{ before, after string }{
	{MilestoneStarted, MilestoneDetected},
	{MilestoneStarted, MilestoneAcknowledged},
	{MilestoneStarted, MilestoneMitigated},
	{MilestoneStarted, MilestoneResolved},
	{MilestoneDetected, MilestoneAcknowledged},
	{MilestoneDetected, MilestoneMitigated},
	{MilestoneDetected, MilestoneResolved},
	{MilestoneDeclared, MilestoneResolved},
	{MilestoneMitigated, MilestoneResolved},
}

// CheckOrder returns an EInvalid error that names both times when the
// named milestone (a Milestone constant) is out of order with another
// recorded one (see milestoneOrder). Pairs that do not involve it are not
// looked at, so an incident recorded before the rules can still change.
func (m Milestones) CheckOrder(name string) error {
	for _, o := range milestoneOrder {
		if o.before != name && o.after != name {
			continue
		}
		b, a := m.Time(o.before), m.Time(o.after)
		if b.IsZero() || a.IsZero() || !a.Before(b) {
			continue
		}
		return Errorf(EInvalid, "%s (%s) cannot be before %s (%s). Nothing was changed.",
			capitalize(milestoneWord(o.after)), a.Format(timeLayout), milestoneWord(o.before), b.Format(timeLayout))
	}
	return nil
}

// milestoneWord is how a milestone is named in answers.
func milestoneWord(name string) string {
	if name == MilestoneStarted {
		return "impact started"
	}
	return name
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// checkPast refuses a time given with --flag that is after now, in the
// same words wherever a time is given.
func checkPast(flag string, at, now time.Time) error {
	if at.After(now) {
		return Errorf(EInvalid, "--%s %s is in the future: it is %s now.", flag, at.Format(timeLayout), now.Format(timeLayout))
	}
	return nil
}
