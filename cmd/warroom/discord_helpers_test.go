package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// The drills in discord_*_test.go run the real warroom binary (`warroom
// run` with WARROOM_PLATFORM=discord) against a fake Discord in the test
// process. The bot process is the same as the Slack drills' (botProcess):
// only the platform it is pointed at differs.

// discordNames are the people of the drills' guild. The first declares
// every incident, so she is its Incident Commander.
var discordNames = []string{"alice", "bob", "carol", "dan", "erin"}

// discordGuild is a fake Discord with the drills' people.
type discordGuild struct {
	*fakediscord.Fake
	users []fakediscord.User
	// token is what the bot is started with.
	token string
	// asked holds the ids of the interactions command sent.
	asked []string
}

func newDiscordGuild(t *testing.T, o fakediscord.Options) *discordGuild {
	t.Helper()
	f, err := fakediscord.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	g := &discordGuild{Fake: f, token: f.Token()}
	for _, n := range discordNames {
		g.users = append(g.users, f.AddUser(n))
	}
	return g
}

// user returns the id of the i-th person, round the guild.
func (g *discordGuild) user(i int) string { return g.users[i%len(g.users)].ID }

// env is the environment of `warroom run` against the guild, on the store
// file db, with extra settings (KEY=value) last.
func (g *discordGuild) env(db string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WARROOM_") && !strings.HasPrefix(kv, "SLACK_") && !strings.HasPrefix(kv, "DISCORD_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"WARROOM_PLATFORM=discord", "WARROOM_DB="+db, "WARROOM_LOG_FORMAT=json", "WARROOM_LOG_LEVEL=info",
		"DISCORD_BOT_TOKEN="+g.token, "DISCORD_GUILD_ID="+g.GuildID(), "DISCORD_API_URL="+g.URL(),
	)
	return append(env, extra...)
}

// startBot starts `warroom run` on db and waits until it has connected,
// registered /incident and found its category.
func (g *discordGuild) startBot(t *testing.T, ctx context.Context, db string, extra ...string) *botProcess {
	t.Helper()
	b := g.spawnBot(t, db, extra...)
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	b.waitLog(t, wctx, `"message":"discord adapter running"`)
	return b
}

// spawnBot starts `warroom run` on db without waiting for anything.
func (g *discordGuild) spawnBot(t *testing.T, db string, extra ...string) *botProcess {
	t.Helper()
	return spawnRun(t, g.env(db, extra...))
}

// waitGone waits until the fake has no gateway client: after the bot has
// stopped, nothing posted reaches it.
func (g *discordGuild) waitGone(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := g.Wait(ctx, func() bool { return !g.Connected() }); err != nil {
		t.Fatal("the fake still has a gateway client after the bot stopped")
	}
}

// command runs /incident sub as user in channel and returns the bot's
// answer, direct or deferred.
func (g *discordGuild) command(t *testing.T, ctx context.Context, channel, user string, sub *fakediscord.Option) string {
	t.Helper()
	in, err := g.SlashCommand(channel, user, "incident", sub)
	if err != nil {
		t.Fatalf("/incident %s: %v", sub.Name, err)
	}
	g.asked = append(g.asked, in.ID)
	var answer string
	err = g.Wait(ctx, func() bool {
		in, _ := g.Interaction(in.ID)
		switch {
		case in.Callback == nil:
			return false
		case in.Callback.Type == 5: // deferred: the answer is an edit
			if len(in.Edits) == 0 {
				return false
			}
			answer = in.Edits[len(in.Edits)-1].Content
		default:
			answer = in.Callback.Data.Content
		}
		return true
	})
	if err != nil {
		t.Fatalf("/incident %s: no answer", sub.Name)
	}
	return answer
}

var declaredRE = regexp.MustCompile(`Declared INC-(\d+)`)

// declare declares an incident from #general as the first person and
// returns its number and channel.
func (g *discordGuild) declare(t *testing.T, ctx context.Context, title, sev string) (int, fakediscord.Channel) {
	t.Helper()
	answer := g.command(t, ctx, g.GeneralChannel(), g.user(0),
		fakediscord.Sub("declare", fakediscord.Str("title", title), fakediscord.Str("severity", sev)))
	m := declaredRE.FindStringSubmatch(answer)
	if m == nil {
		t.Fatalf("declare answered %q", answer)
	}
	n, _ := strconv.Atoi(m[1])
	prefix := fmt.Sprintf("inc-%d-", n)
	for _, c := range g.Channels() {
		if c.Type == fakediscord.ChannelText && strings.HasPrefix(c.Name, prefix) {
			return n, c
		}
	}
	t.Fatalf("no channel %s* among %+v", prefix, g.Channels())
	return 0, fakediscord.Channel{}
}

// post posts text in a channel as user, as a person would.
func (g *discordGuild) post(t *testing.T, channel, user, text string) fakediscord.Message {
	t.Helper()
	m, err := g.UserMessage(channel, user, text)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// postmortems returns the Markdown files the bot attached in a channel.
func (g *discordGuild) postmortems(channel string) []string {
	var docs []string
	for _, m := range g.Messages(channel) {
		if m.Author == nil || m.Author.ID != g.AppID() {
			continue
		}
		for _, a := range m.Attachments {
			if strings.HasSuffix(a.Filename, ".md") {
				docs = append(docs, string(a.Data))
			}
		}
	}
	return docs
}

// closeIncident closes the incident of channel as the first person (its
// Incident Commander) and returns the postmortem attached in the channel.
func (g *discordGuild) closeIncident(t *testing.T, ctx context.Context, channel string) string {
	t.Helper()
	before := len(g.postmortems(channel))
	if a := g.command(t, ctx, channel, g.user(0), fakediscord.Sub("close")); !strings.Contains(a, "closed") {
		t.Fatalf("close answered %q", a)
	}
	if err := g.Wait(ctx, func() bool { return len(g.postmortems(channel)) > before }); err != nil {
		t.Fatal("no postmortem attached")
	}
	docs := g.postmortems(channel)
	return docs[len(docs)-1]
}

// discordPrompts returns when the bot posted the update prompts of an
// incident in a channel (the time in each message's id).
func (g *discordGuild) discordPrompts(channel string, incident int) []time.Time {
	var at []time.Time
	for _, m := range g.Messages(channel) {
		if m.Author != nil && m.Author.ID == g.AppID() && strings.Contains(m.Content, fmt.Sprintf("an update on INC-%d", incident)) {
			ts, _ := fakediscord.SnowflakeTime(m.ID)
			at = append(at, ts)
		}
	}
	return at
}

// getMetrics returns the bot's /metrics page at addr.
func getMetrics(t *testing.T, addr string) string {
	t.Helper()
	code, body := httpGet(t, addr, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	return body
}

// metricValue returns the value of the series line starting with series
// (name and labels, exactly as exported), or 0 if there is none yet.
func metricValue(page, series string) float64 {
	for _, l := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f
		}
	}
	return 0
}

// waitMetric waits until the bot's series at addr counts at least n, and
// returns the count it saw.
func waitMetric(t *testing.T, ctx context.Context, addr, series string, n float64) float64 {
	t.Helper()
	for {
		v := metricValue(getMetrics(t, addr), series)
		if v >= n {
			return v
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never reached %v (at %v)", series, n, v)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
