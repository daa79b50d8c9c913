package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ActionState is where an action item stands. The seeds' rule: an action
// is finished only when verified (or dropped, with the reason kept).
type ActionState string

// Action states.
const (
	ActionOpen     ActionState = "open"
	ActionDone     ActionState = "done"
	ActionVerified ActionState = "verified"
	ActionDropped  ActionState = "dropped"
)

// State returns where the action stands: dropped, verified, done or open.
func (act Action) State() ActionState {
	switch {
	case !act.DroppedAt.IsZero():
		return ActionDropped
	case !act.VerifiedAt.IsZero():
		return ActionVerified
	case act.Done:
		return ActionDone
	}
	return ActionOpen
}

// Finished reports whether the action needs nothing more: verified or
// dropped.
func (act Action) Finished() bool {
	s := act.State()
	return s == ActionVerified || s == ActionDropped
}

// Overdue reports whether the action is open past its due date at now.
func (act Action) Overdue(now time.Time) bool {
	return act.State() == ActionOpen && !act.Due.IsZero() && act.Due.Before(now)
}

// Ref returns the action's name in messages: "#2 (A-17)", its local number
// and its global id.
func (act Action) Ref() string {
	if act.ID == 0 {
		return fmt.Sprintf("#%d", act.N)
	}
	return fmt.Sprintf("#%d (A-%d)", act.N, act.ID)
}

// FollowUp is an action item with what a list across incidents shows of
// its incident.
type FollowUp struct {
	Incident FollowUpIncident `json:"incident"`
	Action   Action           `json:"action"`
}

// FollowUpIncident is what a follow-up list shows of an action's incident.
type FollowUpIncident struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Severity    Severity  `json:"severity"`
	ChannelID   string    `json:"channel_id,omitempty"`
	ChannelName string    `json:"channel_name,omitempty"`
	Closed      time.Time `json:"closed,omitzero"`
}

// NewFollowUp returns the follow-up of action act of inc.
func NewFollowUp(inc *Incident, act Action) FollowUp {
	return FollowUp{Action: act, Incident: FollowUpIncident{
		ID: inc.ID, Title: inc.Title, Severity: inc.Severity,
		ChannelID: inc.ChannelID, ChannelName: inc.ChannelName, Closed: inc.Milestones.Closed,
	}}
}

// FollowUpFilter selects follow-ups.
type FollowUpFilter struct {
	// Owner keeps only the actions of one user; "" keeps everyone's.
	Owner string
	// All includes finished (verified and dropped) actions.
	All bool
}

// SortFollowUps orders follow-ups as lists show them: overdue first (most
// overdue first), then open by due date (none last), then done but not
// verified, then verified and dropped; ties by global id.
func SortFollowUps(fs []FollowUp, now time.Time) {
	// The keys are computed once each, not in every comparison: the lists
	// run to tens of thousands and an Action is a large struct to copy.
	type key struct {
		rank int
		due  time.Time
		id   int64
		i    int
	}
	keys := make([]key, len(fs))
	for i := range fs {
		a := &fs[i].Action
		r := 3
		switch st := a.State(); {
		case a.Overdue(now):
			r = 0
		case st == ActionOpen:
			r = 1
		case st == ActionDone:
			r = 2
		}
		keys[i] = key{rank: r, due: a.Due, id: a.ID, i: i}
	}
	slices.SortStableFunc(keys, func(x, y key) int {
		if c := cmp.Compare(x.rank, y.rank); c != 0 {
			return c
		}
		if c := compareDue(x.due, y.due); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	sorted := make([]FollowUp, len(fs))
	for i, k := range keys {
		sorted[i] = fs[k.i]
	}
	copy(fs, sorted)
}

// compareDue orders due dates, the zero date (no due date) last.
func compareDue(a, b time.Time) int {
	switch {
	case a.Equal(b):
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

// ListFollowUps lists action items across incidents.
type ListFollowUps struct {
	Mine    bool   // --mine: the invoker's
	Owner   string // --owner: one user's
	Overdue bool   // --overdue: only those past due
	All     bool   // --all: verified and dropped ones too
}

// Name implements Command.
func (ListFollowUps) Name() string { return "learn followups" }

// maxFollowUpLines is the most follow-ups one answer lists.
const maxFollowUpLines = 50

// followUps selects the follow-ups a command asks for, sorted.
func (e *Engine) followUps(ctx context.Context, c ListFollowUps, user string, now time.Time) ([]FollowUp, error) {
	f := FollowUpFilter{Owner: c.Owner, All: c.All}
	if c.Mine {
		f.Owner = user
	}
	fs, err := e.store.FollowUps(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	if c.Overdue {
		fs = slices.DeleteFunc(fs, func(f FollowUp) bool { return !f.Action.Overdue(now) })
	}
	SortFollowUps(fs, now)
	return fs, nil
}

// listFollowUps answers /incident followups.
func (e *Engine) listFollowUps(ctx context.Context, req Request, c ListFollowUps) (string, error) {
	now := e.clock.Now()
	fs, err := e.followUps(ctx, c, req.User, now)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case len(fs) == 0 && c.All:
		b.WriteString("No action items.")
	case len(fs) == 0:
		b.WriteString("No follow-ups waiting: every action item is verified or dropped. --all lists them too.")
	default:
		overdue := 0
		for _, f := range fs {
			if f.Action.Overdue(now) {
				overdue++
			}
		}
		fmt.Fprintf(&b, "Follow-ups (%d, %d overdue):", len(fs), overdue)
		for i, f := range fs {
			if i == maxFollowUpLines {
				fmt.Fprintf(&b, "\n… and %d more: narrow with --mine, --owner @user or --overdue.", len(fs)-i)
				break
			}
			b.WriteString("\n• " + e.renderFollowUp(f, now))
		}
		if id := fs[0].Action.ID; id != 0 {
			fmt.Fprintf(&b, "\nMove one on from any channel by its global id: %s action done A-%d [--link URL], action verify A-%d <link>, action drop A-%d <reason>.",
				e.cfg.Command, id, id, id)
		}
	}
	return b.String(), nil
}

// renderFollowUp is one line of a follow-up list.
func (e *Engine) renderFollowUp(f FollowUp, now time.Time) string {
	a := f.Action
	state := string(a.State())
	if a.Overdue(now) {
		state = "overdue"
	}
	s := fmt.Sprintf("[%s] A-%d INC-%d #%d %s (%s", state, a.ID, f.Incident.ID, a.N, e.chat.Quote(a.Text), a.Priority)
	if a.Owner != "" {
		s += ", owner " + e.chat.Mention(a.Owner)
	} else {
		s += ", no owner"
	}
	if !a.Due.IsZero() {
		s += ", due " + a.Due.Format("2006-01-02")
	}
	if a.Link != "" {
		s += ", ticket " + a.Link
	}
	return s + ")"
}
