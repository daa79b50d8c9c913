package storetest

import (
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
