package postmortem

import (
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// timeline streams the Timeline section, grouped by phase and, for an
// incident that spans days, by day, with the date on every heading. It
// holds what happened: people's messages (each once, in its final form),
// key events, status and severity changes, milestones, updates, files and
// integration alerts. Analysis, role changes and joins are in their own
// sections; the bot's reminders and refusals only in the JSON export.
func (p *pmWriter) timeline() error {
	p.section("Timeline")
	p.str("All times UTC")
	if !p.ms.Declared.IsZero() && !p.dg.multiDay {
		p.str(", on ")
		p.date(p.ms.Declared)
	}
	p.str(". 📌 marks key events (pinned messages, events and milestones); " +
		"lines without a name in bold are the bot's record of a command.\n\n")
	// Entries dated before the impact began (an `event --at` for the
	// change that caused it, days earlier) go under a heading of their
	// own, first: the incident's Detection began later. What was said
	// before the declaration in its source channel comes next.
	first, _ := p.ms.Earliest()
	phase := bot.Phase(-1)
	var earlier bool       // the "Before the impact" heading is written
	var empty bool         // the current phase has no entries yet
	day := int64(-1 << 62) // a multi-day incident dates each phase's first day
	open := func(next bot.Phase) {
		if phase < 0 {
			if earlier {
				p.str("\n")
			}
			p.beforeDeclaration()
		}
		for phase < next {
			if phase >= 0 {
				p.endPhase(empty)
			}
			phase++
			p.phaseHeading(phase)
			empty = true
			day = -1 << 62
		}
	}
	var err error
	if p.d.Timeline != nil {
		n := 0
		err = p.d.Timeline(func(e *bot.Entry) error {
			n++
			if p.hidden(e, n) {
				return nil
			}
			// Entries come in time order, so phases only move forward; an
			// entry out of order stays in the phase being written.
			d := dayOf(e.At)
			switch {
			case phase < 0 && !e.At.IsZero() && !first.IsZero() && e.At.Before(first):
				if !earlier {
					earlier, empty = true, true
					p.beforeImpactHeading(first)
				}
			default:
				open(p.ms.Phase(e.At))
			}
			if !e.At.IsZero() && d != day && (p.dg.multiDay || d != p.day) {
				day = d
				if !empty {
					p.str("\n") // end the list before the heading
				}
				p.str("#### ")
				p.weekday(e.At)
				p.str("\n\n")
			}
			p.entry(e)
			empty = false
			return nil
		})
	}
	open(bot.PhaseResolution)
	p.endPhase(empty)
	return err
}

// beforeDeclaration writes the messages said in the channel the incident
// was declared from, just before it was: often the alert that started it.
func (p *pmWriter) beforeDeclaration() {
	if len(p.dg.before) == 0 {
		return
	}
	p.phaseTitle("Before the declaration", p.dg.before[0].At)
	p.str("_The last messages in the channel the incident was declared from._\n\n")
	for i := range p.dg.before {
		p.entry(&p.dg.before[i])
	}
	p.str("\n")
}

// beforeImpactHeading starts the group of entries dated before the
// impact began at first.
func (p *pmWriter) beforeImpactHeading(first time.Time) {
	p.phaseTitle("Before the impact", time.Time{})
	p.str("_What led up to it: entries dated before the impact began at ")
	p.date(first)
	p.str(" ")
	p.clock(first)
	p.str("._\n\n")
}

// weekday writes the day of t in UTC as "2006-01-02 (Monday)".
func (p *pmWriter) weekday(t time.Time) {
	p.date(t)
	p.str(" (")
	p.str(t.UTC().Weekday().String())
	p.str(")")
}

// endPhase ends a phase's list of entries, or says it had none.
func (p *pmWriter) endPhase(empty bool) {
	if empty {
		p.str("_No entries._\n")
	}
	p.str("\n")
}

// phaseHeading writes a phase's heading and what bounds it.
func (p *pmWriter) phaseHeading(ph bot.Phase) {
	ms := p.ms
	end := ms.Resolved
	endName := "resolved"
	if end.IsZero() {
		end, endName = ms.Closed, "closed"
	}
	switch ph {
	case bot.PhaseDetection:
		first, _ := ms.Earliest()
		p.phaseTitle("Detection", first)
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
	case bot.PhaseResponse:
		start := ms.Acknowledged
		if start.IsZero() {
			start = ms.Declared
		}
		p.phaseTitle("Response and mitigation", start)
		if !ms.Mitigated.IsZero() {
			p.str("_Impact mitigated at ")
			p.when(ms.Mitigated)
			p.str("._\n\n")
		}
	case bot.PhaseResolution:
		p.phaseTitle("Resolution", end)
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

// phaseTitle writes a phase's heading; in an incident that spans days it
// carries the date the phase began, when that is known.
func (p *pmWriter) phaseTitle(title string, start time.Time) {
	p.str("### ")
	p.str(title)
	if p.dg.multiDay && !start.IsZero() {
		p.str(" — from ")
		p.weekday(start)
	}
	p.str("\n\n")
}

// entry writes one timeline entry on one line. Key events start with 📌
// and their text is in bold; people's names are in bold; the bot's record
// of a command is plain, with who gave it after the text.
func (p *pmWriter) entry(e *bot.Entry) {
	f := p.fateOf(e)
	key := e.KeyEvent || e.Kind == bot.EntryPin || e.Kind == bot.EntryEvent || e.Kind == bot.EntryMilestone ||
		e.Kind == bot.EntryMessage && f != nil && f.pinned && !f.deleted
	p.str("- `")
	p.clock(e.At)
	p.str("` ")
	if key {
		p.str("📌 ")
	}
	if e.Bot {
		p.maybeBold(key, e.Text)
		if hasAuthor(e) {
			p.str(" (")
			p.author(e)
			p.str(")")
		}
		p.str("\n")
		return
	}
	if hasAuthor(e) {
		p.str("**")
		p.author(e)
		p.str("**")
	} else if e.Kind == bot.EntryPin || e.Kind == bot.EntryEdit {
		p.str("Someone")
	}
	p.thread(e)
	switch {
	case e.Kind == bot.EntryPin:
		// A pin of a message the timeline does not hold.
		p.str(" pinned")
		if e.Original != "" {
			p.str(" a message by ")
			p.name(e.Original)
		}
		if f != nil && f.deleted {
			p.str(" (since deleted)")
			break
		}
		p.str(": ")
		p.emph("**", e.Text)
	case e.Kind == bot.EntryEdit:
		// The last edit of a message the timeline does not hold: its text
		// as it ended, once.
		p.sep(e)
		p.maybeBold(key, e.Text)
		p.str(" _(edited)_")
	case e.Kind == bot.EntryDelete:
		// A deletion of a message the timeline does not hold: that it
		// happened, never what it said.
		if hasAuthor(e) {
			p.str(" deleted a message")
		} else {
			p.str("A message was deleted")
		}
	case e.Kind == bot.EntryMessage && f != nil:
		f.shown = true
		p.sep(e)
		if f.deleted {
			p.str("_(message deleted at ")
			p.when(f.deletedAt)
			p.str(")_")
			break
		}
		text := e.Text
		if f.lastEdit > 0 {
			text = f.final
		}
		p.maybeBold(key, text)
		if f.lastEdit > 0 {
			p.str(" _(edited)_")
		}
		if f.pinned {
			p.str(" _(pinned")
			if f.pinnedBy != "" {
				p.str(" by ")
				p.name(f.pinnedBy)
			}
			p.str(" at ")
			p.shortTime(f.pinnedAt)
			p.str(")_")
		}
	case e.Kind == bot.EntryFile:
		p.sep(e)
		p.str("shared a file: ")
		p.file(e.Text)
	default:
		p.sep(e)
		p.maybeBold(key, e.Text)
	}
	p.str("\n")
}

// thread marks an entry of a message posted in a thread of the incident
// channel: " _(in thread name)_", after its author. A thread named by the
// message it started with (Entry.ThreadID: Slack's) is named as that
// message reads now, and not at all once it is deleted: " _(reply in
// thread)_".
func (p *pmWriter) thread(e *bot.Entry) {
	name := e.Thread
	if e.ThreadID != "" {
		if f := p.dg.fates[e.ThreadID]; f != nil && f.deleted {
			name = ""
		} else if f != nil && f.lastEdit > 0 {
			name = bot.ThreadName(f.final)
		}
	}
	if blank(name) {
		if e.ThreadID != "" {
			p.str(" _(reply in thread)_")
		}
		return
	}
	p.str(" _(in thread ")
	p.text(name, styleName)
	p.str(")_")
}

// fateOf returns what became of the message an entry is about, or nil if
// it was neither edited nor deleted.
func (p *pmWriter) fateOf(e *bot.Entry) *fate {
	if e.MessageID == "" || e.Bot {
		return nil
	}
	return p.dg.fates[e.MessageID]
}

// sep separates the author from the text, if there is an author.
func (p *pmWriter) sep(e *bot.Entry) {
	if hasAuthor(e) {
		p.str(": ")
	}
}

// hasAuthor reports whether an entry has an author to show.
func hasAuthor(e *bot.Entry) bool { return e.Author != "" || !blank(e.AuthorName) }

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
	name, url := splitFile(s)
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
		p.textOrDash(u.Changes, styleInline)
		p.str("\n  - Mitigation progress: ")
		p.textOrDash(u.Mitigation, styleInline)
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
