package commands

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// now is Friday 2024-05-10 15:30 UTC in every test.
var now = time.Date(2024, 5, 10, 15, 30, 0, 0, time.UTC)

func at(h, m int) time.Time { return time.Date(2024, 5, 10, h, m, 0, 0, time.UTC) }
func day(d int) time.Time   { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }

func inv(c bot.Command) bot.Invocation { return bot.Invocation{Command: c} }

func action(text, owner string) bot.AddAction {
	return bot.AddAction{Text: text, Owner: owner, Priority: bot.P2, Type: bot.ActionPrevent}
}

func TestParse(t *testing.T) {
	tests := []struct {
		text string
		want bot.Invocation
	}{
		// declare
		{"declare checkout errors", inv(bot.Declare{Title: "checkout errors"})},
		{"DECLARE Checkout Errors", inv(bot.Declare{Title: "Checkout Errors"})},
		{`declare "checkout errors" --sev P1`, inv(bot.Declare{Title: "checkout errors", Severity: bot.P1, SeveritySet: true})},
		{"declare --sev p0 checkout   errors\nin EU", inv(bot.Declare{Title: "checkout errors in EU", Severity: bot.P0, SeveritySet: true})},
		{"declare checkout --sev=3 errors", inv(bot.Declare{Title: "checkout errors", Severity: bot.P3, SeveritySet: true})},
		{`declare 'db down' --desc "pool exhausted" --started 14:00 --detected 14:10`,
			inv(bot.Declare{Title: "db down", Description: "pool exhausted", Started: at(14, 0), Detected: at(14, 10)})},
		{"declare db down --started 2024-05-10 14:00", inv(bot.Declare{Title: "db down", Started: at(14, 0)})},
		{"declare db down --started=2024-05-10T14:00:00Z", inv(bot.Declare{Title: "db down", Started: at(14, 0)})},
		{`declare db down --started -1h --detected "15m ago"`, inv(bot.Declare{Title: "db down", Started: at(14, 30), Detected: at(15, 15)})},
		{"declare db down --detected 15m ago", inv(bot.Declare{Title: "db down", Detected: at(15, 15)})},
		{`declare db --desc="pool is exhausted"`, inv(bot.Declare{Title: "db", Description: "pool is exhausted"})},
		{"declare", inv(bot.Declare{})},
		{`declare ""`, inv(bot.Declare{})},
		{"declare --sev P2", inv(bot.Declare{Severity: bot.P2, SeveritySet: true})},
		{"declare “smart quotes” here", inv(bot.Declare{Title: "smart quotes here"})},
		{"declare ‘single smart’", inv(bot.Declare{Title: "single smart"})},
		{"declare „low“ quotes", inv(bot.Declare{Title: "low quotes"})},
		{`declare "say \"hi\" to C:\temp"`, inv(bot.Declare{Title: `say "hi" to C:\temp`})},
		{`declare 'don't panic'`, inv(bot.Declare{Title: "don't panic"})},
		{"declare the team’s db", inv(bot.Declare{Title: "the team’s db"})},
		{`declare "db", again`, inv(bot.Declare{Title: "db, again"})},
		{"declare db -- --sev P1", inv(bot.Declare{Title: "db --sev P1"})},
		{"declare db —sev P1", inv(bot.Declare{Title: "db", Severity: bot.P1, SeveritySet: true})},
		{"declare db –sev P1", inv(bot.Declare{Title: "db", Severity: bot.P1, SeveritySet: true})},
		{`declare "--sev" P1`, inv(bot.Declare{Title: "--sev P1"})},
		{"declare 🔥🔥🔥", inv(bot.Declare{Title: "🔥🔥🔥"})},
		{"declare a-b--c", inv(bot.Declare{Title: "a-b--c"})},

		// role, in every mention form and either order
		{"role ic @alice", inv(bot.AssignRole{Role: bot.RoleCommander, User: "alice"})},
		{"ROLE IC <@U123>", inv(bot.AssignRole{Role: bot.RoleCommander, User: "U123"})},
		{"role comms <@U123|alice>", inv(bot.AssignRole{Role: bot.RoleComms, User: "U123"})},
		{"role tier1 <@123456789012345678>", inv(bot.AssignRole{Role: bot.RoleTier1, User: "123456789012345678"})},
		{"role tier2 <@!42>", inv(bot.AssignRole{Role: bot.RoleTier2, User: "42"})},
		{"role @bob ic", inv(bot.AssignRole{Role: bot.RoleCommander, User: "bob"})},
		{"role commander @bob.smith", inv(bot.AssignRole{Role: bot.RoleCommander, User: "bob.smith"})},
		{`role ic "@alice"`, inv(bot.AssignRole{Role: bot.RoleCommander, User: "alice"})},

		// sev, status
		{"sev P1", inv(bot.SetSeverity{Severity: bot.P1})},
		{"sev p3", inv(bot.SetSeverity{Severity: bot.P3})},
		{"sev 0", inv(bot.SetSeverity{Severity: bot.P0})},
		{"severity P2", inv(bot.SetSeverity{Severity: bot.P2})},
		{"status identified", inv(bot.SetStatus{Status: bot.StatusIdentified})},
		{"Status RESOLVED", inv(bot.SetStatus{Status: bot.StatusResolved})},

		// milestones
		{"ack", inv(bot.Acknowledge{})},
		{"ack --at 15:00", inv(bot.Acknowledge{At: at(15, 0)})},
		{"ack --at 16:00", inv(bot.Acknowledge{At: at(16, 0).AddDate(0, 0, -1)})},
		{"ack --at 15:31", inv(bot.Acknowledge{At: now})}, // a minute of clock skew
		{`acknowledge --at "10m ago"`, inv(bot.Acknowledge{At: at(15, 20)})},
		{"ack --at 10m ago", inv(bot.Acknowledge{At: at(15, 20)})},
		{"ack --at 2024-05-10T17:00:00+02:00", inv(bot.Acknowledge{At: at(15, 0)})},
		{"ack --at now", inv(bot.Acknowledge{At: now})},
		{"mitigated", inv(bot.Mitigate{})},
		{"mitigate --at -5m", inv(bot.Mitigate{At: at(15, 25)})},
		{"resolve", inv(bot.Resolve{})},
		{"resolved", inv(bot.Resolve{})},
		{"resolve rolled back the deploy --at 15:20", inv(bot.Resolve{Summary: "rolled back the deploy", At: at(15, 20)})},
		{"close", inv(bot.Close{})},
		{"reopen", inv(bot.Reopen{})},

		// update
		{"update", inv(bot.PostUpdate{})},
		{"update rolled back", inv(bot.PostUpdate{Text: "rolled back"})},
		{"update line one\nline two", inv(bot.PostUpdate{Text: "line one\nline two"})},
		{`update --status monitoring --next 30m --changes "rolled back" --mitigation 'scaling up' errors falling`,
			inv(bot.PostUpdate{Status: bot.StatusMonitoring, Next: 30 * time.Minute, Changes: "rolled back", Mitigation: "scaling up", Text: "errors falling"})},
		{"update errors --next 1d falling", inv(bot.PostUpdate{Next: 24 * time.Hour, Text: "errors falling"})},
		{"update --next=90s x", inv(bot.PostUpdate{Next: 90 * time.Second, Text: "x"})},
		{"update --next 1H30M x", inv(bot.PostUpdate{Next: 90 * time.Minute, Text: "x"})},
		{"update --status monitoring", inv(bot.PostUpdate{Status: bot.StatusMonitoring})},

		// amending the record
		{`title "Checkout and login errors"`, inv(bot.SetTitle{Title: "Checkout and login errors"})},
		{"title  checkout   down ", inv(bot.SetTitle{Title: "checkout down"})},
		{"started 14:05", inv(bot.SetStarted{At: at(14, 5)})},
		{"started 2024-05-10 14:05", inv(bot.SetStarted{At: at(14, 5)})},
		{"detected 85m ago", inv(bot.SetDetected{At: at(14, 5)})},
		{"detected 85m ago --via customer", inv(bot.SetDetected{At: at(14, 5), Via: bot.DetectedByCustomer})},
		{"sev P1 --at 15:00", inv(bot.SetSeverity{Severity: bot.P1, At: at(15, 0)})},
		{"status identified --at -30m", inv(bot.SetStatus{Status: bot.StatusIdentified, At: at(15, 0)})},
		{"update --at 15:00 --status monitoring back to normal", inv(bot.PostUpdate{Status: bot.StatusMonitoring, Text: "back to normal", At: at(15, 0)})},

		// timeline and postmortem content
		{"event failover --at 15:00", inv(bot.MarkEvent{Text: "failover", At: at(15, 0)})},
		{"event --at 15:00 failed over to eu-west-2", inv(bot.MarkEvent{Text: "failed over to eu-west-2", At: at(15, 0)})},
		{"event don't panic", inv(bot.MarkEvent{Text: "don't panic"})},
		{"impact 30% of EU checkouts failed", inv(bot.SetImpact{Text: "30% of EU checkouts failed"})},
		{"impact degraded: slow checkouts --from 14:05", inv(bot.SetImpact{Text: "degraded: slow checkouts", From: at(14, 5)})},
		{"impact --from 2024-05-10 14:05 --to 14:46 down", inv(bot.SetImpact{Text: "down", From: at(14, 5), To: at(14, 46)})},
		{`impact "orders lost" --from 2h ago --to=-90m`, inv(bot.SetImpact{Text: "orders lost", From: at(13, 30), To: at(14, 0)})},
		{"impact --drop 2", inv(bot.SetImpact{Drop: 2})},
		{"impact", inv(bot.SetImpact{Show: true})},
		{`impact ""`, inv(bot.SetImpact{Show: true})},
		{"impact --drop #1", inv(bot.SetImpact{Drop: 1})},
		{`impact "--from 14:05"`, inv(bot.SetImpact{Text: "--from 14:05"})},
		{"summary a config push exhausted the pool", inv(bot.SetSummary{Text: "a config push exhausted the pool"})},
		{"why the pool was sized for last year's traffic", inv(bot.AddWhy{Text: "the pool was sized for last year's traffic"})},
		{"cause monitoring no alert on saturation", inv(bot.AddCause{Category: bot.CauseMonitoring, Text: "no alert on saturation"})},
		{"cause alerting x", inv(bot.AddCause{Category: bot.CauseMonitoring, Text: "x"})},
		{"cause TECHNICAL pool too small", inv(bot.AddCause{Category: bot.CauseTechnical, Text: "pool too small"})},

		// actions
		{"action add fix it @bob", inv(action("fix it", "bob"))},
		{"action add fix it <@U1|bob>", inv(action("fix it", "U1"))},
		{"action add fix it <@!99>", inv(action("fix it", "99"))},
		{"action add ping @bob about it", inv(action("ping @bob about it", ""))},
		{"action add fix it --owner <@U1>", inv(action("fix it", "U1"))},
		{"action add --owner @carol fix it @bob", inv(action("fix it @bob", "carol"))},
		{`action add fix it "@bob"`, inv(action("fix it @bob", ""))},
		{"action add fix it --due 2024-05-20 --prio p1 --type mitigate",
			inv(bot.AddAction{Text: "fix it", Due: day(20), Priority: bot.P1, PrioSet: true, Type: bot.ActionMitigate, TypeSet: true})},
		{"action add x --due tomorrow", inv(bot.AddAction{Text: "x", Due: day(11), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due today", inv(bot.AddAction{Text: "x", Due: day(10), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due +3d", inv(bot.AddAction{Text: "x", Due: day(13), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due 3d", inv(bot.AddAction{Text: "x", Due: day(13), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due 2w", inv(bot.AddAction{Text: "x", Due: day(24), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due friday", inv(bot.AddAction{Text: "x", Due: day(17), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due next Mon", inv(bot.AddAction{Text: "x", Due: day(13), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --due 2024-05-12T09:00:00Z", inv(bot.AddAction{Text: "x", Due: day(12).Add(9 * time.Hour), Priority: bot.P2, Type: bot.ActionPrevent})},
		{"action add x --type process --prio P2", inv(bot.AddAction{Text: "x", Priority: bot.P2, PrioSet: true, Type: bot.ActionProcess, TypeSet: true})},
		{"action add x --link https://tickets.example.com/OPS-7", inv(bot.AddAction{Text: "x", Priority: bot.P2, Type: bot.ActionPrevent, Link: "https://tickets.example.com/OPS-7"})},
		{"action done 2", inv(bot.CompleteAction{N: 2})},
		{"ACTION DONE #3", inv(bot.CompleteAction{N: 3})},
		{"action done 2 --link https://git.example.com/pr/42", inv(bot.CompleteAction{N: 2, Link: "https://git.example.com/pr/42"})},
		{"action verify 2 https://deploy.example.com/r/1", inv(bot.VerifyAction{N: 2, Evidence: "https://deploy.example.com/r/1"})},
		{"action reopen #2", inv(bot.ReopenAction{N: 2})},
		{"action drop 2 superseded by the new pooler", inv(bot.DropAction{N: 2, Reason: "superseded by the new pooler"})},
		{"action done A-17", inv(bot.CompleteAction{ID: 17})},
		{"action done a-17 --link https://git.example.com/pr/42", inv(bot.CompleteAction{ID: 17, Link: "https://git.example.com/pr/42"})},
		{`action done "A-17"`, inv(bot.CompleteAction{ID: 17})}, // as Discord sends it
		{"action verify A-17 https://deploy.example.com/r/1", inv(bot.VerifyAction{ID: 17, Evidence: "https://deploy.example.com/r/1"})},
		{"action reopen A-9223372036854775807", inv(bot.ReopenAction{ID: 9223372036854775807})},
		{"action drop a-3 superseded by A-4", inv(bot.DropAction{ID: 3, Reason: "superseded by A-4"})},
		{"action done A-17 --id 5", bot.Invocation{Command: bot.CompleteAction{ID: 17}, IncidentID: 5}},
		{"followups", inv(bot.ListFollowUps{})},
		{"similar", inv(bot.FindSimilar{})},
		{"stats", inv(bot.ShowStats{})},
		{"trends --since 30d --sev p1 --post", inv(bot.ShowStats{Query: bot.StatsQuery{Since: 30 * 24 * time.Hour, Severity: bot.P1, SevSet: true}, Post: true})},
		{"similar checkout errors in EU", inv(bot.FindSimilar{Text: "checkout errors in EU"})},
		{"follow-ups --mine --overdue", inv(bot.ListFollowUps{Mine: true, Overdue: true})},
		{"followups --all --owner <@U123>", inv(bot.ListFollowUps{All: true, Owner: "U123"})},
		{"action list", inv(bot.ListActions{})},
		{"actions", inv(bot.ListActions{})},

		// the rest
		{"postmortem", inv(bot.DraftPostmortem{})},
		{"timeline", inv(bot.ShowTimeline{})},
		{"timeline --last 20", inv(bot.ShowTimeline{Last: 20})},
		{"list", inv(bot.ListIncidents{})},

		// --id, anywhere
		{"sev P1 --id 42", bot.Invocation{Command: bot.SetSeverity{Severity: bot.P1}, IncidentID: 42}},
		{"--id #7 sev P1", bot.Invocation{Command: bot.SetSeverity{Severity: bot.P1}, IncidentID: 7}},
		{"sev --id=#9 P0", bot.Invocation{Command: bot.SetSeverity{Severity: bot.P0}, IncidentID: 9}},
		{"action --id 3 done 1", bot.Invocation{Command: bot.CompleteAction{N: 1}, IncidentID: 3}},
		{"close --ID 12", bot.Invocation{Command: bot.Close{}, IncidentID: 12}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.text, now)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.text, got, tt.want)
		}
	}
}

// TestParsePastDue: a --due before today parses, carrying the answer the
// engine gives unless the incident began before that date.
func TestParsePastDue(t *testing.T) {
	inv, err := Parse("action add x --due 2020-01-01", now)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	a, ok := inv.Command.(bot.AddAction)
	if !ok || !a.Due.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) || a.DuePast == nil ||
		!strings.Contains(a.DuePast.Error(), `--due "2020-01-01" is in the past.`) || bot.ErrorCode(a.DuePast) != bot.EInvalid {
		t.Errorf("Parse = %#v, want the due date and the past-date answer", inv.Command)
	}
	inv, _ = Parse("action add x --due tomorrow", now)
	if a, _ := inv.Command.(bot.AddAction); a.DuePast != nil {
		t.Errorf("--due tomorrow carries %v", a.DuePast)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text string
		want []string // substrings of the message
	}{
		{"frobnicate", []string{`Unknown subcommand "frobnicate"`, "Usage: /incident <subcommand>"}},
		{"decalre x", []string{`Did you mean "declare"?`}},
		{"actoin add x", []string{`Did you mean "action"?`}},
		{"--id 3", []string{"Missing the subcommand"}},
		{`"unterminated`, []string{"Unterminated quote: close the \" you opened", "Usage: /incident <subcommand>"}},
		{`declare "x`, []string{"Unterminated quote", "Usage: /incident declare"}},
		{"declare “x", []string{"close the “ you opened"}},
		{"event 'tis the season", []string{"Unterminated quote", "Usage: /incident event"}},
		{"declare x --desc='y", []string{"Unterminated quote"}},

		{"declare " + strings.Repeat("x", 5000), []string{"The command is too long: keep it under 4000 characters."}},
		{"declare x --sev P7", []string{`Unknown severity "P7": use P0, P1, P2 or P3.`, "Usage: /incident declare [title]"}},
		{"declare x --foo bar", []string{"Unknown flag --foo for declare."}},
		{"declare x --sev", []string{"--sev needs a value."}},
		{"declare x --sev --desc y", []string{"--sev needs a value."}},
		{"declare x --sev -- P1", []string{"--sev needs a value."}},
		{"declare x --sev P1 --sev P2", []string{"--sev is given twice."}},
		{"declare x --started 25:00", []string{`Bad time "25:00" for --started`}},
		{"declare x --started 15m", []string{`Bad time "15m" for --started`}},
		{"declare x --started -0s", []string{`Bad time "-0s"`}},
		{"declare x --started 2030-01-01T00:00:00Z", []string{"is in the future"}},
		{"declare x --started 2024-05-10 16:00", []string{"is in the future"}},
		{"declare x --started 15:00 --detected 14:00", []string{"--detected 2024-05-10 14:00 is before --started 2024-05-10 15:00."}},
		{"declare " + strings.Repeat("x", MaxTitle+1), []string{"The title is 201 characters long"}},

		{"role", []string{"Missing the role and the user."}},
		{"role ic", []string{"Missing the user: expected a user mention like @alice."}},
		{"role @alice", []string{"Missing the role"}},
		{"role boss @alice", []string{`Unknown role "boss": use ic, comms, tier1 or tier2.`}},
		{"role ic bob", []string{`"bob" is not a user: expected a user mention like @alice.`, "Usage: /incident role <ic|comms|tier1|tier2> <@user>"}},
		{"role ic @here", []string{"expected a user mention like @alice"}},
		{"role ic <@&123>", []string{"expected a user mention like @alice"}},
		{"role ic <#C123>", []string{"expected a user mention like @alice"}},
		{"role ic @alice @bob", []string{`Unexpected "@bob"`}},

		{"sev P7", []string{"Unknown severity \"P7\": use P0, P1, P2 or P3.\nUsage: /incident sev <P0..P3>"}},
		{"sev", []string{"Missing the severity"}},
		{"sev P1 P2", []string{`Unexpected "P2" after "P1"`}},
		{"status closed", []string{"Status closed is set by /incident close."}},
		{"status fixed", []string{`Unknown status "fixed"`}},
		{"status", []string{"Missing the status"}},

		{"ack now please", []string{`Unexpected "now please": ack takes no text.`}},
		{"ack --sev P1", []string{"Unknown flag --sev for ack.", "Usage: /incident ack [--at TIME]"}},
		{"ack --at yesterday", []string{`Bad time "yesterday" for --at`}},
		{"mitigated x", []string{"mitigated takes no text"}},
		{"close now", []string{"close takes no text"}},
		{"close --at 15:00", []string{"Unknown flag --at: close takes only --id."}},
		{"reopen x", []string{"reopen takes no text"}},
		{"postmortem x", []string{"postmortem takes no text"}},
		{"list x", []string{"list takes no text"}},

		{"update --next 0s x", []string{"must be after now"}},
		{"update --next -5m x", []string{"must be after now"}},
		{"update --next 25h x", []string{`--next "25h" is too far: at most 24h.`}},
		{"update --next 2d x", []string{"is too far"}},
		{"update --next 99999999d x", []string{"is too far"}},
		{"update --next soon x", []string{`Bad duration "soon" for --next`}},
		{"update --next 30 x", []string{`Bad duration "30" for --next`}},
		{"update --status closed", []string{"Status closed"}},
		{"update --status done x", []string{`Unknown status "done"`}},

		{"event", []string{"Missing the event text"}},
		{"event --at 15:00", []string{"Missing the event text"}},
		{"event x --at tomorrow", []string{`Bad time "tomorrow"`}},
		{"impact --from 14:05", []string{"Missing the impact", "Usage: /incident impact [text] [--from TIME] [--to TIME] [--drop N]"}},
		{"impact down --to 14:05", []string{"--to needs --from"}},
		{"impact down --from 14:05 --to 14:05", []string{"--to 2024-05-10 14:05 is not after --from 2024-05-10 14:05."}},
		{"impact down --from 14:05 --to 13:00", []string{"--to 2024-05-10 13:00 is not after --from 2024-05-10 14:05.", "Usage: /incident impact"}},
		{"impact down --from 2099-01-01 10:00", []string{`--from "2099-01-01 10:00" is in the future: it is 2024-05-10 15:30 UTC now.`}},
		{"impact down --from 14:00 --to 2099-01-01 10:00", []string{`--to "2099-01-01 10:00" is in the future`}},
		{"impact down --from soon", []string{`Bad time "soon" for --from`}},
		{"impact down --from 14:00 --from 14:10", []string{"--from is given twice."}},
		{"impact --drop x", []string{`Bad phase number "x" for --drop`}},
		{"impact --drop 0", []string{`Bad phase number "0" for --drop`}},
		{"impact down --drop 1", []string{"--drop takes no text, --from or --to: it drops impact phase 1 as it is."}},
		{"impact --drop 1 --from 14:00", []string{"--drop takes no text"}},
		{"summary", []string{"Missing the summary"}},
		{"why", []string{"Missing the answer"}},
		{"cause", []string{"Missing the category and the text"}},
		{"cause human x", []string{`Unknown category "human"`}},
		{"cause process", []string{"Missing the text"}},

		{"action", []string{"Missing what to do with actions", "Usage: /incident action add", "Usage: /incident action done <n|A-id>", "Usage: /incident action list"}},
		{"action remove 1", []string{`Unknown action subcommand "remove": use add, done, verify, reopen, drop or list.`}},
		{"title", []string{"Missing the title", "Usage: /incident title <title>"}},
		{"title " + strings.Repeat("x", 201), []string{"keep it under 200"}},
		{"started", []string{"Missing the time", "Usage: /incident started <TIME>"}},
		{"started 2099-01-01 10:00", []string{`"2099-01-01 10:00" is in the future: it is 2024-05-10 15:30 UTC now.`}},
		{"detected soon", []string{`Bad time "soon"`}},
		{"detected 85m ago --via pager", []string{`Unknown --via "pager"`}},
		{"sev P1 --at 2099-01-01 10:00", []string{`--at "2099-01-01 10:00" is in the future: it is 2024-05-10 15:30 UTC now.`}},
		{"update x --at nope", []string{`Bad time "nope" for --at`}},
		{"action add", []string{"Missing the action item"}},
		{"action add @bob", []string{"Missing the action item"}},
		{"action add x --owner bob", []string{`"bob" is not a user`}},
		{"action add x --due someday", []string{`Bad date "someday" for --due`}},
		{"action add x --due 99999d", []string{"is too far away"}},
		{"action add x --prio P9", []string{`Unknown priority "P9"`}},
		{"action add x --type blame", []string{`Unknown type "blame"`}},
		{"action add x --at 15:00", []string{"Unknown flag --at for action add."}},
		{"action add x --link OPS-7", []string{`--link "OPS-7" is not a link`}},
		{"action add x --link javascript:alert(1)", []string{`is not a link`}},
		{"action done", []string{"Missing the action item number"}},
		{"action done x", []string{`Bad action item number "x"`}},
		{"action done 0", []string{`Bad action item number "0"`}},
		{"action done 1 2", []string{"Unexpected"}},
		{"action done 1 --link ftp://x", []string{`--link "ftp://x" is not a link`}},
		{"action done 1 --link", []string{"--link needs a value"}},
		{"action verify 1", []string{"Missing the link"}},
		{"action verify", []string{"Missing the action item number"}},
		{"action verify 1 deployed", []string{`The evidence "deployed" is not a link`}},
		{"action verify 1 https://x.example https://y.example", []string{"Unexpected"}},
		{"action reopen", []string{"Missing the action item number"}},
		{"action reopen 1 now", []string{"Unexpected"}},
		{"action drop 1", []string{"Missing the reason"}},
		{"action drop x why", []string{`Bad action item number "x"`}},
		{"action done A-0", []string{`Bad action id "A-0"`, "like A-17"}},
		{"action done A-x", []string{`Bad action id "A-x"`}},
		{"action verify a-x https://x.example", []string{`Bad action id "a-x"`}},
		{"action reopen A-", []string{`Bad action id "A-"`}},
		{"action drop A--3 why", []string{`Bad action id "A--3"`}},
		{"action done A-+3", []string{`Bad action id "A-+3"`}},
		{"action done A-99999999999999999999", []string{`Bad action id "A-99999999999999999999"`}},
		{"action done A17", []string{`Bad action item number "A17"`, "like A-17"}},
		{"action done #A-17", []string{`Bad action item number "#A-17"`}},
		{"action done A-17 2", []string{"Unexpected"}},
		{"action drop A-17", []string{"Missing the reason"}},
		{"followups --all=yes", []string{"--all takes no value"}},
		{"followups --mine --owner @bob", []string{"not both"}},
		{"followups --owner bob", []string{"is not a user"}},
		{"followups stuff", []string{"takes no text"}},
		{"stats --since -2d", []string{`Bad period "-2d" for --since`}},
		{"stats --since soon", []string{`Bad period "soon"`}},
		{"stats --since 99999d", []string{"too far back"}},
		{"stats --sev P7", []string{`Unknown severity "P7"`}},
		{"stats --post=yes", []string{"--post takes no value"}},
		{"action list x", []string{"action list takes no text"}},
		{"timeline --last x", []string{`Bad count "x" for --last`}},
		{"timeline --last -1", []string{`Bad count "-1"`}},
		{"timeline 5", []string{"timeline takes no text"}},

		{"sev P1 --id x", []string{`Bad incident id "x" for --id: use a number like 42 or #42.`}},
		{"sev P1 --id 0", []string{"Bad incident id"}},
		{"sev P1 --id -3", []string{"Bad incident id"}},
		{"sev P1 --id 99999999999999999999", []string{"Bad incident id"}},
		{"help frob", []string{`No help for "frob"`, "Usage: /incident help [subcommand]"}},
		{"help --foo", []string{"Unknown flag --foo"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.text, now)
		if err == nil {
			t.Errorf("Parse(%q) = %#v, want an error", tt.text, got)
			continue
		}
		var e *bot.Error
		if !errors.As(err, &e) || e.Code != bot.EInvalid {
			t.Errorf("Parse(%q) error %#v is not an EInvalid *bot.Error", tt.text, err)
			continue
		}
		if !strings.Contains(e.Message, "\nUsage: ") {
			t.Errorf("Parse(%q) error %q has no usage line", tt.text, e.Message)
		}
		for _, w := range tt.want {
			if !strings.Contains(e.Message, w) {
				t.Errorf("Parse(%q) error %q does not contain %q", tt.text, e.Message, w)
			}
		}
	}
}

func TestParseExactMessage(t *testing.T) {
	_, err := Parse("sev P7", now)
	want := "Unknown severity \"P7\": use P0, P1, P2 or P3.\nUsage: /incident sev <P0..P3> [--at TIME]"
	if got := bot.ErrorMessage(err); got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestParserCommand(t *testing.T) {
	var parse bot.Parser = Parser{Command: "/war"}.Parse
	_, err := parse("sev P9", now)
	if msg := bot.ErrorMessage(err); !strings.HasSuffix(msg, "\nUsage: /war sev <P0..P3> [--at TIME]") {
		t.Errorf("message = %q, want the /war usage line", msg)
	}
	got, err := parse("help", now)
	if err != nil {
		t.Fatal(err)
	}
	if text := got.Command.(bot.Help).Text; !strings.Contains(text, "/war help <subcommand>") || strings.Contains(text, "/incident") {
		t.Errorf("help under /war:\n%s", text)
	}
}

func TestParseHelp(t *testing.T) {
	tests := []struct {
		text, topic string
		contains    []string
	}{
		{"", "", []string{"Usage: /incident <subcommand>", "declare", "action add", "--id N"}},
		{"   \n ", "", []string{"Subcommands:"}},
		{"help", "", []string{"Subcommands:"}},
		{"HELP", "", []string{"Subcommands:"}},
		{"help sev", "sev", []string{"Usage: /incident sev <P0..P3>", "Example: /incident sev P1"}},
		{"help SEVERITY", "sev", []string{"Usage: /incident sev <P0..P3>"}},
		{"help action add", "action add", []string{"Usage: /incident action add <text>", "DATE (UTC)", "Example: /incident action add"}},
		{"help action", "action", []string{"action add", "action done", "action list"}},
		{"help actions", "action list", []string{"Usage: /incident action list"}},
		{"help declare please", "declare", []string{"Usage: /incident declare", "TIME (UTC)"}},
		{"help update", "update", []string{"--next", "at most 24h"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.text, now)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		h, ok := got.Command.(bot.Help)
		if !ok {
			t.Errorf("Parse(%q) = %#v, want Help", tt.text, got.Command)
			continue
		}
		if h.Topic != tt.topic {
			t.Errorf("Parse(%q) topic %q, want %q", tt.text, h.Topic, tt.topic)
		}
		for _, w := range tt.contains {
			if !strings.Contains(h.Text, w) {
				t.Errorf("Parse(%q) help does not contain %q:\n%s", tt.text, w, h.Text)
			}
		}
	}
}

// TestHostile feeds the parser what a bad day brings.
func TestHostile(t *testing.T) {
	big := strings.Repeat("word ", 8<<10) // 40 KB
	tests := []struct {
		name, text string
		want       bot.Command // nil: want an EInvalid error
	}{
		{"40KB title", "declare " + big, nil},
		{"40KB update", "update " + big, nil},
		{"40KB one word", "event " + strings.Repeat("x", 40<<10), nil},
		{"40KB of quotes", strings.Repeat(`"`, 40<<10), nil},
		{"longest update", "update " + strings.Repeat("é", MaxLen-7), bot.PostUpdate{Text: strings.Repeat("é", MaxLen-7)}},
		{"too long by one", "update " + strings.Repeat("é", MaxLen-6), nil},
		{"40KB unknown flag", "declare x --" + strings.Repeat("x", 40<<10), nil},
		{"invalid UTF-8", "declare db \xff\xfe down", bot.Declare{Title: "db \uFFFD down"}},
		{"invalid UTF-8 in quotes", "declare \"\xc3\x28\"", bot.Declare{Title: "\uFFFD("}},
		{"control characters", "declare db\x00\x1b[31m down\x07", bot.Declare{Title: "db[31m down"}},
		{"carriage returns", "update a\r\nb\rc", bot.PostUpdate{Text: "a\nb\nc"}},
		{"all emoji", "declare 🔥💥🚒", bot.Declare{Title: "🔥💥🚒"}},
		{"table breaker", "summary a | b |\n|---|", bot.SetSummary{Text: "a | b |\n|---|"}},
		{"mention flood", "action add " + strings.Repeat("<@U1> ", 500) + "@bob",
			action(strings.TrimSpace(strings.Repeat("<@U1> ", 500)), "bob")},
		{"only quotes", `"""`, nil},
		{"lone backslash", `declare "\`, nil},
		{"zero width", "declare \u200b", bot.Declare{Title: "\u200b"}},
		{"nbsp between words", "declare db\u00a0down --sev\u00a0P1", bot.Declare{Title: "db down", Severity: bot.P1, SeveritySet: true}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.text, now)
		if tt.want == nil {
			if bot.ErrorCode(err) != bot.EInvalid {
				t.Errorf("%s: err = %v, want EInvalid", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got.Command, tt.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tt.name, got.Command, tt.want)
		}
	}
}
