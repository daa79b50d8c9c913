package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// timeLayout is how times are shown in chat: always UTC.
const timeLayout = "2006-01-02 15:04 UTC"

// clockLayout is how times of day are shown in chat.
const clockLayout = "15:04 UTC"

// channelRef names an incident's channel for people: a link where the
// platform has them, else #name.
func (e *Engine) channelRef(inc *Incident) string {
	if l, ok := e.chat.(Linker); ok && inc.ChannelID != "" {
		return l.ChannelLink(inc.ChannelID)
	}
	if inc.ChannelName == "" {
		return "its channel"
	}
	return "#" + inc.ChannelName
}

// name returns a display name for a user id, through the adapter's Namer if
// it has one, else the id; names are cached for the life of the engine, in
// the cache ingestion names events with.
func (e *Engine) name(ctx context.Context, user string) string {
	if user == "" {
		return "nobody"
	}
	if n := e.in.names.get(ctx, user, 0); n != "" {
		return n
	}
	return user
}

// checkUser refuses a user the platform says does not exist, with an
// EInvalid error that names the mention. When the platform cannot tell, it
// logs that and lets the user be.
func (e *Engine) checkUser(ctx context.Context, user string) error {
	uc, ok := e.chat.(UserChecker)
	if !ok {
		return nil
	}
	err := uc.CheckUser(ctx, user)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrUnknownUser):
		return Errorf(EInvalid, "There is no user %s here: mention a member of this workspace, like @alice. Nothing was changed.", e.chat.Quote(user))
	}
	e.log.Warn().Err(err).Str("user", user).Msg("check user: could not tell, going ahead")
	return nil
}

// say posts text in an incident's channel, logging a failure.
func (e *Engine) say(ctx context.Context, inc *Incident, text string) {
	if inc.ChannelID == "" {
		return
	}
	if _, err := e.chat.Post(ctx, inc.ChannelID, Message{Text: text}); err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("post to incident channel")
	}
}

// topic renders the channel topic: severity, status, commander, title. A
// topic is plain text on every platform (Slack's conversations.setTopic
// "does not support formatting or linkification"), so it names the
// commander instead of mentioning them, and carries the title as typed:
// nothing in a topic pings anyone, and escaped text would show as &amp;.
func (e *Engine) topic(ctx context.Context, inc *Incident) string {
	ic := "unassigned"
	if u := inc.Holder(RoleCommander); u != "" {
		ic = e.name(ctx, u)
	}
	return fmt.Sprintf("INC-%d %s | %s | IC: %s | %s", inc.ID, inc.Severity, inc.Status, ic, inc.Title)
}

// setTopic refreshes the channel topic, logging a failure.
func (e *Engine) setTopic(ctx context.Context, inc *Incident) {
	if inc.ChannelID == "" {
		return
	}
	if err := e.chat.SetTopic(ctx, inc.ChannelID, e.topic(ctx, inc)); err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("set channel topic")
	}
}

// note appends a timeline entry the bot writes.
func (e *Engine) note(ctx context.Context, en *Entry) error {
	if _, err := e.append(ctx, en); err != nil {
		return fmt.Errorf("append %s entry to INC-%d: %w", en.Kind, en.IncidentID, err)
	}
	return nil
}

// append appends a timeline entry and counts it if it was new. A failed
// append is logged here, once, with its incident: whoever asked for it
// (a platform's acknowledgement, the console's line) may only say that
// something went wrong.
func (e *Engine) append(ctx context.Context, en *Entry) (bool, error) {
	stored, err := e.store.Append(ctx, en)
	if stored {
		e.obs.Appended(en.Kind)
	}
	if err != nil {
		e.log.Error().Err(err).Int64("incident", en.IncidentID).Str("kind", string(en.Kind)).
			Str("message_id", en.MessageID).Msg("timeline append failed")
	}
	return stored, err
}

// roster lists the current role holders, one per line.
func (e *Engine) roster(inc *Incident) string {
	var b strings.Builder
	for _, r := range Roles {
		holder := "_unassigned_ (`" + e.cfg.Command + " role " + string(r) + " @someone`)"
		if u := inc.Holder(r); u != "" {
			holder = e.chat.Mention(u)
		}
		fmt.Fprintf(&b, "\n• %s: %s", r.Title(), holder)
	}
	return b.String()
}

// until renders how far t is from now, e.g. "in 30m".
func until(now, t time.Time) string {
	d := t.Sub(now).Round(time.Minute)
	if d <= 0 {
		return "now"
	}
	return "in " + shortDuration(d)
}

// shortDuration renders d to the minute for chat: "45m", "1h", "2h 30m".
func shortDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %dm", h, m)
}
