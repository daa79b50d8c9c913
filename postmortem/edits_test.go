package postmortem

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestDeletedTextNeverShown: a deleted message shows who said it, when,
// and when it was deleted, never its text, not even through an edit or a
// pin of it; an edited message appears once, where it was said, in its
// final text and marked as edited.
func TestDeletedTextNeverShown(t *testing.T) {
	const secret = "token xoxb-123-SECRET"
	msg := func(at int, id, text string) bot.Entry {
		return bot.Entry{At: pmAt(14, at, 0), Kind: bot.EntryMessage, Author: "U01ALICE", MessageID: id, Text: text}
	}
	entries := []bot.Entry{
		msg(1, "m1", "here is the "+secret),
		{At: pmAt(14, 2, 0), Kind: bot.EntryEdit, Author: "U01ALICE", MessageID: "m1", Text: "here is the " + secret + " (really)", Original: "here is the " + secret},
		{At: pmAt(14, 2, 30), Kind: bot.EntryPin, Author: "U02BOB", MessageID: "m1", Original: "U01ALICE", Text: "here is the " + secret, KeyEvent: true},
		{At: pmAt(14, 3, 0), Kind: bot.EntryDelete, Author: "U01ALICE", MessageID: "m1", Original: "here is the " + secret + " (really)"},
		msg(4, "m2", "rollback at 14:05"),
		{At: pmAt(14, 5, 0), Kind: bot.EntryEdit, Author: "U01ALICE", MessageID: "m2", Text: "rollback at 14:06", Original: "rollback at 14:05"},
		{At: pmAt(14, 6, 0), Kind: bot.EntryEdit, Author: "U01ALICE", MessageID: "m2", Text: "rollback done at 14:06", Original: "rollback at 14:06"},
		// Said before the incident's record begins: only its fate is here.
		{At: pmAt(14, 7, 0), Kind: bot.EntryEdit, Author: "U02BOB", MessageID: "m0", Text: "first draft", Original: "the oldest version"},
		{At: pmAt(14, 8, 0), Kind: bot.EntryEdit, Author: "U02BOB", MessageID: "m0", Text: "final words", Original: "first draft"},
		{At: pmAt(14, 9, 0), Kind: bot.EntryDelete, Author: "U02BOB", MessageID: "mX", Original: "blame " + secret},
	}
	raw := renderDraft(t, bot.PostmortemData{Incident: minimalIncident(), Timeline: timelineOf(entries), Name: pmName})
	checkMarkdown(t, raw, shown(entries))
	doc := string(raw)
	if strings.Contains(doc, "SECRET") || strings.Contains(doc, "blame token") {
		t.Errorf("the draft republishes deleted text:\n%s", doc)
	}
	for _, want := range []string{
		"- `14:01:00` **Alice Chen**: _(message deleted at 14:03:00)_\n",
		"- `14:04:00` **Alice Chen**: rollback done at 14:06 _(edited)_\n",
		"- `14:08:00` **Bob Okafor**: final words _(edited)_\n",
		"- `14:09:00` **Bob Okafor** deleted a message\n",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	for _, gone := range []string{"rollback at 14:05", "rollback at 14:06\n", "first draft", "oldest version"} {
		if strings.Contains(doc, gone) {
			t.Errorf("draft shows an earlier version %q", gone)
		}
	}
	if n := strings.Count(doc, "rollback done at 14:06"); n != 1 {
		t.Errorf("the edited message appears %d times, want once", n)
	}
}
