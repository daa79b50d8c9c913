package postmortem

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestWritePostmortemBeforeDeclaration shows the messages said in the
// declaring channel first in the timeline, under their own heading, with
// their times and names, and not again in a phase.
func TestWritePostmortemBeforeDeclaration(t *testing.T) {
	inc := minimalIncident() // declared at 14:00
	inc.Milestones.Started = pmAt(13, 40, 0)
	entries := []bot.Entry{
		{At: pmAt(13, 40, 0), Kind: bot.EntryMessage, Author: "U1", MessageID: "m0", Text: "in the incident channel"},
		{At: pmAt(13, 50, 0), Kind: bot.EntryBefore, AuthorName: "PagerDuty (integration)", MessageID: "1.1", Text: "ALERT search p99 > 2s"},
		{At: pmAt(13, 55, 0), Kind: bot.EntryBefore, Author: "U01ALICE", MessageID: "1.2", Text: "search is crawling for me too"},
		{At: pmAt(14, 0, 0), Kind: bot.EntryDeclared, Author: "U9", Bot: true, KeyEvent: true, Text: "Incident declared (P3): Slow search"},
	}
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName}))
	tl := doc[strings.Index(doc, "## Timeline"):]
	want := "### Before the declaration\n\n_The last messages in the channel the incident was declared from._\n\n" +
		"- `13:50:00` **PagerDuty (integration)**: ALERT search p99 > 2s\n" +
		"- `13:55:00` **Alice Chen**: search is crawling for me too\n\n" +
		"### Detection\n\n"
	i := strings.Index(tl, want)
	if i < 0 {
		t.Fatalf("timeline lacks %q:\n%s", want, tl)
	}
	if j := strings.Index(tl, "### "); j != i {
		t.Errorf("the group is not first in the timeline:\n%s", tl)
	}
	if n := strings.Count(doc, "search is crawling"); n != 1 {
		t.Errorf("a message from before is shown %d times, want once", n)
	}
	if !strings.Contains(tl[i+len(want):], "**U1**: in the incident channel") {
		t.Errorf("the incident channel's message is not under Detection:\n%s", tl)
	}

	// Without such messages, there is no such heading.
	doc = string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries[:1]), Name: pmName}))
	if strings.Contains(doc, "Before the declaration") {
		t.Error("an empty Before the declaration group is shown")
	}
}

// TestWritePostmortemBeforeImpact puts entries dated before the impact
// began (the change that caused it, given with event --at) first, under a
// heading of their own, and not in Detection, which begins with the impact.
func TestWritePostmortemBeforeImpact(t *testing.T) {
	inc := minimalIncident() // declared at 14:00
	inc.Milestones.Started = pmAt(13, 40, 0)
	entries := []bot.Entry{
		{At: pmAt(9, 15, 0), Kind: bot.EntryEvent, Author: "U1", Bot: true, KeyEvent: true, Text: "Deploy 77 changed the cache TTL"},
		{At: pmAt(13, 50, 0), Kind: bot.EntryBefore, Author: "U01ALICE", MessageID: "1.2", Text: "search is crawling for me too"},
		{At: pmAt(14, 0, 0), Kind: bot.EntryDeclared, Author: "U9", Bot: true, KeyEvent: true, Text: "Incident declared (P3): Slow search"},
	}
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName}))
	tl := doc[strings.Index(doc, "## Timeline"):]
	want := "### Before the impact\n\n_What led up to it: entries dated before the impact began at 2025-03-14 13:40:00._\n\n" +
		"- `09:15:00` 📌 **Deploy 77 changed the cache TTL** (U1)\n\n" +
		"### Before the declaration\n\n"
	i := strings.Index(tl, want)
	if i < 0 {
		t.Fatalf("timeline lacks %q:\n%s", want, tl)
	}
	if j := strings.Index(tl, "### "); j != i {
		t.Errorf("the group is not first in the timeline:\n%s", tl)
	}
	if d := strings.Index(tl, "### Detection"); d < i || strings.Contains(tl[d:], "Deploy 77") {
		t.Errorf("the earlier event is under Detection too, or Detection comes first:\n%s", tl)
	}

	// An incident with nothing before its impact has no such heading.
	doc = string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries[1:]), Name: pmName}))
	if strings.Contains(doc, "Before the impact") {
		t.Error("an empty Before the impact group is shown")
	}
}
