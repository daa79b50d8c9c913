package postmortem

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestThreadMarked: a message posted in a thread of the incident channel
// is in the timeline once, marked with the thread's name (escaped); a
// message of the channel itself is not marked.
func TestThreadMarked(t *testing.T) {
	entries := []bot.Entry{
		{At: pmAt(14, 1, 0), Kind: bot.EntryMessage, Author: "U01ALICE", MessageID: "m1", Text: "failing over"},
		{At: pmAt(14, 2, 0), Kind: bot.EntryMessage, Author: "U02BOB", MessageID: "m2", Text: "replica lag 3s", Thread: "db_failover"},
	}
	raw := renderDraft(t, bot.PostmortemData{Incident: minimalIncident(), Timeline: timelineOf(entries), Name: pmName})
	checkMarkdown(t, raw, shown(entries))
	doc := string(raw)
	for _, want := range []string{
		"- `14:01:00` **Alice Chen**: failing over\n",
		"- `14:02:00` **Bob Okafor** _(in thread db\\_failover)_: replica lag 3s\n",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q:\n%s", want, doc)
		}
	}
	if n := strings.Count(doc, "replica lag 3s"); n != 1 {
		t.Errorf("the thread message appears %d times, want once", n)
	}
}

// TestReplyMarked: a reply in a thread that has no name of its own (a
// Slack thread) is marked with the first words of the message the thread
// started with, as it reads after its edits; once that message is deleted,
// or when it is not in the timeline (the bot's), only as a reply, so that
// no deleted words come back through the name.
func TestReplyMarked(t *testing.T) {
	entries := []bot.Entry{
		{At: pmAt(14, 1, 0), Kind: bot.EntryMessage, Author: "U01ALICE", MessageID: "p1", Text: "pool exhausted on db-1"},
		{At: pmAt(14, 2, 0), Kind: bot.EntryMessage, Author: "U02BOB", MessageID: "r1", Text: "raising the limit", ThreadID: "p1", Thread: `"pool exhausted on db-1"`},
		{At: pmAt(14, 3, 0), Kind: bot.EntryMessage, Author: "U01ALICE", MessageID: "p2", Text: "blame the intern"},
		{At: pmAt(14, 4, 0), Kind: bot.EntryMessage, Author: "U02BOB", MessageID: "r2", Text: "looking", ThreadID: "p2", Thread: `"blame the intern"`},
		{At: pmAt(14, 5, 0), Kind: bot.EntryDelete, Author: "U01ALICE", MessageID: "p2"},
		{At: pmAt(14, 6, 0), Kind: bot.EntryMessage, Author: "U01ALICE", MessageID: "p3", Text: "cache missing"},
		{At: pmAt(14, 7, 0), Kind: bot.EntryMessage, Author: "U02BOB", MessageID: "r3", Text: "confirmed", ThreadID: "p3", Thread: `"cache missing"`},
		{At: pmAt(14, 8, 0), Kind: bot.EntryEdit, Author: "U01ALICE", MessageID: "p3", Text: "cache cold after the deploy", Original: "cache missing"},
		{At: pmAt(14, 9, 0), Kind: bot.EntryMessage, Author: "U02BOB", MessageID: "r4", Text: "on it", ThreadID: "bot-prompt"},
	}
	doc := string(renderDraft(t, bot.PostmortemData{Incident: minimalIncident(), Timeline: timelineOf(entries), Name: pmName}))
	for _, want := range []string{
		"- `14:01:00` **Alice Chen**: pool exhausted on db-1\n",
		"**Bob Okafor** _(in thread \"pool exhausted on db-1\")_: raising the limit\n",
		"**Bob Okafor** _(reply in thread)_: looking\n",
		"**Bob Okafor** _(in thread \"cache cold after the deploy\")_: confirmed\n",
		"**Bob Okafor** _(reply in thread)_: on it\n",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "intern") {
		t.Errorf("a deleted message's words are in the draft:\n%s", doc)
	}
}
