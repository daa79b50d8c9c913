package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// trendOf is what bot.TrendReader promises of an incident: its id,
// severity, void, similar-to, milestones and its actions' numbers, times
// and states.
func trendOf(inc *bot.Incident) *bot.Incident {
	t := &bot.Incident{ID: inc.ID, Severity: inc.Severity, Void: inc.Void, SimilarTo: inc.SimilarTo, Milestones: inc.Milestones}
	for _, a := range inc.Actions {
		t.Actions = append(t.Actions, bot.Action{N: a.N, ID: a.ID, At: a.At, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt, VerifiedAt: a.VerifiedAt, DroppedAt: a.DroppedAt})
	}
	return t
}

// sameTrend reports whether a and b hold the same trend fields, times
// compared as instants (a reader may return them in another location).
func sameTrend(a, b *bot.Incident) bool {
	sameTimes := func(x, y []time.Time) bool { return slices.EqualFunc(x, y, time.Time.Equal) }
	times := func(m bot.Milestones) []time.Time {
		return []time.Time{m.Started, m.Detected, m.Declared, m.Acknowledged, m.Mitigated, m.Resolved, m.Closed}
	}
	if a.ID != b.ID || a.Severity != b.Severity || a.Void != b.Void || !slices.Equal(a.SimilarTo, b.SimilarTo) ||
		!sameTimes(times(a.Milestones), times(b.Milestones)) || len(a.Actions) != len(b.Actions) {
		return false
	}
	for i, x := range a.Actions {
		y := b.Actions[i]
		if x.N != y.N || x.ID != y.ID || x.Done != y.Done ||
			!sameTimes([]time.Time{x.At, x.Due, x.DoneAt, x.VerifiedAt, x.DroppedAt}, []time.Time{y.At, y.Due, y.DoneAt, y.VerifiedAt, y.DroppedAt}) {
			return false
		}
	}
	return true
}

// testTrendIncidents: a store that implements bot.TrendReader returns
// every incident by ascending id with the trend fields of the full read,
// and keeps them in step with updates, across a reopen. A store without
// it is not held to anything here.
func testTrendIncidents(t *testing.T, open Factory) {
	s, reopen := open(t)
	if _, ok := s.(bot.TrendReader); !ok {
		t.Skip("the store does not implement bot.TrendReader")
	}
	ctx := t.Context()
	full := fullIncident(t)
	plain := &bot.Incident{Title: "no actions", Severity: bot.P1}
	later := fullIncident(t)
	create(t, s, full, plain, later)
	_, err := s.UpdateIncident(ctx, full.ID, func(inc *bot.Incident) error {
		inc.Severity = bot.P0
		inc.Milestones.Resolved = at(90)
		inc.Milestones.Closed = time.Time{}
		inc.SimilarTo = append(inc.SimilarTo, plain.ID)
		inc.Actions[0].VerifiedAt, inc.Actions[0].DroppedAt = at(91), time.Time{}
		inc.Actions = append(inc.Actions, bot.Action{N: 3, Text: "new", Due: at(120), At: at(92)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateIncident(ctx, plain.ID, func(inc *bot.Incident) error {
		inc.Void = "channel name taken"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	check := func(s bot.Store, when string) {
		t.Helper()
		incs, err := s.Incidents(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.(bot.TrendReader).TrendIncidents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(incs) {
			t.Fatalf("%s: TrendIncidents returned %d incidents, want %d", when, len(got), len(incs))
		}
		for i, inc := range incs {
			if want := trendOf(inc); !sameTrend(got[i], want) {
				t.Errorf("%s: TrendIncidents[%d] =\n%+v\nwant\n%+v", when, i, got[i], want)
			}
		}
	}
	check(s, "after updates")
	check(reopen(), "after reopen")
}
