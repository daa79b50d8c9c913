package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// statusOptions are the statuses an update may set.
var statusOptions = []string{string(StatusInvestigating), string(StatusIdentified), string(StatusMonitoring), string(StatusResolved)}

// updateForm is the structured-update form.
func updateForm(inc *Incident, channel string) *Form {
	return &Form{
		Kind: FormUpdate, Title: fmt.Sprintf("Update INC-%d", inc.ID), Submit: "Post update",
		IncidentID: inc.ID, ChannelID: channel,
		Fields: []Field{
			{ID: fieldStatus, Label: "Status", Options: statusOptions, Initial: string(inc.Status)},
			{ID: fieldChanges, Label: "Recent changes", Placeholder: "What changed since the last update?", Multiline: true, Optional: true},
			{ID: fieldMitigation, Label: "Mitigation progress", Placeholder: "What is being done to reduce impact?", Multiline: true, Optional: true},
			{ID: fieldNext, Label: "Next update in", Placeholder: "e.g. 30m (empty: the severity's default)", Optional: true},
		},
	}
}

// declareForm is the form for declaring an incident.
func (e *Engine) declareForm(channel string) *Form {
	sevs := make([]string, len(Severities))
	for i, s := range Severities {
		sevs[i] = s.String()
	}
	return &Form{
		Kind: FormDeclare, Title: "Declare an incident", Submit: "Declare", ChannelID: channel,
		Fields: []Field{
			{ID: fieldTitle, Label: "Title", Placeholder: "e.g. Checkout errors on EU"},
			{ID: fieldSeverity, Label: "Severity", Options: sevs, Initial: e.cfg.DefaultSeverity.String()},
			{ID: fieldDescription, Label: "What do we know?", Multiline: true, Optional: true},
		},
	}
}

// Submit carries out a submitted form. Field errors (a map from field id to
// message) mean nothing was done and the form should show them; err is any
// other failure.
func (e *Engine) Submit(ctx context.Context, s Submission) (map[string]string, error) {
	val := func(id string) string { return strings.TrimSpace(s.Values[id]) }
	switch s.Kind {
	case FormDeclare:
		d := Declare{Title: val(fieldTitle), Description: val(fieldDescription)}
		errs := map[string]string{}
		if d.Title == "" {
			errs[fieldTitle] = "A title is needed."
		}
		if v := val(fieldSeverity); v != "" {
			sev, err := ParseSeverity(v)
			if err != nil {
				errs[fieldSeverity] = "Pick P0, P1, P2 or P3."
			}
			d.Severity, d.SeveritySet = sev, true
		}
		if len(errs) > 0 {
			return errs, nil
		}
		_, err := e.declare(ctx, s.User, s.ChannelID, d)
		return nil, e.logged(err, "declare from form")
	case FormUpdate:
		u := PostUpdate{Changes: val(fieldChanges), Mitigation: val(fieldMitigation)}
		errs := map[string]string{}
		if v := val(fieldStatus); v != "" {
			st, err := ParseStatus(v)
			if err != nil {
				errs[fieldStatus] = "Pick investigating, identified, monitoring or resolved."
			}
			u.Status = st
		}
		if v := val(fieldNext); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Minute || d > 24*time.Hour {
				errs[fieldNext] = "A duration between 1m and 24h, like 30m or 1h."
			}
			u.Next = d
		}
		if u.Changes == "" && u.Mitigation == "" && u.Status == "" {
			errs[fieldChanges] = "Say what changed, or how mitigation is going."
		}
		if len(errs) > 0 {
			return errs, nil
		}
		inc, err := e.store.Incident(ctx, s.IncidentID)
		if err != nil {
			return nil, e.logged(err, "update from form")
		}
		if err := e.authorize(ctx, inc, s.User, s.Groups, u); err != nil {
			return map[string]string{fieldStatus: ErrorMessage(err)}, nil
		}
		a := act{e: e, ctx: ctx, user: s.User, inc: inc, now: e.clock.Now()}
		_, _, err = a.postUpdate(u)
		return nil, e.logged(err, "update from form")
	}
	return nil, Errorf(EInvalid, "Unknown form %q.", s.Kind)
}

// logged logs internal errors and returns err unchanged.
func (e *Engine) logged(err error, what string) error {
	if ErrorCode(err) == EInternal {
		e.log.Error().Err(err).Msg(what)
	}
	return err
}
