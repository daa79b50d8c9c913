package bot

import (
	"context"
	"fmt"
	"slices"
)

// The authorization policy, in one place:
//
//   - Anyone who can type in an incident's channel may post updates, mark
//     events, record impact, summary, whys, causes and actions, assign the
//     Comms Lead and Tier 1/Tier 2 roles, acknowledge and mark mitigated:
//     the war room works best when nobody waits for permission to write
//     things down.
//   - Only the Incident Commander of that incident, or an admin, may
//     reassign the Incident Commander, change the severity, resolve, close
//     or reopen, and post an update that sets the status to resolved. These
//     change who is in charge, how loud the incident is, or whether it is
//     over.
//   - Admins are the user ids, or the ids of platform groups (a Slack user
//     group, a Discord role) listed in Config.Admins (WARROOM_ADMINS). A
//     request's groups are the ones the adapter reports for the user.
//
// A refused command gets a clear answer naming who may do it, and the
// attempt is recorded in the timeline.

// privileged reports whether a command needs the Incident Commander or an
// admin, and names the action for messages.
func privileged(c Command) (string, bool) {
	switch c := c.(type) {
	case AssignRole:
		return "reassign the Incident Commander", c.Role == RoleCommander
	case SetSeverity:
		return "change the severity", true
	case SetStatus:
		return "resolve", c.Status == StatusResolved
	case Resolve:
		return "resolve", true
	case Close:
		return "close", true
	case Reopen:
		return "reopen", true
	case PostUpdate:
		return "resolve", c.Status == StatusResolved
	}
	return "", false
}

// allowed reports whether user (in groups) may do privileged things in inc.
func (e *Engine) allowed(inc *Incident, user string, groups []string) bool {
	if user != "" && inc.Holder(RoleCommander) == user {
		return true
	}
	for _, a := range e.cfg.Admins {
		if a == user || slices.Contains(groups, a) {
			return true
		}
	}
	return false
}

// authorize returns an ERefused error, and records the attempt, when user may
// not run c on inc.
func (e *Engine) authorize(ctx context.Context, inc *Incident, user string, groups []string, c Command) error {
	what, ok := privileged(c)
	if !ok || e.allowed(inc, user, groups) {
		return nil
	}
	ic := inc.Holder(RoleCommander)
	err := Errorf(ERefused, "Only the Incident Commander (%s) or an admin may %s INC-%d. The IC can hand over with %s role ic @you.",
		e.chat.Mention(ic), what, inc.ID, e.cfg.Command)
	if nerr := e.note(ctx, &Entry{IncidentID: inc.ID, At: e.clock.Now(), Kind: EntryRefused, Author: user, Bot: true,
		Text: fmt.Sprintf("Refused: %s tried to %s (only the Incident Commander or an admin may)", e.name(ctx, user), what)}); nerr != nil {
		e.log.Error().Err(nerr).Int64("incident", inc.ID).Msg("record refused command")
	}
	return err
}
