package bot

import (
	"context"
	"fmt"
	"time"
)

// channelNameMax is the longest channel name the engine suggests; adapters
// shorten further where their platform needs it.
const channelNameMax = 80

// declare opens an incident and its channel, from channel from (thread
// thread, if declared in one). The declarer holds Incident Commander
// until it is handed over.
func (e *Engine) declare(ctx context.Context, user, from, thread string, d Declare) (*Incident, error) {
	now := e.clock.Now()
	if err := checkPast("started", d.Started, now); err != nil {
		return nil, err
	}
	if err := checkPast("detected", d.Detected, now); err != nil {
		return nil, err
	}
	if err := (Milestones{Started: d.Started, Detected: d.Detected, Declared: now}).CheckOrder(MilestoneDetected); err != nil {
		return nil, err
	}
	sev := e.cfg.DefaultSeverity
	if d.SeveritySet {
		sev = d.Severity
	}
	inc := &Incident{
		Title:       d.Title,
		Description: d.Description,
		Severity:    sev,
		Status:      StatusInvestigating,
		DeclaredBy:  user,
		DeclaredIn:  from,
		Platform:    e.cfg.Platform,
		DetectedVia: d.Via,
		Milestones:  Milestones{Started: d.Started, Detected: d.Detected, Declared: now},
		Roles:       []RoleChange{{Role: RoleCommander, User: user, By: user, At: now}},
		Reminder:    Reminder{Due: e.nextDue(sev, now)},
	}
	inc.AddParticipant(user)
	if err := e.store.CreateIncident(ctx, inc); err != nil {
		return nil, fmt.Errorf("create incident: %w", err)
	}
	name := ChannelName(inc.ID, inc.Title, channelNameMax)
	var ch Channel
	var err error
	tc, withTopic := e.chat.(TopicCreator)
	if withTopic {
		ch, err = tc.CreateChannelWithTopic(ctx, name, e.topic(ctx, inc))
	} else {
		ch, err = e.chat.CreateChannel(ctx, name)
	}
	if err != nil {
		return nil, e.void(ctx, inc, err)
	}
	inc, err = e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error {
		inc.ChannelID, inc.ChannelName = ch.ID, ch.Name
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.indexIncident(inc)
	if err := e.note(ctx, &Entry{IncidentID: inc.ID, At: now, Kind: EntryDeclared, Author: user, Bot: true, KeyEvent: true,
		Text: fmt.Sprintf("Incident declared (%s): %s", sev, inc.Title)}); err != nil {
		return nil, err
	}
	e.recordBefore(ctx, inc, from, thread, now)
	if err := e.chat.Invite(ctx, ch.ID, []string{user}); err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("invite declarer")
	}
	if !withTopic {
		e.setTopic(ctx, inc)
	}
	inc, similar := e.similarAtDeclare(ctx, inc)
	if id, err := e.chat.Post(ctx, ch.ID, e.intro(inc, similar)); err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("post intro")
		if id != "" && ErrorCode(err) == ERefused {
			// Posted but not pinned, and the adapter said why: the
			// Incident Commander hears it once, where it matters.
			e.say(ctx, inc, fmt.Sprintf("⚠️ %s, I could not pin the message above: %s.", e.chat.Mention(user), ErrorMessage(err)))
		}
	}
	if from != "" && from != ch.ID {
		if _, err := e.chat.Post(ctx, from, Message{Text: fmt.Sprintf("🚨 %s incident INC-%d declared by %s: %s. Join %s.",
			sev, inc.ID, e.chat.Mention(user), e.chat.Quote(inc.Title), e.channelRef(inc))}); err != nil {
			e.log.Warn().Err(err).Int64("incident", inc.ID).Msg("announce incident")
		}
	}
	e.log.Info().Int64("incident", inc.ID).Str("severity", sev.String()).Str("channel", ch.ID).Msg("incident declared")
	return inc, nil
}

// intro is the pinned first message of an incident channel; it lists the
// similar past incidents found at declare.
func (e *Engine) intro(inc *Incident, similar []Similar) Message {
	text := fmt.Sprintf("🚨 INC-%d · %s (%s) · declared by %s at %s\n%s",
		inc.ID, inc.Severity, inc.Severity.Describe(), e.chat.Mention(inc.DeclaredBy),
		inc.Milestones.Declared.Format(timeLayout), e.chat.Quote(inc.Title))
	if inc.Description != "" {
		text += "\n" + e.chat.Quote(inc.Description)
	}
	text += "\n\nWar room roles:" + e.roster(inc)
	if inc.Reminder.Due.IsZero() {
		text += "\n\nNo scheduled update reminders at this severity."
	} else {
		text += fmt.Sprintf("\n\nUpdates are due every %s (first at %s): %s update.",
			shortDuration(e.interval(inc.Severity)), inc.Reminder.Due.Format(clockLayout), e.cfg.Command)
	}
	if len(similar) > 0 {
		text += "\n\nHave we seen this before? Similar past incidents:" + e.renderSimilar(similar)
	}
	text += "\nEverything said here is recorded for the postmortem. " + e.cfg.Command + " help lists the commands."
	return Message{Text: text, Pin: true, Buttons: []Button{
		{Label: "Acknowledge", Command: "ack", Style: "primary"},
		{Label: "Post update", Command: "update"},
		{Label: "Resolve", Command: "resolve", Style: "danger"},
	}}
}

func (a *act) setSeverity(c SetSeverity) (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	if err := checkPast("at", c.At, a.now); err != nil {
		return "", nil, err
	}
	old := a.inc.Severity
	if old == c.Severity {
		return fmt.Sprintf("INC-%d is already %s.", a.inc.ID, old), nil, nil
	}
	err := a.update(func(inc *Incident) error {
		inc.Severity = c.Severity
		// A faster cadence applies at once; a slower one waits for the
		// prompt already due.
		if next := a.e.nextDue(c.Severity, a.now); inc.Status != StatusResolved &&
			(inc.Reminder.Due.IsZero() || (!next.IsZero() && next.Before(inc.Reminder.Due))) {
			inc.Reminder.Due = next
		}
		if a.e.interval(c.Severity) == 0 {
			inc.Reminder.Due = time.Time{}
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntrySeverity, c.At, true, "Severity changed from %s to %s", old, c.Severity); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	a.say("⚠️ Severity changed from %s to %s by %s%s (%s).", old, c.Severity, a.who(), atClause(c.At), c.Severity.Describe())
	return fmt.Sprintf("Severity of INC-%d is now %s.", a.inc.ID, c.Severity), nil, nil
}

func (a *act) setStatus(c SetStatus) (string, *Form, error) {
	if c.Status == StatusResolved {
		return a.resolve(Resolve{At: c.At})
	}
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	if err := checkPast("at", c.At, a.now); err != nil {
		return "", nil, err
	}
	if a.inc.Status == StatusResolved {
		return "", nil, Errorf(EConflict, "INC-%d is resolved. %s reopen reopens it first.", a.inc.ID, a.e.cfg.Command)
	}
	old := a.inc.Status
	if err := a.update(func(inc *Incident) error { inc.Status = c.Status; return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryStatus, c.At, false, "Status changed from %s to %s", old, c.Status); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	a.say("Status: %s → %s (by %s%s).", old, c.Status, a.who(), atClause(c.At))
	return fmt.Sprintf("INC-%d is now %s.", a.inc.ID, c.Status), nil, nil
}

// milestone records one lifecycle step once, at `at` or now.
func (a *act) milestone(name string, at time.Time, field func(*Milestones) *time.Time, then func(*Incident)) (time.Time, error) {
	if err := a.requireOpen(); err != nil {
		return time.Time{}, err
	}
	if at.IsZero() {
		at = a.now
	}
	if err := checkPast("at", at, a.now); err != nil {
		return time.Time{}, err
	}
	if prev := *field(&a.inc.Milestones); !prev.IsZero() {
		return time.Time{}, Errorf(EConflict, "INC-%d was already %s at %s.", a.inc.ID, name, prev.Format(timeLayout))
	}
	err := a.update(func(inc *Incident) error {
		if prev := *field(&inc.Milestones); !prev.IsZero() {
			return Errorf(EConflict, "INC-%d was already %s at %s.", inc.ID, name, prev.Format(timeLayout))
		}
		m := inc.Milestones
		*field(&m) = at
		if err := m.CheckOrder(name); err != nil {
			return err
		}
		*field(&inc.Milestones) = at
		if then != nil {
			then(inc)
		}
		return nil
	})
	if err != nil {
		return time.Time{}, err
	}
	return at, nil
}

func (a *act) acknowledge(c Acknowledge) (string, *Form, error) {
	at, err := a.milestone("acknowledged", c.At, func(m *Milestones) *time.Time { return &m.Acknowledged }, nil)
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryMilestone, at, true, "Acknowledged"); err != nil {
		return "", nil, err
	}
	a.say("✅ Acknowledged by %s at %s.", a.who(), at.Format(clockLayout))
	return fmt.Sprintf("INC-%d acknowledged.", a.inc.ID), nil, nil
}

func (a *act) mitigate(c Mitigate) (string, *Form, error) {
	at, err := a.milestone("mitigated", c.At, func(m *Milestones) *time.Time { return &m.Mitigated }, func(inc *Incident) {
		if inc.Status == StatusInvestigating || inc.Status == StatusIdentified {
			inc.Status = StatusMonitoring
		}
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryMilestone, at, true, "Mitigated: impact stopped, status %s", a.inc.Status); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	a.say("🩹 Mitigated at %s (by %s). Status: %s.", at.Format(clockLayout), a.who(), a.inc.Status)
	return fmt.Sprintf("INC-%d mitigated.", a.inc.ID), nil, nil
}

func (a *act) resolve(c Resolve) (string, *Form, error) {
	at, err := a.milestone("resolved", c.At, func(m *Milestones) *time.Time { return &m.Resolved }, func(inc *Incident) {
		inc.Status = StatusResolved
		inc.Reminder = Reminder{}
		if c.Summary != "" {
			inc.Resolution = c.Summary
		}
	})
	if err != nil {
		return "", nil, err
	}
	text := "Resolved"
	if c.Summary != "" {
		text += ": " + c.Summary
	}
	if err := a.note(EntryMilestone, at, true, "%s", text); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	msg := fmt.Sprintf("🎉 Resolved at %s by %s.", at.Format(clockLayout), a.who())
	if c.Summary != "" {
		msg += " " + a.quote(c.Summary)
	}
	a.say("%s Update reminders stop. Next: whys (%s why), causes, actions, then %s close drafts the postmortem.", msg, a.e.cfg.Command, a.e.cfg.Command)
	return fmt.Sprintf("INC-%d resolved.", a.inc.ID), nil, nil
}

// close resolves the incident if it is not yet, closes it and posts the
// postmortem draft.
func (a *act) close() (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	if a.inc.Milestones.Resolved.IsZero() {
		if _, _, err := a.resolve(Resolve{}); err != nil {
			return "", nil, err
		}
	}
	err := a.update(func(inc *Incident) error {
		if !inc.Open() {
			return Errorf(EConflict, "INC-%d is already closed.", inc.ID)
		}
		inc.Status, inc.Milestones.Closed, inc.Reminder = StatusClosed, a.now, Reminder{}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryMilestone, time.Time{}, true, "Closed"); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	comment := fmt.Sprintf("🔒 INC-%d closed by %s. The postmortem draft is attached: review it, fill in the prompts, and publish it.", a.inc.ID, a.who())
	if err := a.e.publishPostmortem(a.ctx, a.inc, comment); err != nil {
		return "", nil, err
	}
	a.e.scheduleArchive(a.ctx, a.inc)
	return fmt.Sprintf("INC-%d closed; the postmortem draft is posted in %s.", a.inc.ID, a.e.channelRef(a.inc)), nil, nil
}

func (a *act) reopen() (string, *Form, error) {
	if a.inc.Status != StatusResolved && a.inc.Status != StatusClosed {
		return "", nil, Errorf(EConflict, "INC-%d is %s, not resolved or closed.", a.inc.ID, a.inc.Status)
	}
	// A channel the platform will not bring back (Slack: apps cannot
	// unarchive) does not stop the reopen; the answer says what to do.
	var still string
	if err := a.e.unarchive(a.ctx, a.inc); err != nil {
		if ErrorCode(err) != ERefused {
			return "", nil, err
		}
		a.e.log.Warn().Err(err).Int64("incident", a.inc.ID).Msg("reopen: channel still archived")
		still = ErrorMessage(err)
	}
	err := a.update(func(inc *Incident) error {
		inc.Status = StatusInvestigating
		inc.Archive = Archive{}
		inc.Milestones.Resolved, inc.Milestones.Closed = time.Time{}, time.Time{}
		inc.Reminder = Reminder{Due: a.e.nextDue(inc.Severity, a.now)}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryMilestone, time.Time{}, true, "Reopened"); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	a.say("↩️ INC-%d reopened by %s. Status: investigating.", a.inc.ID, a.who())
	if still != "" {
		return fmt.Sprintf("INC-%d reopened, but %s.", a.inc.ID, still), nil, nil
	}
	return fmt.Sprintf("INC-%d reopened.", a.inc.ID), nil, nil
}
