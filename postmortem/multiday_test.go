package postmortem

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// mdAt returns a time in the multi-day fixture: day 0 is 2025-06-02.
func mdAt(day, hh, mm int) time.Time { return time.Date(2025, 6, 2+day, hh, mm, 0, 0, time.UTC) }

// multiDayIncident is a data-loss incident that ran over three days: three
// impact phases (degraded, data loss, read-only), two why chains,
// communications to several audiences, lessons and services.
func multiDayIncident() (*bot.Incident, []bot.Entry) {
	inc := &bot.Incident{
		ID: 90, Title: "Replica lag and lost writes on orders-db", Severity: bot.P0, Status: bot.StatusClosed,
		ChannelName: "inc-90-replica-lag", DeclaredBy: "U01ALICE", Platform: "discord",
		Summary: "A failover promoted a lagging replica; about 40 minutes of order writes were lost and replayed from the queue.",
		Impact: "Customers in the main market: slow order pages, then about 40 minutes of orders missing from order history, " +
			"then no new orders until the database took writes again. Every lost order was replayed from the write queue by 4 June.",
		Phases: []bot.ImpactPhase{
			{Text: "degraded: order pages slow, primary at 100% IO", From: mdAt(0, 22, 10), To: mdAt(0, 23, 28), By: "U01ALICE", At: mdAt(0, 23, 40)},
			{Text: "data loss: order writes went to the old primary only", From: mdAt(0, 23, 28), To: mdAt(1, 0, 8), By: "U04DAN", At: mdAt(1, 0, 15)},
			{Text: "read-only: no new orders", From: mdAt(1, 0, 8), To: mdAt(1, 9, 30), By: "U02BOB", At: mdAt(1, 9, 40)},
		},
		Milestones: bot.Milestones{Started: mdAt(0, 22, 10), Detected: mdAt(0, 22, 40), Declared: mdAt(0, 22, 45),
			Acknowledged: mdAt(0, 22, 50), Mitigated: mdAt(1, 9, 30), Resolved: mdAt(2, 11, 0), Closed: mdAt(2, 15, 0)},
		Roles: []bot.RoleChange{
			{Role: bot.RoleCommander, User: "U01ALICE", By: "U01ALICE", At: mdAt(0, 22, 45)},
			{Role: bot.RoleComms, User: "U05ERIN", By: "U01ALICE", At: mdAt(0, 22, 50)},
			{Role: bot.RoleCommander, User: "U02BOB", By: "U01ALICE", At: mdAt(1, 7, 0)},
		},
		Participants: []string{"U01ALICE", "U05ERIN", "U02BOB", "U04DAN"},
		Whys: []string{"Writes after the failover were lost.", "The promoted replica was 40 minutes behind.",
			"Failover does not check replication lag.", "The failover runbook predates async replicas."},
		Chains: []bot.WhyChain{{Name: "slow-recovery", Whys: []string{"Replaying the queue took 9 hours.",
			"The replay tool runs one order at a time.", "It was written for single-order repairs."}}},
		Services: []string{"orders-db", "orders-api", "order history page"},
		Lessons: []bot.Lesson{
			{Kind: bot.LessonWell, Text: "The write queue kept every lost order, so nothing was lost for good."},
			{Kind: bot.LessonWrong, Text: "Nobody looked at replication lag before failing over."},
			{Kind: bot.LessonLucky, Text: "It happened at night in the main market: few orders."},
		},
		Comms: []bot.Comm{
			{Audience: "status-page", Text: "Order history is slow; investigating.", By: "U05ERIN", At: mdAt(0, 22, 55)},
			{Audience: "customers", Text: "Orders placed 23:28–00:08 UTC are being restored.", By: "U05ERIN", At: mdAt(1, 8, 0)},
			{Audience: "execs", Text: "Data restored; no order lost for good.", By: "U02BOB", At: mdAt(2, 11, 30)},
		},
		Causes: []bot.Cause{{Category: bot.CauseProcess, Text: "The failover runbook has no lag check."}},
		Actions: []bot.Action{{N: 1, ID: 311, Text: "Refuse failover to a replica more than 10 s behind", Owner: "U04DAN",
			Priority: bot.P0, Type: bot.ActionPrevent, Due: mdAt(9, 0, 0)}},
	}
	msg := func(t time.Time, user, id, text string) bot.Entry {
		return bot.Entry{IncidentID: 90, At: t, Kind: bot.EntryMessage, Author: user, MessageID: id, Text: text}
	}
	byBot := func(t time.Time, kind bot.EntryKind, user, text string, key bool) bot.Entry {
		return bot.Entry{IncidentID: 90, At: t, Kind: kind, Author: user, Text: text, KeyEvent: key, Bot: true}
	}
	entries := []bot.Entry{
		byBot(mdAt(0, 22, 45), bot.EntryDeclared, "U01ALICE", "Incident declared (P0): Replica lag and lost writes on orders-db", true),
		byBot(mdAt(0, 22, 50), bot.EntryRole, "U01ALICE", "Comms Lead: Erin Walsh", false),
		byBot(mdAt(0, 22, 50), bot.EntryMilestone, "U01ALICE", "Acknowledged", true),
		msg(mdAt(0, 23, 5), "U04DAN", "d1", "orders-db primary is at 100% IO; lag graph: https://grafana.example.com/d/orders-db"),
		byBot(mdAt(0, 23, 28), bot.EntryEvent, "U04DAN", "Failed over to replica orders-db-2", true),
		byBot(mdAt(0, 23, 40), bot.EntryNote, "U01ALICE", "Impact phase recorded: 1. 2025-06-02 22:10 UTC – 2025-06-02 23:28 UTC (1h 18m): degraded: order pages slow, primary at 100% IO", false),
		byBot(mdAt(0, 23, 45), bot.EntryNote, "U01ALICE", "Impact: Customers in the main market: slow order pages, ...", false),
		msg(mdAt(1, 0, 8), "U04DAN", "d2", "orders-db-2 was 40 minutes behind when promoted; writes since are on the old primary only"),
		byBot(mdAt(1, 0, 15), bot.EntryNote, "U04DAN", "Impact phase recorded: 2. 2025-06-02 23:28 UTC – 2025-06-03 00:08 UTC (40m 00s): data loss: order writes went to the old primary only", false),
		byBot(mdAt(1, 0, 20), bot.EntrySeverity, "U01ALICE", "Severity changed from P1 to P0", true),
		byBot(mdAt(1, 7, 0), bot.EntryRole, "U01ALICE", "Incident Commander: Alice Chen → Bob Okafor", false),
		msg(mdAt(1, 7, 30), "U02BOB", "d3", "Replaying the lost writes from the queue; runbook https://wiki.example.com/orders/replay"),
		byBot(mdAt(1, 9, 30), bot.EntryMilestone, "U02BOB", "Mitigated: impact stopped, status monitoring", true),
		byBot(mdAt(1, 9, 40), bot.EntryNote, "U02BOB", "Impact phase recorded: 3. 2025-06-03 00:08 UTC – 2025-06-03 09:30 UTC (9h 22m): read-only: no new orders", false),
		msg(mdAt(1, 18, 0), "U02BOB", "d4", "Replay 70% done"),
		byBot(mdAt(2, 11, 0), bot.EntryMilestone, "U02BOB", "Resolved: all lost writes replayed", true),
		byBot(mdAt(2, 15, 0), bot.EntryMilestone, "U02BOB", "Closed", true),
	}
	for i := range entries {
		entries[i].Seq = uint64(i + 1)
	}
	return inc, entries
}

// TestWritePostmortemMultiDay: a three-day incident is grouped by phase and
// by day with the date on every heading, lists its impact phases with
// their windows (and not again in the timeline), measures its metrics from
// the first phase and says so, numbers its two why chains apart, and lists
// its communications with dates.
func TestWritePostmortemMultiDay(t *testing.T) {
	inc, entries := multiDayIncident()
	got := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName, Drafted: mdAt(2, 15, 0)})
	checkGolden(t, "postmortem_multiday.golden.md", got)
	checkMarkdown(t, got, shown(entries))
	doc := string(got)
	timeline := doc[strings.Index(doc, "## Timeline"):strings.Index(doc, "## Status updates")]
	for _, l := range strings.Split(timeline, "\n") {
		if strings.HasPrefix(l, "#") && !strings.Contains(l, "2025-06-0") && l != "## Timeline" {
			t.Errorf("heading without a date in a multi-day incident: %q", l)
		}
	}
	for _, ph := range inc.Phases {
		if strings.Contains(timeline, ph.Text) || strings.Contains(timeline, "Impact phase") {
			t.Errorf("the timeline repeats impact phase %q, which the Impact section holds", ph.Text)
		}
	}
	for _, want := range []string{
		"1. `22:10` – `23:28` (1h 18m): degraded: order pages slow, primary at 100% IO\n",
		"2. `23:28` – `2025-06-03 00:08` (40m 00s): data loss: order writes went to the old primary only\n",
		"3. `2025-06-03 00:08` – `2025-06-03 09:30` (9h 22m): read-only: no new orders\n",
		"| Time to detect | 30m 00s | impact started (phase 1), 22:10:00 | detected, 22:40:00 |",
		"Here the start of impact is the start of its earliest phase, phase 1 (degraded: order pages slow, primary at 100% IO), at 22:10:00.",
		"### Detection — from 2025-06-02 (Monday)", "### Response and mitigation — from 2025-06-02 (Monday)",
		"#### 2025-06-03 (Tuesday)", "### Resolution — from 2025-06-04 (Wednesday)",
		"### Why: slow recovery\n\n1. Why? Replaying the queue took 9 hours.\n",
		"- `2025-06-03 08:00:00` **customers** (Erin Walsh): Orders placed",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
}
