package postmortem

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

func TestBlameIn(t *testing.T) {
	for _, tt := range []struct {
		text, phrase string
	}{
		{"I think someone fat-fingered it", "someone fat-fingered"},
		{"Dan forgot to run the migration", "Dan forgot"},
		{"sorry, this is on me", "this is on me"},
		{"it was his fault really", "his fault"},
		{"classic human error", "human error"},
		{"who do we blame for this", "blame"},
		{"the deploy was careless", "careless"},
		{"rollback complete, error rate falling", ""},
		{"the cache forgets entries after 5m", ""},
		{"Fault injection test passed", ""},
		{"", ""},
	} {
		if got, hint := blameIn(tt.text); !strings.EqualFold(got, tt.phrase) || (got != "") != (hint != "") {
			t.Errorf("blameIn(%q) = %q, %q; want %q", tt.text, got, hint, tt.phrase)
		}
	}
}

// TestBlamelessCheckAndLinks: the last section lists the lines that read
// as blame, each with a hint, from messages and from the sections people
// wrote, removing nothing; Links lists each address once. Neither repeats
// a deleted message or an edited message's earlier version.
func TestBlamelessCheckAndLinks(t *testing.T) {
	inc := minimalIncident()
	inc.Summary = "The outage happened because Bob forgot the flag."
	msg := func(m int, id, user, text string) bot.Entry {
		return bot.Entry{At: pmAt(14, m, 0), Kind: bot.EntryMessage, Author: user, MessageID: id, Text: text}
	}
	entries := []bot.Entry{
		msg(1, "m1", "U04DAN", "I think someone fat-fingered it, see https://grafana.example.com/d/x?a=1."),
		msg(2, "m2", "U02BOB", "runbook: <https://wiki.example.com/runbook|runbook> and again https://grafana.example.com/d/x?a=1"),
		msg(3, "m3", "U03CAROL", "this is on me, token at https://secret.example.com/t"),
		{At: pmAt(14, 4, 0), Kind: bot.EntryDelete, Author: "U03CAROL", MessageID: "m3"},
		msg(5, "m5", "U05ERIN", "Erin forgot nothing: https://old.example.com/"),
		{At: pmAt(14, 6, 0), Kind: bot.EntryEdit, Author: "U05ERIN", MessageID: "m5", Text: "see https://new.example.com/"},
		{At: pmAt(14, 7, 0), Kind: bot.EntryFile, Author: "U02BOB", MessageID: "F1", Text: "graph.png https://files.example.com/graph.png"},
	}
	raw := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName})
	checkMarkdown(t, raw, shown(entries))
	doc := string(raw)
	blameless := doc[strings.Index(doc, "## Blameless check"):]
	for _, want := range []string{
		"- `14:01:00` Dan Petrov: \"someone fat-fingered\" — _" + hintSafeguard + "_\n",
		"- Summary: \"Bob forgot\" — _" + hintForgot + "_\n",
	} {
		if !strings.Contains(blameless, want) {
			t.Errorf("blameless check lacks %q:\n%s", want, blameless)
		}
	}
	if strings.Contains(blameless, "on me") || strings.Contains(blameless, "Erin forgot") {
		t.Errorf("blameless check quotes a deleted message or an edited-away version:\n%s", blameless)
	}
	if !strings.Contains(doc, "I think someone fat-fingered it") {
		t.Error("the blamed line was removed from the timeline")
	}
	links := doc[strings.Index(doc, "## Links"):strings.Index(doc, "## Blameless check")]
	for _, want := range []string{
		"- [https://grafana.example.com/d/x?a=1](https://grafana.example.com/d/x?a=1) — shared by Dan Petrov at 14:01\n",
		"- [https://wiki.example.com/runbook](https://wiki.example.com/runbook) — shared by Bob Okafor at 14:02\n",
		"- [https://new.example.com/](https://new.example.com/) — shared by Erin Walsh at 14:06\n",
		"- [graph.png](https://files.example.com/graph.png) — shared by Bob Okafor at 14:07\n",
	} {
		if !strings.Contains(links, want) {
			t.Errorf("links lack %q:\n%s", want, links)
		}
	}
	if strings.Count(links, "grafana.example.com") != 2 || strings.Contains(links, "secret") || strings.Contains(links, "old.example") {
		t.Errorf("links repeat one, or list a deleted or edited-away one:\n%s", links)
	}
}
