package store

import (
	"reflect"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestTrendIncidents: the light read gives every incident, in id order,
// with the fields trends use equal to the full read's.
func TestTrendIncidents(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	for range 600 { // several workers' worth
		if err := db.CreateIncident(ctx, fullIncident(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateIncident(ctx, &bot.Incident{Title: "no actions"}); err != nil {
		t.Fatal(err)
	}
	full, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	light, err := db.TrendIncidents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(light) != len(full) {
		t.Fatalf("%d incidents, want %d", len(light), len(full))
	}
	for i, f := range full {
		l := light[i]
		if l.ID != f.ID || l.Severity != f.Severity || l.Void != f.Void || !reflect.DeepEqual(l.SimilarTo, f.SimilarTo) || l.Milestones != f.Milestones {
			t.Fatalf("incident %d: light %+v, full %+v", f.ID, l, f)
		}
		if len(l.Actions) != len(f.Actions) {
			t.Fatalf("incident %d: %d actions, want %d", f.ID, len(l.Actions), len(f.Actions))
		}
		for j, a := range f.Actions {
			want := bot.Action{N: a.N, ID: a.ID, At: a.At, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt, VerifiedAt: a.VerifiedAt, DroppedAt: a.DroppedAt}
			if l.Actions[j] != want {
				t.Fatalf("incident %d action %d: %+v, want %+v", f.ID, j, l.Actions[j], want)
			}
		}
	}
}
