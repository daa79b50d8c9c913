package postmortem

import (
	"slices"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

// rootCause writes the 5 Whys chain.
func (p *pmWriter) rootCause() {
	p.section("Root cause analysis")
	p.str("The 5 Whys: each answer is asked \"Why?\" again, until the chain reaches a system or process that can change.\n\n")
	if len(p.inc.Chains) > 0 && len(p.inc.Whys) > 0 {
		p.str("### Why it happened\n\n")
	}
	if len(p.inc.Chains) == 0 || len(p.inc.Whys) > 0 {
		p.chain(p.inc.Whys, p.d.Command+" why <answer>")
	}
	for _, c := range p.inc.Chains {
		p.str("### ")
		p.text(chainTitle(c.Name), styleName)
		p.str("\n\n")
		p.chain(c.Whys, p.d.Command+" why --chain "+codeSafe(c.Name)+" <answer>")
	}
}

// codeSafe returns s fit to stand inside a code span: one line, no
// backticks.
func codeSafe(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(sanitize(s), "`", "'")), " ")
}

// chainTitle is the heading of a named why chain: "not-caught" reads as
// "Why: not caught".
func chainTitle(name string) string {
	return "Why: " + strings.NewReplacer("-", " ", "_", " ").Replace(name)
}

// chain writes one why chain, numbered on its own, and what is missing.
func (p *pmWriter) chain(whys []string, ask string) {
	n := 0
	for _, why := range whys {
		if blank(why) {
			continue
		}
		n++
		p.num(int64(n))
		p.str(". Why? ")
		p.text(why, styleInline)
		p.str("\n")
	}
	if n > 0 {
		p.str("\n")
	}
	switch {
	case n == 0:
		p.str("_No answers yet. Start from what users saw and ask \"Why?\" (`" + ask + "`); " +
			"for example: why did the database crash? It ran out of memory. Why? The query cache kept growing. ..._\n\n")
	case n < 5:
		p.str("_")
		p.num(int64(n))
		p.str(" of 5 answered: ask \"Why?\" of the last answer (`" + ask + "`) " +
			"until you reach a system or process that can change._\n\n")
	}
}

// causes writes the contributing factors by category.
func (p *pmWriter) causes() {
	p.section("Contributing factors")
	cats := append([]bot.CauseCategory(nil), bot.CauseCategories...)
	for _, c := range p.inc.Causes {
		if !slices.Contains(cats, c.Category) {
			cats = append(cats, c.Category)
		}
	}
	for _, cat := range cats {
		p.str("### ")
		title := cat.Title()
		if title == "" {
			title = "Other"
		}
		p.text(title, styleName)
		p.str("\n\n")
		n := 0
		for _, c := range p.inc.Causes {
			if c.Category != cat {
				continue
			}
			p.str("- ")
			p.textOrDash(c.Text, styleItem)
			p.str("\n")
			n++
		}
		if n == 0 {
			p.str("None recorded.")
			if ex := causeExamples(cat); ex != "" {
				p.str(" _For example: ")
				p.str(ex)
				p.str("._")
			}
			p.str("\n")
		}
		p.str("\n")
	}
}

// causeExamples are the seeds' examples of each category.
func causeExamples(c bot.CauseCategory) string {
	switch c {
	case bot.CauseTechnical:
		return "server crashes, resource misconfigurations, load balancer issues"
	case bot.CauseProcess:
		return "delays in communication, outdated runbooks"
	case bot.CauseMonitoring:
		return "thresholds set too high, missed notifications"
	}
	return ""
}

// actions writes the action items table.
func (p *pmWriter) actions() {
	p.section("Corrective and preventive actions")
	if len(p.inc.Actions) == 0 {
		p.str("_None recorded yet (`" + p.d.Command + " action add <text> @owner --due DATE --prio P1 --type prevent`)._\n\n")
	} else {
		p.str("| # | Action | Owner | Priority | Type | Due | Status |\n|---|---|---|---|---|---|---|\n")
		defaulted := false
		for i, a := range p.inc.Actions {
			n := a.N
			if n == 0 {
				n = i + 1
			}
			p.str("| ")
			p.num(int64(n))
			p.str(" | ")
			p.textOrDash(a.Text, styleCell)
			if isWebURL(a.Link) {
				p.str(" ([ticket](")
				p.url(a.Link)
				p.str("))")
			}
			p.str(" | ")
			p.name(a.Owner)
			p.str(" | ")
			if a.Priority.Valid() {
				p.str(a.Priority.String())
				if a.PriorityDefaulted {
					p.str(" (default)")
					defaulted = true
				}
			} else {
				p.str("—")
			}
			p.str(" | ")
			p.str(actionTypeLabel(a.Type))
			if a.TypeDefaulted && a.Type != "" {
				p.str(" (default)")
				defaulted = true
			}
			p.str(" | ")
			if a.Due.IsZero() {
				p.str("—")
			} else {
				p.date(a.Due)
			}
			p.str(" | ")
			switch {
			case a.State() == bot.ActionDropped:
				p.str("Dropped: ")
				p.textOrDash(a.DropReason, styleCell)
			case a.State() == bot.ActionVerified:
				p.str("Verified ")
				p.date(a.VerifiedAt)
			case a.Done && !a.DoneAt.IsZero():
				p.str("Done ")
				p.date(a.DoneAt)
			case a.Done:
				p.str("Done")
			case !a.Due.IsZero() && !p.d.Drafted.IsZero() && p.d.Drafted.After(a.Due):
				p.str("Open, overdue")
			default:
				p.str("Open")
			}
			p.str(" |\n")
		}
		p.str("\n")
		if defaulted {
			p.str("_(default) marks a priority or type nobody chose when the action was added: confirm or change it._\n\n")
		}
	}
	p.str("Every action needs an owner, a priority and a type. Keep its ticket open until at least one " +
		"production deployment has shown that it works.\n\n")
}

// actionTypeLabel is how an action type is shown.
func actionTypeLabel(t bot.ActionType) string {
	switch t {
	case bot.ActionPrevent:
		return "Preventive"
	case bot.ActionMitigate:
		return "Mitigative"
	case bot.ActionProcess:
		return "Process"
	case "":
		return "—"
	}
	return escapeMarkdown(string(t), styleName)
}

// lessons writes Lessons learned: what people said went well, went wrong
// and was lucky, with the questions of a blameless retrospective as
// prompts only where nothing was said.
func (p *pmWriter) lessons() {
	p.section("Lessons learned")
	if len(p.inc.Lessons) == 0 {
		p.str("_To fill in together (`" + p.d.Spell("lesson") + " <well|wrong|lucky> <text>`). Ask about systems and steps, not individuals._\n\n")
	}
	for _, k := range bot.LessonKinds {
		p.str("### ")
		p.str(k.Title())
		p.str("\n\n")
		n := 0
		for _, l := range p.inc.Lessons {
			if l.Kind != k || blank(l.Text) {
				continue
			}
			n++
			p.str("- ")
			p.text(l.Text, styleItem)
			p.str("\n")
		}
		if n == 0 {
			p.str(lessonPrompts[k])
		}
		p.str("\n")
	}
}

// lessonPrompts are the questions shown where nothing was said.
var lessonPrompts = map[bot.LessonKind]string{
	bot.LessonWell: "- _How did we become aware of the incident: did monitoring or alerting catch it before users did?_\n" +
		"- _When did we start responding, and what helped us respond quickly?_\n" +
		"- _Which temporary measures mitigated the issue, and which worked best?_\n",
	bot.LessonWrong: "- _Which systems were affected, and which safeguards (tests, reviews, rollout, monitoring) did not stop it?_\n" +
		"- _What slowed detection, response or communication?_\n" +
		"- _Have we encountered similar situations before? Why did it happen again?_\n",
	bot.LessonLucky: "- _What could have made this much worse: timing, traffic, who happened to be around?_\n" +
		"- _Which permanent measures do we need so that next time we do not depend on luck?_\n",
}

// services writes Affected services.
func (p *pmWriter) services() {
	p.section("Affected services")
	if len(p.inc.Services) == 0 {
		p.str("_None recorded (`" + p.d.Spell("service") + " <name>`): which services were down, degraded or at risk?_\n\n")
		return
	}
	for _, s := range p.inc.Services {
		p.str("- ")
		p.textOrDash(s, styleItem)
		p.str("\n")
	}
	p.str("\n")
}

// comms writes Communications: what was said outside the channel, when
// and to whom.
func (p *pmWriter) comms() {
	p.section("Communications")
	if len(p.inc.Comms) == 0 {
		p.str("_None recorded (`" + p.d.Spell("comms") + " <audience> <text>`): what was told to customers, " +
			"the status page and stakeholders, and when?_\n\n")
		return
	}
	for _, c := range p.inc.Comms {
		p.str("- `")
		p.when(c.At)
		p.str("` **")
		p.textOrDash(c.Audience, styleName)
		p.str("** (")
		p.name(c.By)
		p.str("): ")
		p.textOrDash(c.Text, styleInline)
		p.str("\n")
	}
	p.str("\n")
}

// detection writes Detection: how and when the incident was noticed, and
// how long after impact began.
func (p *pmWriter) detection() {
	p.section("Detection")
	via := p.inc.DetectedVia
	if via == "" {
		p.str("_How was it noticed (`" + p.d.Command + " declare --via alert|customer|staff|monitoring`)? " +
			"Did monitoring catch it before users did?_")
	} else {
		p.str("Noticed because ")
		p.text(via.Describe(), styleInline)
		p.str(".")
	}
	if !p.ms.Detected.IsZero() {
		p.str(" Detected at ")
		p.when(p.ms.Detected)
		if d := p.ms.Metrics().ToDetect; d.Known {
			p.str(", ")
			p.str(d.String())
			p.str(" after the impact began")
		}
		p.str(".")
	}
	p.str("\n\n")
}
