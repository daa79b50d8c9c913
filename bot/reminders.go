package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// interval is how often updates are due at a severity; 0 means never.
func (e *Engine) interval(s Severity) time.Duration {
	if !s.Valid() {
		return 0
	}
	return e.cfg.Reminders[s]
}

// nextDue is when the next update is due if one was posted at now.
func (e *Engine) nextDue(s Severity, now time.Time) time.Time {
	d := e.interval(s)
	if d <= 0 {
		return time.Time{}
	}
	return now.Add(d)
}

// errNotDue stops a reminder claim that another sweep (or replica) won.
var errNotDue = errors.New("reminder not due")

// Sweep posts a prompt in every open incident whose update is due. The due
// time lives in the store and is claimed in a transaction before the prompt
// is posted, so a prompt is never sent twice for one due time, whatever
// restarts or concurrent sweeps happen; a crash between the claim and the
// post loses that one prompt rather than doubling it. It also archives the
// channels of closed incidents that are due (archive.go), claimed the same
// way.
func (e *Engine) Sweep(ctx context.Context) error {
	now := e.clock.Now()
	incs, err := e.store.Incidents(ctx, true)
	if err != nil {
		return fmt.Errorf("sweep reminders: %w", err)
	}
	var errs []error
	for _, inc := range incs {
		if !due(inc, now) {
			continue
		}
		var missed int
		claimed, err := e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error {
			if !due(inc, now) {
				return errNotDue
			}
			inc.Reminder.LastPrompt = inc.Reminder.Due
			inc.Reminder.Missed++
			missed = inc.Reminder.Missed
			inc.Reminder.Due = e.nextDue(inc.Severity, now)
			return nil
		})
		if errors.Is(err, errNotDue) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("claim reminder of INC-%d: %w", inc.ID, err))
			continue
		}
		if err := e.prompt(ctx, claimed, missed, now); err != nil {
			errs = append(errs, err)
		}
	}
	if err := e.sweepArchives(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// due reports whether an incident's update prompt is due at now. An
// incident without a channel has nowhere to be prompted and never is.
func due(inc *Incident, now time.Time) bool {
	r := inc.Reminder
	return inc.Open() && inc.ChannelID != "" && inc.Status != StatusResolved && !r.Due.IsZero() && !now.Before(r.Due) && !r.LastPrompt.Equal(r.Due)
}

// prompt posts the update prompt, or the escalation once prompts have been
// missed EscalateAfter times, and records it.
func (e *Engine) prompt(ctx context.Context, inc *Incident, missed int, now time.Time) error {
	who := e.responsible(inc)
	last := inc.Milestones.Declared
	if n := len(inc.Updates); n > 0 {
		last = inc.Updates[n-1].At
	}
	kind := EntryReminder
	var b strings.Builder
	if missed > e.cfg.EscalateAfter {
		kind = EntryEscalation
		fmt.Fprintf(&b, "🚨🚨 ESCALATION: no update on this %s incident for %s (%d prompts missed). %s, post an update now: stakeholders are waiting.",
			inc.Severity, shortDuration(now.Sub(last)), missed-1, who)
	} else {
		fmt.Fprintf(&b, "⏰ %s, an update on INC-%d (%s) is due. Last one: %s ago.", who, inc.ID, inc.Severity, shortDuration(now.Sub(last)))
	}
	b.WriteString("\nPlease cover: status, recent changes, mitigation progress, next update time.\n`" + e.cfg.Command + " update --status <status> --next 30m <what changed, how mitigation is going>`")
	b.WriteString("\n" + e.lastComms(inc, now))
	text := b.String()
	err := e.note(ctx, &Entry{IncidentID: inc.ID, At: now, Kind: kind, Bot: true,
		Key:  fmt.Sprintf("r:%d", inc.Reminder.LastPrompt.UnixNano()),
		Text: fmt.Sprintf("Update prompt sent (%d missed)", missed-1)})
	if err != nil {
		return err
	}
	if _, err := e.chat.Post(ctx, inc.ChannelID, Message{Text: text, Buttons: []Button{{Label: "Post update", Command: "update", Style: "primary"}}}); err != nil {
		return fmt.Errorf("post reminder in INC-%d: %w", inc.ID, err)
	}
	e.obs.ReminderSent(kind == EntryEscalation)
	e.log.Info().Int64("incident", inc.ID).Int("missed", missed-1).Bool("escalated", kind == EntryEscalation).Msg("update reminder sent")
	return nil
}

// responsible mentions the Incident Commander and the Comms Lead.
func (e *Engine) responsible(inc *Incident) string {
	var who []string
	for _, r := range []Role{RoleCommander, RoleComms} {
		if u := inc.Holder(r); u != "" && !contains(who, e.chat.Mention(u)) {
			who = append(who, e.chat.Mention(u))
		}
	}
	if len(who) == 0 {
		return "Incident Commander"
	}
	return strings.Join(who, " and ")
}

// Run sweeps for due reminders, and for a due follow-up run, every
// interval until ctx is done. robfig/cron runs the schedule; what is due
// comes from the store at each tick. cron rounds intervals under a second
// up to one second.
func (e *Engine) Run(ctx context.Context, every time.Duration) error {
	c := cron.New(cron.WithLocation(time.UTC), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc(fmt.Sprintf("@every %s", every), func() {
		if err := e.Sweep(ctx); err != nil {
			e.log.Error().Err(err).Msg("reminder sweep")
		}
		if err := e.NudgeFollowUps(ctx); err != nil {
			e.log.Error().Err(err).Msg("follow-up nudges")
		}
	}); err != nil {
		return fmt.Errorf("schedule reminder sweep every %s: %w", every, err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// lastComms tells the Comms Lead when the last external update went out,
// and to whom, or that none has.
func (e *Engine) lastComms(inc *Incident, now time.Time) string {
	if len(inc.Comms) == 0 {
		return "No external update recorded yet: after telling customers or the status page, `" + e.spell("comms") + " <audience> <text>`."
	}
	c := inc.Comms[len(inc.Comms)-1]
	return fmt.Sprintf("Last external update: %s ago, to %s.", shortDuration(now.Sub(c.At)), e.chat.Quote(c.Audience))
}
