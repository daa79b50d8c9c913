package slack

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack/slackevents"

	"github.com/warroom-dev/warroom/bot"
)

// pings matches what would still notify people in Slack text.
var pings = regexp.MustCompile(`(?i)<[!@#]|@(channel|here|everyone|group)\b`)

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"<!channel> deploy", "@here look", "<@U123|bob>", "&lt;!here&gt;", "<!subteam^S1>", "@@channel", "\xff@here", "@everyone!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if pings.MatchString(q) {
			t.Fatalf("Quote(%q) = %q still pings", s, q)
		}
		if plain(strings.ReplaceAll(q, wordJoiner, "")) != s && !strings.Contains(s, "&") {
			t.Fatalf("Quote(%q) = %q does not read back as the text typed", s, q)
		}
	})
}

// fuzzAdapter is an Adapter that has "run": it knows its bot user, and its
// API is a closed port, so a name lookup fails at once.
func fuzzAdapter(t testing.TB) *Adapter {
	a, err := New(Options{AppToken: "xapp-fuzz", BotToken: "xoxb-fuzz", APIURL: "http://127.0.0.1:1/api/",
		HTTPTimeout: 50 * time.Millisecond, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	user, id := "UBOT", "BBOT"
	a.botUser.Store(&user)
	a.botID.Store(&id)
	a.users["U1"] = "alice" // the cache spares most lookups
	return a
}

// FuzzTranslate feeds events_api inner events, as Slack's JSON, through the
// adapter's translation: it never panics, and every event it yields names a
// channel and what the event is about.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		`{"type":"message","channel":"C1","user":"U1","text":"hi &amp; bye","ts":"1700000000.000100"}`,
		`{"type":"message","subtype":"message_changed","channel":"C1","message":{"user":"U1","text":"new","ts":"1700000000.000100","edited":{"user":"U1","ts":"1700000005.000000"}},"previous_message":{"user":"U1","text":"old","ts":"1700000000.000100"},"event_ts":"1700000005.000200"}`,
		`{"type":"message","subtype":"message_deleted","channel":"C1","deleted_ts":"1700000000.000100","previous_message":{"user":"U1","text":"gone","ts":"1700000000.000100"},"event_ts":"1700000009.000000"}`,
		`{"type":"message","subtype":"file_share","channel":"C1","user":"U1","text":"","ts":"1700000001.000100","files":[{"id":"F1","name":"graph.png","permalink":"https://x/F1"}]}`,
		`{"type":"message","channel":"C1","user":"UBOT","bot_id":"BBOT","text":"my own","ts":"1700000002.000100"}`,
		`{"type":"message","channel":"C1","user":"U1","text":"reply","ts":"1700000003.000100","thread_ts":"1700000000.000100"}`,
		`{"type":"reaction_added","user":"U1","reaction":"pushpin","item":{"type":"message","channel":"C1","ts":"1700000000.000100"},"event_ts":"1700000004.000100"}`,
		`{"type":"member_joined_channel","user":"U1","channel":"C1","event_ts":"1700000005.000100"}`,
		`{"type":"message","subtype":"message_changed","channel":"C1"}`,
		`{"type":"message","channel":"C1","ts":"not a ts","text":"\u0000"}`,
	} {
		f.Add(s)
	}
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, inner string) {
		outer := `{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1700000000,"event":` + inner + `}`
		ev, err := slackevents.ParseEvent([]byte(outer), slackevents.OptionNoVerifyToken())
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, evs := a.translate(ctx, ev.InnerEvent, "Ev1")
		for _, e := range evs {
			if e.ChannelID == "" {
				t.Fatalf("%s: event without a channel: %+v", inner, e)
			}
			switch e.Kind {
			case bot.MessagePosted, bot.MessageEdited, bot.MessageDeleted, bot.ReactionAdded, bot.FileShared:
				if e.MessageID == "" {
					t.Fatalf("%s: %s event without a message id: %+v", inner, e.Kind, e)
				}
			case bot.MemberJoined:
			default:
				t.Fatalf("%s: unknown kind %q", inner, e.Kind)
			}
			if e.User == "UBOT" {
				t.Fatalf("%s: the bot's own event was translated: %+v", inner, e)
			}
		}
	})
}
