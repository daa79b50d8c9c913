package store

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

func TestIncidentRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	want := fullIncident(t)
	if err := db.CreateIncident(ctx, want); err != nil {
		t.Fatal(err)
	}
	if want.ID != 1 {
		t.Errorf("first incident id = %d, want 1", want.ID)
	}

	byID, err := db.Incident(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	byChannel, err := db.IncidentByChannel(ctx, want.ChannelID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("Incidents = %d incidents, want 1", len(all))
	}
	for name, got := range map[string]*bot.Incident{"Incident": byID, "IncidentByChannel": byChannel, "Incidents": all[0]} {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s =\n%+v\nwant\n%+v", name, got, want)
		}
	}
}

// TestIncidentSplit checks that the lists live in their own buckets and
// not in the core record.
func TestIncidentSplit(t *testing.T) {
	db := openTest(t)
	inc := fullIncident(t)
	if err := db.CreateIncident(t.Context(), inc); err != nil {
		t.Fatal(err)
	}
	k := idKey(inc.ID)
	db.bolt.View(func(tx *bolt.Tx) error {
		core := tx.Bucket(bucketIncidents).Get(k)
		for _, s := range []string{inc.Roles[0].User, inc.Updates[0].Text, inc.Actions[0].Text, inc.Whys[0], inc.Causes[0].Text} {
			if bytes.Contains(core, []byte(s)) {
				t.Errorf("core record holds %q, which belongs in its own bucket", s)
			}
		}
		for _, b := range [][]byte{bucketRoles, bucketUpdates, bucketActions, bucketAnalysis, bucketReminders} {
			if tx.Bucket(b).Get(k) == nil {
				t.Errorf("bucket %s holds nothing for the incident", b)
			}
		}
		return nil
	})
}

func TestUpdateIncident(t *testing.T) {
	errNo := errors.New("no")
	tests := []struct {
		name    string
		fn      func(*bot.Incident) error
		wantErr error
		check   func(t *testing.T, before, after *bot.Incident)
	}{
		{
			name: "changes every part",
			fn: func(inc *bot.Incident) error {
				inc.Title = "new title"
				inc.Status = bot.StatusResolved
				inc.Roles = append(inc.Roles, bot.RoleChange{Role: bot.RoleComms, User: "U9", At: t0})
				inc.Updates = inc.Updates[:1]
				inc.Actions[1].Done = false
				inc.Whys = append(inc.Whys, "because")
				inc.Reminder.Missed = 7
				return nil
			},
			check: func(t *testing.T, before, after *bot.Incident) {
				before.Title, before.Status = "new title", bot.StatusResolved
				before.Roles = append(before.Roles, bot.RoleChange{Role: bot.RoleComms, User: "U9", At: t0})
				before.Updates = before.Updates[:1]
				before.Actions[1].Done = false
				before.Whys = append(before.Whys, "because")
				before.Reminder.Missed = 7
				if !reflect.DeepEqual(after, before) {
					t.Errorf("after update\n%+v\nwant\n%+v", after, before)
				}
			},
		},
		{
			name: "clears the lists",
			fn: func(inc *bot.Incident) error {
				inc.Roles, inc.Updates, inc.Actions, inc.Whys, inc.Causes = nil, nil, nil, nil, nil
				inc.Reminder = bot.Reminder{}
				return nil
			},
			check: func(t *testing.T, before, after *bot.Incident) {
				if after.Roles != nil || after.Updates != nil || after.Actions != nil || after.Whys != nil ||
					after.Causes != nil || after.Reminder != (bot.Reminder{}) {
					t.Errorf("lists not cleared: %+v", after)
				}
				if after.Title != before.Title {
					t.Errorf("title = %q, want %q", after.Title, before.Title)
				}
			},
		},
		{
			name: "fn error changes nothing",
			fn: func(inc *bot.Incident) error {
				inc.Title = "half done"
				inc.ChannelID = "C-other"
				inc.Roles = nil
				return errNo
			},
			wantErr: errNo,
			check: func(t *testing.T, before, after *bot.Incident) {
				if !reflect.DeepEqual(after, before) {
					t.Errorf("after failed update\n%+v\nwant unchanged\n%+v", after, before)
				}
			},
		},
		{
			name: "fn error of the engine's type passes unchanged",
			fn: func(inc *bot.Incident) error {
				inc.Status = bot.StatusClosed
				return bot.Errorf(bot.EConflict, "not resolved")
			},
			wantErr: nil, // checked by code below
			check: func(t *testing.T, before, after *bot.Incident) {
				if after.Status != before.Status {
					t.Errorf("status = %q, want %q", after.Status, before.Status)
				}
			},
		},
		{
			name: "id cannot change",
			fn:   func(inc *bot.Incident) error { inc.ID = 42; return nil },
			check: func(t *testing.T, before, after *bot.Incident) {
				if after.ID != before.ID {
					t.Errorf("id = %d, want %d", after.ID, before.ID)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			ctx := t.Context()
			inc := fullIncident(t)
			if err := db.CreateIncident(ctx, inc); err != nil {
				t.Fatal(err)
			}
			before, err := db.Incident(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			returned, err := db.UpdateIncident(ctx, inc.ID, tt.fn)
			switch {
			case tt.wantErr != nil && err != tt.wantErr:
				t.Fatalf("UpdateIncident error = %v, want %v unchanged", err, tt.wantErr)
			case tt.wantErr == nil && bot.ErrorCode(err) == bot.EConflict:
				if err.Error() != "not resolved" {
					t.Fatalf("error = %v, want the fn's own error", err)
				}
			case tt.wantErr == nil && err != nil:
				t.Fatal(err)
			}
			after, err := db.Incident(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if returned != nil && !reflect.DeepEqual(returned, after) {
				t.Errorf("returned incident\n%+v\ndiffers from stored\n%+v", returned, after)
			}
			tt.check(t, before, after)
		})
	}
}

func TestUpdateIncidentChannel(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := &bot.Incident{Title: "a", Status: bot.StatusInvestigating}
	b := &bot.Incident{Title: "b", Status: bot.StatusInvestigating, ChannelID: "CB"}
	for _, inc := range []*bot.Incident{a, b} {
		if err := db.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	// A channel is set after the incident is created, then moved.
	for _, ch := range []string{"C1", "C2"} {
		if _, err := db.UpdateIncident(ctx, a.ID, func(inc *bot.Incident) error {
			inc.ChannelID = ch
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		channel string
		want    int64 // 0: not found
	}{
		{"C1", 0},
		{"C2", a.ID},
		{"CB", b.ID},
		{"", 0},
		{"nope", 0},
	}
	for _, tt := range tests {
		got, err := db.IncidentByChannel(ctx, tt.channel)
		switch {
		case tt.want == 0 && (err == nil || bot.ErrorCode(err) != bot.ENotFound):
			t.Errorf("IncidentByChannel(%q) = %v, %v; want not found", tt.channel, got, err)
		case tt.want != 0 && (err != nil || got.ID != tt.want):
			t.Errorf("IncidentByChannel(%q) = %v, %v; want incident %d", tt.channel, got, err, tt.want)
		}
	}
}

func TestIncidents(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	statuses := []bot.Status{bot.StatusInvestigating, bot.StatusClosed, bot.StatusResolved, bot.StatusClosed, bot.StatusMonitoring}
	for i, s := range statuses {
		inc := &bot.Incident{Title: fmt.Sprint("inc", i), Status: s, ChannelID: fmt.Sprint("C", i)}
		if err := db.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		if inc.ID != int64(i+1) {
			t.Errorf("incident %d got id %d, want %d", i, inc.ID, i+1)
		}
	}
	tests := []struct {
		openOnly bool
		want     []int64
	}{
		{false, []int64{1, 2, 3, 4, 5}},
		{true, []int64{1, 3, 5}},
	}
	for _, tt := range tests {
		incs, err := db.Incidents(ctx, tt.openOnly)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, inc := range incs {
			ids = append(ids, inc.ID)
		}
		if !reflect.DeepEqual(ids, tt.want) {
			t.Errorf("Incidents(%v) ids = %v, want %v", tt.openOnly, ids, tt.want)
		}
	}
}

func TestNotFound(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if err := db.CreateIncident(ctx, &bot.Incident{Title: "only", ChannelID: "C1"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"Incident", func() error { _, err := db.Incident(ctx, 99); return err }},
		{"IncidentByChannel", func() error { _, err := db.IncidentByChannel(ctx, "C99"); return err }},
		{"UpdateIncident", func() error {
			_, err := db.UpdateIncident(ctx, 99, func(*bot.Incident) error {
				t.Error("fn called for a missing incident")
				return nil
			})
			return err
		}},
		{"Message", func() error { _, err := db.Message(ctx, 1, "m1"); return err }},
		{"LastMessage", func() error { _, err := db.LastMessage(ctx, 1); return err }},
		{"Postmortem", func() error { _, err := db.Postmortem(ctx, 1); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if bot.ErrorCode(err) != bot.ENotFound || !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("err = %v (code %q), want not found", err, bot.ErrorCode(err))
			}
		})
	}
}
