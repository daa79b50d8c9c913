package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// secretDiscordToken is the bot token the Discord secrets drill runs with,
// shaped like a real one (user id, timestamp, HMAC).
const secretDiscordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.SECRETDISCORD.x9y8z7w6v5u4t3s2r1q0p9o8n7m6l5k4"

// discordSecretParts are the token parts whose appearance anywhere is a
// leak. Every token the drill uses holds SECRETDISCORD.
var discordSecretParts = []string{secretDiscordToken, "SECRETDISCORD", "x9y8z7w6v5u4t3s2r1q0p9o8n7m6l5k4"}

// checkNoDiscordToken fails if text, described by what, shows the token.
func checkNoDiscordToken(t *testing.T, what, text string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s is empty: nothing was checked", what)
	}
	for _, s := range discordSecretParts {
		if i := strings.Index(text, s); i >= 0 {
			t.Errorf("%s shows the token (%q): ...%s...", what, s, text[max(0, i-80):min(len(text), i+len(s)+20)])
		}
	}
}

// TestDiscordSecretsNeverShown runs the bot with a known token at debug
// log level, with the metrics listener on, through an incident with rate
// limits, a form, a dropped connection, a reconnect request and a lost
// session, and start-up errors, and checks that no log line, error
// message, message, interaction answer, attachment or /metrics output
// shows the token.
func TestDiscordSecretsNeverShown(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	g := newDiscordGuild(t, fakediscord.Options{Token: secretDiscordToken})
	db := filepath.Join(t.TempDir(), "secrets.db")
	b := g.startBot(t, ctx, db, "WARROOM_LOG_LEVEL=debug", anyPort)
	addr := b.httpAddr(t, ctx)

	_, inc := g.declare(t, ctx, "secrets drill", "P1")
	g.RateLimit(fakediscord.RouteCreateMessage, 2)
	g.RateLimit(fakediscord.RouteEditChannel, 1)
	g.command(t, ctx, inc.ID, g.user(0), fakediscord.Sub("sev", fakediscord.Str("severity", "P0")))
	g.command(t, ctx, inc.ID, g.user(0), fakediscord.Sub("event", fakediscord.Str("text", "the token must not leak")))
	for i := range 20 {
		g.post(t, inc.ID, g.user(i), fmt.Sprintf("message %d", i))
	}
	g.updateThroughForm(t, ctx, inc.ID)

	// A dropped connection and a reconnect request (both resumed), then a
	// lost session (identified again, with the token). After each, a
	// command shows the bot is back before the next fault: discordgo v0.29
	// can lose a connection to its own heartbeat goroutine when op 7
	// arrives while a resume is still being set up.
	resumes, identifies := len(g.Resumes()), len(g.Identifies())
	if err := g.HardClose(); err != nil {
		t.Fatal(err)
	}
	g.waitSession(t, ctx, func() bool { return len(g.Resumes()) > resumes })
	g.command(t, ctx, inc.ID, g.user(0), fakediscord.Sub("status", fakediscord.Str("status", "identified")))
	if err := g.Reconnect(); err != nil {
		t.Fatal(err)
	}
	g.waitSession(t, ctx, func() bool { return len(g.Resumes()) > resumes+1 })
	g.command(t, ctx, inc.ID, g.user(0), fakediscord.Sub("impact", fakediscord.Str("text", "checkout slow")))
	if err := g.InvalidSession(); err != nil {
		t.Fatal(err)
	}
	g.waitSession(t, ctx, func() bool { return len(g.Identifies()) > identifies })
	g.post(t, inc.ID, g.user(1), "after the reconnects")
	g.command(t, ctx, inc.ID, g.user(0), fakediscord.Sub("timeline"))
	doc := g.closeIncident(t, ctx, inc.ID)
	metrics := getMetrics(t, addr)
	b.stop(t)

	for _, want := range []string{"the token must not leak", "message 19", "after the reconnects"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the postmortem lacks %q: the drill did not record through the faults", want)
		}
	}
	checkNoDiscordToken(t, "the postmortem", doc)
	for _, want := range []string{
		`warroom_open_incidents 0`,
		`warroom_api_calls_total{method="channel_message_send",platform="discord"}`,
		`warroom_api_errors_total{method="channel_message_send",platform="discord"} 2`,
		`warroom_api_errors_total{method="channel_edit",platform="discord"} 1`,
		`warroom_events_acked_total{kind="message_create",platform="discord"}`,
		`warroom_ack_latency_seconds_bucket{kind="application_command",platform="discord",le=`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	checkNoDiscordToken(t, "/metrics", metrics)
	logs := b.stderr.String()
	if !strings.Contains(logs, `"level":"debug"`) {
		t.Errorf("no debug lines logged: the drill did not run at debug level")
	}
	if !strings.Contains(logs, `"message":"gateway session resumed"`) {
		t.Errorf("no resumed session logged: the drill did not go through a reconnect")
	}
	checkNoDiscordToken(t, "the logs", logs)
	checkNoDiscordToken(t, "what the bot said in Discord", g.said())

	// Start-up errors: a token Discord refuses, a Slack token, a token with
	// a space, and credentials in the API URL.
	for _, c := range []struct {
		name, token, url, want string
	}{
		{"refused token", "Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.SECRETDISCORD.refused", "", "401"},
		{"Slack token", "xoxb-1234-SECRETDISCORD", "", "not a Slack token"},
		{"token with a space", "MTIzNDU2Nzg5MDEyMzQ1Njc4.SECRETDISCORD x9y8", "", "without spaces"},
		{"token in the API URL", secretDiscordToken, "http://bot:" + secretDiscordToken + "@127.0.0.1:1/api/v9?token=" + secretDiscordToken, "discord.api_url"},
	} {
		env := []string{"WARROOM_LOG_LEVEL=debug", "DISCORD_BOT_TOKEN=" + c.token}
		if c.url != "" {
			env = append(env, "DISCORD_API_URL="+c.url)
		}
		cmd := exec.Command(binary(t), "run")
		cmd.Env = g.env(db, env...)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: warroom run started", c.name)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s: the error does not say %q:\n%s", c.name, c.want, out)
		}
		checkNoDiscordToken(t, c.name+": the output", string(out))
	}
}

// waitSession waits until cond holds and the bot has a gateway session.
func (g *discordGuild) waitSession(t *testing.T, ctx context.Context, cond func() bool) {
	t.Helper()
	if err := g.Wait(ctx, func() bool { return cond() && g.Connected() }); err != nil {
		t.Fatalf("the bot did not come back: %d resumes, %d identifies", len(g.Resumes()), len(g.Identifies()))
	}
}

// updateThroughForm posts an update with the intro's button and the form
// it opens, as the second person.
func (g *discordGuild) updateThroughForm(t *testing.T, ctx context.Context, channel string) {
	t.Helper()
	var intro fakediscord.Message
	for _, m := range g.Messages(channel) {
		if m.Pinned {
			intro = m
		}
	}
	if intro.ID == "" {
		t.Fatal("no pinned intro")
	}
	in, err := g.PressButton(channel, intro.ID, g.user(1), "wr:cmd:update")
	if err != nil {
		t.Fatal(err)
	}
	g.asked = append(g.asked, in.ID)
	if cb, err := g.WaitCallback(ctx, in.ID); err != nil || cb.Type != 9 {
		t.Fatalf("the update button answered %+v (%v), want a form", cb, err)
	}
	sub, err := g.SubmitModal(in.ID, map[string]string{
		"status": "monitoring", "changes": "rotated nothing", "mitigation": "traffic drained", "next": "30m",
	})
	if err != nil {
		t.Fatal(err)
	}
	g.asked = append(g.asked, sub.ID)
	if _, err := g.WaitCallback(ctx, sub.ID); err != nil {
		t.Fatal("the form got no answer")
	}
}

// said returns everything the bot put in the guild: channel names and
// topics, its messages with their embeds, components and attachments, and
// the answers, edits and follow-ups of every interaction the drill sent.
func (g *discordGuild) said() string {
	var b strings.Builder
	for _, c := range g.Channels() {
		b.WriteString(c.Name + "\n")
		if c.Topic != nil {
			b.WriteString(*c.Topic + "\n")
		}
		for _, m := range g.Messages(c.ID) {
			if m.Author == nil || m.Author.ID != g.AppID() {
				continue
			}
			b.WriteString(m.Content + "\n")
			for _, raw := range append(m.Embeds, m.Components...) {
				b.Write(raw)
				b.WriteString("\n")
			}
			for _, a := range m.Attachments {
				b.WriteString(a.Filename + "\n")
				b.Write(a.Data)
				b.WriteString("\n")
			}
		}
	}
	for _, id := range g.asked {
		in, _ := g.Interaction(id)
		if in.Callback != nil {
			d := in.Callback.Data
			b.WriteString(d.Content + "\n" + d.Title + "\n")
			for _, row := range d.Components {
				for _, c := range row.Components {
					b.WriteString(c.Label + "\n" + c.Placeholder + "\n" + c.Value + "\n")
				}
			}
		}
		for _, e := range in.Edits {
			b.WriteString(e.Content + "\n")
		}
		for _, f := range g.Followups(id) {
			b.WriteString(f.Data.Content + "\n")
		}
	}
	return b.String()
}
