package bot

import (
	"context"
	"fmt"
	"sort"
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

// CheckForm validates a submitted form without carrying it out: field errors
// (a map from field id to message) when it is invalid or not allowed, nil
// when Submit would go ahead. It reads the store but never calls the chat
// platform, so an adapter can call it within the platform's deadline to
// acknowledge the submission (3 s on Slack), then call Submit after.
func (e *Engine) CheckForm(ctx context.Context, s Submission) (map[string]string, error) {
	_, _, errs, err := e.readForm(ctx, s)
	return errs, err
}

// Submit carries out a submitted form. Field errors (a map from field id to
// message) mean nothing was done and the form should show them; err is any
// other failure. A second submission of one Submission.ID is not carried
// out again. With Submission.Acked the engine also answers the submitter
// privately: what was done, what was wrong, or why it failed.
func (e *Engine) Submit(ctx context.Context, s Submission) (map[string]string, error) {
	text, errs, err := e.submit(ctx, s)
	if s.Acked {
		switch {
		case err != nil:
			text = ErrorMessage(err)
		case len(errs) > 0:
			text = fieldErrorText(errs)
		}
		if text != "" && s.ChannelID != "" {
			if perr := e.chat.PostPrivate(ctx, s.ChannelID, s.User, text); perr != nil {
				e.log.Error().Err(perr).Str("user", s.User).Str("form", string(s.Kind)).Msg("answer form submission")
			}
		}
	}
	return errs, err
}

// submit validates and carries out a form, and returns the submitter's
// answer.
func (e *Engine) submit(ctx context.Context, s Submission) (string, map[string]string, error) {
	cmd, inc, errs, err := e.readForm(ctx, s)
	if err != nil || len(errs) > 0 {
		return "", errs, e.logged(err, "read form")
	}
	if !e.submitted.claim(s.ID, e.clock.Now()) {
		e.log.Info().Str("form", string(s.Kind)).Str("id", s.ID).Str("user", s.User).Msg("form submitted again; carried out once")
		return "This form was submitted already, and is carried out once.", nil, nil
	}
	switch c := cmd.(type) {
	case Declare:
		inc, err := e.declare(ctx, s.User, s.ChannelID, "", c)
		if err != nil {
			return "", nil, e.logged(err, "declare from form")
		}
		return fmt.Sprintf("Declared INC-%d (%s) in %s.", inc.ID, inc.Severity, e.channelRef(inc)), nil, nil
	case PostUpdate:
		a := act{e: e, ctx: ctx, user: s.User, inc: inc, now: e.clock.Now()}
		text, _, err := a.postUpdate(c)
		return text, nil, e.logged(err, "update from form")
	}
	return "", nil, Errorf(EInvalid, "Unknown form %q.", s.Kind)
}

// readForm turns a submitted form into the command it stands for, and the
// incident it is about (nil for a declare), or field errors.
func (e *Engine) readForm(ctx context.Context, s Submission) (Command, *Incident, map[string]string, error) {
	val := func(id string) string { return strings.TrimSpace(s.Values[id]) }
	errs := map[string]string{}
	switch s.Kind {
	case FormDeclare:
		d := Declare{Title: val(fieldTitle), Description: val(fieldDescription)}
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
			return nil, nil, errs, nil
		}
		return d, nil, nil, nil
	case FormUpdate:
		u := PostUpdate{Changes: val(fieldChanges), Mitigation: val(fieldMitigation)}
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
			return nil, nil, errs, nil
		}
		inc, err := e.store.Incident(ctx, s.IncidentID)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := e.authorize(ctx, inc, s.User, s.Groups, u); err != nil {
			return nil, nil, map[string]string{fieldStatus: ErrorMessage(err)}, nil
		}
		if !inc.Open() {
			return nil, nil, map[string]string{fieldStatus: fmt.Sprintf("INC-%d is closed. %s reopen reopens it.", inc.ID, e.cfg.Command)}, nil
		}
		return u, inc, nil, nil
	}
	return nil, nil, nil, Errorf(EInvalid, "Unknown form %q.", s.Kind)
}

// fieldErrorText is field errors as one private answer, in field order.
func fieldErrorText(errs map[string]string) string {
	ids := make([]string, 0, len(errs))
	for id := range errs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	b.WriteString("Nothing was saved:")
	for _, id := range ids {
		fmt.Fprintf(&b, "\n• %s: %s", id, errs[id])
	}
	return b.String()
}

// logged logs internal errors and returns err unchanged.
func (e *Engine) logged(err error, what string) error {
	if ErrorCode(err) == EInternal {
		e.log.Error().Err(err).Msg(what)
	}
	return err
}
