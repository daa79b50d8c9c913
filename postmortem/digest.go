package postmortem

import (
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// digest is what a first pass over the timeline learns that sections need
// before, or other than where, the timeline shows an entry: how each
// message ended (edited, deleted, pinned), so that a message is shown
// once, where it was said, in its final form; who joined and when, for
// Responders; the links shared, for Links; the lines that read as blame,
// for the Blameless check; and which days the incident spans. It holds
// only what those need, so it stays small however long the timeline.
type digest struct {
	fates    map[string]*fate // message id -> what became of it
	joins    []join
	joined   map[string]bool
	links    []link
	linked   map[string]bool
	blames   []blame
	before   []bot.Entry // said in the declaring channel before the declaration
	multiDay bool        // entries or milestones fall on more than one UTC day
}

// fate is what became of one message after it was posted.
type fate struct {
	final     string    // its text after the last edit
	lastEdit  int       // the ordinal of its last edit entry (0: none)
	deleted   bool      // it was deleted
	deletedAt time.Time // when
	pinnedBy  string    // who marked it as a key event ("" if nobody did)
	pinned    bool
	pinnedAt  time.Time
	shown     bool // its message entry has been written
}

// join is someone joining the incident channel.
type join struct {
	user, name string
	at         time.Time
}

// link is a web address shared in the channel.
type link struct {
	url, label string // label: a file's name, or ""
	by, byName string
	msg        string // the message it is in, to drop it if deleted
	at         time.Time
}

// blame is a line that reads as blame of a person.
type blame struct {
	at           time.Time
	by, byName   string
	msg          string
	text, phrase string
	hint         string
}

// Caps on what the digest collects from people's messages: a draft lists
// at most this many links and blame lines (and says how many more).
const (
	maxLinks  = 100
	maxBlames = 50
	// maxBefore bounds the messages from before the declaration (the
	// engine records at most bot.BeforeLimit per declare).
	maxBefore = 50
)

// scan reads the timeline once and fills the digest. Entries are numbered
// by their place in the stream (from 1), which the second pass counts
// again.
func (p *pmWriter) scan() error {
	p.dg = digest{fates: map[string]*fate{}, joined: map[string]bool{}, linked: map[string]bool{}}
	first, last := int64(-1<<62), int64(-1<<62)
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		d := dayOf(t)
		if first == -1<<62 || d < first {
			first = d
		}
		if last == -1<<62 || d > last {
			last = d
		}
	}
	ms := p.ms
	for _, t := range []time.Time{ms.Started, ms.Detected, ms.Declared, ms.Acknowledged, ms.Mitigated, ms.Resolved, ms.Closed} {
		see(t)
	}
	defer func() { p.dg.multiDay = first != last }()
	if p.d.Timeline == nil {
		return nil
	}
	n := 0
	return p.d.Timeline(func(e *bot.Entry) error {
		n++
		if !e.Bot {
			see(e.At)
		}
		if e.Bot {
			return nil
		}
		switch e.Kind {
		case bot.EntryMessage:
			p.collect(e, e.Text)
		case bot.EntryEdit:
			if e.MessageID != "" {
				f := p.dg.fate(e.MessageID)
				f.final, f.lastEdit = e.Text, n
			}
			p.collect(e, e.Text)
		case bot.EntryDelete:
			if e.MessageID != "" {
				f := p.dg.fate(e.MessageID)
				if !f.deleted {
					f.deleted, f.deletedAt = true, e.At
				}
			}
		case bot.EntryPin:
			if e.MessageID != "" {
				f := p.dg.fate(e.MessageID)
				if !f.pinned {
					f.pinned, f.pinnedBy, f.pinnedAt = true, e.Author, e.At
				}
			}
		case bot.EntryBefore:
			if len(p.dg.before) < maxBefore {
				p.dg.before = append(p.dg.before, *e)
			}
		case bot.EntryJoin:
			if e.Author != "" && !p.dg.joined[e.Author] {
				p.dg.joined[e.Author] = true
				p.dg.joins = append(p.dg.joins, join{user: e.Author, name: e.AuthorName, at: e.At})
			}
		case bot.EntryFile:
			name, url := splitFile(e.Text)
			if url != "" && !p.dg.linked[url] && len(p.dg.links) < maxLinks {
				p.dg.linked[url] = true
				p.dg.links = append(p.dg.links, link{url: url, label: name, by: e.Author, byName: e.AuthorName, at: e.At})
			}
		}
		return nil
	})
}

// collect notes the links in a message and whether it reads as blame.
func (p *pmWriter) collect(e *bot.Entry, text string) {
	for _, u := range findURLs(text) {
		if p.dg.linked[u] || len(p.dg.links) >= maxLinks {
			continue
		}
		p.dg.linked[u] = true
		p.dg.links = append(p.dg.links, link{url: u, by: e.Author, byName: e.AuthorName, msg: e.MessageID, at: e.At})
	}
	if len(p.dg.blames) < maxBlames {
		if phrase, hint := blameIn(text); phrase != "" {
			p.dg.blames = append(p.dg.blames, blame{at: e.At, by: e.Author, byName: e.AuthorName, msg: e.MessageID,
				text: text, phrase: phrase, hint: hint})
		}
	}
}

// fate returns the fate of a message, adding it.
func (d *digest) fate(id string) *fate {
	f := d.fates[id]
	if f == nil {
		f = &fate{}
		d.fates[id] = f
	}
	return f
}

// gone reports whether the message with the id was deleted, or edited so
// that s is no longer in it.
func (d *digest) gone(id, s string) bool {
	if id == "" {
		return false
	}
	f := d.fates[id]
	return f != nil && (f.deleted || f.lastEdit > 0 && !containsFold(f.final, s))
}

// hidden reports whether the n-th entry is not written on the timeline
// because another line or section already tells it: analysis (impact,
// summary, whys, causes, actions: their own sections), role changes and
// joins (Responders), messages from before the declaration (their own
// group, first), the bot's routine reminders and refusals (the JSON
// export keeps them), an edit, deletion or pin of a message shown in its
// final form, and an edit that a later one replaced.
func (p *pmWriter) hidden(e *bot.Entry, n int) bool {
	switch e.Kind {
	case bot.EntryNote, bot.EntryRole, bot.EntryJoin, bot.EntryReminder, bot.EntryRefused, bot.EntryBefore:
		return true
	}
	if e.MessageID == "" || e.Bot {
		return false
	}
	f := p.dg.fates[e.MessageID]
	if f == nil {
		return false
	}
	switch e.Kind {
	case bot.EntryEdit:
		// An edit of a message not on the timeline (said before the
		// incident, or not read back) stands for it: the last one only.
		return f.shown || f.deleted || n != f.lastEdit
	case bot.EntryDelete, bot.EntryPin:
		return f.shown
	}
	return false
}
