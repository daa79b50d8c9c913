package store

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// followUpIDs returns the global ids of fs.
func followUpIDs(fs []bot.FollowUp) []int64 {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.Action.ID
	}
	return ids
}

func TestActionIDsAreGlobal(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	var ids []int64
	for i := range 3 {
		inc := &bot.Incident{Title: "t", Actions: []bot.Action{{N: 1, Text: "a"}, {N: 2, Text: "b"}}}
		if err := db.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		got, err := db.UpdateIncident(ctx, inc.ID, func(inc *bot.Incident) error {
			inc.Actions = append(inc.Actions, bot.Action{N: 3, Text: "c", Owner: "U1"})
			inc.Title = "renamed"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range got.Actions {
			ids = append(ids, a.ID)
		}
		if i == 0 && !slices.Equal(ids, []int64{1, 2, 3}) {
			t.Fatalf("ids of the first incident's actions = %v, want [1 2 3]", ids)
		}
	}
	want := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	if !slices.Equal(ids, want) {
		t.Errorf("action ids = %v, want %v", ids, want)
	}
	fs, err := db.FollowUps(ctx, bot.FollowUpFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := followUpIDs(fs); !slices.Equal(got, want) {
		t.Errorf("FollowUps ids = %v, want %v", got, want)
	}
	if fs[0].Incident.Title != "renamed" || fs[0].Incident.ID != 1 {
		t.Errorf("follow-up incident = %+v, want incident 1 with its new title", fs[0].Incident)
	}
}

func TestFollowUpsFilter(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	inc := &bot.Incident{Title: "t", Actions: []bot.Action{
		{N: 1, Text: "open", Owner: "U1"},
		{N: 2, Text: "done", Owner: "U2", Done: true, DoneAt: t0},
		{N: 3, Text: "verified", Owner: "U1", Done: true, DoneAt: t0, VerifiedAt: t0},
		{N: 4, Text: "dropped", Owner: "U1", DroppedAt: t0, DropReason: "obsolete"},
	}}
	if err := db.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    bot.FollowUpFilter
		want []int64
	}{
		{"unfinished", bot.FollowUpFilter{}, []int64{1, 2}},
		{"all", bot.FollowUpFilter{All: true}, []int64{1, 2, 3, 4}},
		{"owner", bot.FollowUpFilter{Owner: "U1"}, []int64{1}},
		{"owner all", bot.FollowUpFilter{Owner: "U1", All: true}, []int64{1, 3, 4}},
		{"nobody", bot.FollowUpFilter{Owner: "U9", All: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := db.FollowUps(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := followUpIDs(fs); !slices.Equal(got, tt.want) {
				t.Errorf("FollowUps(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}

	// Reopening the verified action and verifying the open one swap them.
	_, err := db.UpdateIncident(ctx, inc.ID, func(inc *bot.Incident) error {
		inc.Actions[2] = bot.Action{N: 3, ID: 3, Text: "verified", Owner: "U1"}
		inc.Actions[0].Done, inc.Actions[0].VerifiedAt = true, t0
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := db.FollowUps(ctx, bot.FollowUpFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := followUpIDs(fs); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("after reopen and verify, FollowUps = %v, want [2 3]", got)
	}
}

// TestMigrateFollowUps opens a version 1 file, whose actions have no global
// ids, and checks that they are numbered and indexed.
func TestMigrateFollowUps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for range 2 {
		if err := db.CreateIncident(ctx, &bot.Incident{Title: "old"}); err != nil {
			t.Fatal(err)
		}
	}
	// Write what version 1 wrote: actions without ids, no index.
	db = reopenAs(t, db, 1, func(tx *bolt.Tx) error {
		for id := int64(1); id <= 2; id++ {
			v, err := json.Marshal([]bot.Action{{N: 1, Text: "x"}, {N: 2, Text: "y", VerifiedAt: t0}})
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketActions).Put(idKey(id), v); err != nil {
				return err
			}
		}
		return nil
	})
	fs, err := db.FollowUps(ctx, bot.FollowUpFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := followUpIDs(fs); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Errorf("migrated FollowUps = %v, want [1 2 3 4]", got)
	}
	open, err := db.FollowUps(ctx, bot.FollowUpFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := followUpIDs(open); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("migrated open FollowUps = %v, want [1 3]", got)
	}
	inc, err := db.Incident(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Actions[0].ID != 3 {
		t.Errorf("incident 2's first action id = %d, want 3", inc.Actions[0].ID)
	}
	checkSchema(t, db)
}
