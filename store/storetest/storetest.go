// Package storetest is the conformance suite of bot.Store: every
// implementation runs Run against itself and must pass it. It checks each
// method's contract as bot/store.go documents it (durability across a
// reopen, dedup keys, time order, ErrNotFound, UpdateIncident's fn error,
// the timeline readers, concurrent use), through the interface only, so it
// holds the bbolt store and any later one (replicas on etcd) to the same
// behaviour.
//
// A case for a new Store method goes in the file of its area and in the
// list in cases.
package storetest

import (
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Factory opens a new, empty store for one test and closes it when the test
// ends. reopen closes the store it opened last and opens the same data again,
// as a restart of the process does; the store it returns is closed when the
// test ends too.
type Factory func(t *testing.T) (s bot.Store, reopen func() bot.Store)

// cases are the suite's tests, by name.
var cases = []struct {
	name string
	fn   func(t *testing.T, open Factory)
}{
	{"IncidentRoundTrip", testIncidentRoundTrip},
	{"IncidentIDs", testIncidentIDs},
	{"IncidentsOpenOnly", testIncidentsOpenOnly},
	{"IncidentIsCallersCopy", testIncidentIsCallersCopy},
	{"UpdateIncident", testUpdateIncident},
	{"UpdateIncidentConcurrent", testUpdateIncidentConcurrent},
	{"IncidentByChannel", testIncidentByChannel},
	{"NotFound", testNotFound},
	{"AppendOrder", testAppendOrder},
	{"AppendRoundTrip", testAppendRoundTrip},
	{"AppendDedup", testAppendDedup},
	{"AppendInvalid", testAppendInvalid},
	{"AppendConcurrent", testAppendConcurrent},
	{"TimelineLong", testTimelineLong},
	{"TimelineStops", testTimelineStops},
	{"TimelineCallbackWrites", testTimelineCallbackWrites},
	{"TimelineTail", testTimelineTail},
	{"Message", testMessage},
	{"LastMessage", testLastMessage},
	{"LastMessageConcurrent", testLastMessageConcurrent},
	{"Postmortem", testPostmortem},
	{"FollowUps", testFollowUps},
	{"FollowUpByID", testFollowUpByID},
	{"TrendIncidents", testTrendIncidents},
	{"ArchivesPending", testArchivesPending},
	{"IncidentWords", testIncidentWords},
	{"ScheduleRuns", testScheduleRuns},
	{"ClaimRunConcurrent", testClaimRunConcurrent},
	{"ClaimNudge", testClaimNudge},
	{"CatchUps", testCatchUps},
	{"Durable", testDurable},
	{"CanceledContext", testCanceledContext},
}

// Run runs the suite against the stores open makes, each case in a
// subtest of its own with a new store.
func Run(t *testing.T, open Factory) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open) })
	}
}

// t0 is the time the cases count from.
var t0 = time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)

// at returns t0 plus m minutes.
func at(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

// appendAll appends entries and fails the test on an error.
func appendAll(t *testing.T, s bot.Store, es ...*bot.Entry) {
	t.Helper()
	for _, e := range es {
		if _, err := s.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// timeline returns copies of the entries of an incident in the order
// Timeline yields them.
func timeline(t *testing.T, s bot.Store, id int64) []*bot.Entry {
	t.Helper()
	var es []*bot.Entry
	if err := s.Timeline(t.Context(), id, func(e *bot.Entry) error {
		c := *e // Timeline may reuse e
		es = append(es, &c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return es
}

// texts returns the Text of each entry.
func texts(es []*bot.Entry) []string {
	var ss []string
	for _, e := range es {
		ss = append(ss, e.Text)
	}
	return ss
}

// create stores incidents and fails the test on an error.
func create(t *testing.T, s bot.Store, incs ...*bot.Incident) {
	t.Helper()
	for _, inc := range incs {
		if err := s.CreateIncident(t.Context(), inc); err != nil {
			t.Fatal(err)
		}
	}
}
