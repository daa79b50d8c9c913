package bot

import (
	"context"
	"fmt"
	"strconv"
)

// Record appends a channel event to its incident's timeline and returns
// once the entry is committed: an adapter acknowledges the platform's
// delivery only after Record returned nil. Events in channels that are no
// incident's are ignored. A redelivered event (same message, same version)
// is stored once, and an edit to the text last recorded for its message is
// not stored at all.
func (e *Engine) Record(ctx context.Context, ev Event) error {
	inc, err := e.channels.lookup(ctx, e.store, ev.ChannelID)
	if ErrorCode(err) == ENotFound || ev.Self {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find incident of channel %s: %w", ev.ChannelID, err)
	}
	if ev.At.IsZero() {
		ev.At = e.clock.Now()
	}
	en := &Entry{
		IncidentID: inc.id, At: ev.At.UTC(), Author: ev.User, AuthorName: ev.UserName,
		MessageID: ev.MessageID, Text: ev.Text, Thread: ev.Thread,
	}
	if ev.ThreadID != "" && ev.ThreadID != ev.MessageID {
		en.ThreadID = ev.ThreadID
		if en.Thread == "" {
			en.Thread = e.threadName(ctx, inc.id, ev.ThreadID)
		}
	}
	switch ev.Kind {
	case MessagePosted:
		en.Kind, en.Key = EntryMessage, "m:"+ev.MessageID
	case MessageEdited:
		// An edit that leaves the text as last recorded is no new version:
		// platforms report changes nobody sees as edits, and catching up
		// sees again edits recorded live, not always at the same time.
		prev, err := e.store.Message(ctx, inc.id, ev.MessageID)
		if err == nil && prev.Text == ev.Text {
			return nil
		}
		en.Kind, en.Key = EntryEdit, "e:"+ev.MessageID+":"+strconv.FormatInt(ev.At.UnixNano(), 10)
		en.Original = ev.PrevText
		if en.Original == "" && err == nil {
			en.Original = prev.Text
		}
	case MessageDeleted:
		en.Kind, en.Key = EntryDelete, "d:"+ev.MessageID
		en.Original = e.previous(ctx, inc.id, ev)
		en.Text = ""
	case ReactionAdded:
		if ev.Reaction != PinReaction {
			return nil // only the pushpin means something
		}
		en.Kind, en.Key, en.KeyEvent = EntryPin, "p:"+ev.MessageID, true
		if prev, err := e.store.Message(ctx, inc.id, ev.MessageID); err == nil {
			en.Text = prev.Text
		}
	case FileShared:
		en.Kind, en.Key = EntryFile, "f:"+ev.MessageID
		en.Text = ev.FileName
		if ev.FileURL != "" {
			en.Text += " " + ev.FileURL
		}
	case MemberJoined:
		en.Kind, en.Key = EntryJoin, "j:"+ev.User
		en.Text = "joined the channel"
	default:
		return fmt.Errorf("record event: unknown kind %q", ev.Kind)
	}
	if ev.MessageID == "" && ev.Kind != MemberJoined {
		en.Key = "" // nothing to recognise a redelivery by
	}
	if _, err := e.append(ctx, en); err != nil {
		return fmt.Errorf("record %s in INC-%d: %w", ev.Kind, inc.id, err)
	}
	if ev.Kind != MessageDeleted && inc.newParticipant(ev.User) {
		// Participants are a convenience for the postmortem; the timeline
		// already holds the truth, so a failure here is only logged.
		if _, err := e.store.UpdateIncident(ctx, inc.id, func(inc *Incident) error {
			inc.AddParticipant(ev.User)
			return nil
		}); err != nil {
			e.log.Warn().Err(err).Int64("incident", inc.id).Msg("add participant")
		}
	}
	return nil
}

// previous returns the text a message had before an edit or deletion: what
// the platform says, else the latest version recorded.
func (e *Engine) previous(ctx context.Context, incident int64, ev Event) string {
	if ev.PrevText != "" {
		return ev.PrevText
	}
	if prev, err := e.store.Message(ctx, incident, ev.MessageID); err == nil {
		return prev.Text
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
