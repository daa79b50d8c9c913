package bot

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// actionID returns the global id a command names its action by, or 0 if
// it names none or names it by its number in the incident.
func actionID(c Command) int64 {
	switch c := c.(type) {
	case CompleteAction:
		return c.ID
	case VerifyAction:
		return c.ID
	case ReopenAction:
		return c.ID
	case DropAction:
		return c.ID
	}
	return 0
}

// actionIncident returns the id of the incident of action A-id. named is
// the incident --id names, or 0: an action of another incident is refused.
func (e *Engine) actionIncident(ctx context.Context, id, named int64) (int64, error) {
	f, err := e.store.FollowUp(ctx, id)
	if ErrorCode(err) == ENotFound {
		return 0, Errorf(ENotFound, "There is no action A-%d. %s --all lists them all.", id, e.spell("followups"))
	}
	if err != nil {
		return 0, fmt.Errorf("find action A-%d: %w", id, err)
	}
	if named != 0 && named != f.Incident.ID {
		return 0, Errorf(EInvalid, "A-%d is an action of INC-%d, not of INC-%d: leave out --id, or give its number in INC-%d.",
			id, f.Incident.ID, named, named)
	}
	return f.Incident.ID, nil
}

// changeAction applies change to an action item of the incident in one
// store transaction and returns the action as stored: the one whose
// global id is id if id is set, else number n. change returns an error (an
// *Error) to refuse, and then nothing changes.
func (a *act) changeAction(n int, id int64, change func(*Action) error) (Action, error) {
	var changed Action
	err := a.update(func(inc *Incident) error {
		i := n - 1
		if id != 0 {
			i = slices.IndexFunc(inc.Actions, func(act Action) bool { return act.ID == id })
			if i < 0 {
				return Errorf(ENotFound, "INC-%d has no action A-%d.", inc.ID, id)
			}
		}
		if i < 0 || i >= len(inc.Actions) {
			return Errorf(ENotFound, "INC-%d has no action #%d (it has %d). %s action list shows them.", inc.ID, n, len(inc.Actions), a.e.cfg.Command)
		}
		act := &inc.Actions[i]
		if err := change(act); err != nil {
			return err
		}
		changed = *act
		return nil
	})
	return changed, err
}

// ref names an action in an answer to the invoker: its number and global
// id, and its incident when the command came from outside the incident's
// channel.
func (a *act) ref(act Action) string {
	if a.channel != a.inc.ChannelID {
		return fmt.Sprintf("%s of INC-%d", act.Ref(), a.inc.ID)
	}
	return act.Ref()
}

// arg is how a command names the action in any channel: its global id, as
// in "action verify A-17 <link>".
func (a *act) arg(act Action) string {
	if act.ID == 0 {
		return fmt.Sprintf("%d --id %d", act.N, a.inc.ID)
	}
	return fmt.Sprintf("A-%d", act.ID)
}

// checkLink refuses what is not an http(s) URL.
func checkLink(flag, v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EInvalid, "%s %q is not a link: use an http or https URL.", flag, v)
	}
	return nil
}

func (a *act) completeAction(c CompleteAction) (string, *Form, error) {
	if c.Link != "" {
		if err := checkLink("--link", c.Link); err != nil {
			return "", nil, err
		}
	}
	done, err := a.changeAction(c.N, c.ID, func(act *Action) error {
		switch act.State() {
		case ActionDone, ActionVerified:
			return Errorf(EConflict, "Action %s was already done at %s.", a.ref(*act), act.DoneAt.Format(timeLayout))
		case ActionDropped:
			return Errorf(EConflict, "Action %s was dropped (%s); %s action reopen %s first.", a.ref(*act), act.DropReason, a.e.cfg.Command, a.arg(*act))
		}
		act.Done, act.DoneAt, act.DoneBy, act.DoneLink = true, a.now, a.user, c.Link
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	link := ""
	if done.DoneLink != "" {
		link = " (" + done.DoneLink + ")"
	}
	if err := a.note(EntryNote, time.Time{}, false, "Action %s done%s: %s", done.Ref(), link, done.Text); err != nil {
		return "", nil, err
	}
	a.say("✔️ Action %s done (%s)%s: %s\nIt is finished once a production deployment proves it: %s action verify %s <link>.",
		done.Ref(), a.who(), a.quote(link), a.quote(done.Text), a.e.cfg.Command, a.arg(done))
	return fmt.Sprintf("Action %s marked done; verify it once deployed: %s action verify %s <link>.", a.ref(done), a.e.cfg.Command, a.arg(done)), nil, nil
}

func (a *act) verifyAction(c VerifyAction) (string, *Form, error) {
	if err := checkLink("The evidence", c.Evidence); err != nil {
		return "", nil, err
	}
	v, err := a.changeAction(c.N, c.ID, func(act *Action) error {
		switch act.State() {
		case ActionOpen:
			return Errorf(EConflict, "Action %s is not done yet: %s action done %s [--link URL] first.", a.ref(*act), a.e.cfg.Command, a.arg(*act))
		case ActionVerified:
			return Errorf(EConflict, "Action %s was already verified at %s.", a.ref(*act), act.VerifiedAt.Format(timeLayout))
		case ActionDropped:
			return Errorf(EConflict, "Action %s was dropped (%s); %s action reopen %s first.", a.ref(*act), act.DropReason, a.e.cfg.Command, a.arg(*act))
		}
		act.VerifiedAt, act.VerifiedBy, act.Evidence = a.now, a.user, c.Evidence
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Action %s verified (%s): %s", v.Ref(), v.Evidence, v.Text); err != nil {
		return "", nil, err
	}
	a.say("✅ Action %s verified in production (%s, %s): %s", v.Ref(), a.who(), a.quote(v.Evidence), a.quote(v.Text))
	return fmt.Sprintf("Action %s verified.", a.ref(v)), nil, nil
}

func (a *act) reopenAction(c ReopenAction) (string, *Form, error) {
	var was ActionState
	r, err := a.changeAction(c.N, c.ID, func(act *Action) error {
		if was = act.State(); was == ActionOpen {
			return Errorf(EConflict, "Action %s is already open.", a.ref(*act))
		}
		act.Done, act.DoneAt, act.DoneBy, act.DoneLink = false, time.Time{}, "", ""
		act.VerifiedAt, act.VerifiedBy, act.Evidence = time.Time{}, "", ""
		act.DroppedAt, act.DroppedBy, act.DropReason = time.Time{}, "", ""
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Action %s reopened (was %s): %s", r.Ref(), was, r.Text); err != nil {
		return "", nil, err
	}
	a.say("↩️ Action %s reopened by %s (was %s): %s", r.Ref(), a.who(), was, a.quote(r.Text))
	return fmt.Sprintf("Action %s is open again.", a.ref(r)), nil, nil
}

func (a *act) dropAction(c DropAction) (string, *Form, error) {
	reason := strings.TrimSpace(c.Reason)
	if reason == "" {
		return "", nil, Errorf(EInvalid, "Dropping an action needs a reason.\nUsage: %s action drop <n|A-id> <reason>", a.e.cfg.Command)
	}
	d, err := a.changeAction(c.N, c.ID, func(act *Action) error {
		switch act.State() {
		case ActionDropped:
			return Errorf(EConflict, "Action %s was already dropped: %s.", a.ref(*act), act.DropReason)
		case ActionVerified:
			return Errorf(EConflict, "Action %s is verified; there is nothing left to drop.", a.ref(*act))
		}
		act.DroppedAt, act.DroppedBy, act.DropReason = a.now, a.user, reason
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Action %s dropped (%s): %s", d.Ref(), reason, d.Text); err != nil {
		return "", nil, err
	}
	a.say("🗑️ Action %s dropped by %s: %s\nReason: %s", d.Ref(), a.who(), a.quote(d.Text), a.quote(reason))
	return fmt.Sprintf("Action %s dropped; %s action reopen %s undoes it.", a.ref(d), a.e.cfg.Command, a.arg(d)), nil, nil
}
