package discord

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
)

// fuzzBot is the bot user's id in the fuzz targets.
const fuzzBot = "999"

// fuzzAdapter is an Adapter as Run leaves it after READY: it knows its bot
// user. Translation makes no call.
func fuzzAdapter(t testing.TB) *Adapter {
	a, err := New(Options{BotToken: "fuzz", GuildID: "1", Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	a.botID = fuzzBot
	return a
}

// dispatches are the gateway events the adapter handles, as discordgo
// decodes them.
var dispatches = map[string]func() any{
	"MESSAGE_CREATE":       func() any { return &discordgo.MessageCreate{} },
	"MESSAGE_UPDATE":       func() any { return &discordgo.MessageUpdate{} },
	"MESSAGE_DELETE":       func() any { return &discordgo.MessageDelete{} },
	"MESSAGE_REACTION_ADD": func() any { return &discordgo.MessageReactionAdd{} },
	"INTERACTION_CREATE":   func() any { return &discordgo.InteractionCreate{} },
}

// decode reads a gateway frame the way discordgo's session does: a
// dispatch whose payload fails to decode is handed on as far as it was
// decoded, so the adapter sees half-filled structs.
func decode(frame []byte) any {
	var e *discordgo.Event
	if json.Unmarshal(frame, &e) != nil || e == nil || e.Operation != 0 {
		return nil
	}
	mk := dispatches[e.Type]
	if mk == nil {
		return nil
	}
	v := mk()
	_ = json.Unmarshal(e.RawData, v) // ignored, as discordgo does
	return v
}

// FuzzTranslate feeds gateway dispatch frames (op 0) through the adapter's
// translation. It never panics; every event it gives names its channel,
// message and event id, and none is the bot's own; every interaction it
// accepts names a user and channel, and gives exactly one of a command, a
// submission or a reason it could not be read; command text goes through
// the engine's parser, and free text comes back out as typed.
func FuzzTranslate(f *testing.F) {
	a := fuzzAdapter(f)
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, frame string) {
		switch v := decode([]byte(frame)).(type) {
		case nil:
		case *discordgo.InteractionCreate:
			if v.Interaction == nil {
				return
			}
			checkInteraction(t, a, v.Interaction, now)
		default:
			_, _, evs, ok := a.channelEvents(v)
			if !ok && len(evs) > 0 {
				t.Fatalf("events from a dispatch that is not ours: %+v", evs)
			}
			for _, e := range evs {
				if e.ChannelID == "" || e.MessageID == "" || e.EventID == "" {
					t.Fatalf("event without a channel, message or event id: %+v", e)
				}
				switch e.Kind {
				case bot.MessagePosted, bot.MessageEdited, bot.MessageDeleted, bot.ReactionAdded, bot.FileShared:
				default:
					t.Fatalf("unknown kind %q", e.Kind)
				}
				if e.User == fuzzBot {
					t.Fatalf("the bot's own event was translated: %+v", e)
				}
			}
		}
	})
}

// TestTranslateDropsMalformed: dispatches that name no channel or message
// give no event (they used to give events with empty ids).
func TestTranslateDropsMalformed(t *testing.T) {
	a := fuzzAdapter(t)
	for _, d := range []string{
		`"t":"MESSAGE_CREATE","d":{"channel_id":"2","type":0,"content":"no id","author":{"id":"42"}}`,
		`"t":"MESSAGE_CREATE","d":{"id":"3","type":0,"content":"no channel","author":{"id":"42"}}`,
		`"t":"MESSAGE_CREATE","d":{"id":"3","channel_id":"2","type":0,"author":{"id":"42"},"attachments":[null,{"filename":"no-id.png"}]}`,
		`"t":"MESSAGE_UPDATE","d":{"channel_id":"2","content":"x","edited_timestamp":"2024-05-01T14:09:00Z"}`,
		`"t":"MESSAGE_DELETE","d":{}`,
		`"t":"MESSAGE_DELETE"`,
		`"t":"MESSAGE_REACTION_ADD","d":{"message_id":"3","channel_id":"2","emoji":{"name":"👍"}}`,
	} {
		v := decode([]byte(`{"op":0,` + d + `}`))
		if v == nil {
			t.Fatalf("%s: not decoded", d)
		}
		if _, _, evs, _ := a.channelEvents(v); len(evs) > 0 {
			t.Errorf("%s: gave %+v", d, evs)
		}
	}
}

func checkInteraction(t *testing.T, a *Adapter, i *discordgo.Interaction, now time.Time) {
	q, err := a.translateInteraction(i)
	if err != nil {
		if !errors.Is(err, errNotOurs) {
			t.Fatalf("error %v does not say the interaction is not ours", err)
		}
		return
	}
	if q.user == "" {
		t.Fatal("an interaction of no one was accepted")
	}
	n := 0
	for _, set := range []bool{q.req != nil, q.sub != nil, q.unreadable != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("interaction gave %d of a command, a submission and an error: %+v", n, q)
	}
	switch {
	case q.req != nil:
		if q.req.User != q.user || q.req.ChannelID == "" {
			t.Fatalf("request %+v names no user or channel", q.req)
		}
		inv, err := commands.Parse(q.req.Text, now)
		if err == nil && i.Type == discordgo.InteractionApplicationCommand {
			checkText(t, i.Data.(discordgo.ApplicationCommandInteractionData), inv)
		}
	case q.sub != nil:
		if q.sub.User != q.user || q.sub.Values == nil {
			t.Fatalf("submission %+v names no user or has no values", q.sub)
		}
	}
}

// checkText checks that the text of /incident impact, summary or why
// reaches the engine as typed (less the spaces around it), when it has no
// characters the parser cleans away.
func checkText(t *testing.T, d discordgo.ApplicationCommandInteractionData, inv bot.Invocation) {
	o := d.Options[0]
	var typed string
	for _, v := range o.Options {
		if v.Name == "text" {
			typed, _ = v.Value.(string)
		}
	}
	if !utf8.ValidString(typed) || strings.ContainsFunc(typed, func(r rune) bool {
		return r == '\r' || r == '\v' || r == '\f' || r != '\t' && r != '\n' && unicode.IsControl(r)
	}) {
		return
	}
	var got string
	switch c := inv.Command.(type) {
	case bot.SetImpact:
		got = c.Text
	case bot.SetSummary:
		got = c.Text
	case bot.AddWhy:
		got = c.Text
	default:
		return
	}
	if want := strings.TrimSpace(typed); got != want {
		t.Fatalf("/incident %s text %q reached the engine as %q", o.Name, want, got)
	}
}

// FuzzCommandText checks that the free text of /incident impact, summary
// and why reaches the engine as typed: commandText quotes it, and the
// parser reads it back, whatever it holds.
func FuzzCommandText(f *testing.F) {
	for _, s := range []string{"checkout down", `say "hi" \o/`, "--sev P0", "  spaced  ", "\\\"", "a\nb", "“curly” ‘quotes’", "'", "\u00a0x\u00a0", "<@42> @everyone"} {
		f.Add(s)
	}
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, typed string) {
		for _, name := range []string{"impact", "summary", "why"} {
			d := discordgo.ApplicationCommandInteractionData{Name: CommandName, Options: []*opt{sub(name, str("text", typed))}}
			text, err := commandText(d)
			if err != nil {
				t.Fatalf("%s %q: %v", name, typed, err)
			}
			inv, err := commands.Parse(text, now)
			if err != nil {
				if strings.TrimSpace(typed) == "" || utf8.RuneCountInString(text) > commands.MaxLen || len(text) > commands.MaxLen*utf8.UTFMax ||
					strings.ContainsFunc(typed, unicode.IsControl) {
					continue // refused for what it is, not how it was quoted
				}
				t.Fatalf("%s %q: %s: %v", name, typed, text, err)
			}
			checkText(t, d, inv)
		}
	})
}

// pings matches what would still notify people in Discord text.
var pings = regexp.MustCompile(`@everyone|@here|<@[!&]?\d+>`)

// FuzzQuote checks that quoted text pings no one and reads as typed once
// the zero-width spaces are taken out.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"@everyone deploy", "@here look", "<@123>", "<@!123>", "<@&456> on call", "<@@everyone", "<<@1>>", "\xff@here", "@\u200beveryone"} {
		f.Add(s)
	}
	a := &Adapter{}
	f.Fuzz(func(t *testing.T, s string) {
		q := a.Quote(s)
		if pings.MatchString(q) {
			t.Fatalf("Quote(%q) = %q still pings", s, q)
		}
		if strip(q) != strip(s) {
			t.Fatalf("Quote(%q) = %q does not read as the text typed", s, q)
		}
	})
}

func strip(s string) string { return strings.ReplaceAll(s, "\u200b", "") }
