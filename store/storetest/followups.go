package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// followUpIDs returns the global ids of fs, sorted.
func followUpIDs(fs []bot.FollowUp) []int64 {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.Action.ID
	}
	slices.Sort(ids)
	return ids
}

// testFollowUps: actions get global ids, unique across incidents and kept
// across updates; FollowUps selects the unfinished ones (all with All, one
// owner's with Owner), follows state changes and survives a reopen.
func testFollowUps(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	a := &bot.Incident{Title: "a", Actions: []bot.Action{{N: 1, Text: "open", Owner: "U1"}, {N: 2, Text: "verified", Owner: "U2", Done: true, VerifiedAt: at(1)}}}
	b := &bot.Incident{Title: "b", Actions: []bot.Action{{N: 1, Text: "dropped", Owner: "U1", DroppedAt: at(1), DropReason: "no"}}}
	create(t, s, a, b)
	got, err := s.UpdateIncident(ctx, a.ID, func(inc *bot.Incident) error {
		inc.Actions = append(inc.Actions, bot.Action{N: 3, Text: "done", Owner: "U1", Done: true, DoneAt: at(2)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, x := range got.Actions {
		ids = append(ids, x.ID)
	}
	again, err := s.Incident(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, again.Actions[0].ID)
	sorted := slices.Sorted(slices.Values(ids))
	if slices.Contains(ids, 0) || len(slices.Compact(sorted)) != 4 {
		t.Fatalf("action ids %v: want four distinct ids, none 0", ids)
	}
	check := func(s bot.Store, when string) {
		t.Helper()
		for _, tc := range []struct {
			f    bot.FollowUpFilter
			want []int64
		}{
			{bot.FollowUpFilter{}, []int64{ids[0], ids[2]}},
			{bot.FollowUpFilter{All: true}, sorted},
			{bot.FollowUpFilter{Owner: "U1"}, []int64{ids[0], ids[2]}},
			{bot.FollowUpFilter{Owner: "U2"}, nil},
		} {
			fs, err := s.FollowUps(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(tc.want))
			if got := followUpIDs(fs); !slices.Equal(got, want) {
				t.Errorf("%s: FollowUps(%+v) = %v, want %v", when, tc.f, got, want)
			}
		}
	}
	check(s, "before reopen")
	fs, _ := s.FollowUps(ctx, bot.FollowUpFilter{Owner: "U1"})
	for _, f := range fs {
		if f.Incident.ID != a.ID || f.Incident.Title != "a" {
			t.Errorf("follow-up %d names incident %+v, want INC-%d a", f.Action.ID, f.Incident, a.ID)
		}
	}
	check(reopen(), "after reopen")
}

// testFollowUpByID: FollowUp finds an action by its global id, finished or
// not, with its own incident, follows its changes, survives a reopen, and
// answers ErrNotFound for an id no action has.
func testFollowUpByID(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	a := &bot.Incident{Title: "a", ChannelID: "C1", Actions: []bot.Action{{N: 1, Text: "first"}, {N: 2, Text: "second", DroppedAt: at(1), DropReason: "no"}}}
	b := &bot.Incident{Title: "b", ChannelID: "C2", Actions: []bot.Action{{N: 1, Text: "other"}}}
	create(t, s, a, b)
	stored, err := s.Incident(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	other := stored.Actions[0].ID
	stored, err = s.UpdateIncident(ctx, a.ID, func(inc *bot.Incident) error {
		inc.Actions[0].Done, inc.Actions[0].DoneAt = true, at(2)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]struct {
		inc   int64
		n     int
		text  string
		state bot.ActionState
	}{
		stored.Actions[0].ID: {a.ID, 1, "first", bot.ActionDone},
		stored.Actions[1].ID: {a.ID, 2, "second", bot.ActionDropped},
		other:                {b.ID, 1, "other", bot.ActionOpen},
	}
	check := func(s bot.Store, when string) {
		t.Helper()
		for id, w := range want {
			f, err := s.FollowUp(ctx, id)
			if err != nil {
				t.Fatalf("%s: FollowUp(%d): %v", when, id, err)
			}
			if f.Action.ID != id || f.Incident.ID != w.inc || f.Action.N != w.n || f.Action.Text != w.text || f.Action.State() != w.state {
				t.Errorf("%s: FollowUp(%d) = INC-%d #%d %q %s (A-%d), want INC-%d #%d %q %s",
					when, id, f.Incident.ID, f.Action.N, f.Action.Text, f.Action.State(), f.Action.ID, w.inc, w.n, w.text, w.state)
			}
		}
		max := slices.Max([]int64{stored.Actions[0].ID, stored.Actions[1].ID, other})
		for _, id := range []int64{0, -1, max + 1} {
			if _, err := s.FollowUp(ctx, id); bot.ErrorCode(err) != bot.ENotFound || !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("%s: FollowUp(%d): err = %v, want not found", when, id, err)
			}
		}
	}
	check(s, "before reopen")
	check(reopen(), "after reopen")
}
