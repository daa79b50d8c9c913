package bot

import (
	"fmt"
	"strings"
	"time"
)

// Update form field ids, shared by the form and its submission.
const (
	fieldTitle       = "title"
	fieldSeverity    = "severity"
	fieldDescription = "description"
	fieldStatus      = "status"
	fieldChanges     = "changes"
	fieldMitigation  = "mitigation"
	fieldNext        = "next"
)

func (a *act) postUpdate(c PostUpdate) (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	if c.Next < 0 || c.Next > 24*time.Hour {
		return "", nil, Errorf(EInvalid, "--next must be between 1m and 24h.")
	}
	if err := checkPast("at", c.At, a.now); err != nil {
		return "", nil, err
	}
	u := Update{At: a.now, By: a.user, Status: c.Status, Changes: c.Changes, Mitigation: c.Mitigation, Text: c.Text}
	if !c.At.IsZero() {
		u.At = c.At
	}
	old := a.inc.Status
	err := a.update(func(inc *Incident) error {
		if u.Status == "" {
			u.Status = inc.Status
		}
		if u.Status == StatusResolved {
			if inc.Milestones.Resolved.IsZero() {
				inc.Milestones.Resolved = u.At
				if err := inc.Milestones.CheckOrder(MilestoneResolved); err != nil {
					return err
				}
			}
		} else if inc.Status == StatusResolved {
			return Errorf(EConflict, "INC-%d is resolved; %s reopen reopens it before a %s update.", inc.ID, a.e.cfg.Command, u.Status)
		}
		inc.Status = u.Status
		switch {
		case u.Status == StatusResolved:
			inc.Reminder = Reminder{}
		case c.Next > 0:
			u.NextAt = a.now.Add(c.Next)
		default:
			u.NextAt = a.e.nextDue(inc.Severity, a.now)
		}
		if u.Status != StatusResolved {
			inc.Reminder = Reminder{Due: u.NextAt}
		}
		inc.Updates = append(inc.Updates, u)
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryUpdate, u.At, false, "%s", u.oneLine()); err != nil {
		return "", nil, err
	}
	if u.Status == StatusResolved && old != StatusResolved {
		if err := a.note(EntryMilestone, time.Time{}, true, "Resolved (by an update)"); err != nil {
			return "", nil, err
		}
	}
	if u.Status != old {
		a.e.setTopic(a.ctx, a.inc)
	}
	a.say("%s", a.e.renderUpdate(a.inc, u))
	return fmt.Sprintf("Update posted to INC-%d.", a.inc.ID), nil, nil
}

// renderUpdate is the channel message for a structured update.
func (e *Engine) renderUpdate(inc *Incident, u Update) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📣 Update on INC-%d (%s) from %s\n• Status: %s", inc.ID, inc.Severity, e.chat.Mention(u.By), u.Status)
	if u.Changes != "" {
		fmt.Fprintf(&b, "\n• Recent changes: %s", e.chat.Quote(u.Changes))
	}
	if u.Mitigation != "" {
		fmt.Fprintf(&b, "\n• Mitigation progress: %s", e.chat.Quote(u.Mitigation))
	}
	if u.Text != "" {
		fmt.Fprintf(&b, "\n• Notes: %s", e.chat.Quote(u.Text))
	}
	if !u.NextAt.IsZero() {
		fmt.Fprintf(&b, "\n• Next update: %s (%s)", u.NextAt.Format(clockLayout), until(u.At, u.NextAt))
	}
	return b.String()
}

// oneLine renders an update for the timeline.
func (u Update) oneLine() string {
	parts := []string{"Update: status " + string(u.Status)}
	if u.Changes != "" {
		parts = append(parts, "recent changes: "+u.Changes)
	}
	if u.Mitigation != "" {
		parts = append(parts, "mitigation: "+u.Mitigation)
	}
	if u.Text != "" {
		parts = append(parts, u.Text)
	}
	if !u.NextAt.IsZero() {
		parts = append(parts, "next update "+u.NextAt.Format(clockLayout))
	}
	return strings.Join(parts, "; ")
}
