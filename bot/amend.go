package bot

import (
	"context"
	"fmt"
	"time"
)

// Renamer is implemented by adapters whose platform lets the bot rename a
// channel (Discord, through its coalesced editor; Slack's
// conversations.rename). The engine renames an incident's channel when its
// title changes, keeping the inc-<n>- prefix.
type Renamer interface {
	RenameChannel(ctx context.Context, channelID, name string) error
}

// setTitle renames the incident, and its channel where the platform
// allows. The id prefix of the channel name stays, so people and links
// still find it.
func (a *act) setTitle(c SetTitle) (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	old := a.inc.Title
	if old == c.Title {
		return fmt.Sprintf("INC-%d is already titled %s.", a.inc.ID, a.quote(c.Title)), nil, nil
	}
	if err := a.update(func(inc *Incident) error { inc.Title = c.Title; return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Title changed from %q to %q", old, c.Title); err != nil {
		return "", nil, err
	}
	a.e.setTopic(a.ctx, a.inc)
	renamed := ""
	if r, ok := a.e.chat.(Renamer); ok && a.inc.ChannelID != "" {
		name := ChannelName(a.inc.ID, c.Title, channelNameMax)
		if err := r.RenameChannel(a.ctx, a.inc.ChannelID, name); err != nil {
			a.e.log.Error().Err(err).Int64("incident", a.inc.ID).Msg("rename channel")
		} else {
			renamed = " The channel becomes #" + name + "."
		}
	}
	a.say("✏️ Title changed by %s: %s (was %s).", a.who(), a.quote(c.Title), a.quote(old))
	return fmt.Sprintf("INC-%d is now titled %s.%s", a.inc.ID, a.quote(c.Title), renamed), nil, nil
}

// amendMilestone sets or corrects a milestone people only know after the
// fact (impact start, detection), checked against the others.
func (a *act) amendMilestone(name string, at time.Time, field func(*Milestones) *time.Time) (string, *Form, error) {
	return a.amendMilestoneWith(name, at, field, nil)
}

// amendMilestoneWith is amendMilestone that also applies also, if not nil,
// to the incident in the same update; an error from it changes nothing.
func (a *act) amendMilestoneWith(name string, at time.Time, field func(*Milestones) *time.Time, also func(*Incident) error) (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	if err := checkPast(name, at, a.now); err != nil {
		return "", nil, err
	}
	var old time.Time
	err := a.update(func(inc *Incident) error {
		m := inc.Milestones
		old = *field(&m)
		*field(&m) = at
		if err := m.CheckOrder(name); err != nil {
			return err
		}
		if also != nil {
			if err := also(inc); err != nil {
				return err
			}
		}
		inc.Milestones = m
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	word := capitalize(milestoneWord(name))
	was := ""
	if !old.IsZero() {
		was = " (was " + old.Format(timeLayout) + ")"
	}
	if err := a.note(EntryNote, time.Time{}, false, "%s set to %s%s", word, at.Format(timeLayout), was); err != nil {
		return "", nil, err
	}
	a.say("🕰️ %s set to %s by %s%s.", word, at.Format(timeLayout), a.who(), was)
	return fmt.Sprintf("INC-%d: %s %s.", a.inc.ID, milestoneWord(name), at.Format(timeLayout)), nil, nil
}

// atClause says when something said after the fact happened: " at 14:05
// UTC", or "" when it happened now.
func atClause(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return ", at " + at.Format(timeLayout)
}
