package store

import (
	"testing"
	"time"
)

func TestSeenEvent(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	steps := []struct {
		id   string
		at   time.Time
		want bool
	}{
		{"Ev1", t0, true},
		{"Ev1", t0.Add(time.Minute), false},
		{"Ev2", t0.Add(time.Hour), true},
		{"Ev3", t0.Add(25 * time.Hour), true},
		{"Ev2", t0.Add(25 * time.Hour), false},
	}
	for i, s := range steps {
		got, err := db.SeenEvent(ctx, s.id, s.at)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("step %d: SeenEvent(%s) = %v, want %v", i, s.id, got, s.want)
		}
	}

	// Forget what was seen more than a day before the last event.
	if err := db.PruneSeen(ctx, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		id   string
		want bool
	}{
		{"Ev1", true}, // pruned: new again
		{"Ev2", false},
		{"Ev3", false},
	} {
		got, err := db.SeenEvent(ctx, s.id, t0.Add(26*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("after prune: SeenEvent(%s) = %v, want %v", s.id, got, s.want)
		}
	}
}
