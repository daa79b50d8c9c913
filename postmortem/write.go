// Package postmortem renders the blameless postmortem draft of an
// incident as Markdown. Write is a pure function of the incident, its
// timeline and a way to name people (bot.PostmortemData): it needs no
// engine, chat or store, so `warroom export` and the engine draft alike.
package postmortem

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// BlamelessReminder opens the last section of every postmortem draft, the
// Blameless check.
const BlamelessReminder = "This postmortem is blameless: it is about systems and processes, not people."

// Write writes the blameless postmortem draft of d.Incident to w
// as Markdown. Times are shown in UTC. The timeline is streamed from
// d.Timeline, twice (a first pass learns which messages were edited or
// deleted), and never held in memory, so a draft of any length costs
// little more than its own bytes.
//
// Deleted text is never written: a deleted message shows who said it,
// when, and when it was deleted. An edited message is shown once, where it
// was said, in its final text and marked as edited. The store and the JSON
// export keep every version.
//
// Everything people typed is made safe for Markdown: it cannot open
// headings, code blocks, HTML or tables, or break a table row or a timeline
// line; control characters are dropped and invalid UTF-8 is replaced.
//
// Write returns an error if d has no incident, or if the timeline
// or w fails.
func Write(w io.Writer, d bot.PostmortemData) error {
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
	if p.d.Command == "" {
		p.d.Command = bot.DefaultCommand
	}
	if p.d.Spell == nil {
		p.d.Spell = func(sub string) string { return p.d.Command + " " + sub }
	}
	p.day = dayOf(p.ms.Declared)
	if err := p.scan(); err != nil {
		return fmt.Errorf("write postmortem of INC-%d: timeline: %w", p.inc.ID, err)
	}
	p.header()
	p.summary()
	p.impact()
	p.detection()
	p.services()
	p.responders()
	p.metrics()
	if err := p.timeline(); err != nil {
		return fmt.Errorf("write postmortem of INC-%d: timeline: %w", p.inc.ID, err)
	}
	p.updates()
	p.comms()
	p.rootCause()
	p.causes()
	p.actions()
	p.seenBefore()
	p.lessons()
	p.links()
	p.blameless()
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
	d     bot.PostmortemData
	inc   *bot.Incident
	ms    bot.Milestones
	names map[string]string // user id -> escaped display name
	dg    digest
	day   int64    // the day (Unix days, UTC) times are shown relative to
	ticks bool     // the text being written has unpaired backticks
	buf   [64]byte // scratch for numbers and times
}

// str writes s as it is.
func (p *pmWriter) str(s string) { p.w.WriteString(s) }

// num writes n in decimal.
func (p *pmWriter) num(n int64) { p.w.Write(strconv.AppendInt(p.buf[:0], n, 10)) }

// section writes the heading of a section.
func (p *pmWriter) section(title string) {
	p.str("## ")
	p.str(title)
	p.str("\n\n")
}

// author writes the escaped display name of an entry's author.
func (p *pmWriter) author(e *bot.Entry) {
	if e.Author == "" {
		p.text(e.AuthorName, styleName)
		return
	}
	p.user(e.Author, e.AuthorName)
}

// name writes the escaped display name of a user id.
func (p *pmWriter) name(user string) {
	if user == "" {
		p.str("—")
		return
	}
	p.user(user, "")
}

// user writes the escaped display name of a user id, looked up once a
// draft: the name d.Name gives, else fallback if it is not "", else the id.
func (p *pmWriter) user(id, fallback string) {
	if id == "" {
		p.text(fallback, styleName) // a name with no id, as integrations have
		return
	}
	if n, ok := p.names[id]; ok {
		p.str(n)
		return
	}
	n := p.displayName(id)
	if n == id && fallback != "" {
		n = fallback
	}
	p.str(p.remember(id, n))
}

// displayName asks d.Name for a user's name, falling back to the name the
// incident kept from its last draft, then to the id.
func (p *pmWriter) displayName(user string) string {
	n := ""
	if p.d.Name != nil {
		n = p.d.Name(user)
	}
	if blank(n) || n == user {
		n = p.inc.Names[user] // as the bot knew it when it last drafted
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

// when writes a time as "15:04:05", with its date first if it is not on
// the draft's day.
func (p *pmWriter) when(t time.Time) {
	p.otherDay(t)
	p.clock(t)
}

// shortTime writes a time as "15:04", with its date first if it is not on
// the draft's day.
func (p *pmWriter) shortTime(t time.Time) {
	p.otherDay(t)
	p.w.Write(appendHourMinute(p.buf[:0], t))
}

// clock writes the time of day of t in UTC as "15:04:05".
func (p *pmWriter) clock(t time.Time) {
	b := appendHourMinute(p.buf[:0], t)
	b = append(b, ':')
	p.w.Write(appendTwo(b, int64(t.UTC().Second())))
}

// otherDay writes the date of t and a space if t is not on the draft's
// day.
func (p *pmWriter) otherDay(t time.Time) {
	if dayOf(t) != p.day {
		p.date(t)
		p.str(" ")
	}
}

// date writes the day of t in UTC as "2006-01-02".
func (p *pmWriter) date(t time.Time) {
	p.w.Write(t.UTC().AppendFormat(p.buf[:0], "2006-01-02"))
}

// appendHourMinute appends the time of day of t in UTC as "15:04".
func appendHourMinute(b []byte, t time.Time) []byte {
	h, m, _ := t.UTC().Clock()
	b = appendTwo(b, int64(h))
	b = append(b, ':')
	return appendTwo(b, int64(m))
}

// dayOf returns the UTC day of t as days since the Unix epoch.
func dayOf(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// appendTwo appends n (0..99) as two digits.
func appendTwo(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
