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
