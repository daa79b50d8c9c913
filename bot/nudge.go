package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// FollowUpConfig says when action owners are nudged and where notes go
// that cannot be sent to them directly.
type FollowUpConfig struct {
	// Schedule is when owners are nudged (WARROOM_FOLLOWUP_SCHEDULE); nil
	// means never. Its time zone is the schedule's own (CRON_TZ=...).
	Schedule cron.Schedule
	// Channel, if set, takes the nudges a direct message cannot deliver
	// and the weekly digest (WARROOM_FOLLOWUP_CHANNEL); without it a
	// nudge that cannot be delivered goes to the incident channel.
	Channel string
}

// Nudge thresholds, from the issue: owners hear of an action due within
// two days or overdue, and of one done but not verified for a week; the
// digest names P0/P1 actions still not finished two weeks after close.
const (
	nudgeDueWithin   = 48 * time.Hour
	nudgeUnverified  = 7 * 24 * time.Hour
	digestAfterClose = 14 * 24 * time.Hour
)

// Scheduled jobs, as the store names their runs.
const (
	jobNudges = "followup-nudges"
	jobDigest = "followup-digest"
)

// ScheduleRun is a scheduled job's latest run, as the store keeps it.
type ScheduleRun struct {
	// At is the scheduled time of the run; zero means it never ran.
	At time.Time `json:"at,omitzero"`
	// Finished reports whether every part of the run was carried out.
	Finished bool `json:"finished,omitempty"`
}

// Nudge is one owner's reminder of their follow-ups in one scheduled run.
type Nudge struct {
	Run     time.Time `json:"run"`
	Owner   string    `json:"owner"`
	At      time.Time `json:"at"`
	Actions []int64   `json:"actions"`
}

// DirectMessenger is implemented by adapters that can message a user
// directly (Slack: conversations.open and chat.postMessage; Discord: a DM
// channel). Without it, nudges go to a channel.
type DirectMessenger interface {
	// DirectMessage posts m to user privately and returns its id.
	DirectMessage(ctx context.Context, user string, m Message) (string, error)
}

// nudgeReason says why a follow-up is in a nudge at now, or "" if it is
// not.
func nudgeReason(a Action, now time.Time) string {
	switch a.State() {
	case ActionOpen:
		switch {
		case a.Due.IsZero():
		case a.Due.Before(now):
			return "overdue since " + a.Due.Format("2006-01-02")
		case a.Due.Sub(now) <= nudgeDueWithin:
			return "due " + a.Due.Format("2006-01-02")
		}
	case ActionDone:
		if now.Sub(a.DoneAt) > nudgeUnverified {
			return fmt.Sprintf("done %s, not verified yet", a.DoneAt.Format("2006-01-02"))
		}
	}
	return ""
}

// NudgeFollowUps carries out the follow-up schedule's run due at the
// clock's now, if one is: every owner of an action that is overdue, due
// within two days, or done and not verified for a week gets one message
// listing them, and on the first run of a week the digest is posted. The
// run is claimed in the store before anything is sent, and each owner's
// nudge too, so that a restart, or a second replica, neither skips a run
// nor sends one twice; a run a restart interrupted is finished by the next
// call. Runs missed while the bot was down collapse into one. The first
// call on a new store only records its time.
func (e *Engine) NudgeFollowUps(ctx context.Context) error {
	sched := e.cfg.FollowUps.Schedule
	if sched == nil {
		return nil
	}
	now := e.clock.Now()
	last, err := e.store.LastRun(ctx, jobNudges)
	if err != nil {
		return fmt.Errorf("follow-up nudges: %w", err)
	}
	run := last.At
	switch {
	case last.At.IsZero():
		// A new store: count from now.
		if _, err := e.store.ClaimRun(ctx, jobNudges, now); err != nil {
			return fmt.Errorf("follow-up nudges: %w", err)
		}
		return e.store.FinishRun(ctx, jobNudges, now)
	case last.Finished:
		run = latestRun(sched, last.At, now)
		if run.IsZero() {
			return nil
		}
		claimed, err := e.store.ClaimRun(ctx, jobNudges, run)
		if err != nil {
			return fmt.Errorf("follow-up nudges: claim the run at %s: %w", run.Format(time.RFC3339), err)
		}
		if !claimed {
			return nil // another replica has it
		}
	}
	errs := []error{e.nudge(ctx, run, now), e.digest(ctx, run, now)}
	if err := errors.Join(errs...); err != nil {
		return err // unfinished: the next call tries again what is unclaimed
	}
	return e.store.FinishRun(ctx, jobNudges, run)
}

// latestRun returns the latest time of sched after last and not after now,
// or zero if there is none.
func latestRun(sched cron.Schedule, last, now time.Time) time.Time {
	var run time.Time
	for t := sched.Next(last); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		run = t
	}
	return run
}

// nudge sends the run's nudges.
func (e *Engine) nudge(ctx context.Context, run, now time.Time) error {
	fs, err := e.store.FollowUps(ctx, FollowUpFilter{})
	if err != nil {
		return fmt.Errorf("follow-up nudges: %w", err)
	}
	SortFollowUps(fs, now)
	byOwner := map[string][]FollowUp{}
	var owners []string
	for _, f := range fs {
		if f.Action.Owner == "" || nudgeReason(f.Action, now) == "" {
			continue
		}
		if _, ok := byOwner[f.Action.Owner]; !ok {
			owners = append(owners, f.Action.Owner)
		}
		byOwner[f.Action.Owner] = append(byOwner[f.Action.Owner], f)
	}
	slices.Sort(owners)
	var errs []error
	for _, owner := range owners {
		items := byOwner[owner]
		n := Nudge{Run: run, Owner: owner, At: now}
		for _, f := range items {
			n.Actions = append(n.Actions, f.Action.ID)
		}
		claimed, err := e.store.ClaimNudge(ctx, n)
		if err != nil {
			errs = append(errs, fmt.Errorf("claim the nudge of %s: %w", owner, err))
			continue
		}
		if !claimed {
			continue
		}
		if err := e.deliverNudge(ctx, owner, items, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// deliverNudge messages owner directly, or, when that fails, posts the
// note in the follow-up channel or in each incident's channel.
func (e *Engine) deliverNudge(ctx context.Context, owner string, items []FollowUp, now time.Time) error {
	if dm, ok := e.chat.(DirectMessenger); ok {
		_, err := dm.DirectMessage(ctx, owner, e.nudgeMessage("Your follow-ups", items, now))
		if err == nil {
			e.log.Info().Str("owner", owner).Int("actions", len(items)).Msg("follow-up nudge sent")
			return nil
		}
		e.log.Warn().Err(err).Str("owner", owner).Msg("follow-up nudge: direct message failed; posting in a channel")
	}
	head := "Follow-ups for " + e.chat.Mention(owner)
	if ch := e.cfg.FollowUps.Channel; ch != "" {
		if _, err := e.chat.Post(ctx, ch, e.nudgeMessage(head, items, now)); err != nil {
			return fmt.Errorf("post the nudge of %s in %s: %w", owner, ch, err)
		}
		return nil
	}
	var errs []error
	for _, group := range byIncident(items) {
		ch := group[0].Incident.ChannelID
		if ch == "" {
			continue
		}
		if _, err := e.chat.Post(ctx, ch, e.nudgeMessage(head, group, now)); err != nil {
			errs = append(errs, fmt.Errorf("post the nudge of %s in INC-%d: %w", owner, group[0].Incident.ID, err))
		}
	}
	return errors.Join(errs...)
}

// byIncident groups follow-ups by incident, in the order they come.
func byIncident(fs []FollowUp) [][]FollowUp {
	var groups [][]FollowUp
	at := map[int64]int{}
	for _, f := range fs {
		i, ok := at[f.Incident.ID]
		if !ok {
			i = len(groups)
			at[f.Incident.ID] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], f)
	}
	return groups
}

// maxNudgeButtons is how many "Done" buttons a nudge carries.
const maxNudgeButtons = 5

// nudgeMessage lists follow-ups with why each is listed and the command
// that moves it on; open ones get a Done button.
func (e *Engine) nudgeMessage(head string, items []FollowUp, now time.Time) Message {
	var b strings.Builder
	fmt.Fprintf(&b, "⏰ %s (%d):", head, len(items))
	var buttons []Button
	for _, f := range items {
		a := f.Action
		fmt.Fprintf(&b, "\n• A-%d INC-%d #%d %s (%s, %s)", a.ID, f.Incident.ID, a.N, e.chat.Quote(a.Text), a.Priority, nudgeReason(a, now))
		switch a.State() {
		case ActionOpen:
			fmt.Fprintf(&b, "\n  merged? %s action done A-%d --link URL", e.cfg.Command, a.ID)
			if len(buttons) < maxNudgeButtons {
				buttons = append(buttons, Button{Label: fmt.Sprintf("Done A-%d", a.ID), Command: fmt.Sprintf("action done A-%d", a.ID)})
			}
		case ActionDone:
			fmt.Fprintf(&b, "\n  deployed? %s action verify A-%d <link to the deploy>", e.cfg.Command, a.ID)
		}
		fmt.Fprintf(&b, "\n  not doing it? %s action drop A-%d <reason>", e.cfg.Command, a.ID)
	}
	return Message{Text: b.String(), Buttons: buttons}
}

// digest posts, once a week (the week of run, in the schedule's time zone),
// the actions of P0 and P1 incidents closed more than two weeks before now
// that are still not verified or dropped, in the follow-up channel.
func (e *Engine) digest(ctx context.Context, run, now time.Time) error {
	ch := e.cfg.FollowUps.Channel
	if ch == "" {
		return nil
	}
	week := weekStart(run)
	last, err := e.store.LastRun(ctx, jobDigest)
	if err != nil {
		return fmt.Errorf("follow-up digest: %w", err)
	}
	if !last.At.Before(week) {
		return nil // claimed already: posted, or lost to a crash, never twice
	}
	claimed, err := e.store.ClaimRun(ctx, jobDigest, week)
	if err != nil || !claimed {
		return err
	}
	fs, err := e.store.FollowUps(ctx, FollowUpFilter{})
	if err != nil {
		return fmt.Errorf("follow-up digest: %w", err)
	}
	fs = slices.DeleteFunc(fs, func(f FollowUp) bool {
		return f.Incident.Severity > P1 || f.Incident.Closed.IsZero() || now.Sub(f.Incident.Closed) < digestAfterClose
	})
	if len(fs) > 0 {
		SortFollowUps(fs, now)
		var b strings.Builder
		fmt.Fprintf(&b, "📋 Weekly follow-up digest: %d action items of P0/P1 incidents closed over two weeks ago are not verified yet.", len(fs))
		for i, f := range fs {
			if i == maxFollowUpLines {
				fmt.Fprintf(&b, "\n… and %d more: %s lists them all.", len(fs)-i, e.spell("followups"))
				break
			}
			fmt.Fprintf(&b, "\n• %s, INC-%d %s closed %s", e.renderFollowUp(f, now), f.Incident.ID, f.Incident.Severity, f.Incident.Closed.Format("2006-01-02"))
		}
		if _, err := e.chat.Post(ctx, ch, Message{Text: b.String()}); err != nil {
			return fmt.Errorf("post the follow-up digest in %s: %w", ch, err)
		}
	}
	return e.store.FinishRun(ctx, jobDigest, week)
}

// weekStart returns the Monday 00:00 of t's week, in t's location.
func weekStart(t time.Time) time.Time {
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, t.Location())
}
