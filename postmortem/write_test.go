package postmortem

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// pmAt returns 2025-03-14 at hh:mm:ss UTC.
func pmAt(hh, mm, ss int) time.Time { return time.Date(2025, 3, 14, hh, mm, ss, 0, time.UTC) }

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// pmNames are the display names of the fixture's users.
var pmNames = map[string]string{
	"U01ALICE": "Alice Chen",
	"U02BOB":   "Bob Okafor",
	"U03CAROL": "Carol Diaz",
	"U04DAN":   "Dan Petrov",
	"U05ERIN":  "Erin Walsh",
}

func pmName(user string) string { return pmNames[user] }

// timelineOf returns a bot.PostmortemData.Timeline over entries.
func timelineOf(entries []bot.Entry) func(func(*bot.Entry) error) error {
	return func(fn func(*bot.Entry) error) error {
		for i := range entries {
			if err := fn(&entries[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// fullIncident is a realistic closed P1 incident: roles handed over, a
// dozen and a half messages with an edit, a deletion, a pin and a file,
// updates, the 5 Whys, causes in every category and actions.
func fullIncident() (*bot.Incident, []bot.Entry) {
	inc := &bot.Incident{
		ID:          42,
		Title:       "Checkout errors after payments-api deploy",
		Description: "5xx on /checkout since about 09:48",
		Severity:    bot.P1,
		Status:      bot.StatusClosed,
		ChannelID:   "C0INC42",
		ChannelName: "inc-42-checkout-errors",
		DeclaredIn:  "C0OPS",
		DeclaredBy:  "U01ALICE",
		Summary: "payments-api v2.14.0 required a new environment variable that the production config did not set. " +
			"Its pods crash-looped and about a third of checkouts failed for 63 minutes, until a rollback to v2.13.2.",
		Impact: "31% of checkout requests failed with HTTP 502 from 09:48 to 10:51 UTC (about 4,100 failed orders).\n" +
			"Card payments only; saved wallets were not affected.\n\n" +
			"Support received 86 tickets.",
		Resolution: "Rolled back payments-api to v2.13.2; production config validation to follow.",
		Milestones: bot.Milestones{
			Started: pmAt(9, 48, 0), Detected: pmAt(9, 55, 0), Declared: pmAt(10, 2, 0), Acknowledged: pmAt(10, 5, 0),
			Mitigated: pmAt(10, 51, 30), Resolved: pmAt(11, 20, 0), Closed: pmAt(12, 0, 0),
		},
		Roles: []bot.RoleChange{
			{Role: bot.RoleCommander, User: "U01ALICE", By: "U01ALICE", At: pmAt(10, 2, 0)},
			{Role: bot.RoleTier1, User: "U03CAROL", By: "U01ALICE", At: pmAt(10, 4, 0)},
			{Role: bot.RoleComms, User: "U05ERIN", By: "U01ALICE", At: pmAt(10, 6, 0)},
			{Role: bot.RoleTier2, User: "U04DAN", By: "U01ALICE", At: pmAt(10, 20, 0)},
			{Role: bot.RoleCommander, User: "U02BOB", By: "U01ALICE", At: pmAt(10, 40, 0)},
		},
		Participants: []string{"U01ALICE", "U03CAROL", "U05ERIN", "U04DAN", "U02BOB"},
		Updates: []bot.Update{{
			At: pmAt(10, 30, 0), By: "U05ERIN", Status: bot.StatusIdentified,
			Text:       "Bad config in payments-api v2.14.0; rolling back.",
			Changes:    "payments-api v2.14.0 deployed at 09:45.",
			Mitigation: "Rollback to v2.13.2 started at 10:18; 5xx rate at 12%.",
			NextAt:     pmAt(11, 0, 0),
		}, {
			At: pmAt(11, 0, 0), By: "U05ERIN", Status: bot.StatusMonitoring,
			Text:       "Checkout is working again.",
			Mitigation: "Rollback complete at 10:45; 5xx rate back to 0.2%.",
			NextAt:     pmAt(11, 30, 0),
		}},
		Whys: []string{
			"Checkout requests failed with HTTP 502.",
			"payments-api pods crash-looped after the v2.14.0 deploy.",
			"v2.14.0 requires PAYMENTS_GATEWAY_URL, which the production config map did not set.",
			"The deploy pipeline validates config against staging only.",
			"Production validation was never added when the pipeline was split per environment.",
		},
		Chains: []bot.WhyChain{{Name: "not-caught", Whys: []string{
			"The 5xx alert paged 7 minutes after impact began.",
			"It needs 5 minutes above 20%, a threshold set for a noisier service.",
		}}},
		Services:    []string{"payments-api", "checkout"},
		DetectedVia: bot.DetectedByAlert,
		Lessons: []bot.Lesson{
			{Kind: bot.LessonWell, Text: "The rollback took 27 minutes from decision to done.", By: "U02BOB", At: pmAt(11, 44, 0)},
			{Kind: bot.LessonWrong, Text: "Staging-only config validation let the missing variable through.", By: "U04DAN", At: pmAt(11, 45, 0)},
		},
		Comms: []bot.Comm{
			{Audience: "status-page", Text: "Checkout is degraded; we are investigating.", By: "U05ERIN", At: pmAt(10, 9, 0)},
			{Audience: "customers", Text: "Checkout is working again; failed orders can be retried.", By: "U05ERIN", At: pmAt(11, 2, 0)},
		},
		Causes: []bot.Cause{
			{Category: bot.CauseTechnical, Text: "payments-api exits on a missing variable instead of failing its readiness check.", By: "U04DAN", At: pmAt(11, 35, 0)},
			{Category: bot.CauseProcess, Text: "Config changes are not reviewed together with the code that needs them.", By: "U02BOB", At: pmAt(11, 36, 0)},
			{Category: bot.CauseMonitoring, Text: "The 5xx alert needs 5 minutes above 20%, so it paged 7 minutes after impact began.", By: "U03CAROL", At: pmAt(11, 37, 0)},
			{Category: bot.CauseTechnical, Text: "No canary stage: the release went to every pod at once.", By: "U02BOB", At: pmAt(11, 38, 0)},
		},
		Actions: []bot.Action{
			{N: 1, Text: "Validate production config in the deploy pipeline", Owner: "U04DAN", Priority: bot.P1, Type: bot.ActionPrevent,
				Due: time.Date(2025, 3, 28, 0, 0, 0, 0, time.UTC), By: "U02BOB", At: pmAt(11, 40, 0)},
			{N: 2, Text: "Add a canary stage for payments-api", Owner: "U02BOB", Priority: bot.P1, Type: bot.ActionPrevent,
				Due: time.Date(2025, 4, 11, 0, 0, 0, 0, time.UTC), By: "U02BOB", At: pmAt(11, 41, 0)},
			{N: 3, Text: "Page on 5xx above 5% for 2 minutes", Owner: "U03CAROL", Priority: bot.P2, Type: bot.ActionMitigate,
				Due: time.Date(2025, 3, 21, 0, 0, 0, 0, time.UTC), Done: true, DoneAt: pmAt(11, 55, 0), By: "U03CAROL", At: pmAt(11, 42, 0)},
			{N: 4, Text: "Document the rollback procedure in the payments runbook", Owner: "U05ERIN", Priority: bot.P2, Type: bot.ActionProcess,
				By: "U05ERIN", At: pmAt(11, 43, 0)},
		},
	}
	msg := func(t time.Time, user, id, text string) bot.Entry {
		return bot.Entry{IncidentID: 42, At: t, Kind: bot.EntryMessage, Author: user, MessageID: id, Text: text}
	}
	byBot := func(t time.Time, kind bot.EntryKind, user, text string, key bool) bot.Entry {
		return bot.Entry{IncidentID: 42, At: t, Kind: kind, Author: user, Text: text, KeyEvent: key, Bot: true}
	}
	entries := []bot.Entry{
		byBot(pmAt(10, 2, 0), bot.EntryDeclared, "U01ALICE", "Incident declared (P2): Checkout errors after payments-api deploy", true),
		msg(pmAt(10, 2, 40), "U01ALICE", "1710410560.000100", "Alerts: checkout 5xx at 31% since ~09:48. Did anyone deploy payments-api this morning?"),
		byBot(pmAt(10, 3, 0), bot.EntrySeverity, "U01ALICE", "Severity changed from P2 to P1", true),
		msg(pmAt(10, 3, 15), "U03CAROL", "1710410595.000200", "Yes, v2.14.0 went out at 09:45 through the usual pipeline."),
		byBot(pmAt(10, 4, 0), bot.EntryRole, "U01ALICE", "Tier 1 on-call: Carol Diaz", false),
		byBot(pmAt(10, 5, 0), bot.EntryMilestone, "U01ALICE", "Acknowledged", true),
		byBot(pmAt(10, 6, 0), bot.EntryRole, "U01ALICE", "Comms Lead: Erin Walsh", false),
		msg(pmAt(10, 7, 30), "U03CAROL", "1710410850.000300", "payments-api pods are crash-looping: `panic: missing PAYMENTS_GATEWAY_URL`"),
		{IncidentID: 42, At: pmAt(10, 8, 10), Kind: bot.EntryEdit, Author: "U03CAROL", MessageID: "1710410850.000300",
			Text:     "payments-api pods are crash-looping: `panic: missing env PAYMENTS_GATEWAY_URL` (all 12 pods)",
			Original: "payments-api pods are crash-looping: `panic: missing PAYMENTS_GATEWAY_URL`"},
		msg(pmAt(10, 9, 0), "U05ERIN", "1710410940.000400", "Status page updated: checkout degraded. Next update at 10:30."),
		{IncidentID: 42, At: pmAt(10, 12, 45), Kind: bot.EntryJoin, Author: "U04DAN", Text: "joined the channel"},
		msg(pmAt(10, 14, 20), "U04DAN", "1710411260.000500", "Config diff between v2.13.2 and v2.14.0 attached:\nonly PAYMENTS_GATEWAY_URL is new."),
		{IncidentID: 42, At: pmAt(10, 14, 25), Kind: bot.EntryFile, Author: "U04DAN", MessageID: "F0DIFF",
			Text: "config-diff v2.14.0.txt https://files.example.com/F0DIFF/config-diff (v2.14.0).txt"},
		msg(pmAt(10, 18, 0), "U02BOB", "1710411480.000600", "Rolling back to v2.13.2 now."),
		msg(pmAt(10, 18, 30), "U04DAN", "1710411510.000700", "I could set the variable straight in prod?"),
		{IncidentID: 42, At: pmAt(10, 19, 5), Kind: bot.EntryDelete, Author: "U04DAN", MessageID: "1710411510.000700",
			Original: "I could set the variable straight in prod?"},
		byBot(pmAt(10, 20, 0), bot.EntryRole, "U01ALICE", "Tier 2 on-call: Dan Petrov", false),
		byBot(pmAt(10, 30, 0), bot.EntryUpdate, "U05ERIN", "Update (identified): Bad config in payments-api v2.14.0; rolling back.", false),
		msg(pmAt(10, 33, 10), "U03CAROL", "1710412390.000800", "Rollback 60% done, 5xx falling: 12%."),
		byBot(pmAt(10, 40, 0), bot.EntryRole, "U01ALICE", "Incident Commander: Alice Chen → Bob Okafor", false),
		{IncidentID: 42, At: pmAt(10, 41, 0), Kind: bot.EntryPin, Author: "U01ALICE", MessageID: "1710412390.000800",
			Text: "Rollback 60% done, 5xx falling: 12%.", Original: "U03CAROL", KeyEvent: true},
		byBot(pmAt(10, 45, 0), bot.EntryEvent, "U02BOB", "Rollback to v2.13.2 complete", true),
		byBot(pmAt(10, 51, 30), bot.EntryMilestone, "U02BOB", "Mitigated: impact stopped, status monitoring", true),
		msg(pmAt(10, 55, 0), "U05ERIN", "1710413700.000900", "Support confirms customers can check out again."),
		byBot(pmAt(11, 0, 0), bot.EntryUpdate, "U05ERIN", "Update (monitoring): Checkout is working again.", false),
		{IncidentID: 42, At: pmAt(11, 0, 0), Kind: bot.EntryReminder, Text: "Update posted; next one due at 11:30 UTC.", Bot: true},
		msg(pmAt(11, 5, 0), "U04DAN", "1710414300.001000", "Root cause: the new required variable was missing from the prod config map; CI only validates staging."),
		byBot(pmAt(11, 20, 0), bot.EntryMilestone, "U02BOB", "Resolved: Rolled back payments-api to v2.13.2; production config validation to follow.", true),
		msg(pmAt(11, 25, 0), "U01ALICE", "1710415500.001100", "Thanks all. Let's review the draft on Monday."),
		byBot(pmAt(11, 35, 0), bot.EntryNote, "U04DAN", "Contributing factor (technical): payments-api exits on a missing variable instead of failing its readiness check.", false),
		byBot(pmAt(12, 0, 0), bot.EntryMilestone, "U02BOB", "Closed", true),
	}
	for i := range entries {
		entries[i].Seq = uint64(i + 1)
	}
	return inc, entries
}

// minimalIncident is an incident just declared, with nothing else known.
func minimalIncident() *bot.Incident {
	return &bot.Incident{
		ID: 7, Title: "Slow search", Severity: bot.P3, Status: bot.StatusInvestigating,
		DeclaredBy: "U9", Milestones: bot.Milestones{Declared: pmAt(14, 0, 0)},
		Roles: []bot.RoleChange{{Role: bot.RoleCommander, User: "U9", By: "U9", At: pmAt(14, 0, 0)}},
	}
}

// hostileText is what people could type to break a Markdown document.
const hostileText = "# not a heading\n" +
	"```\nunclosed fence\n" +
	"~~~\n" +
	"<!-- hides the rest\n" +
	"<script>alert(1)</script> <img src=x onerror=alert(2)>\n" +
	"---\n" +
	"===\n" +
	"| a | b |\n|---|---|\n" +
	"[ref]: https://evil.example/\n" +
	"1. not a list\n" +
	"    indented code\n" +
	"> quote\n" +
	"ctrl:\x00\x01\x1b[31mred\x1b[0m\x7f tab\there bell\a\r\n" +
	"bad utf8: \xff\xfe\xc3( end\n" +
	"bidi: \u202eevil\u202c \u2066iso\u2069 bom\ufeff nel\u0085sep\u2028\n" +
	"escaped pipe \\| and \\<b> and a trailing backslash \\"

// hostileIncident has hostile text in every field people type.
func hostileIncident() (*bot.Incident, []bot.Entry, func(string) string) {
	names := map[string]string{
		"UEVIL": "**Mallory**\n# admin | <b>x</b> `code` [link](http://x) \\",
		"UCTRL": "\x1b]0;title\x07Eve\u202e",
	}
	inc := &bot.Incident{
		ID:          666,
		Title:       "# Title with | pipe <script>x</script>\nand a newline ###",
		Description: hostileText,
		Severity:    bot.Severity(9),
		Status:      bot.Status("weird|status\n# x"),
		ChannelName: "inc-666-|pipes|",
		DeclaredBy:  "UEVIL",
		Summary:     hostileText,
		Impact:      "\n\n   \n" + hostileText + "\n\n\n",
		Resolution:  "`unclosed code span and **bold",
		Phases:      []bot.ImpactPhase{{Text: hostileText, From: pmAt(23, 40, 0)}, {Text: "", From: pmAt(23, 45, 0), To: pmAt(23, 30, 0)}},
		Milestones:  bot.Milestones{Declared: pmAt(23, 50, 0), Acknowledged: time.Date(2025, 3, 15, 0, 10, 0, 0, time.UTC)},
		Roles: []bot.RoleChange{
			{Role: bot.RoleCommander, User: "UEVIL", By: "UEVIL", At: pmAt(23, 50, 0)},
			{Role: bot.Role("chaos|monkey\n# x"), User: "UCTRL", By: "UEVIL", At: pmAt(23, 55, 0)},
		},
		Participants: []string{"UEVIL", "UCTRL", "UNKNOWN"},
		Updates: []bot.Update{{At: pmAt(23, 58, 0), By: "UCTRL", Status: "",
			Text: hostileText, Changes: "- item\n- item", Mitigation: "| x |"}},
		Whys:     []string{hostileText, "", "  second\nwhy  "},
		Chains:   []bot.WhyChain{{Name: "`x`\n# y|z", Whys: []string{hostileText}}},
		Services: []string{hostileText, ""},
		Lessons:  []bot.Lesson{{Kind: bot.LessonLucky, Text: hostileText}, {Kind: bot.LessonKind("odd|kind"), Text: "x"}},
		Comms:    []bot.Comm{{Audience: "# status | page", Text: hostileText, By: "UEVIL", At: pmAt(23, 59, 0)}},
		Causes:   []bot.Cause{{Category: bot.CauseCategory("made|up\n# x"), Text: hostileText}, {Category: bot.CauseProcess, Text: ""}},
		Actions: []bot.Action{
			{N: 1, Text: hostileText, Owner: "UEVIL", Priority: bot.Severity(-1), Type: bot.ActionType("x|y\nz"),
				Due: pmAt(12, 0, 0)},
			{Text: "", Priority: bot.P0},
		},
	}
	entries := []bot.Entry{
		{At: pmAt(23, 49, 0), Kind: bot.EntryMessage, Author: "UEVIL", Text: hostileText},
		{At: pmAt(23, 50, 0), Kind: bot.EntryEdit, Author: "UCTRL", Text: "new\n# x", Original: hostileText},
		{At: pmAt(23, 51, 0), Kind: bot.EntryDelete, Author: "UNKNOWN", AuthorName: "name | from *platform*"},
		{At: pmAt(23, 52, 0), Kind: bot.EntryPin, Author: "UEVIL", Original: "UCTRL", Text: "**already bold** \\"},
		{At: pmAt(23, 53, 0), Kind: bot.EntryFile, Author: "UEVIL", Text: "[evil](javascript:alert(1)) x.txt javascript:alert(1)"},
		{At: pmAt(23, 53, 1), Kind: bot.EntryFile, Author: "UEVIL", Text: "a<b>.txt https://x.example/a b)(<>\"\\`|]\xff.txt"},
		{At: pmAt(23, 54, 0), Kind: bot.EntryMessage, Text: "no author at all"},
		{At: pmAt(23, 54, 1), Kind: bot.EntryJoin},
		{At: pmAt(23, 54, 2), Kind: bot.EntryPin, Text: "pinned by nobody known"},
		{At: pmAt(23, 55, 0), Kind: bot.EntryMessage, Author: "UEVIL", Text: "   "},
		{At: pmAt(23, 56, 0), Kind: bot.EntryNote, Bot: true, KeyEvent: true, Text: "*bot* text with `tick"},
		{At: pmAt(23, 57, 0), Kind: bot.EntryKind("future-kind"), Author: "UCTRL", Text: "kind the renderer does not know"},
		{At: time.Date(2025, 3, 15, 0, 11, 0, 0, time.UTC), Kind: bot.EntryMessage, Author: "UEVIL", Text: "after midnight\n\n\nthree lines"},
	}
	return inc, entries, func(u string) string { return names[u] }
}

func renderDraft(t testing.TB, d bot.PostmortemData) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatalf("WritePostmortem: %v", err)
	}
	return b.Bytes()
}

// checkGolden compares got with testdata/name byte for byte, or rewrites the
// file with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./postmortem -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run go test ./postmortem -update if the change is intended)", path, i+1, g, w)
			return
		}
	}
}

var pmDrafted = time.Date(2025, 3, 14, 12, 0, 5, 0, time.UTC)

func TestWritePostmortemFull(t *testing.T) {
	inc, entries := fullIncident()
	got := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName, Platform: "slack", Drafted: pmDrafted})
	checkGolden(t, "postmortem_full.golden.md", got)
	checkMarkdown(t, got, shown(entries))
}

func TestWritePostmortemMinimal(t *testing.T) {
	got := renderDraft(t, bot.PostmortemData{Incident: minimalIncident(), Drafted: pmAt(14, 20, 0)})
	checkGolden(t, "postmortem_minimal.golden.md", got)
	checkMarkdown(t, got, 0)
}

func TestWritePostmortemHostile(t *testing.T) {
	inc, entries, name := hostileIncident()
	got := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: name,
		Platform: "discord\n# x", Drafted: time.Date(2025, 3, 15, 1, 0, 0, 0, time.UTC)})
	checkGolden(t, "postmortem_hostile.golden.md", got)
	checkMarkdown(t, got, shown(entries))
}

var (
	// listItem matches a list item and captures its content.
	listItem = regexp.MustCompile(`^ *(?:[-*+]|\d{1,9}[.)]) (.*)$`)
	// linkItem matches a list item that is one of our links (its label
	// escaped): [label](https://...).
	linkItem = regexp.MustCompile(`^\[(?:[^\]\\]|\\.)*\]\(https?://[^ )]*\) — `)
	// blockStart matches text that opens a block where a block may start.
	blockStart = regexp.MustCompile(`^(?:[#>` + "`" + `~<|=\[]|[-+*](?: |$)|\d{1,9}[.)](?: |$))`)
)

// shown is how many of entries the timeline writes: all but analysis,
// role changes, joins, reminders and refusals; the edits, deletions and
// pins of messages it shows in their final form where they were said; and
// the edits a later edit or a deletion of the same message replaced.
func shown(entries []bot.Entry) int {
	said := map[string]bool{}
	last := map[string]int{}
	deleted := map[string]bool{}
	for i, e := range entries {
		if e.MessageID == "" || e.Bot {
			continue
		}
		switch e.Kind {
		case bot.EntryMessage:
			said[e.MessageID] = true
		case bot.EntryEdit:
			last[e.MessageID] = i
		case bot.EntryDelete:
			deleted[e.MessageID] = true
		}
	}
	n := 0
	for i, e := range entries {
		id := e.MessageID
		switch {
		case e.Kind == bot.EntryNote || e.Kind == bot.EntryRole || e.Kind == bot.EntryJoin ||
			e.Kind == bot.EntryReminder || e.Kind == bot.EntryRefused:
			continue // their own sections, or the JSON export only
		case id == "" || e.Bot:
		case e.Kind == bot.EntryEdit && (said[id] || deleted[id] || last[id] != i):
			continue
		case (e.Kind == bot.EntryDelete || e.Kind == bot.EntryPin) && said[id]:
			continue
		}
		n++
	}
	return n
}

// checkMarkdown checks the properties that keep a draft readable whatever
// people typed: valid UTF-8 without control characters; no headings,
// fences, HTML blocks, quotes or tables but ours; every table row with its
// columns; and exactly one line per timeline entry.
func checkMarkdown(t *testing.T, doc []byte, entries int) {
	t.Helper()
	if !utf8.Valid(doc) {
		t.Error("draft is not valid UTF-8")
	}
	for i, r := range string(doc) {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("control character %U at byte %d", r, i)
		}
	}
	headings := map[string]bool{
		"## Summary": true, "## Impact": true, "## Responders": true, "## Metrics": true, "## Timeline": true,
		"### Detection": true, "### Response and mitigation": true, "### Resolution": true, "### Before the impact": true, "### Before the declaration": true,
		"## Status updates": true, "## Root cause analysis": true, "## Contributing factors": true,
		"## Corrective and preventive actions": true, "## Lessons learned": true,
		"### What went well": true, "### What went wrong": true, "### Where we got lucky": true,
		"## Links": true, "## Blameless check": true, "## Affected services": true, "## Communications": true, "## Detection": true,
		"### Why it happened":    true,
		"### Technical failures": true, "### Process gaps": true, "### Monitoring and alerting": true,
	}
	lines := strings.Split(string(doc), "\n")
	if !strings.HasPrefix(lines[0], "# Postmortem: ") || !strings.HasSuffix(lines[0], ")") {
		t.Errorf("first line %q is not the title", lines[0])
	}
	section, timelineItems, cols := "", 0, 0
	for n, l := range lines[1:] {
		n += 2
		if strings.HasPrefix(l, "#") && lines[n-2] != "" {
			t.Errorf("line %d: heading %q does not follow a blank line (a list would swallow it)", n, l)
		}
		switch {
		case strings.HasPrefix(l, "## "):
			section = l
		case strings.HasPrefix(l, "### ") && section == "## Contributing factors":
			// Unknown categories get their own escaped heading.
			if strings.ContainsAny(strings.ReplaceAll(l, `\|`, ""), "|\n") {
				t.Errorf("line %d: category heading %q not escaped", n, l)
			}
			continue
		case strings.HasPrefix(l, "### Why: ") && section == "## Root cause analysis":
			continue // a named why chain, escaped
		case strings.HasPrefix(l, "#### ") && section == "## Timeline":
			if _, err := time.Parse("2006-01-02 (Monday)", l[5:]); err != nil {
				t.Errorf("line %d: date heading %q: %v", n, l, err)
			}
			continue
		case strings.HasPrefix(l, "### ") && section == "## Timeline" && strings.Contains(l, " — from "):
			// A phase of a multi-day incident, dated.
			title, date, _ := strings.Cut(l, " — from ")
			if _, err := time.Parse("2006-01-02 (Monday)", date); err != nil || !headings[title] {
				t.Errorf("line %d: phase heading %q: %v", n, l, err)
			}
			continue
		}
		if strings.HasPrefix(l, "#") && !headings[l] {
			t.Errorf("line %d: unexpected heading %q", n, l)
		}
		trimmed := strings.TrimLeft(l, " ")
		for _, bad := range []string{"```", "~~~", "<", ">", "    "} {
			if strings.HasPrefix(trimmed, bad) || strings.HasPrefix(l, bad) {
				t.Errorf("line %d starts a block (%q): %q", n, bad, l)
			}
		}
		// What follows a list marker must not open a block either.
		if m := listItem.FindStringSubmatch(l); m != nil {
			content := m[1]
			if content == "" || blockStart.MatchString(content) && !strings.HasPrefix(content, "**") && !strings.HasPrefix(content, "`") &&
				!linkItem.MatchString(content) {
				t.Errorf("line %d: list item starts a block: %q", n, l)
			}
		}
		if strings.HasPrefix(l, "|") {
			// Count the pipes that split cells: not escaped ones.
			c := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|")
			if strings.HasPrefix(l, "|---") || cols == 0 {
				cols = c
			}
			if c != cols {
				t.Errorf("line %d: table row has %d separators, want %d: %q", n, c, cols, l)
			}
		} else {
			cols = 0
		}
		if section == "## Timeline" && strings.HasPrefix(l, "- `") {
			timelineItems++
			if _, err := time.Parse("15:04:05", l[3:11]); err != nil || l[11] != '`' {
				t.Errorf("line %d: timeline item without a time: %q", n, l)
			}
		}
		if section == "## Timeline" && l != "" && !strings.HasPrefix(l, "- `") && !strings.HasPrefix(l, "#") &&
			!strings.HasPrefix(l, "_") && !strings.HasPrefix(l, "All times UTC") {
			t.Errorf("line %d: timeline line that is no entry: %q", n, l)
		}
	}
	if timelineItems != entries {
		t.Errorf("timeline has %d items, want one per entry shown: %d", timelineItems, entries)
	}
	if last := bytes.LastIndex(doc, []byte("\n## ")); last < 0 || !bytes.HasPrefix(doc[last:], []byte("\n## Blameless check\n\n_"+BlamelessReminder+"_\n")) {
		t.Error("the draft's last section is not the Blameless check, opening with the blameless reminder")
	}
}

// TestWritePostmortemActionTicket links an action's ticket from its text,
// and makes no link of what is not a web URL.
func TestWritePostmortemActionTicket(t *testing.T) {
	inc, entries := fullIncident()
	inc.Actions[2].Link = "https://tickets.example.com/OPS-7 (new)"
	inc.Actions[3].Link = "javascript:alert(1)"
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName, Platform: "slack", Drafted: pmDrafted}))
	if want := "| 3 | Page on 5xx above 5% for 2 minutes ([ticket](https://tickets.example.com/OPS-7%20%28new%29)) | Carol Diaz |"; !strings.Contains(doc, want) {
		t.Errorf("draft lacks %q", want)
	}
	if strings.Contains(doc, "javascript:") {
		t.Error("draft links a javascript: URL")
	}
}

func TestWritePostmortemSections(t *testing.T) {
	inc, entries := fullIncident()
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: pmName, Platform: "slack", Drafted: pmDrafted}))
	// The sections, in the order the team agreed.
	order := []string{
		"# Postmortem: Checkout errors after payments-api deploy (INC-42)", "- **Status:** Draft",
		"## Summary", "## Impact", "## Responders", "## Metrics", "## Timeline",
		"### Detection", "### Response and mitigation", "### Resolution",
		"## Status updates", "## Root cause analysis",
		"## Contributing factors", "### Technical failures", "### Process gaps", "### Monitoring and alerting",
		"## Corrective and preventive actions", "## Lessons learned",
		"### What went well", "### What went wrong", "### Where we got lucky", BlamelessReminder,
	}
	pos := 0
	for _, s := range order {
		i := strings.Index(doc[pos:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order", s)
		}
		pos += i + len(s)
	}
	for _, want := range []string{
		"- **Incident Commander:** Alice Chen (declared 10:02) → Bob Okafor (from 10:40)",
		"| Time to acknowledge | 17m 00s | impact started, 09:48:00 | acknowledged, 10:05:00 |",
		"| Total duration | 1h 32m | impact started, 09:48:00 | resolved, 11:20:00 |",
		"- `10:07:30` **Carol Diaz**: payments-api pods are crash-looping: `panic: missing env PAYMENTS_GATEWAY_URL` (all 12 pods) _(edited)_",
		"- `10:18:30` **Dan Petrov**: _(message deleted at 10:19:05)_",
		"- `10:33:10` 📌 **Carol Diaz**: **Rollback 60% done, 5xx falling: 12%.** _(pinned by Alice Chen at 10:41)_\n",
		"- **Tier 1 on-call:** Carol Diaz (from 10:04)",
		"- **Joined the channel:** Dan Petrov (10:12)",
		"- `10:45:00` 📌 **Rollback to v2.13.2 complete** (Bob Okafor)\n",
		"- `10:30:00` Update (identified): Bad config in payments-api v2.14.0; rolling back. (Erin Walsh)\n",
		"- `10:14:20` **Dan Petrov**: Config diff between v2.13.2 and v2.14.0 attached: ↵ only PAYMENTS_GATEWAY_URL is new.",
		"[config-diff v2.14.0.txt](https://files.example.com/F0DIFF/config-diff%20%28v2.14.0%29.txt)",
		"5. Why? Production validation was never added",
		"| 3 | Page on 5xx above 5% for 2 minutes | Carol Diaz | P2 | Mitigative | 2025-03-21 | Done 2025-03-14 |",
		"| 4 | Document the rollback procedure in the payments runbook | Erin Walsh | P2 | Process | — | Open |",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	// What other sections tell is not on the timeline again.
	timeline := doc[strings.Index(doc, "## Timeline"):strings.Index(doc, "## Status updates")]
	for _, gone := range []string{"Tier 1 on-call: Carol Diaz", "joined the channel", "Update posted; next one due",
		"Contributing factor (technical)", "pinned a message"} {
		if strings.Contains(timeline, gone) {
			t.Errorf("the timeline repeats %q", gone)
		}
	}
	for _, phase := range []struct{ heading, first, last string }{
		{"### Detection", "`10:02:00`", "`10:03:15`"},
		{"### Response and mitigation", "`10:05:00`", "`11:05:00`"},
		{"### Resolution", "`11:20:00`", "`12:00:00`"},
	} {
		sec := doc[strings.Index(doc, phase.heading):]
		sec = sec[:strings.Index(sec[4:], "###")+4]
		if !strings.Contains(sec, phase.first) || !strings.Contains(sec, phase.last) {
			t.Errorf("%s does not hold %s to %s:\n%s", phase.heading, phase.first, phase.last, sec)
		}
	}
}

func TestWritePostmortemNotResolved(t *testing.T) {
	inc := minimalIncident()
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Drafted: pmAt(15, 30, 0)}))
	for _, want := range []string{
		"- **Resolved:** — (not resolved yet)",
		"- **Duration:** — (not resolved; 1h 30m so far when drafted)",
		"| Time to resolve | — | declared, 14:00:00 | resolved: not recorded |",
		"| Time to detect | — | impact started: not recorded | detected: not recorded |",
		"_Until the incident was declared at 14:00:00; no acknowledgement was recorded._",
		"| Total duration | — | declared, 14:00:00 | resolved: not recorded |",
		"_Not resolved yet._",
		"- **Comms Lead:** — (not assigned)",
		"_No answers yet.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
}

// TestWritePostmortemNoMilestones dates the timeline from its entries
// when the declaration time is not known.
func TestWritePostmortemNoMilestones(t *testing.T) {
	inc := &bot.Incident{ID: 1, Title: "Imported"}
	entries := []bot.Entry{
		{At: pmAt(8, 0, 0), Kind: bot.EntryMessage, Author: "U1", Text: "first"},
		{At: pmAt(8, 1, 0), Kind: bot.EntryMessage, Author: "U1", Text: "second"},
	}
	raw := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries)})
	checkMarkdown(t, raw, shown(entries))
	doc := string(raw)
	want := "All times UTC. 📌 marks key events (pinned messages, events and milestones); " +
		"lines without a name in bold are the bot's record of a command.\n\n" +
		"### Detection\n\n#### 2025-03-14 (Friday)\n\n- `08:00:00` **U1**: first\n- `08:01:00` **U1**: second\n\n" +
		"### Response and mitigation\n\n_No entries._\n\n### Resolution\n\n_Not resolved yet._\n\n_No entries._\n\n"
	if !strings.Contains(doc, want) {
		t.Errorf("timeline is not\n%s\nin\n%s", want, doc)
	}
	for _, want := range []string{"- **Declared:** — (not recorded)", "- **Duration:** —\n", "- **Incident Commander:** — (not assigned)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
}

func TestWritePostmortemOverdueAction(t *testing.T) {
	inc := minimalIncident()
	inc.Actions = []bot.Action{{N: 1, Text: "Fix it", Priority: bot.P1, Type: bot.ActionPrevent, Due: pmAt(9, 0, 0)}}
	doc := string(renderDraft(t, bot.PostmortemData{Incident: inc, Drafted: pmAt(15, 0, 0)}))
	if want := "| 1 | Fix it | — | P1 | Preventive | 2025-03-14 | Open, overdue |"; !strings.Contains(doc, want) {
		t.Errorf("draft lacks %q", want)
	}
}

// TestWritePostmortemLongMessage keeps a 40 KB message whole, on one line.
func TestWritePostmortemLongMessage(t *testing.T) {
	para := strings.Repeat("stack frame at payments/api.go:123 | ", 1000)
	long := para + "\n" + para
	if len(long) < 40<<10 {
		t.Fatalf("message is %d bytes, want 40 KB", len(long))
	}
	entries := []bot.Entry{
		{At: pmAt(14, 1, 0), Kind: bot.EntryMessage, Author: "U9", Text: long},
		{At: pmAt(14, 2, 0), Kind: bot.EntryEdit, Author: "U9", Text: long, Original: long},
		{At: pmAt(14, 3, 0), Kind: bot.EntryMessage, Author: "U9", Text: "after"},
	}
	doc := renderDraft(t, bot.PostmortemData{Incident: minimalIncident(), Timeline: timelineOf(entries)})
	checkMarkdown(t, doc, shown(entries))
	var item string
	for _, l := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(l, "- `14:01:00`") {
			item = l
		}
	}
	if want := "- `14:01:00` **U9**: " + strings.TrimSpace(para) + " ↵ " + strings.TrimSpace(para); item != want {
		t.Errorf("long message not kept whole on one line: got %d bytes, want %d", len(item), len(want))
	}
}

func TestWritePostmortemErrors(t *testing.T) {
	if err := Write(io.Discard, bot.PostmortemData{}); err == nil {
		t.Error("no incident: no error")
	}
	boom := errors.New("boom")
	err := Write(io.Discard, bot.PostmortemData{Incident: minimalIncident(),
		Timeline: func(func(*bot.Entry) error) error { return boom }})
	if !errors.Is(err, boom) {
		t.Errorf("timeline failure: got %v, want it wrapped", err)
	}
	inc, entries := fullIncident()
	full := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries)})
	for _, n := range []int{0, 100, len(full) - 1} {
		err := Write(&pmFailingWriter{n: n, err: boom}, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries)})
		if !errors.Is(err, boom) {
			t.Errorf("writer failing after %d bytes: got %v, want it wrapped", n, err)
		}
	}
}

// pmFailingWriter accepts n bytes, then fails.
type pmFailingWriter struct {
	n   int
	err error
}

func (w *pmFailingWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		k := w.n
		w.n = 0
		return k, w.err
	}
	w.n -= len(b)
	return len(b), nil
}

// TestWritePostmortemNameLookups asks for each name once, however often
// the user appears.
func TestWritePostmortemNameLookups(t *testing.T) {
	inc, entries := fullIncident()
	calls := map[string]int{}
	renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: func(u string) string {
		calls[u]++
		return pmNames[u]
	}})
	for u, n := range calls {
		if n != 1 {
			t.Errorf("Name(%q) called %d times, want once", u, n)
		}
	}
	if calls[""] != 0 {
		t.Error("Name called for an empty user id")
	}
}

// bigTimeline returns n entries of a busy incident: mostly messages from
// 40 people, some edits, bot entries and pins.
func bigTimeline(n int) (*bot.Incident, []bot.Entry, func(string) string) {
	inc, _ := fullIncident()
	start := pmAt(9, 0, 0)
	inc.Milestones = bot.Milestones{Declared: start, Acknowledged: start.Add(10 * time.Minute),
		Resolved: start.Add(time.Duration(n) * time.Second * 9 / 10)}
	names := map[string]string{}
	users := make([]string, 40)
	for i := range users {
		users[i] = fmt.Sprintf("U%04d", i)
		names[users[i]] = fmt.Sprintf("Responder %d", i)
	}
	entries := make([]bot.Entry, n)
	for i := range entries {
		e := &entries[i]
		e.IncidentID, e.Seq, e.At = 42, uint64(i+1), start.Add(time.Duration(i)*time.Second)
		e.Author, e.MessageID = users[i%len(users)], fmt.Sprintf("%d.%06d", 1710400000+i, i)
		e.Kind, e.Text = bot.EntryMessage, fmt.Sprintf("Checked shard %d of payments-db: replication lag %dms, error rate %d.%d%% | see dashboard", i%64, i%900, i%7, i%10)
		switch {
		case i%50 == 0:
			e.Kind, e.Bot, e.Text = bot.EntryReminder, true, "Update due: Incident Commander, Comms Lead, please post an update."
		case i%20 == 0:
			e.Kind, e.Original = bot.EntryEdit, "Checked shard: lag fine"
		case i%97 == 0:
			e.Kind, e.KeyEvent, e.Original = bot.EntryPin, true, users[(i+1)%len(users)]
		}
	}
	return inc, entries, func(u string) string { return names[u] }
}

// TestWritePostmortemLarge checks the shape of a long draft; how fast a
// draft of 100,000 entries is, BenchmarkWritePostmortem100k measures.
func TestWritePostmortemLarge(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 1_000
	}
	inc, entries, name := bigTimeline(n)
	var b bytes.Buffer
	if err := Write(&b, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: name, Drafted: pmDrafted}); err != nil {
		t.Fatal(err)
	}
	checkMarkdown(t, b.Bytes(), shown(entries))
}

func BenchmarkWritePostmortem100k(b *testing.B) {
	inc, entries, name := bigTimeline(100_000)
	d := bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: name, Platform: "slack", Drafted: pmDrafted}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/(1<<20), "MB/draft")
}

// BenchmarkWritePostmortem100kRenderOnly is the renderer alone: the draft
// goes to io.Discard instead of a growing buffer.
func BenchmarkWritePostmortem100kRenderOnly(b *testing.B) {
	inc, entries, name := bigTimeline(100_000)
	d := bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: name, Platform: "slack", Drafted: pmDrafted}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzWritePostmortem puts the same text in every field people type and
// checks that the draft keeps its shape.
func FuzzWritePostmortem(f *testing.F) {
	for _, s := range []string{"", "plain", hostileText, "a\n\n\nb", "`", "\\", "- x", "1) x", "<!--", "*_*", "|\n|", "\xff\x00\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		inc := &bot.Incident{
			ID: 1, Title: s, Description: s, Summary: s, Impact: s, Resolution: s, Status: bot.Status(s),
			ChannelName: s, DeclaredBy: "U1", Severity: bot.P1,
			Milestones:   bot.Milestones{Declared: pmAt(10, 0, 0), Acknowledged: pmAt(10, 1, 0), Resolved: pmAt(10, 3, 0)},
			Roles:        []bot.RoleChange{{Role: bot.RoleCommander, User: "U1", At: pmAt(10, 0, 0)}, {Role: bot.Role(s), User: "U2", At: pmAt(10, 1, 0)}},
			Participants: []string{"U1", "U2", s},
			Updates:      []bot.Update{{At: pmAt(10, 2, 0), By: "U2", Status: bot.Status(s), Text: s, Changes: s, Mitigation: s}},
			Whys:         []string{s},
			Causes:       []bot.Cause{{Category: bot.CauseTechnical, Text: s}, {Category: bot.CauseCategory(s), Text: s}},
			Actions:      []bot.Action{{N: 1, Text: s, Owner: s, Type: bot.ActionType(s), Priority: bot.P2}},
		}
		var entries []bot.Entry
		for i, k := range []bot.EntryKind{bot.EntryMessage, bot.EntryEdit, bot.EntryDelete, bot.EntryPin, bot.EntryFile, bot.EntryJoin, bot.EntryEvent, bot.EntryNote} {
			entries = append(entries, bot.Entry{At: pmAt(10, i/3, i), Kind: k, Author: "U2", AuthorName: s, Text: s, Original: s, Bot: k == bot.EntryNote})
			entries = append(entries, bot.Entry{At: pmAt(10, i/3, i), Kind: k, Author: "U1", Text: s + " https://x.example/" + s, Original: "U2", KeyEvent: true})
		}
		entries = append(entries, bot.Entry{At: pmAt(11, 0, 0), Kind: bot.EntryMessage, Author: s, Text: s},
			bot.Entry{At: pmAt(11, 0, 0), Kind: bot.EntryMessage, AuthorName: s, Text: s})
		for _, name := range []func(string) string{nil, func(string) string { return s }} {
			doc := renderDraft(t, bot.PostmortemData{Incident: inc, Timeline: timelineOf(entries), Name: name, Platform: s, Drafted: pmDrafted})
			checkMarkdown(t, doc, shown(entries))
		}
	})
}
