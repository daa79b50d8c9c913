package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
)

// Postmortem drafts the postmortem of an incident as Markdown. The names
// it shows are kept on the incident (Incident.Names), so that an export
// made without the platform reads the same.
func (e *Engine) Postmortem(ctx context.Context, inc *Incident) ([]byte, error) {
	if e.write == nil {
		return nil, fmt.Errorf("draft postmortem of INC-%d: %w", inc.ID, errNoPostmortemWriter)
	}
	learnt := map[string]string{}
	var buf bytes.Buffer
	err := e.write(&buf, PostmortemData{
		Incident: inc,
		Timeline: func(fn func(*Entry) error) error { return e.store.Timeline(ctx, inc.ID, fn) },
		Name: func(user string) string {
			n := e.name(ctx, user)
			if n != "" && n != user && inc.Names[user] != n {
				learnt[user] = n
			}
			return n // the writer falls back on inc.Names when it is the id
		},
		Platform: e.cfg.Platform,
		Drafted:  e.clock.Now(),
		Command:  e.cfg.Command,
		Spell:    e.spell,

		Similar:         e.similar(ctx, similarText(inc), inc.ID, inc.ID),
		SimilarSearched: e.finder != nil,
	})
	if err != nil {
		return nil, fmt.Errorf("draft postmortem of INC-%d: %w", inc.ID, err)
	}
	if len(learnt) > 0 {
		if _, err := e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error {
			if inc.Names == nil {
				inc.Names = map[string]string{}
			}
			maps.Copy(inc.Names, learnt)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("keep the names in the postmortem of INC-%d: %w", inc.ID, err)
		}
	}
	return buf.Bytes(), nil
}

// errNoPostmortemWriter is returned by Postmortem when the engine was
// built without a PostmortemWriter.
var errNoPostmortemWriter = errors.New("no postmortem writer configured")

// publishPostmortem drafts the postmortem, keeps it in the store and posts
// it in the incident channel as a file.
// It first waits for the catch-up of the incident's channel under way, if
// any, so that the draft holds every message the platform has.
func (e *Engine) publishPostmortem(ctx context.Context, inc *Incident, comment string) error {
	if err := e.in.AwaitCatchUp(ctx, inc.ID); err != nil {
		return fmt.Errorf("wait for INC-%d's catch-up: %w", inc.ID, err)
	}
	doc, err := e.Postmortem(ctx, inc)
	if err != nil {
		return err
	}
	if err := e.store.SavePostmortem(ctx, inc.ID, doc); err != nil {
		return fmt.Errorf("save postmortem of INC-%d: %w", inc.ID, err)
	}
	f := File{
		Name:    fmt.Sprintf("INC-%d-postmortem.md", inc.ID),
		Title:   fmt.Sprintf("Postmortem draft: INC-%d %s", inc.ID, inc.Title),
		Content: doc,
		Comment: comment,
	}
	if err := e.chat.Upload(ctx, inc.ChannelID, f); err != nil {
		return fmt.Errorf("upload postmortem of INC-%d: %w", inc.ID, err)
	}
	return nil
}

func (a *act) draftPostmortem() (string, *Form, error) {
	comment := fmt.Sprintf("📝 Postmortem draft of INC-%d, as of now (asked for by %s).", a.inc.ID, a.who())
	if err := a.e.publishPostmortem(a.ctx, a.inc, comment); err != nil {
		return "", nil, err
	}
	return "Postmortem draft posted.", nil, nil
}

// showTimeline renders the last entries of the timeline: c.Last of them,
// 20 if unset, at most 50.
func (a *act) showTimeline(c ShowTimeline) (string, *Form, error) {
	n := c.Last
	if n <= 0 || n > 50 {
		n = 20
	}
	ring, total, err := a.e.store.TimelineTail(a.ctx, a.inc.ID, n)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Timeline of INC-%d: last %d of %d entries (UTC)", a.inc.ID, len(ring), total)
	for _, en := range ring {
		who := en.AuthorName
		if who == "" {
			who = a.e.name(a.ctx, en.Author)
		}
		if en.Bot {
			who = "bot"
		}
		text := en.Text
		switch en.Kind {
		case EntryEdit:
			text = "(edited) " + text
		case EntryDelete:
			text = "(deleted a message)" // never its text: it was deleted for a reason
		case EntryPin:
			text = "📌 " + text
		}
		fmt.Fprintf(&b, "\n`%s` %s: %s", en.At.Format("15:04:05"), a.quote(who), a.quote(oneLine(text, 200)))
		// A reply is named by its thread's first words only in the draft,
		// which knows whether that message was deleted since.
		switch {
		case en.ThreadID != "":
			b.WriteString(" (reply in thread)")
		case en.Thread != "":
			fmt.Fprintf(&b, " (in thread %s)", a.quote(oneLine(en.Thread, 60)))
		}
	}
	return b.String(), nil, nil
}

// oneLine flattens text to one line of at most max runes.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
