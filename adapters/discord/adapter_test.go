package discord

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no token", Options{GuildID: "1"}, "DISCORD_BOT_TOKEN"},
		{"no guild", Options{BotToken: "x"}, "DISCORD_GUILD_ID"},
		{"bad guild", Options{BotToken: "x", GuildID: "my-server"}, "DISCORD_GUILD_ID"},
		{"bad app", Options{BotToken: "x", GuildID: "1", AppID: "app"}, "DISCORD_APP_ID"},
		{"bad url", Options{BotToken: "x", GuildID: "1", APIURL: "ftp://x"}, "DISCORD_API_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

func TestIdentifyIntents(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	startAdapter(t, f, newRecHandler(), nil)
	ids := f.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d identifies, want 1", len(ids))
	}
	want := int(discordgo.IntentGuilds | discordgo.IntentGuildMessages | discordgo.IntentMessageContent | discordgo.IntentGuildMessageReactions)
	if ids[0].Intents != want {
		t.Errorf("intents %d, want %d (guilds, guild messages, message content, reactions)", ids[0].Intents, want)
	}
	if ids[0].Intents&int(discordgo.IntentGuildMembers) != 0 {
		t.Error("asks for the guild members intent, which it does not use")
	}
	if ids[0].Token != "Bot "+f.Token() {
		t.Errorf("identify token is not the bot token")
	}
}

func TestIntentsRefused(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	f.RefuseIntents(-1)
	err := runUntilError(t, f)
	if !errors.Is(err, ErrDisallowedIntents) {
		t.Fatalf("Run: %v, want ErrDisallowedIntents", err)
	}
	for _, s := range []string{"4014", "Message Content intent", "Developer Portal"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
}

func TestIntentsRefusedAfterReconnect(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	f.RefuseIntents(-1)
	if err := f.InvalidSession(); err != nil { // the client must identify again, and is refused
		t.Fatal(err)
	}
	select {
	case <-r.done:
		if !errors.Is(r.err, ErrDisallowedIntents) {
			t.Fatalf("Run: %v, want ErrDisallowedIntents", r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return when the intents were refused on a new identify")
	}
}

func TestRegistersCommandIdempotently(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	cmds, n := f.Commands()
	if n != 1 || len(cmds) != 1 || cmds[0].Name != "incident" {
		t.Fatalf("registered %d times: %+v", n, cmds)
	}
	first := cmds[0].ID
	subs := map[string]*fakediscord.CommandOption{}
	for _, o := range cmds[0].Options {
		subs[o.Name] = o
	}
	for _, name := range []string{"declare", "role", "sev", "status", "ack", "mitigated", "resolve", "close", "reopen",
		"update", "event", "impact", "summary", "why", "writeup", "action", "postmortem", "timeline", "list", "help"} {
		if subs[name] == nil {
			t.Errorf("no subcommand %s", name)
		}
	}
	if g := subs["action"]; g == nil || g.Type != fakediscord.OptSubCommandGroup || len(g.Options) != 6 {
		t.Errorf("action is not a group of add, done, verify, reopen, drop, list: %+v", g)
	}
	role := subs["role"]
	if role.Options[0].Name != "role" || len(role.Options[0].Choices) != 4 || role.Options[1].Type != fakediscord.OptUser {
		t.Errorf("role options: %+v %+v", role.Options[0], role.Options[1])
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	startAdapter(t, f, newRecHandler(), nil)
	cmds, n = f.Commands()
	if n != 2 || len(cmds) != 1 || cmds[0].ID != first {
		t.Errorf("second start: %d registrations, %d commands, id %s (was %s)", n, len(cmds), cmds[0].ID, first)
	}
}

func TestCategoryByNameOrID(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	startAdapter(t, f, newRecHandler(), func(o *Options) { o.IncidentCategory = "War Rooms" })
	var cat string
	for _, c := range f.Channels() {
		if c.Type == fakediscord.ChannelCategory && c.Name == "War Rooms" {
			cat = c.ID
		}
	}
	if cat == "" {
		t.Fatal("the category was not created")
	}

	g := startFake(t, fakediscord.Options{})
	id := g.AddChannel("ops", fakediscord.ChannelCategory, "")
	r := startAdapter(t, g, newRecHandler(), func(o *Options) { o.IncidentCategory = id })
	ch, err := r.CreateChannel(t.Context(), "inc-7-DB Down!! now")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := g.Channel(ch.ID)
	if c.ParentID == nil || *c.ParentID != id || c.Name != "inc-7-db-down-now" || ch.Name != c.Name {
		t.Errorf("channel %+v (parent %v), returned %+v", c, c.ParentID, ch)
	}
	if n := len(g.Channels()); n != 3 {
		t.Errorf("%d channels, want general, ops and the incident's", n)
	}
}

func TestRunWithUnknownCategoryID(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	a, err := New(func() Options { o := testOptions(t, f); o.IncidentCategory = "123456789012345678"; return o }())
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(t.Context(), asHandler(newRecHandler(), zerolog.Nop()))
	if err == nil || !strings.Contains(err.Error(), "DISCORD_INCIDENT_CATEGORY") {
		t.Fatalf("Run: %v, want an error naming DISCORD_INCIDENT_CATEGORY", err)
	}
}

func TestChannelName(t *testing.T) {
	// Names are made with the engine's slugifier (bot.Slug, whose tests
	// hold how titles become names); the adapter fits them to Discord's 100.
	tests := []struct{ in, want string }{
		{"inc-1-db-down", "inc-1-db-down"},
		{"INC-2 Checkout Errors", "inc-2-checkout-errors"},
		{"inc-3-🔥fire!!", "inc-3-fire"},
		{"---", "incident"},
		{strings.Repeat("a", 150), strings.Repeat("a", 100)},
	}
	for _, tt := range tests {
		if got := channelName(tt.in); got != tt.want {
			t.Errorf("channelName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNoTokenInLogs(t *testing.T) {
	f := startFake(t, fakediscord.Options{Token: "s3cr3t-t0ken-value"})
	var buf syncBuffer
	r := startAdapter(t, f, newRecHandler(), func(o *Options) {
		o.Log = o.Log.Output(&buf).Level(-1) // trace: everything
	})
	f.Reconnect()
	wait(t, "resume", func() bool { return len(f.Resumes()) == 1 && r.Connected() })
	r.stop(t)
	if buf.Len() == 0 {
		t.Fatal("nothing logged")
	}
	if strings.Contains(buf.String(), "s3cr3t") {
		t.Errorf("the token is in the logs:\n%s", buf.String())
	}
}

// TestStopClosesNormally: stopping sends the gateway a normal close (1000).
// How long stopping takes is BenchmarkStop's to measure.
func TestStopClosesNormally(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	r := startAdapter(t, f, newRecHandler(), nil)
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	wait(t, "a normal close", func() bool { return slices.Contains(f.ClientCloseCodes(), 1000) && !f.Connected() })
}

// BenchmarkStop measures how long Run takes to return once stopped: it
// should not wait out the second that discordgo's Close pauses after the
// close frame (well under a millisecond against the fake; about 1 s would
// mean the pause is back).
func BenchmarkStop(b *testing.B) {
	f := startFake(b, fakediscord.Options{})
	var total time.Duration
	for range b.N {
		r := startAdapter(b, f, newRecHandler(), nil)
		start := time.Now()
		if err := r.stop(b); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total)/float64(time.Millisecond)/float64(b.N), "ms/stop")
}

// TestStartErrorsNameDiscordOnce: the program names the platform before
// Run's error ("discord: " + err), so Run's errors do not name it again.
func TestStartErrorsNameDiscordOnce(t *testing.T) {
	down := startFake(t, fakediscord.Options{})
	down.Close()
	refusing := startFake(t, fakediscord.Options{})
	refusing.RefuseIntents(-1)
	f := startFake(t, fakediscord.Options{})
	for _, c := range []struct {
		name string
		f    *fakediscord.Fake
		mod  func(*Options)
		want string
	}{
		{"gateway unreachable", down, nil, "connect to the gateway: "},
		{"intents refused", refusing, nil, "Message Content intent"},
		{"no such category", f, func(o *Options) { o.IncidentCategory = "123456789012345678" }, "DISCORD_INCIDENT_CATEGORY"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := testOptions(t, c.f)
			if c.mod != nil {
				c.mod(&o)
			}
			a, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			err = a.Run(t.Context(), asHandler(newRecHandler(), zerolog.Nop()))
			if err == nil {
				t.Fatal("Run started")
			}
			shown := "discord: " + err.Error()
			if !strings.Contains(shown, c.want) || strings.Count(shown, "discord: ") != 1 {
				t.Errorf("shown as %q: want %q in it, and Discord named once", shown, c.want)
			}
		})
	}
}

// TestLogFieldsOnce: the adapter logs with the caller's logger, which
// names the platform (as the program's does); it adds no field of the same
// name, which would make each line JSON with a duplicate key.
func TestLogFieldsOnce(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	var logs syncBuffer
	startAdapter(t, f, newRecHandler(), func(o *Options) {
		o.Log = zerolog.New(&logs).With().Str("platform", "discord").Logger()
	}).stop(t)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) < 3 {
		t.Fatalf("%d lines logged", len(lines))
	}
	for _, l := range lines {
		if n := strings.Count(l, `"platform":`); n != 1 {
			t.Errorf("platform named %d times in %s", n, l)
		}
	}
}
