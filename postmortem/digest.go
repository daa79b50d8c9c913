package postmortem

import (
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// digest is what a first pass over the timeline learns that the timeline
// section needs before it writes an entry: how each message ended (edited,
// deleted), so that a message is shown once, where it was said, in its
// final form. It holds only messages that were edited or deleted, so it
// stays small however long the timeline.
type digest struct {
	fates map[string]*fate // message id -> what became of it
}

// fate is what became of one message after it was posted.
type fate struct {
	final     string    // its text after the last edit
	lastEdit  int       // the ordinal of its last edit entry (0: none)
	deleted   bool      // it was deleted
	deletedAt time.Time // when
	shown     bool      // its message entry has been written
}

// scan reads the timeline once and fills the digest. Entries are numbered
// by their place in the stream (from 1), which the second pass counts
// again.
func (p *pmWriter) scan() error {
	p.dg = digest{fates: map[string]*fate{}}
	if p.d.Timeline == nil {
		return nil
	}
	n := 0
	return p.d.Timeline(func(e *bot.Entry) error {
		n++
		if e.MessageID == "" || e.Bot {
			return nil
		}
		switch e.Kind {
		case bot.EntryEdit:
			f := p.dg.fate(e.MessageID)
			f.final, f.lastEdit = e.Text, n
		case bot.EntryDelete:
			f := p.dg.fate(e.MessageID)
			if !f.deleted {
				f.deleted, f.deletedAt = true, e.At
			}
		}
		return nil
	})
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

// hidden reports whether the n-th entry is not written on the timeline
// because another line already tells it: an edit or deletion of a message
// shown in its final form, or an edit that a later one replaced.
func (p *pmWriter) hidden(e *bot.Entry, n int) bool {
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
	case bot.EntryDelete:
		return f.shown
	}
	return false
}
