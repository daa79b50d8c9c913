package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tokens the secrets drill runs the bot with. Each has a part no other
// text has, which must show nowhere.
const (
	secretAppToken = "xapp-1-A0FAKE-1234-SECRETAPPTOKEN0a1b2c3d4e5f"
	secretBotToken = "xoxb-1234-5678-SECRETBOTTOKEN9z8y7x6w5v"
)

// secretParts are the token parts whose appearance anywhere is a leak.
var secretParts = []string{secretAppToken, secretBotToken, "SECRETAPPTOKEN", "SECRETBOTTOKEN"}

// checkNoSecret fails if text, described by what, shows a token.
func checkNoSecret(t *testing.T, what, text string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s is empty: nothing was checked", what)
	}
	for _, s := range secretParts {
		if i := strings.Index(text, s); i >= 0 {
			t.Errorf("%s shows a token (%q): ...%s...", what, s, text[max(0, i-80):min(len(text), i+len(s)+20)])
		}
	}
}

// TestSlackSecretsNeverShown runs the bot with known tokens at debug log
// level, with the metrics listener on, through an incident with Web API
// failures and rate limits, a restart, and start-up errors, and checks
// that no log line, error message, chat message, postmortem or /metrics
// output shows a token.
func TestSlackSecretsNeverShown(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	w := newSlackWorkspace(t)
	w.SetTokens(secretBotToken, secretAppToken)
	w.botToken, w.appToken = secretBotToken, secretAppToken
	db := filepath.Join(t.TempDir(), "secrets.db")
	b := w.startBot(t, ctx, db, "WARROOM_LOG_LEVEL=debug", anyPort)
	addr := b.httpAddr(t, ctx)

	inc := w.declare(t, ctx, "secrets drill", "P1")
	w.RateLimit("chat.postMessage", 2, 0)
	w.Fail("conversations.setTopic", "invalid_auth", 1)
	w.Fail("chat.postEphemeral", "not_in_channel", 1) // answered through the response URL
	if _, err := w.SendSlashCommand(inc.ID, "U1", "sev P0").Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Wait(ctx, func() bool { return len(w.Responses()) == 1 }); err != nil {
		t.Fatal("no answer through the response URL")
	}
	w.command(t, ctx, inc.ID, "U1", "event the token must not leak")
	for i := range 20 {
		if _, err := w.SendMessage(inc.ID, slackUsers[i%len(slackUsers)].id, fmt.Sprintf("message %d", i)).Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Counted before the drop: the bot may be back before a count read
	// after it, which would then wait for one connection too many.
	conns := w.Connections()
	w.DropConnection() // reconnect: apps.connections.open again
	if err := w.WaitConnected(ctx, conns+1); err != nil {
		t.Fatal(err)
	}
	doc := w.closeIncident(t, ctx, inc.ID)

	metrics := getMetrics(t, addr)
	for _, want := range []string{
		`warroom_api_calls_total{method="chat.postMessage",platform="slack"}`,
		`warroom_api_errors_total{method="chat.postMessage",platform="slack"} 2`,
		`warroom_events_acked_total{kind="message",platform="slack"}`,
		`warroom_ack_latency_seconds_bucket{kind="slash_command",platform="slack",le=`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	b.stop(t)

	checkNoSecret(t, "the postmortem", doc)
	checkNoSecret(t, "/metrics", metrics)
	logs := b.stderr.String()
	if !strings.Contains(logs, `"level":"debug"`) {
		t.Errorf("no debug lines logged: the drill did not run at debug level")
	}
	checkNoSecret(t, "the logs", logs)
	var said strings.Builder
	for _, c := range w.Channels() {
		for _, m := range w.History(c.ID) {
			said.WriteString(m.Text + "\n")
		}
	}
	for _, e := range w.Ephemerals() {
		said.WriteString(e.Text + "\n")
	}
	for _, r := range w.Responses() {
		said.WriteString(r.Text + "\n")
	}
	checkNoSecret(t, "what the bot said in Slack", said.String())

	// Start-up errors: a token Slack refuses, and tokens in each other's
	// place.
	for _, c := range []struct {
		name, app, bot, want string
	}{
		{"refused bot token", secretAppToken, "xoxb-9-SECRETBOTTOKENrefused", "invalid_auth"},
		{"swapped tokens", secretBotToken, secretAppToken, "SLACK_APP_TOKEN"},
	} {
		cmd := exec.Command(binary(t), "run")
		cmd.Env = w.slackEnv(db, "WARROOM_LOG_LEVEL=debug", "SLACK_APP_TOKEN="+c.app, "SLACK_BOT_TOKEN="+c.bot)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: warroom run started", c.name)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s: the error does not say %q:\n%s", c.name, c.want, out)
		}
		checkNoSecret(t, c.name+": the output", string(out))
	}
}
