package slack

import (
	"context"
	"strconv"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/warroom-dev/warroom/bot"
)

// translate turns a Slack event into the engine's events, and names the
// channel it happened in. Events the timeline has no use for (the bot's own
// messages, joins and topic changes posted as messages, unfurls) give none.
func (a *Adapter) translate(ctx context.Context, inner slackevents.EventsAPIInnerEvent, eventID string) (string, []bot.Event) {
	channel, evs := a.translateEvent(ctx, inner, eventID)
	if channel == "" {
		return "", nil // malformed: no channel to record it in
	}
	kept := evs[:0]
	for _, ev := range evs {
		// Malformed events that say nothing about which message they
		// concern are dropped rather than recorded unrecognisably.
		if ev.ChannelID != "" && (ev.MessageID != "" || ev.Kind == bot.MemberJoined) {
			kept = append(kept, ev)
		}
	}
	return channel, kept
}

// translateEvent does the work of translate for each kind of event.
func (a *Adapter) translateEvent(ctx context.Context, inner slackevents.EventsAPIInnerEvent, eventID string) (string, []bot.Event) {
	switch e := inner.Data.(type) {
	case *slackevents.MessageEvent:
		return e.Channel, a.messageEvents(ctx, e, eventID)
	case *slackevents.ReactionAddedEvent:
		if e.Item.Type != "message" || a.isBot(e.User, "") {
			return e.Item.Channel, nil
		}
		return e.Item.Channel, []bot.Event{{
			Kind: bot.ReactionAdded, EventID: eventID, ChannelID: e.Item.Channel,
			MessageID: e.Item.Timestamp, User: e.User,
			At: tsTime(e.EventTimestamp), Reaction: reactionName(e.Reaction),
		}}
	case *slackevents.MemberJoinedChannelEvent:
		if a.isBot(e.User, "") {
			return e.Channel, nil
		}
		return e.Channel, []bot.Event{{
			Kind: bot.MemberJoined, EventID: eventID, ChannelID: e.Channel,
			User: e.User, At: tsTime(e.EventTimestamp),
		}}
	}
	return "", nil
}

// messageEvents translates a message event: a new message (thread replies
// too) with one more event per file it carries, an edit, or a deletion.
func (a *Adapter) messageEvents(ctx context.Context, e *slackevents.MessageEvent, eventID string) []bot.Event {
	switch e.SubType {
	case "", "thread_broadcast", "file_share", "me_message", "bot_message":
		if e.Message == nil {
			return nil
		}
		m := *e.Message
		m.Channel = e.Channel
		return a.posted(ctx, m, eventID)
	case "message_changed":
		m, prev := e.Message, e.PreviousMessage
		if m == nil || m.Timestamp == "" || a.isBot(m.User, m.BotID) {
			return nil // nothing to say which message changed
		}
		prevText := ""
		if prev != nil {
			if prev.Text == m.Text {
				return nil // an unfurl or an attachment, not an edit
			}
			prevText = prev.Text
		}
		at := tsTime(e.EventTimeStamp)
		if m.Edited != nil && m.Edited.Timestamp != "" {
			at = tsTime(m.Edited.Timestamp)
		}
		user, name := author(*m)
		return []bot.Event{{
			Kind: bot.MessageEdited, EventID: eventID, ChannelID: e.Channel,
			MessageID: m.Timestamp, User: user, UserName: name,
			At: at, Text: plain(m.Text), PrevText: plain(prevText), ThreadID: threadOf(*m),
		}}
	case "message_deleted":
		if e.DeletedTimeStamp == "" {
			return nil
		}
		ev := bot.Event{
			Kind: bot.MessageDeleted, EventID: eventID, ChannelID: e.Channel,
			MessageID: e.DeletedTimeStamp, At: tsTime(e.EventTimeStamp),
		}
		if ev.At.IsZero() {
			ev.At = tsTime(e.TimeStamp)
		}
		if p := e.PreviousMessage; p != nil {
			if a.isBot(p.User, p.BotID) {
				return nil
			}
			ev.User, ev.PrevText = p.User, plain(p.Text)
		}
		return []bot.Event{ev}
	}
	// channel_join, channel_topic, bot_message, pinned_item, ...
	return nil
}

// posted translates a person's message: the message, unless it is only a
// carrier for files, and one event per file. Each event gets its own
// EventID, derived from the delivery's, so that none looks like a repeat of
// another.
func (a *Adapter) posted(ctx context.Context, m slackgo.Msg, eventID string) []bot.Event {
	if a.isBot(m.User, m.BotID) || m.Hidden || m.Timestamp == "" {
		return nil
	}
	at := tsTime(m.Timestamp)
	user, name := author(m)
	var evs []bot.Event
	if m.Text != "" || len(m.Files) == 0 {
		evs = append(evs, bot.Event{
			Kind: bot.MessagePosted, EventID: eventID, ChannelID: m.Channel,
			MessageID: m.Timestamp, User: user, UserName: name, At: at, Text: plain(m.Text),
			ThreadID: threadOf(m),
		})
	}
	for _, f := range m.Files {
		id := ""
		if eventID != "" {
			id = eventID + "/" + f.ID
		}
		fname := f.Name
		if fname == "" {
			fname = f.Title
		}
		evs = append(evs, bot.Event{
			Kind: bot.FileShared, EventID: id, ChannelID: m.Channel, MessageID: f.ID,
			User: user, UserName: name, At: at, FileName: fname, FileURL: f.Permalink,
			ThreadID: threadOf(m),
		})
	}
	return evs
}

// threadOf returns the thread a message replies in (its thread_ts), or ""
// for a message of the channel, a thread's first message included.
func threadOf(m slackgo.Msg) string {
	if m.ThreadTimestamp == m.Timestamp {
		return ""
	}
	return m.ThreadTimestamp
}

// author returns who a message is by: a person's user id (their name is
// looked up by the engine), or for a message an integration posted (an
// alert from Grafana, Datadog, PagerDuty or GitHub: subtype bot_message,
// or another app's message with a bot_id) no user and the integration's
// name, marked as one, such as "Grafana (integration)". Integrations are
// not people: they are in the timeline, not among the participants.
func author(m slackgo.Msg) (user, name string) {
	if m.BotID == "" && m.SubType != "bot_message" {
		return m.User, ""
	}
	switch {
	case m.BotProfile != nil && m.BotProfile.Name != "":
		name = m.BotProfile.Name
	case m.Username != "":
		name = m.Username
	case m.BotID != "":
		name = m.BotID
	default:
		name = "an integration"
	}
	return "", name + " (integration)"
}

// isBot reports whether a user or bot id is the bot's own.
func (a *Adapter) isBot(user, botID string) bool {
	if b := *a.botID.Load(); botID != "" && botID == b {
		return true
	}
	u := a.BotUserID()
	return user != "" && user == u
}

// reactionName returns the engine's name for a Slack reaction: pushpin is
// the engine's pin; skin tones are dropped.
func reactionName(r string) string {
	r, _, _ = strings.Cut(r, "::")
	if r == "pushpin" {
		return bot.PinReaction
	}
	return r
}

// tsTime reads a Slack ts ("1700000000.000100") as a time in UTC; the zero
// time if it is not one.
func tsTime(ts string) time.Time {
	us, ok := tsMicros(ts)
	if !ok {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// tsMicros reads a Slack ts as microseconds since the epoch.
func tsMicros(ts string) (int64, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return 0, false
	}
	frac = (frac + "000000")[:6]
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return s*1_000_000 + f, true
}

// timeTS formats a time as a Slack ts.
func timeTS(t time.Time) string {
	us := t.UnixMicro()
	return strconv.FormatInt(us/1_000_000, 10) + "." + leftPad(strconv.FormatInt(us%1_000_000, 10), 6)
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
