package bot

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PostmortemData is everything a draft is made of.
type PostmortemData struct {
	Incident *Incident
	// Timeline calls fn for each entry in time order (it is Store.Timeline
	// bound to the incident).
	Timeline func(fn func(*Entry) error) error
	// Name returns a display name for a user id ("" or the id itself if
	// unknown).
	Name     func(user string) string
	Platform string
	Drafted  time.Time
}

// BlamelessReminder is the last line of every postmortem draft.
const BlamelessReminder = "This postmortem is blameless: it is about systems and processes, not people."

// WritePostmortem writes the blameless postmortem draft of d.Incident to w
// as Markdown. Times are shown in UTC. The timeline is streamed from
// d.Timeline and never held in memory, so a draft of any length costs
// little more than its own bytes.
//
// Everything people typed is made safe for Markdown: it cannot open
// headings, code blocks, HTML or tables, or break a table row or a timeline
// line; control characters are dropped and invalid UTF-8 is replaced.
//
// WritePostmortem returns an error if d has no incident, or if the timeline
// or w fails.
func WritePostmortem(w io.Writer, d PostmortemData) error {
	if d.Incident == nil {
		return errors.New("write postmortem: no incident")
	}
	p := &pmWriter{
		w:     bufio.NewWriterSize(w, 64<<10),
		d:     d,
		inc:   d.Incident,
		ms:    d.Incident.Milestones,
		names: map[string]string{},
	}
	p.day = dayOf(p.ms.Declared)
	p.header()
	p.summary()
	p.impact()
	p.responders()
	p.metrics()
	if err := p.timeline(); err != nil {
		return fmt.Errorf("write postmortem of INC-%d: timeline: %w", p.inc.ID, err)
	}
	p.updates()
	p.rootCause()
	p.causes()
	p.actions()
	p.lessons()
	p.str("---\n\n_" + BlamelessReminder + "_\n")
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("write postmortem of INC-%d: %w", p.inc.ID, err)
	}
	return nil
}

// pmWriter renders one postmortem. Writes go to a bufio.Writer, whose
// first error sticks and is reported by Flush, so the section methods do
// not check errors.
type pmWriter struct {
	w     *bufio.Writer
	d     PostmortemData
	inc   *Incident
	ms    Milestones
	names map[string]string // user id -> escaped display name
	day   int64             // the day (Unix days, UTC) times are shown relative to
	ticks bool              // the text being written has unpaired backticks
	buf   [64]byte          // scratch for numbers and times
}

func (p *pmWriter) str(s string) { p.w.WriteString(s) }

func (p *pmWriter) section(title string) {
	p.str("## ")
	p.str(title)
	p.str("\n\n")
}

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
	p.w.Write(strconv.AppendInt(p.buf[:0], inc.ID, 10))
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
	} else if first, _ := p.ms.earliest(); !first.IsZero() && !p.d.Drafted.IsZero() {
		p.str("— (not resolved; ")
		p.w.Write(appendDuration(p.buf[:0], p.d.Drafted.Sub(first)))
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
	switch strings.ToLower(p.d.Platform) {
	case "slack":
		p.str("Slack")
	case "discord":
		p.str("Discord")
	case "console":
		p.str("Console")
	case "":
		p.str("—")
	default:
		p.text(p.d.Platform, styleName)
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
		p.str("_Not written yet (`/incident summary <text>`): in two or three sentences, what happened, " +
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

// impact writes the Impact section, or the questions it should answer.
func (p *pmWriter) impact() {
	p.section("Impact")
	if !blank(p.inc.Impact) {
		p.text(p.inc.Impact, styleBlock)
		p.str("\n\n")
		return
	}
	p.str("_Not written yet (`/incident impact <text>`). Cover:_\n\n" +
		"- _Users and customers: who was affected, how many, and for how long?_\n" +
		"- _Systems and services: which were affected, and how (functionality, availability, performance, security)?_\n" +
		"- _Business: what did it cost the business?_\n" +
		"- _Quantifiable impact: lost users, failed transactions, downtime, lost revenue, SLO or SLA breaches._\n" +
		"- _Unquantifiable impact: damage to brand image, morale, legal or compliance exposure._\n\n")
}

// responders writes every role's holders with handovers, and the
// participants.
func (p *pmWriter) responders() {
	inc := p.inc
	p.section("Responders")
	roles := append([]Role(nil), Roles...)
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
			if r == RoleCommander && inc.DeclaredBy != "" {
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
		s    Span
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
		"else from declaration. A blank (—) means a milestone was not recorded; nothing is estimated. " +
		"Time to resolve is what DORA calls time to restore service: track it across incidents.\n\n")
}

// milestoneCell writes "Impact started, 09:48:00" or "Detected: not recorded".
func (p *pmWriter) milestoneCell(name string) {
	if name == "" {
		p.str("no start recorded")
		return
	}
	p.str(milestoneLabel(name))
	if t := p.ms.timeOf(name); !t.IsZero() {
		p.str(", ")
		p.when(t)
	} else {
		p.str(": not recorded")
	}
}

// milestoneLabel is how a milestone is named in the draft.
func milestoneLabel(name string) string {
	switch name {
	case MilestoneStarted:
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
	case MilestoneStarted:
		return "the start of impact"
	case MilestoneDetected:
		return "detection"
	case MilestoneDeclared:
		return "declaration"
	case MilestoneAcknowledged:
		return "acknowledgement"
	case MilestoneMitigated:
		return "mitigation"
	case MilestoneResolved:
		return "resolution"
	case MilestoneClosed:
		return "closing"
	}
	return name
}

// timeline streams the Timeline section, grouped by phase.
func (p *pmWriter) timeline() error {
	p.section("Timeline")
	p.str("All times UTC")
	if !p.ms.Declared.IsZero() {
		p.str(", on ")
		p.w.Write(p.ms.Declared.UTC().AppendFormat(p.buf[:0], "2006-01-02"))
		p.str(" unless a date heading says otherwise")
	}
	p.str(". 📌 marks key events; the bot's own entries are in italics.\n\n")
	phase := Phase(-1)
	var empty bool // the current phase has no entries yet
	open := func(next Phase) {
		for phase < next {
			if phase >= 0 {
				p.endPhase(empty)
			}
			phase++
			p.phaseHeading(phase)
			empty = true
		}
	}
	day := p.day
	var err error
	if p.d.Timeline != nil {
		err = p.d.Timeline(func(e *Entry) error {
			// Entries come in time order, so phases only move forward; an
			// entry out of order stays in the phase being written.
			open(p.ms.Phase(e.At))
			if d := dayOf(e.At); d != day && !e.At.IsZero() {
				day = d
				p.str("#### ")
				p.w.Write(e.At.UTC().AppendFormat(p.buf[:0], "2006-01-02"))
				p.str("\n\n")
			}
			p.entry(e)
			empty = false
			return nil
		})
	}
	open(PhaseResolution)
	p.endPhase(empty)
	return err
}

// endPhase ends a phase's list of entries, or says it had none.
func (p *pmWriter) endPhase(empty bool) {
	if empty {
		p.str("_No entries._\n")
	}
	p.str("\n")
}

// phaseHeading writes a phase's heading and what bounds it.
func (p *pmWriter) phaseHeading(ph Phase) {
	ms := p.ms
	end := ms.Resolved
	endName := "resolved"
	if end.IsZero() {
		end, endName = ms.Closed, "closed"
	}
	switch ph {
	case PhaseDetection:
		p.str("### Detection\n\n")
		switch {
		case !ms.Acknowledged.IsZero():
			p.str("_Until the incident was acknowledged at ")
			p.when(ms.Acknowledged)
			p.str("._\n\n")
		case !ms.Declared.IsZero():
			p.str("_Until the incident was declared at ")
			p.when(ms.Declared)
			p.str("; no acknowledgement was recorded._\n\n")
		}
	case PhaseResponse:
		p.str("### Response and mitigation\n\n")
		if !ms.Mitigated.IsZero() {
			p.str("_Impact mitigated at ")
			p.when(ms.Mitigated)
			p.str("._\n\n")
		}
	case PhaseResolution:
		p.str("### Resolution\n\n")
		if end.IsZero() {
			p.str("_Not resolved yet._\n\n")
		} else {
			p.str("_From when the incident was ")
			p.str(endName)
			p.str(" at ")
			p.when(end)
			p.str("._\n\n")
		}
	}
}

// entry writes one timeline entry on one line.
func (p *pmWriter) entry(e *Entry) {
	key := e.KeyEvent || e.Kind == EntryPin || e.Kind == EntryEvent
	p.str("- `")
	p.clock(e.At)
	p.str("` ")
	if key {
		p.str("📌 ")
	}
	if hasAuthor(e) {
		p.str("**")
		p.author(e)
		p.str("**")
	} else if !e.Bot && (e.Kind == EntryPin || e.Kind == EntryJoin) {
		p.str("Someone")
	}
	switch {
	case e.Bot:
		p.sep(e)
		if key {
			p.emph("***", e.Text)
		} else {
			p.emph("*", e.Text)
		}
	case e.Kind == EntryPin:
		p.str(" pinned")
		if e.Original != "" {
			p.str(" a message by ")
			p.name(e.Original)
		}
		p.str(": ")
		p.emph("**", e.Text)
	case e.Kind == EntryJoin:
		p.str(" joined the channel")
	case e.Kind == EntryEdit:
		p.sep(e)
		p.str("(edited) ")
		p.maybeBold(key, e.Text)
		if e.Original != "" {
			p.str(" — was: ")
			p.text(e.Original, styleInline)
		}
	case e.Kind == EntryDelete:
		p.sep(e)
		p.str("(deleted) ")
		if e.Original != "" {
			p.text(e.Original, styleInline)
		} else {
			p.str("_original text not recorded_")
		}
	case e.Kind == EntryFile:
		p.sep(e)
		p.str("shared a file: ")
		p.file(e.Text)
	default:
		p.sep(e)
		p.maybeBold(key, e.Text)
	}
	p.str("\n")
}

// sep separates the author from the text, if there is an author.
func (p *pmWriter) sep(e *Entry) {
	if hasAuthor(e) {
		p.str(": ")
	}
}

// hasAuthor reports whether an entry has an author to show.
func hasAuthor(e *Entry) bool { return e.Author != "" || !blank(e.AuthorName) }

// maybeBold writes text, in bold if key.
func (p *pmWriter) maybeBold(key bool, s string) {
	if blank(s) {
		p.str("_(no text)_")
		return
	}
	if key {
		p.emph("**", s)
		return
	}
	p.text(s, styleInline)
}

// emph writes text between delimiters, or says it is empty (empty
// delimiters would render literally).
func (p *pmWriter) emph(delim, s string) {
	if blank(s) {
		p.str("_(no text)_")
		return
	}
	p.str(delim)
	p.text(s, styleEmph)
	p.str(delim)
}

// file writes a shared file as a link: the engine records "name url".
func (p *pmWriter) file(s string) {
	s = strings.TrimSpace(s)
	name, url := s, ""
	if isWebURL(s) {
		name, url = "", s
	} else if i := max(strings.LastIndex(s, " https://"), strings.LastIndex(s, " http://")); i >= 0 {
		name, url = strings.TrimSpace(s[:i]), s[i+1:]
	}
	if name == "" {
		name = "file"
	}
	if url == "" {
		p.text(name, styleName)
		return
	}
	p.str("[")
	p.text(name, styleName)
	p.str("](")
	p.url(url)
	p.str(")")
}

// isWebURL reports whether s is an http or https URL: links to anything
// else (javascript:, data:) are not made.
func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// url writes a link destination, percent-encoding whatever could end it
// or break the line.
func (p *pmWriter) url(s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>\"'\\`|[]", c) >= 0 {
			p.w.Write([]byte{'%', hex[c>>4], hex[c&15]})
			continue
		}
		p.w.WriteByte(c)
	}
}

// author writes the escaped display name of an entry's author.
func (p *pmWriter) author(e *Entry) {
	if e.Author == "" {
		p.text(e.AuthorName, styleName)
		return
	}
	if n, ok := p.names[e.Author]; ok {
		p.str(n)
		return
	}
	n := p.displayName(e.Author)
	if (n == e.Author) && e.AuthorName != "" {
		n = e.AuthorName
	}
	p.str(p.remember(e.Author, n))
}

// name writes the escaped display name of a user id.
func (p *pmWriter) name(user string) {
	if user == "" {
		p.str("—")
		return
	}
	if n, ok := p.names[user]; ok {
		p.str(n)
		return
	}
	p.str(p.remember(user, p.displayName(user)))
}

// displayName asks d.Name for a user's name, falling back to the id.
func (p *pmWriter) displayName(user string) string {
	n := ""
	if p.d.Name != nil {
		n = p.d.Name(user)
	}
	if blank(n) {
		n = user
	}
	return n
}

// remember caches the escaped form of a user's name.
func (p *pmWriter) remember(user, name string) string {
	n := escapeMarkdown(name, styleName)
	if n == "" {
		n = escapeMarkdown(user, styleName)
	}
	if n == "" {
		n = "(unnamed)"
	}
	p.names[user] = n
	return n
}

// escapeMarkdown returns s made safe for Markdown in style st.
func escapeMarkdown(s string, st *textStyle) string {
	var b strings.Builder
	p := &pmWriter{w: bufio.NewWriterSize(&b, 64)}
	p.text(s, st)
	p.w.Flush()
	return b.String()
}

// updates writes the Status updates section.
func (p *pmWriter) updates() {
	p.section("Status updates")
	if len(p.inc.Updates) == 0 {
		p.str("_No status updates were posted._\n\n")
		return
	}
	for _, u := range p.inc.Updates {
		p.str("- `")
		p.when(u.At)
		p.str("` **")
		p.name(u.By)
		p.str("** (status: ")
		if u.Status != "" {
			p.text(string(u.Status), styleName)
		} else {
			p.str("—")
		}
		p.str(")")
		if !blank(u.Text) {
			p.str(": ")
			p.text(u.Text, styleInline)
		}
		p.str("\n  - Recent changes: ")
		p.textOrDash(u.Changes)
		p.str("\n  - Mitigation progress: ")
		p.textOrDash(u.Mitigation)
		p.str("\n  - Next update: ")
		if u.NextAt.IsZero() {
			p.str("—")
		} else {
			p.shortTime(u.NextAt)
			p.str(" UTC")
		}
		p.str("\n")
	}
	p.str("\n")
}

func (p *pmWriter) textOrDash(s string) {
	if blank(s) {
		p.str("—")
		return
	}
	p.text(s, styleInline)
}

// rootCause writes the 5 Whys chain.
func (p *pmWriter) rootCause() {
	p.section("Root cause analysis")
	p.str("The 5 Whys: each answer is asked \"Why?\" again, until the chain reaches a system or process that can change.\n\n")
	n := 0
	for _, why := range p.inc.Whys {
		if blank(why) {
			continue
		}
		n++
		p.w.Write(strconv.AppendInt(p.buf[:0], int64(n), 10))
		p.str(". Why? ")
		p.text(why, styleInline)
		p.str("\n")
	}
	if n > 0 {
		p.str("\n")
	}
	switch {
	case n == 0:
		p.str("_No answers yet. Start from what users saw and ask \"Why?\" (`/incident why <answer>`); " +
			"for example: why did the database crash? It ran out of memory. Why? The query cache kept growing. ..._\n\n")
	case n < 5:
		p.str("_")
		p.w.Write(strconv.AppendInt(p.buf[:0], int64(n), 10))
		p.str(" of 5 answered: ask \"Why?\" of the last answer (`/incident why <answer>`) " +
			"until you reach a system or process that can change._\n\n")
	}
}

// causes writes the contributing factors by category.
func (p *pmWriter) causes() {
	p.section("Contributing factors")
	cats := append([]CauseCategory(nil), CauseCategories...)
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
			if blank(c.Text) {
				p.str("—")
			} else {
				p.text(c.Text, styleItem)
			}
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
func causeExamples(c CauseCategory) string {
	switch c {
	case CauseTechnical:
		return "server crashes, resource misconfigurations, load balancer issues"
	case CauseProcess:
		return "delays in communication, outdated runbooks"
	case CauseMonitoring:
		return "thresholds set too high, missed notifications"
	}
	return ""
}

// actions writes the action items table.
func (p *pmWriter) actions() {
	p.section("Corrective and preventive actions")
	if len(p.inc.Actions) == 0 {
		p.str("_None recorded yet (`/incident action add <text> @owner --due DATE --prio P1 --type prevent`)._\n\n")
	} else {
		p.str("| # | Action | Owner | Priority | Type | Due | Status |\n|---|---|---|---|---|---|---|\n")
		for i, a := range p.inc.Actions {
			n := a.N
			if n == 0 {
				n = i + 1
			}
			p.str("| ")
			p.w.Write(strconv.AppendInt(p.buf[:0], int64(n), 10))
			p.str(" | ")
			if blank(a.Text) {
				p.str("—")
			} else {
				p.text(a.Text, styleCell)
			}
			p.str(" | ")
			p.name(a.Owner)
			p.str(" | ")
			if a.Priority.Valid() {
				p.str(a.Priority.String())
			} else {
				p.str("—")
			}
			p.str(" | ")
			p.str(actionTypeLabel(a.Type))
			p.str(" | ")
			if a.Due.IsZero() {
				p.str("—")
			} else {
				p.w.Write(a.Due.UTC().AppendFormat(p.buf[:0], "2006-01-02"))
			}
			p.str(" | ")
			switch {
			case a.Done && !a.DoneAt.IsZero():
				p.str("Done ")
				p.w.Write(a.DoneAt.UTC().AppendFormat(p.buf[:0], "2006-01-02"))
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
	}
	p.str("Every action needs an owner, a priority and a type. Keep its ticket open until at least one " +
		"production deployment has shown that it works.\n\n")
}

// actionTypeLabel is how an action type is shown.
func actionTypeLabel(t ActionType) string {
	switch t {
	case ActionPrevent:
		return "Preventive"
	case ActionMitigate:
		return "Mitigative"
	case ActionProcess:
		return "Process"
	case "":
		return "—"
	}
	return escapeMarkdown(string(t), styleName)
}

// lessons writes Lessons learned, with the questions of a blameless
// retrospective as prompts.
func (p *pmWriter) lessons() {
	p.section("Lessons learned")
	p.str("_To fill in together. Ask about systems and steps, not individuals._\n\n")
	p.str("### What went well\n\n" +
		"- _How did we become aware of the incident: did monitoring or alerting catch it before users did?_\n" +
		"- _When did we start responding, and what helped us respond quickly?_\n" +
		"- _Which temporary measures mitigated the issue, and which worked best?_\n\n")
	p.str("### What went wrong\n\n" +
		"- _Which systems were affected, and which safeguards (tests, reviews, rollout, monitoring) did not stop it?_\n" +
		"- _What slowed detection, response or communication?_\n" +
		"- _Have we encountered similar situations before? Why did it happen again?_\n\n")
	p.str("### Where we got lucky\n\n" +
		"- _What could have made this much worse: timing, traffic, who happened to be around?_\n" +
		"- _Which permanent measures do we need so that next time we do not depend on luck?_\n\n")
}

// when writes a time as "15:04:05", with its date first if it is not on
// the draft's day.
func (p *pmWriter) when(t time.Time) {
	if dayOf(t) != p.day {
		p.w.Write(t.UTC().AppendFormat(p.buf[:0], "2006-01-02 "))
	}
	p.clock(t)
}

// shortTime writes a time as "15:04", with its date first if it is not on
// the draft's day.
func (p *pmWriter) shortTime(t time.Time) {
	if dayOf(t) != p.day {
		p.w.Write(t.UTC().AppendFormat(p.buf[:0], "2006-01-02 "))
	}
	h, m, _ := t.UTC().Clock()
	b := appendTwo(p.buf[:0], int64(h))
	b = append(b, ':')
	p.w.Write(appendTwo(b, int64(m)))
}

// clock writes the time of day of t in UTC as "15:04:05".
func (p *pmWriter) clock(t time.Time) {
	h, m, s := t.UTC().Clock()
	b := appendTwo(p.buf[:0], int64(h))
	b = append(b, ':')
	b = appendTwo(b, int64(m))
	b = append(b, ':')
	p.w.Write(appendTwo(b, int64(s)))
}

// dayOf returns the UTC day of t as days since the Unix epoch.
func dayOf(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// textStyle says how text people typed is made safe where it goes.
type textStyle struct {
	// lineBreak is written between the lines of the text.
	lineBreak string
	// block neutralises what starts each line (headings, lists, quotes,
	// fences, HTML blocks, tables) and keeps blank lines as paragraph
	// breaks, for text that stands as its own paragraph.
	block bool
	// item neutralises the start of the text only: it follows a list
	// marker, where a '#' or '>' would still open a block.
	item bool
	// special marks the ASCII bytes that need a look: '<', '\\', '`' and
	// the escaped ones.
	special [128]bool
	// escaped marks the bytes always written with a backslash before them.
	escaped [128]bool
}

func newTextStyle(lineBreak string, block, item bool, escaped string) *textStyle {
	st := &textStyle{lineBreak: lineBreak, block: block, item: item}
	st.special['<'] = true
	st.special['\\'] = true
	st.special['`'] = true
	for i := 0; i < len(escaped); i++ {
		st.special[escaped[i]] = true
		st.escaped[escaped[i]] = true
	}
	return st
}

// The places text goes.
var (
	// styleInline is for text on one line of a list: a timeline entry.
	styleInline = newTextStyle(" ↵ ", false, false, "")
	// styleEmph is for a timeline entry we put in bold or italics: its own
	// asterisks would end ours.
	styleEmph = newTextStyle(" ↵ ", false, false, "*")
	// styleItem is for text that is a whole list item.
	styleItem = newTextStyle(" ↵ ", false, true, "")
	// styleTitle is for the title in the heading.
	styleTitle = newTextStyle(" ", false, false, "")
	// styleCell is for a table cell.
	styleCell = newTextStyle("<br>", false, false, "|")
	// styleName is for names and labels: no Markdown at all.
	styleName = newTextStyle(" ", false, false, "\\`*_[]<>|~#")
	// styleBlock is for text that is a paragraph of its own.
	styleBlock = newTextStyle("\\\n", true, false, "")
)

// text writes s made safe for Markdown in style st.
func (p *pmWriter) text(s string, st *textStyle) {
	s = strings.TrimSpace(sanitize(s))
	// A stray backtick would open a code span that swallows the markup we
	// write after the text; when they do not pair up, escape them all.
	p.ticks = strings.Count(s, "`")%2 == 1
	pending := 0 // 1: a line break is due before the next line; 2: a paragraph break
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if st.block && pending > 0 {
				pending = 2
			}
			continue
		}
		switch {
		case pending == 2:
			p.str("\n\n")
		case pending == 1:
			p.str(st.lineBreak)
		}
		if st.block || st.item && pending == 0 {
			line = p.lineStart(line)
		}
		p.line(line, st)
		pending = 1
	}
}

// lineStart neutralises what could make a line start a block: it escapes
// leading punctuation ('#', '>', '-', '<', '`', '|', ...) and the dot of
// an ordered-list number. It returns the rest of the line to write.
func (p *pmWriter) lineStart(line string) string {
	c := line[0]
	switch {
	case isASCIIPunct(c) && c != '\\':
		// A leading backslash is left to line, which doubles it before
		// punctuation.
		p.w.WriteByte('\\')
		p.w.WriteByte(c)
		return line[1:]
	case c >= '0' && c <= '9':
		i := 1
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i < len(line) && (line[i] == '.' || line[i] == ')') {
			p.str(line[:i])
			p.w.WriteByte('\\')
			p.w.WriteByte(line[i])
			return line[i+1:]
		}
	}
	return line
}

// line writes one sanitized line of text (no '\n') in style st.
func (p *pmWriter) line(s string, st *textStyle) {
	w := p.w
	run := 0 // start of the bytes not yet written
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || !st.special[c] {
			continue
		}
		w.WriteString(s[run:i])
		run = i + 1
		switch {
		case st.escaped[c]:
			w.WriteByte('\\')
		case c == '`':
			if p.ticks {
				w.WriteByte('\\')
			}
		case c == '<':
			// '<' before a letter, '/', '!' or '?' could open HTML.
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || strings.IndexByte("/!?", s[i+1]) >= 0) {
				w.WriteByte('\\')
			}
		case c == '\\':
			// A backslash escapes the punctuation after it; double it where
			// it could escape our own escape or markup, or end the line.
			if i+1 == len(s) || isASCIIPunct(s[i+1]) {
				w.WriteByte('\\')
			}
		}
		w.WriteByte(c)
	}
	w.WriteString(s[run:])
}

// sanitize returns s without what must never reach the draft: control
// characters other than newline (a tab becomes a space), bidi overrides
// and isolates (which can make text read other than it is), and the byte
// order mark; invalid UTF-8 becomes U+FFFD, and Unicode line separators
// spaces. It returns s itself, without copying, when all is well.
func sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || dropRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t':
				b.WriteByte(' ')
			case c < ' ' && c != '\n' || c == 0x7f:
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString("\uFFFD")
		case spaceRune(r):
			b.WriteByte(' ')
		case dropRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// dropRune reports whether r must not be copied: C1 controls, bidi
// overrides and isolates, line and paragraph separators, and the byte
// order mark.
func dropRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 ||
		r == 0x2028 || r == 0x2029 || r == 0xfeff
}

// spaceRune reports whether a dropped rune stood for a break, and is
// replaced by a space.
func spaceRune(r rune) bool { return r == 0x85 || r == 0x2028 || r == 0x2029 }

// blank reports whether s would be written as nothing: it holds only
// spaces and characters that are dropped.
func blank(s string) bool {
	for _, r := range s {
		switch {
		case r < ' ', r == 0x7f, dropRune(r), unicode.IsSpace(r):
		default:
			return false // invalid bytes too: they are written as U+FFFD
		}
	}
	return true
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
