package postmortem

import (
	"slices"
	"strings"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// header writes the title and the block of facts under it.
func (p *pmWriter) header() {
	inc := p.inc
	p.str("# Postmortem: ")
	if blank(inc.Title) {
		p.str("(untitled)")
	} else {
		p.text(inc.Title, styleTitle)
	}
	p.str(" (INC-")
	p.num(inc.ID)
	p.str(")\n\n")

	p.str("- **Status:** Draft")
	if inc.Status != "" {
		p.str(" (incident status: ")
		p.text(string(inc.Status), styleName)
		p.str(")")
	}
	p.str("\n- **Severity:** ")
	p.str(inc.Severity.String())
	p.str(" — ")
	p.str(inc.Severity.Describe())
	p.str("\n")
	p.dateLine("Impact started", p.ms.Started, "", "")
	p.dateLine("Detected", p.ms.Detected, "", "")
	p.dateLine("Declared", p.ms.Declared, "not recorded", inc.DeclaredBy)
	p.dateLine("Resolved", p.ms.Resolved, "not resolved yet", "")
	p.dateLine("Closed", p.ms.Closed, "", "")
	p.str("- **Duration:** ")
	if total := p.ms.Metrics().Total; total.Known {
		p.str(total.String())
		p.str(" (from ")
		p.str(milestoneNoun(total.From))
		p.str(" to ")
		p.str(milestoneNoun(total.To))
		p.str(")")
	} else if first, _ := p.ms.Earliest(); !first.IsZero() && !p.d.Drafted.IsZero() {
		p.str("— (not resolved; ")
		p.str(bot.Span{D: p.d.Drafted.Sub(first), Known: true}.String())
		p.str(" so far when drafted)")
	} else {
		p.str("—")
	}
	p.str("\n- **Channel:** ")
	switch {
	case inc.ChannelName != "":
		p.str("#")
		p.text(inc.ChannelName, styleName)
	case inc.ChannelID != "":
		p.text(inc.ChannelID, styleName)
	default:
		p.str("—")
	}
	p.str("\n- **Platform:** ")
	platform := inc.Platform // where it was run, not where it is exported
	if platform == "" {
		platform = p.d.Platform
	}
	switch strings.ToLower(platform) {
	case "slack":
		p.str("Slack")
	case "discord":
		p.str("Discord")
	case "console":
		p.str("Console")
	case "":
		p.str("—")
	default:
		p.text(platform, styleName)
	}
	p.str("\n")
	p.dateLine("Drafted", p.d.Drafted, "", "")
	p.str("\n")
}

// dateLine writes "- **label:** 2006-01-02 15:04 UTC", and " by <name>"
// if by is a user; in place of a zero time it writes the missing text, or
// nothing if that is "".
func (p *pmWriter) dateLine(label string, t time.Time, missing, by string) {
	if t.IsZero() && missing == "" {
		return
	}
	p.str("- **")
	p.str(label)
	p.str(":** ")
	if t.IsZero() {
		p.str("— (")
		p.str(missing)
		p.str(")\n")
		return
	}
	p.w.Write(t.UTC().AppendFormat(p.buf[:0], "2006-01-02 15:04 UTC"))
	if by != "" {
		p.str(" by ")
		p.name(by)
	}
	p.str("\n")
}

// summary writes the Summary section.
func (p *pmWriter) summary() {
	inc := p.inc
	p.section("Summary")
	if !blank(inc.Summary) {
		p.text(inc.Summary, styleBlock)
		p.str("\n\n")
	} else {
		p.str("_Not written yet (`" + p.d.Command + " summary <text>`): in two or three sentences, what happened, " +
			"which services were involved, who was affected and for how long, and how it was resolved._\n\n")
	}
	if !blank(inc.Description) {
		p.str("**Description when declared:** ")
		p.text(inc.Description, styleBlock)
		p.str("\n\n")
	}
	if !blank(inc.Resolution) {
		p.str("**Resolution:** ")
		p.text(inc.Resolution, styleBlock)
		p.str("\n\n")
	}
}

// impact writes the Impact section: the statement, or the questions it
// should answer, and the impact phases with their windows.
func (p *pmWriter) impact() {
	p.section("Impact")
	phases := p.inc.Phases
	switch {
	case !blank(p.inc.Impact):
		p.text(p.inc.Impact, styleBlock)
		p.str("\n\n")
	case len(phases) > 0:
		p.str("_No impact statement yet (`" + p.d.Command + " impact <text>`): who was affected, how many, " +
			"and what did it cost?_\n\n")
	default:
		p.str("_Not written yet (`" + p.d.Command + " impact <text>`; add `--from TIME [--to TIME]` for each phase, " +
			"such as degraded, down or data loss). Cover:_\n\n" +
			"- _Users and customers: who was affected, how many, and for how long?_\n" +
			"- _Systems and services: which were affected, and how (functionality, availability, performance, security)?_\n" +
			"- _Business: what did it cost the business?_\n" +
			"- _Quantifiable impact: lost users, failed transactions, downtime, lost revenue, SLO or SLA breaches._\n" +
			"- _Unquantifiable impact: damage to brand image, morale, legal or compliance exposure._\n\n")
	}
	if len(phases) == 0 {
		return
	}
	p.str("**Impact phases** (UTC, in time order):\n\n")
	for i, ph := range phases {
		p.num(int64(i + 1))
		p.str(". `")
		p.shortTime(ph.From)
		p.str("` – ")
		end := ph.End(p.ms)
		switch {
		case end.IsZero():
			p.str("ongoing")
			if !p.d.Drafted.IsZero() && p.d.Drafted.After(ph.From) {
				p.str(" (")
				p.str(bot.Span{D: p.d.Drafted.Sub(ph.From), Known: true}.String())
				p.str(" so far when drafted)")
			}
		default:
			if ph.To.IsZero() {
				p.str("resolved ")
			}
			p.str("`")
			p.shortTime(end)
			p.str("` (")
			p.str(bot.Span{D: end.Sub(ph.From), Known: true}.String())
			p.str(")")
		}
		p.str(": ")
		p.textOrDash(ph.Text, styleItem)
		p.str("\n")
	}
	p.str("\n")
}

// responders writes every role's holders with handovers, and the
// participants.
func (p *pmWriter) responders() {
	inc := p.inc
	p.section("Responders")
	roles := append([]bot.Role(nil), bot.Roles...)
	for _, rc := range inc.Roles {
		if !slices.Contains(roles, rc.Role) {
			roles = append(roles, rc.Role)
		}
	}
	for _, r := range roles {
		p.str("- **")
		p.text(r.Title(), styleName)
		p.str(":** ")
		n := 0
		for _, rc := range inc.Roles {
			if rc.Role != r {
				continue
			}
			if n > 0 {
				p.str(" → ")
			}
			p.name(rc.User)
			if n == 0 && rc.User == inc.DeclaredBy && rc.At.Equal(p.ms.Declared) {
				p.str(" (declared ")
			} else {
				p.str(" (from ")
			}
			p.shortTime(rc.At)
			p.str(")")
			n++
		}
		if n == 0 {
			if r == bot.RoleCommander && inc.DeclaredBy != "" {
				// The declarer holds Incident Commander until it is handed over.
				p.name(inc.DeclaredBy)
				if !p.ms.Declared.IsZero() {
					p.str(" (declared ")
					p.shortTime(p.ms.Declared)
					p.str(")")
				}
			} else {
				p.str("— (not assigned)")
			}
		}
		p.str("\n")
	}
	if len(p.dg.joins) > 0 {
		p.str("- **Joined the channel:** ")
		for i, j := range p.dg.joins {
			if i > 0 {
				p.str(", ")
			}
			p.user(j.user, j.name)
			p.str(" (")
			p.shortTime(j.at)
			p.str(")")
		}
		p.str("\n")
	}
	p.str("- **Participants:** ")
	if len(inc.Participants) == 0 {
		p.str("none recorded")
	}
	for i, u := range inc.Participants {
		if i > 0 {
			p.str(", ")
		}
		p.name(u)
	}
	p.str("\n\n")
}

// metrics writes the Metrics table.
func (p *pmWriter) metrics() {
	m := p.ms.Metrics()
	p.section("Metrics")
	p.str("| Metric | Duration | From | To |\n|---|---|---|---|\n")
	for _, row := range [...]struct {
		name string
		s    bot.Span
	}{
		{"Time to detect", m.ToDetect},
		{"Time to acknowledge", m.ToAcknowledge},
		{"Time to mitigate", m.ToMitigate},
		{"Time to resolve", m.ToResolve},
		{"Total duration", m.Total},
	} {
		p.str("| ")
		p.str(row.name)
		p.str(" | ")
		p.str(row.s.String())
		p.str(" | ")
		p.milestoneCell(row.s.From)
		p.str(" | ")
		p.milestoneCell(row.s.To)
		p.str(" |\n")
	}
	p.str("\nResponse times are measured from the start of impact when it is known, else from detection, " +
		"else from declaration. ")
	if len(p.inc.Phases) > 0 {
		switch n := p.inc.StartPhase(); {
		case n > 0:
			p.str("Here the start of impact is the start of its earliest phase, phase ")
			p.num(int64(n))
			p.str(" (")
			p.textOrDash(p.inc.Phases[n-1].Text, styleInline)
			p.str("), at ")
			p.when(p.ms.Started)
			p.str(". ")
		case !p.ms.Started.IsZero():
			p.str("The start of impact was given, earlier than its first phase. ")
		default:
			p.str("The start of impact was not recorded; its first phase began at ")
			p.when(p.inc.Phases[0].From)
			p.str(". ")
		}
	}
	p.str("A blank (—) means a milestone was not recorded; nothing is estimated. " +
		"Time to resolve is what DORA calls time to restore service: track it across incidents.\n\n")
}

// milestoneCell writes "Impact started, 09:48:00" or "Detected: not recorded".
func (p *pmWriter) milestoneCell(name string) {
	if name == "" {
		p.str("no start recorded")
		return
	}
	p.str(milestoneLabel(name))
	if n := p.inc.StartPhase(); name == bot.MilestoneStarted && n > 0 {
		// Which phase the metric measures from: the one that began first
		// (the text under the table names it).
		p.str(" (phase ")
		p.num(int64(n))
		p.str(")")
	}
	if t := p.ms.Time(name); !t.IsZero() {
		p.str(", ")
		p.when(t)
	} else {
		p.str(": not recorded")
	}
}

// milestoneLabel is how a milestone is named in the draft.
func milestoneLabel(name string) string {
	switch name {
	case bot.MilestoneStarted:
		return "impact started"
	case "":
		return "—"
	}
	return name
}

// milestoneNoun names a milestone in a sentence: "from the start of
// impact to resolution".
func milestoneNoun(name string) string {
	switch name {
	case bot.MilestoneStarted:
		return "the start of impact"
	case bot.MilestoneDetected:
		return "detection"
	case bot.MilestoneDeclared:
		return "declaration"
	case bot.MilestoneAcknowledged:
		return "acknowledgement"
	case bot.MilestoneMitigated:
		return "mitigation"
	case bot.MilestoneResolved:
		return "resolution"
	case bot.MilestoneClosed:
		return "closing"
	}
	return name
}
