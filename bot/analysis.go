package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

func (a *act) markEvent(c MarkEvent) (string, *Form, error) {
	if err := checkPast("at", c.At, a.now); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryEvent, c.At, true, "%s", c.Text); err != nil {
		return "", nil, err
	}
	a.say("📌 Key event recorded by %s: %s", a.who(), a.quote(c.Text))
	return "Key event recorded.", nil, nil
}

func (a *act) setSummary(c SetSummary) (string, *Form, error) {
	if err := a.update(func(inc *Incident) error { inc.Summary = c.Text; return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Summary: %s", c.Text); err != nil {
		return "", nil, err
	}
	a.say("Summary recorded by %s: %s", a.who(), a.quote(c.Text))
	return "Summary recorded.", nil, nil
}

func (a *act) addWhy(c AddWhy) (string, *Form, error) {
	var n int
	if err := a.update(func(inc *Incident) error {
		if c.Chain == "" {
			inc.Whys = append(inc.Whys, c.Text)
			n = len(inc.Whys)
			return nil
		}
		for i := range inc.Chains {
			if strings.EqualFold(inc.Chains[i].Name, c.Chain) {
				inc.Chains[i].Whys = append(inc.Chains[i].Whys, c.Text)
				n = len(inc.Chains[i].Whys)
				return nil
			}
		}
		inc.Chains = append(inc.Chains, WhyChain{Name: c.Chain, Whys: []string{c.Text}})
		n = 1
		return nil
	}); err != nil {
		return "", nil, err
	}
	label := fmt.Sprintf("Why #%d", n)
	ask := a.e.cfg.Command + " why <answer>"
	if c.Chain != "" {
		label = fmt.Sprintf("Why #%d (%s)", n, c.Chain)
		ask = a.e.cfg.Command + " why --chain " + c.Chain + " <answer>"
	}
	if err := a.note(EntryNote, time.Time{}, false, "%s: %s", label, c.Text); err != nil {
		return "", nil, err
	}
	next := "Ask why again: " + ask + "."
	if n >= 5 {
		next = "Five whys recorded; add more if the root cause is still not reached."
	}
	a.say("🔎 %s (%s): %s\n%s", label, a.who(), a.quote(c.Text), next)
	return label + " recorded.", nil, nil
}

func (a *act) addService(c AddService) (string, *Form, error) {
	if err := a.update(func(inc *Incident) error {
		for _, s := range inc.Services {
			if strings.EqualFold(s, c.Service) {
				return Errorf(EInvalid, "%s is already an affected service.", c.Service)
			}
		}
		inc.Services = append(inc.Services, c.Service)
		return nil
	}); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Affected service: %s", c.Service); err != nil {
		return "", nil, err
	}
	return "Affected service recorded: " + a.quote(c.Service) + ".", nil, nil
}

func (a *act) addLesson(c AddLesson) (string, *Form, error) {
	l := Lesson{Kind: c.Kind, Text: c.Text, By: a.user, At: a.now}
	if err := a.update(func(inc *Incident) error { inc.Lessons = append(inc.Lessons, l); return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Lesson (%s): %s", c.Kind, c.Text); err != nil {
		return "", nil, err
	}
	return "Lesson recorded under " + c.Kind.Title() + ".", nil, nil
}

func (a *act) logComms(c LogComms) (string, *Form, error) {
	at := c.At
	if at.IsZero() {
		at = a.now
	}
	if err := checkPast("at", at, a.now); err != nil {
		return "", nil, err
	}
	cm := Comm{Audience: c.Audience, Text: c.Text, By: a.user, At: at.UTC()}
	if err := a.update(func(inc *Incident) error { inc.Comms = append(inc.Comms, cm); return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, at, false, "Communication (%s): %s", c.Audience, c.Text); err != nil {
		return "", nil, err
	}
	a.say("📣 Communication to %s recorded by %s: %s", a.quote(c.Audience), a.who(), a.quote(c.Text))
	return "Communication recorded.", nil, nil
}

func (a *act) addCause(c AddCause) (string, *Form, error) {
	cause := Cause{Category: c.Category, Text: c.Text, By: a.user, At: a.now}
	if err := a.update(func(inc *Incident) error { inc.Causes = append(inc.Causes, cause); return nil }); err != nil {
		return "", nil, err
	}
	if err := a.note(EntryNote, time.Time{}, false, "Contributing factor (%s): %s", c.Category, c.Text); err != nil {
		return "", nil, err
	}
	a.say("Contributing factor, %s (%s): %s", strings.ToLower(c.Category.Title()), a.who(), a.quote(c.Text))
	return "Contributing factor recorded.", nil, nil
}

func (a *act) addAction(c AddAction) (string, *Form, error) {
	if c.DuePast != nil {
		began := a.inc.Milestones.Declared
		if s := a.inc.Milestones.Started; !s.IsZero() && (began.IsZero() || s.Before(began)) {
			began = s
		}
		if began.IsZero() || !began.Before(c.Due) {
			return "", nil, c.DuePast
		}
	}
	act := Action{Text: c.Text, Owner: c.Owner, Priority: P2, Type: c.Type, Due: c.Due, Link: c.Link, By: a.user, At: a.now}
	if c.PrioSet {
		act.Priority = c.Priority
	}
	act.PriorityDefaulted = !c.PrioSet
	if act.Type == "" {
		act.Type = ActionPrevent
	}
	act.TypeDefaulted = !c.TypeSet
	if act.Owner != "" {
		if err := a.e.checkUser(a.ctx, act.Owner); err != nil {
			return "", nil, err
		}
	}
	err := a.update(func(inc *Incident) error {
		act.N = len(inc.Actions) + 1
		inc.Actions = append(inc.Actions, act)
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	act = a.inc.Actions[act.N-1] // with the global id the store gave it
	if err := a.note(EntryNote, time.Time{}, false, "Action %s added: %s", act.Ref(), a.e.describeAction(a.ctx, act)); err != nil {
		return "", nil, err
	}
	a.say("🛠️ Action %s: %s", act.Ref(), a.e.renderAction(act))
	return fmt.Sprintf("Action %s added.", act.Ref()), nil, nil
}

func (a *act) listActions() (string, *Form, error) {
	if len(a.inc.Actions) == 0 {
		return fmt.Sprintf("INC-%d has no action items yet: %s action add <text> [@owner] [--due DATE] [--prio P1] [--type prevent].", a.inc.ID, a.e.cfg.Command), nil, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Action items of INC-%d:", a.inc.ID)
	for _, act := range a.inc.Actions {
		fmt.Fprintf(&b, "\n%d. [%s] %s", act.N, act.State(), a.e.renderAction(act))
	}
	return b.String(), nil, nil
}

// renderAction is an action item for chat.
func (e *Engine) renderAction(act Action) string { return act.format(e.chat.Quote, e.chat.Mention) }

// describeAction is an action item for the timeline, its owner by name.
func (e *Engine) describeAction(ctx context.Context, act Action) string {
	return act.format(func(s string) string { return s }, func(u string) string { return e.name(ctx, u) })
}

// format renders an action item with its details, quoting its text and
// showing its owner with the given functions.
func (act Action) format(quote, person func(string) string) string {
	s := fmt.Sprintf("%s (%s, %s", quote(act.Text), act.Priority, act.Type)
	if act.Owner != "" {
		s += ", owner " + person(act.Owner)
	}
	if !act.Due.IsZero() {
		s += ", due " + act.Due.Format("2006-01-02")
	}
	if act.Link != "" {
		s += ", ticket " + act.Link
	}
	return s + ")"
}
