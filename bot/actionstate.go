package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// changeAction applies change to action item n of the incident in one
// store transaction and returns the action as stored. change returns an
// error (an *Error) to refuse, and then nothing changes.
func (a *act) changeAction(n int, change func(*Action) error) (Action, error) {
	var changed Action
	err := a.update(func(inc *Incident) error {
		if n < 1 || n > len(inc.Actions) {
			return Errorf(ENotFound, "INC-%d has no action #%d (it has %d). %s action list shows them.", inc.ID, n, len(inc.Actions), a.e.cfg.Command)
		}
		act := &inc.Actions[n-1]
		if err := change(act); err != nil {
			return err
		}
		changed = *act
		return nil
	})
	return changed, err
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
	done, err := a.changeAction(c.N, func(act *Action) error {
		switch act.State() {
		case ActionDone, ActionVerified:
			return Errorf(EConflict, "Action %s was already done at %s.", act.Ref(), act.DoneAt.Format(timeLayout))
		case ActionDropped:
			return Errorf(EConflict, "Action %s was dropped (%s); %s action reopen %d first.", act.Ref(), act.DropReason, a.e.cfg.Command, act.N)
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
	a.say("✔️ Action %s done (%s)%s: %s\nIt is finished once a production deployment proves it: %s action verify %d <link> --id %d.",
		done.Ref(), a.who(), a.quote(link), a.quote(done.Text), a.e.cfg.Command, done.N, a.inc.ID)
	return fmt.Sprintf("Action %s marked done; verify it once deployed: %s action verify %d <link>.", done.Ref(), a.e.cfg.Command, done.N), nil, nil
}

func (a *act) verifyAction(c VerifyAction) (string, *Form, error) {
	if err := checkLink("The evidence", c.Evidence); err != nil {
		return "", nil, err
	}
	v, err := a.changeAction(c.N, func(act *Action) error {
		switch act.State() {
		case ActionOpen:
			return Errorf(EConflict, "Action %s is not done yet: %s action done %d [--link URL] first.", act.Ref(), a.e.cfg.Command, act.N)
		case ActionVerified:
			return Errorf(EConflict, "Action %s was already verified at %s.", act.Ref(), act.VerifiedAt.Format(timeLayout))
		case ActionDropped:
			return Errorf(EConflict, "Action %s was dropped (%s); %s action reopen %d first.", act.Ref(), act.DropReason, a.e.cfg.Command, act.N)
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
	return fmt.Sprintf("Action %s verified.", v.Ref()), nil, nil
}

func (a *act) reopenAction(c ReopenAction) (string, *Form, error) {
	var was ActionState
	r, err := a.changeAction(c.N, func(act *Action) error {
		if was = act.State(); was == ActionOpen {
			return Errorf(EConflict, "Action %s is already open.", act.Ref())
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
	return fmt.Sprintf("Action %s is open again.", r.Ref()), nil, nil
}

func (a *act) dropAction(c DropAction) (string, *Form, error) {
	reason := strings.TrimSpace(c.Reason)
	if reason == "" {
		return "", nil, Errorf(EInvalid, "Dropping an action needs a reason.\nUsage: %s action drop <n> <reason>", a.e.cfg.Command)
	}
	d, err := a.changeAction(c.N, func(act *Action) error {
		switch act.State() {
		case ActionDropped:
			return Errorf(EConflict, "Action %s was already dropped: %s.", act.Ref(), act.DropReason)
		case ActionVerified:
			return Errorf(EConflict, "Action %s is verified; there is nothing left to drop.", act.Ref())
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
	return fmt.Sprintf("Action %s dropped; %s action reopen %d undoes it.", d.Ref(), a.e.cfg.Command, d.N), nil, nil
}
