package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// ungrouped are subcommands as Slack spells them that Discord offers only
// under a group (/incident writeup cause, /incident learn similar).
var ungrouped = []string{"/incident cause", "/incident service", "/incident lesson", "/incident comms",
	"/incident similar", "/incident stats", "/incident followups"}

// TestDiscordTextsSpellGroups plays an incident on Discord, from declare
// through a reminder to the postmortem, with help, a usage error and stats
// on the way: every text the bot shows spells the subcommands Discord
// lists under a group as they are typed there (/incident writeup comms),
// never as Slack does (/incident comms), which Discord has not got.
func TestDiscordTextsSpellGroups(t *testing.T) {
	ctx := drillCtx(t, time.Minute)
	g := newDiscordGuild(t, fakediscord.Options{})
	db := filepath.Join(t.TempDir(), "spelling.db")
	b := g.startBot(t, ctx, db, "WARROOM_REMINDER_P1=1s", "WARROOM_REMINDER_SWEEP=200ms")
	n, inc := g.declare(t, ctx, "spelling on discord", "P1")

	var texts []string
	ask := func(channel string, sub *fakediscord.Option) string {
		a := g.command(t, ctx, channel, g.user(0), sub)
		texts = append(texts, a)
		return a
	}
	ask(inc.ID, fakediscord.Sub("help"))
	ask(inc.ID, fakediscord.Sub("help", fakediscord.Str("topic", "writeup")))
	if a := ask(inc.ID, fakediscord.Sub("help", fakediscord.Str("topic", "writeup cause"))); !strings.Contains(a, "Usage: /incident writeup cause <") {
		t.Errorf("help writeup cause answered %q", a)
	}
	if a := ask(g.GeneralChannel(), fakediscord.Group("learn", fakediscord.Sub("similar"))); !strings.Contains(a, "Usage: /incident learn similar") {
		t.Errorf("similar with nothing to look for answered %q", a)
	}
	if a := ask(g.GeneralChannel(), fakediscord.Group("learn", fakediscord.Sub("stats"))); !strings.Contains(a, "/incident learn stats --post") {
		t.Errorf("stats answered %q", a)
	}
	if err := g.Wait(ctx, func() bool { return len(g.discordPrompts(inc.ID, n)) > 0 }); err != nil {
		t.Fatal("no update prompt")
	}
	if p := lastPrompt(g, inc.ID); !strings.Contains(p, "/incident writeup comms <audience>") {
		t.Errorf("the prompt does not say how to record comms: %q", p)
	}
	ask(inc.ID, fakediscord.Sub("resolve", fakediscord.Str("summary", "rolled back")))
	doc := g.closeIncident(t, ctx, inc.ID)
	b.stop(t)
	for _, want := range []string{"/incident writeup lesson <", "/incident writeup service <", "/incident writeup comms <"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the postmortem draft does not say %q", want)
		}
	}
	texts = append(texts, doc)
	for _, ch := range g.Channels() {
		for _, m := range g.Messages(ch.ID) {
			if m.Author != nil && m.Author.ID == g.AppID() {
				texts = append(texts, m.Content)
			}
		}
	}
	for _, id := range g.asked {
		in, _ := g.Interaction(id)
		for _, e := range in.Edits {
			texts = append(texts, e.Content)
		}
		for _, f := range g.Followups(id) {
			texts = append(texts, f.Data.Content)
		}
	}
	for _, text := range texts {
		for _, l := range strings.Split(text, "\n") {
			for _, bad := range ungrouped {
				if strings.Contains(l, bad+" ") || strings.Contains(l, bad+"`") || strings.HasSuffix(l, bad) {
					t.Errorf("says %s: %s", bad, l)
				}
			}
		}
	}
	t.Logf("%d texts read", len(texts))
}
