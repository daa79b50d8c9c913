package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Command carries out a slash command (or a button press, whose Text is the
// button's command) and returns the private answer for the invoker. Public
// effects are posted by the engine itself.
func (e *Engine) Command(ctx context.Context, req Request) Response {
	inv, err := e.parse(req.Text, e.clock.Now())
	if err != nil {
		return e.failed(req, "", err)
	}
	text, form, err := e.run(ctx, req, inv)
	if err != nil {
		return e.failed(req, inv.Command.Name(), err)
	}
	return Response{Text: text, Form: form}
}

// failed turns an error into the invoker's answer, logging what people are
// not shown.
func (e *Engine) failed(req Request, name string, err error) Response {
	code := ErrorCode(err)
	if code == EInternal {
		e.log.Error().Err(err).Str("command", name).Str("user", req.User).Str("channel", req.ChannelID).Msg("command failed")
	} else {
		e.log.Debug().Str("code", code).Str("command", name).Str("user", req.User).Msg(ErrorMessage(err))
	}
	return Response{Text: ErrorMessage(err), Code: code}
}

// run dispatches a parsed command.
func (e *Engine) run(ctx context.Context, req Request, inv Invocation) (string, *Form, error) {
	switch c := inv.Command.(type) {
	case Help:
		return c.Text, nil, nil
	case ListIncidents:
		s, err := e.listIncidents(ctx)
		return s, nil, err
	case ListFollowUps:
		s, err := e.listFollowUps(ctx, req, c)
		return s, nil, err
	case FindSimilar:
		s, err := e.findSimilar(ctx, req, c)
		return s, nil, err
	case ShowStats:
		s, err := e.showStats(ctx, req, c)
		return s, nil, err
	case Declare:
		if c.Title == "" {
			if req.Forms {
				return "", e.declareForm(req.ChannelID), nil
			}
			return "", nil, Errorf(EInvalid, "A title is needed.\nUsage: %s declare <title> [--sev P0..P3]", e.cfg.Command)
		}
		inc, err := e.declare(ctx, req.User, req.ChannelID, req.ThreadID, c)
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("Declared INC-%d (%s) in %s.", inc.ID, inc.Severity, e.channelRef(inc)), nil, nil
	}

	id := inv.IncidentID
	if aid := actionID(inv.Command); aid != 0 {
		// An action named by its global id is found in any channel.
		var err error
		if id, err = e.actionIncident(ctx, aid, id); err != nil {
			return "", nil, err
		}
	}
	inc, err := e.target(ctx, req, id)
	if err != nil {
		return "", nil, err
	}
	if err := e.authorize(ctx, inc, req.User, req.Groups, inv.Command); err != nil {
		return "", nil, err
	}
	a := act{e: e, ctx: ctx, user: req.User, channel: req.ChannelID, inc: inc, now: e.clock.Now()}
	switch c := inv.Command.(type) {
	case AssignRole:
		return a.assignRole(c)
	case SetSeverity:
		return a.setSeverity(c)
	case SetStatus:
		return a.setStatus(c)
	case SetTitle:
		return a.setTitle(c)
	case SetStarted:
		return a.amendMilestoneWith(MilestoneStarted, c.At, func(m *Milestones) *time.Time { return &m.Started }, func(inc *Incident) error {
			if err := inc.checkStartBeforePhases(c.At, e.cfg.Command); err != nil {
				return err
			}
			inc.StartGiven = c.At // kept for when a phase moves the start earlier
			return nil
		})
	case SetDetected:
		return a.amendMilestoneWith(MilestoneDetected, c.At, func(m *Milestones) *time.Time { return &m.Detected }, func(inc *Incident) error {
			if c.Via != "" {
				inc.DetectedVia = c.Via
			}
			return nil
		})
	case Acknowledge:
		return a.acknowledge(c)
	case Mitigate:
		return a.mitigate(c)
	case Resolve:
		return a.resolve(c)
	case Close:
		return a.close()
	case Reopen:
		return a.reopen()
	case PostUpdate:
		if c.Text == "" && c.Changes == "" && c.Mitigation == "" && c.Status == "" {
			if req.Forms {
				return "", updateForm(inc, req.ChannelID), nil
			}
			return "", nil, Errorf(EInvalid, "An update needs some text.\nUsage: %s update [--status S] [--next 30m] <text>", e.cfg.Command)
		}
		return a.postUpdate(c)
	case MarkEvent:
		return a.markEvent(c)
	case SetImpact:
		return a.setImpact(c)
	case SetSummary:
		return a.setSummary(c)
	case AddWhy:
		return a.addWhy(c)
	case AddCause:
		return a.addCause(c)
	case AddService:
		return a.addService(c)
	case AddLesson:
		return a.addLesson(c)
	case LogComms:
		return a.logComms(c)
	case AddAction:
		return a.addAction(c)
	case CompleteAction:
		return a.completeAction(c)
	case VerifyAction:
		return a.verifyAction(c)
	case ReopenAction:
		return a.reopenAction(c)
	case DropAction:
		return a.dropAction(c)
	case ListActions:
		return a.listActions()
	case DraftPostmortem:
		return a.draftPostmortem()
	case ShowTimeline:
		return a.showTimeline(c)
	}
	return "", nil, Errorf(EInvalid, "%q is not a command I know. Try %s help.", inv.Command.Name(), e.cfg.Command)
}

// target finds the incident a command is about: the one named with --id, or
// the one whose channel the command was typed in.
func (e *Engine) target(ctx context.Context, req Request, id int64) (*Incident, error) {
	if id != 0 {
		inc, err := e.store.Incident(ctx, id)
		if ErrorCode(err) == ENotFound {
			return nil, Errorf(ENotFound, "There is no incident INC-%d. %s list shows the open ones.", id, e.cfg.Command)
		}
		if err == nil && inc.Void != "" {
			return nil, Errorf(ENotFound, "INC-%d was never opened: %s", id, inc.Void)
		}
		return inc, err
	}
	inc, err := e.store.IncidentByChannel(ctx, req.ChannelID)
	if ErrorCode(err) == ENotFound {
		return nil, Errorf(EInvalid, "This is not an incident channel. Run the command in the incident's channel, or name the incident with --id N (%s list shows the open ones).", e.cfg.Command)
	}
	return inc, err
}

// listIncidents renders the open incidents.
func (e *Engine) listIncidents(ctx context.Context) (string, error) {
	incs, err := e.store.Incidents(ctx, true)
	if err != nil {
		return "", err
	}
	if len(incs) == 0 {
		return "No open incidents.", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Open incidents (%d):", len(incs))
	for _, inc := range incs {
		ic := inc.Holder(RoleCommander)
		fmt.Fprintf(&b, "\n• INC-%d %s %s: %s (IC %s, %s, declared %s)", inc.ID, inc.Severity, inc.Status,
			e.chat.Quote(inc.Title), e.name(ctx, ic), e.channelRef(inc), inc.Milestones.Declared.Format(timeLayout))
	}
	return b.String(), nil
}

// act is one command being carried out on one incident.
type act struct {
	e    *Engine
	ctx  context.Context
	user string
	// channel is where the command was typed: the incident's channel, or
	// another (a DM, with --id or an action's global id).
	channel string
	inc     *Incident
	now     time.Time
}
