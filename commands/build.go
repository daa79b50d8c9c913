package commands

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// MaxTitle is the longest incident title accepted, in characters.
const MaxTitle = 200

// maxNext is the furthest --next may put the next update.
const maxNext = 24 * time.Hour

// build makes the command of the call.
func (c *call) build() (bot.Command, error) {
	switch c.spec.Name {
	case "declare":
		return c.declare()
	case "role":
		return c.role()
	case "sev":
		v, err := c.one("severity: use " + orList(Severities))
		if err != nil {
			return nil, err
		}
		s, err := c.severity(v, "severity")
		if err != nil {
			return nil, err
		}
		at, err := c.timeFlag("at")
		return bot.SetSeverity{Severity: s, At: at}, err
	case "status":
		v, err := c.one("status: use " + orList(Statuses))
		if err != nil {
			return nil, err
		}
		s, err := c.status(v)
		if err != nil {
			return nil, err
		}
		at, err := c.timeFlag("at")
		return bot.SetStatus{Status: s, At: at}, err
	case "title":
		title := strings.Join(strings.Fields(c.rest()), " ")
		if title == "" {
			return nil, c.fail("Missing the title: what is wrong, in a few words?")
		}
		if n := utf8.RuneCountInString(title); n > MaxTitle {
			return nil, c.fail("The title is %d characters long; keep it under %d.", n, MaxTitle)
		}
		return bot.SetTitle{Title: title}, nil
	case "started":
		at, err := c.timeArg("when the impact began")
		return bot.SetStarted{At: at}, err
	case "detected":
		at, err := c.timeArg("when it was noticed")
		if err != nil {
			return nil, err
		}
		via, err := c.via()
		return bot.SetDetected{At: at, Via: via}, err
	case "ack":
		at, err := c.timeOnly()
		return bot.Acknowledge{At: at}, err
	case "mitigated":
		at, err := c.timeOnly()
		return bot.Mitigate{At: at}, err
	case "resolve":
		at, err := c.timeFlag("at")
		return bot.Resolve{Summary: c.rest(), At: at}, err
	case "close":
		return bot.Close{}, c.none()
	case "reopen":
		return bot.Reopen{}, c.none()
	case "update":
		return c.update()
	case "event":
		text, err := c.required("event text: what happened?")
		if err != nil {
			return nil, err
		}
		at, err := c.timeFlag("at")
		return bot.MarkEvent{Text: text, At: at}, err
	case "impact":
		return c.impact()
	case "summary":
		text, err := c.required("summary text")
		return bot.SetSummary{Text: text}, err
	case "why":
		text, err := c.required("answer: why did it happen?")
		if err != nil {
			return nil, err
		}
		chain := strings.TrimSpace(c.flags["chain"])
		if _, ok := c.flags["chain"]; ok && chain == "" {
			return nil, c.fail("--chain needs a name, e.g. not-caught.")
		}
		return bot.AddWhy{Chain: chain, Text: text}, nil
	case "service":
		name, err := c.required("service: which service was affected?")
		return bot.AddService{Service: name}, err
	case "lesson":
		return c.lesson()
	case "comms":
		return c.comms()
	case "cause":
		return c.cause()
	case "action add":
		return c.addAction()
	case "action done":
		n, id, err := c.actionRef()
		if err != nil {
			return nil, err
		}
		if err := c.noMore(1); err != nil {
			return nil, err
		}
		link, err := c.link(c.flags["link"], "--link")
		return bot.CompleteAction{N: n, ID: id, Link: link}, err
	case "action verify":
		n, id, err := c.actionRef()
		if err != nil {
			return nil, err
		}
		if len(c.args) < 2 {
			return nil, c.fail("Missing the link to the deployment or evidence that proves the fix.")
		}
		if err := c.noMore(2); err != nil {
			return nil, err
		}
		link, err := c.link(c.args[1].text, "The evidence")
		return bot.VerifyAction{N: n, ID: id, Evidence: link}, err
	case "action reopen":
		n, id, err := c.actionRef()
		if err != nil {
			return nil, err
		}
		return bot.ReopenAction{N: n, ID: id}, c.noMore(1)
	case "action drop":
		n, id, err := c.actionRef()
		if err != nil {
			return nil, err
		}
		reason := c.text(c.args[1:])
		if reason == "" {
			return nil, c.fail("Missing the reason: why is it dropped?")
		}
		return bot.DropAction{N: n, ID: id, Reason: reason}, nil
	case "learn followups":
		return c.followUps()
	case "learn similar":
		return bot.FindSimilar{Text: c.rest()}, nil
	case "learn stats":
		return c.stats()
	case "action list":
		return bot.ListActions{}, c.none()
	case "postmortem":
		return bot.DraftPostmortem{}, c.none()
	case "timeline":
		if err := c.none(); err != nil {
			return nil, err
		}
		v, ok := c.flags["last"]
		if !ok {
			return bot.ShowTimeline{}, nil
		}
		n, ok := count(v)
		if !ok {
			return nil, c.fail("Bad count %s for --last: use a whole number like 20.", quote(v))
		}
		return bot.ShowTimeline{Last: n}, nil
	case "list":
		return bot.ListIncidents{}, c.none()
	}
	// Every Spec has a case above; a test walks them all.
	return nil, c.fail("Unknown subcommand %s.", quote(c.spec.Name))
}

// one returns the single positional argument, failing if there is none
// (saying "Missing the " + what) or more than one.
func (c *call) one(what string) (string, error) {
	switch len(c.args) {
	case 0:
		return "", c.fail("Missing the %s.", what)
	case 1:
		return c.args[0].text, nil
	}
	return "", c.fail("Unexpected %s after %s.", quote(c.text(c.args[1:])), quote(c.args[0].text))
}

// timeOnly returns --at for a subcommand that takes no text.
func (c *call) timeOnly() (time.Time, error) {
	if err := c.none(); err != nil {
		return time.Time{}, err
	}
	return c.timeFlag("at")
}

func (c *call) declare() (bot.Command, error) {
	d := bot.Declare{Title: strings.Join(strings.Fields(c.rest()), " ")}
	if n := utf8.RuneCountInString(d.Title); n > MaxTitle {
		return nil, c.fail("The title is %d characters long; keep it under %d and put the rest in --desc.", n, MaxTitle)
	}
	if v, ok := c.flags["sev"]; ok {
		s, err := c.severity(v, "severity")
		if err != nil {
			return nil, err
		}
		d.Severity, d.SeveritySet = s, true
	}
	var err error
	if d.Started, err = c.timeFlag("started"); err != nil {
		return nil, err
	}
	if d.Detected, err = c.timeFlag("detected"); err != nil {
		return nil, err
	}
	if !d.Started.IsZero() && !d.Detected.IsZero() && d.Detected.Before(d.Started) {
		return nil, c.fail("--detected %s is before --started %s.",
			d.Detected.Format("2006-01-02 15:04"), d.Started.Format("2006-01-02 15:04"))
	}
	d.Description = strings.TrimSpace(c.flags["desc"])
	if d.Via, err = c.via(); err != nil {
		return nil, err
	}
	return d, nil
}

// via returns the source of --via, or "" if it is not given.
func (c *call) via() (bot.DetectionSource, error) {
	v, ok := c.flags["via"]
	if !ok {
		return "", nil
	}
	via, err := bot.ParseDetectionSource(v)
	if err != nil {
		return "", c.fail("Unknown --via %s: use %s.", quote(v), orList(DetectionSources))
	}
	return via, nil
}

func (c *call) role() (bot.Command, error) {
	roles := "use " + orList(Roles)
	switch len(c.args) {
	case 0:
		return nil, c.fail("Missing the role and the user.")
	case 1:
		v := c.args[0].text
		if _, ok := ParseMention(v); ok {
			return nil, c.fail("Missing the role: %s.", roles)
		}
		if _, err := bot.ParseRole(v); err != nil {
			return nil, c.fail("Unknown role %s: %s.", quote(v), roles)
		}
		return nil, c.fail("Missing the user: expected a user mention like @alice.")
	case 2:
	default:
		return nil, c.fail("Unexpected %s: give one role and one user.", quote(c.text(c.args[2:])))
	}
	rv, uv := c.args[0].text, c.args[1].text
	if _, err := bot.ParseRole(rv); err != nil {
		if _, err2 := bot.ParseRole(uv); err2 == nil {
			if _, ok := ParseMention(rv); ok {
				rv, uv = uv, rv // "role @alice ic"
			}
		}
	}
	r, err := bot.ParseRole(rv)
	if err != nil {
		return nil, c.fail("Unknown role %s: %s.", quote(rv), roles)
	}
	user, err := c.mention(uv)
	if err != nil {
		return nil, err
	}
	return bot.AssignRole{Role: r, User: user}, nil
}

func (c *call) update() (bot.Command, error) {
	u := bot.PostUpdate{
		Text:       c.rest(),
		Changes:    strings.TrimSpace(c.flags["changes"]),
		Mitigation: strings.TrimSpace(c.flags["mitigation"]),
	}
	if v, ok := c.flags["status"]; ok {
		s, err := c.status(v)
		if err != nil {
			return nil, err
		}
		u.Status = s
	}
	if v, ok := c.flags["next"]; ok {
		d, err := parseDuration(v)
		switch {
		case errors.Is(err, errTooFar) || err == nil && d > maxNext:
			return nil, c.fail("--next %s is too far: at most 24h.", quote(v))
		case err != nil:
			return nil, c.fail("Bad duration %s for --next: use a duration like 30m, 1h or 1d.", quote(v))
		case d <= 0:
			return nil, c.fail("--next %s must be after now: use a duration like 30m.", quote(v))
		}
		u.Next = d
	}
	at, err := c.timeFlag("at")
	if err != nil {
		return nil, err
	}
	u.At = at
	return u, nil
}

func (c *call) cause() (bot.Command, error) {
	cats := "use " + orList(CauseCategories)
	if len(c.args) == 0 {
		return nil, c.fail("Missing the category and the text: %s.", cats)
	}
	cat, err := bot.ParseCauseCategory(c.args[0].text)
	if err != nil {
		return nil, c.fail("Unknown category %s: %s.", quote(c.args[0].text), cats)
	}
	text := c.text(c.args[1:])
	if text == "" {
		return nil, c.fail("Missing the text: what contributed?")
	}
	return bot.AddCause{Category: cat, Text: text}, nil
}

func (c *call) lesson() (bot.Command, error) {
	kinds := "use " + orList(LessonKinds)
	if len(c.args) == 0 {
		return nil, c.fail("Missing the kind and the text: %s.", kinds)
	}
	kind, err := bot.ParseLessonKind(c.args[0].text)
	if err != nil {
		return nil, c.fail("Unknown lesson %s: %s.", quote(c.args[0].text), kinds)
	}
	text := c.text(c.args[1:])
	if text == "" {
		return nil, c.fail("Missing the lesson: what %s?", map[bot.LessonKind]string{
			bot.LessonWell: "went well", bot.LessonWrong: "went wrong", bot.LessonLucky: "was lucky"}[kind])
	}
	return bot.AddLesson{Kind: kind, Text: text}, nil
}

func (c *call) comms() (bot.Command, error) {
	if len(c.args) == 0 {
		return nil, c.fail("Missing where it went and what was said, e.g. status-page Checkout is degraded.")
	}
	text := c.text(c.args[1:])
	if text == "" {
		return nil, c.fail("Missing what was said to %s.", quote(c.args[0].text))
	}
	at, err := c.timeFlag("at")
	return bot.LogComms{Audience: c.args[0].text, Text: text, At: at}, err
}

func (c *call) addAction() (bot.Command, error) {
	a := bot.AddAction{Priority: bot.P2, Type: bot.ActionPrevent}
	args := c.args
	if v, ok := c.flags["owner"]; ok {
		owner, err := c.mention(v)
		if err != nil {
			return nil, err
		}
		a.Owner = owner
	} else if n := len(args); n > 0 && !args[n-1].quoted {
		if owner, ok := ParseMention(args[n-1].text); ok {
			a.Owner, args = owner, args[:n-1]
		}
	}
	a.Text = c.text(args)
	if a.Text == "" {
		return nil, c.fail("Missing the action item: what should be done?")
	}
	if v, ok := c.flags["due"]; ok {
		due, err := parseDate(v, c.now)
		switch {
		case errors.Is(err, errPast):
			// The engine allows it only for an incident that began before it.
			a.DuePast = c.fail("--due %s is in the past.", quote(v))
		case errors.Is(err, errTooFar):
			return nil, c.fail("--due %s is too far away.", quote(v))
		case err != nil:
			return nil, c.fail("Bad date %s for --due: use 2006-01-02, +3d, tomorrow or a weekday (UTC).", quote(v))
		}
		a.Due = due
	}
	if v, ok := c.flags["prio"]; ok {
		p, err := c.severity(v, "priority")
		if err != nil {
			return nil, err
		}
		a.Priority, a.PrioSet = p, true
	}
	if v, ok := c.flags["type"]; ok {
		t, err := bot.ParseActionType(v)
		if err != nil {
			return nil, c.fail("Unknown type %s: use %s.", quote(v), orList(ActionTypes))
		}
		a.Type, a.TypeSet = t, true
	}
	link, err := c.link(c.flags["link"], "--link")
	if err != nil {
		return nil, err
	}
	a.Link = link
	return a, nil
}

// impact reads the impact statement, an impact phase (--from, --to) or
// the phase to drop (--drop N); with nothing, it asks to see them.
func (c *call) impact() (bot.Command, error) {
	_, hasFrom := c.flags["from"]
	_, hasTo := c.flags["to"]
	if v, ok := c.flags["drop"]; ok {
		n, ok := count(v)
		if !ok {
			return nil, c.fail("Bad phase number %s for --drop: use the number the phase is listed with, like 2.", quote(v))
		}
		if c.rest() != "" || hasFrom || hasTo {
			return nil, c.fail("--drop takes no text, --from or --to: it drops impact phase %d as it is.", n)
		}
		return bot.SetImpact{Drop: n}, nil
	}
	if c.rest() == "" && !hasFrom && !hasTo {
		return bot.SetImpact{Show: true}, nil
	}
	text, err := c.required("impact: who or what was affected, and how?")
	if err != nil {
		return nil, err
	}
	from, err := c.timeFlag("from")
	if err != nil {
		return nil, err
	}
	to, err := c.timeFlag("to")
	if err != nil {
		return nil, err
	}
	if hasTo && !hasFrom {
		return nil, c.fail("--to needs --from: when did this phase of the impact begin?")
	}
	if hasTo && !to.After(from) {
		return nil, c.fail("--to %s is not after --from %s.", to.Format("2006-01-02 15:04"), from.Format("2006-01-02 15:04"))
	}
	return bot.SetImpact{Text: text, From: from, To: to}, nil
}
