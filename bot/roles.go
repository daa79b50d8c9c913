package bot

import (
	"fmt"
	"time"
)

func (a *act) assignRole(c AssignRole) (string, *Form, error) {
	if err := a.requireOpen(); err != nil {
		return "", nil, err
	}
	prev := a.inc.Holder(c.Role)
	if prev == c.User {
		return fmt.Sprintf("%s already holds %s.", a.e.chat.Mention(c.User), c.Role.Title()), nil, nil
	}
	if err := a.e.checkUser(a.ctx, c.User); err != nil {
		return "", nil, err
	}
	err := a.update(func(inc *Incident) error {
		inc.Roles = append(inc.Roles, RoleChange{Role: c.Role, User: c.User, By: a.user, At: a.now})
		inc.AddParticipant(c.User)
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	text := fmt.Sprintf("%s: %s", c.Role.Title(), a.e.name(a.ctx, c.User))
	if prev != "" {
		text += " (handed over from " + a.e.name(a.ctx, prev) + ")"
	}
	if err := a.note(EntryRole, time.Time{}, false, "%s", text); err != nil {
		return "", nil, err
	}
	if err := a.e.chat.Invite(a.ctx, a.inc.ChannelID, []string{c.User}); err != nil {
		a.e.log.Error().Err(err).Int64("incident", a.inc.ID).Msg("invite role holder")
	}
	if c.Role == RoleCommander {
		a.e.setTopic(a.ctx, a.inc)
	}
	msg := fmt.Sprintf("👤 %s is now %s", a.e.chat.Mention(c.User), c.Role.Title())
	if prev != "" {
		msg += fmt.Sprintf(", taking over from %s", a.e.chat.Mention(prev))
	}
	a.say("%s (assigned by %s).", msg, a.who())
	return fmt.Sprintf("%s assigned.", c.Role.Title()), nil, nil
}
