package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// testIncidentRoundTrip: every field of an incident comes back from each
// of the three readers as it was stored.
func testIncidentRoundTrip(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	want := fullIncident(t)
	create(t, s, want)
	if want.ID == 0 {
		t.Fatal("CreateIncident left the id 0")
	}
	byID, err := s.Incident(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	byChannel, err := s.IncidentByChannel(ctx, want.ChannelID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Incidents(ctx, false)
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

// testIncidentIDs: ids come from a sequence, 1 first, and CreateIncident
// ignores an id the caller set.
func testIncidentIDs(t *testing.T, open Factory) {
	s, _ := open(t)
	for i := range 5 {
		inc := &bot.Incident{ID: 99, Title: fmt.Sprint("inc", i), Status: bot.StatusInvestigating}
		create(t, s, inc)
		if inc.ID != int64(i+1) {
			t.Errorf("incident %d got id %d, want %d", i, inc.ID, i+1)
		}
	}
	if _, err := s.Incident(t.Context(), 99); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Incident(99) err = %v, want not found: the caller's id is not used", err)
	}
}

// testIncidentsOpenOnly: Incidents lists by ascending id, all of them or
// those not closed.
func testIncidentsOpenOnly(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	statuses := []bot.Status{bot.StatusInvestigating, bot.StatusClosed, bot.StatusResolved, bot.StatusClosed, bot.StatusMonitoring, bot.StatusIdentified}
	for i, st := range statuses {
		create(t, s, &bot.Incident{Title: fmt.Sprint("inc", i), Status: st, ChannelID: fmt.Sprint("C", i)})
	}
	// Closing and reopening after creation counts, not the status at creation.
	for id, st := range map[int64]bot.Status{1: bot.StatusClosed, 2: bot.StatusInvestigating} {
		if _, err := s.UpdateIncident(ctx, id, func(inc *bot.Incident) error { inc.Status = st; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		openOnly bool
		want     []int64
	}{
		{false, []int64{1, 2, 3, 4, 5, 6}},
		{true, []int64{2, 3, 5, 6}},
	}
	for _, tt := range tests {
		incs, err := s.Incidents(ctx, tt.openOnly)
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

// testIncidentIsCallersCopy: what a caller does to an incident it passed in
// or got back changes nothing stored.
func testIncidentIsCallersCopy(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	inc := fullIncident(t)
	create(t, s, inc)
	want, err := s.Incident(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	inc.Title, inc.Roles[0].User = "changed after create", "U-after-create"
	got, err := s.Incident(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Title, got.Updates[0].Text = "changed after read", "changed after read"
	updated, err := s.UpdateIncident(ctx, inc.ID, func(*bot.Incident) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	updated.Whys[0] = "changed after update"
	if got, err := s.Incident(ctx, inc.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("stored incident =\n%+v, %v\nwant unchanged\n%+v", got, err, want)
	}
}

func testUpdateIncident(t *testing.T, open Factory) {
	errNo := errors.New("no")
	tests := []struct {
		name    string
		fn      func(*bot.Incident) error
		wantErr error // returned unchanged, not wrapped
		change  func(*bot.Incident)
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
			change: func(inc *bot.Incident) {
				inc.Title, inc.Status = "new title", bot.StatusResolved
				inc.Roles = append(inc.Roles, bot.RoleChange{Role: bot.RoleComms, User: "U9", At: t0})
				inc.Updates = inc.Updates[:1]
				inc.Actions[1].Done = false
				inc.Whys = append(inc.Whys, "because")
				inc.Reminder.Missed = 7
			},
		},
		{
			name: "clears the lists",
			fn: func(inc *bot.Incident) error {
				inc.Roles, inc.Updates, inc.Actions, inc.Whys, inc.Causes, inc.Participants = nil, nil, nil, nil, nil, nil
				inc.Reminder = bot.Reminder{}
				return nil
			},
			change: func(inc *bot.Incident) {
				inc.Roles, inc.Updates, inc.Actions, inc.Whys, inc.Causes, inc.Participants = nil, nil, nil, nil, nil, nil
				inc.Reminder = bot.Reminder{}
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
		},
		{
			name: "fn error of the engine's type passes unchanged",
			fn: func(inc *bot.Incident) error {
				inc.Status = bot.StatusClosed
				return bot.ErrNotFound
			},
			wantErr: bot.ErrNotFound,
		},
		{
			name: "id cannot change",
			fn:   func(inc *bot.Incident) error { inc.ID = 42; return nil },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t)
			ctx := t.Context()
			inc := fullIncident(t)
			create(t, s, inc)
			before, err := s.Incident(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			returned, err := s.UpdateIncident(ctx, inc.ID, tt.fn)
			if err != tt.wantErr {
				t.Fatalf("UpdateIncident error = %v, want %v unchanged", err, tt.wantErr)
			}
			after, err := s.Incident(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := before
			if tt.change != nil {
				tt.change(want)
			}
			if !reflect.DeepEqual(after, want) {
				t.Errorf("stored after the update\n%+v\nwant\n%+v", after, want)
			}
			if tt.wantErr == nil && !reflect.DeepEqual(returned, after) {
				t.Errorf("returned incident\n%+v\ndiffers from the stored one\n%+v", returned, after)
			}
			if tt.wantErr != nil {
				// The channel fn set before failing is not the incident's.
				if _, err := s.IncidentByChannel(ctx, "C-other"); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("IncidentByChannel of the failed update's channel: err = %v, want not found", err)
				}
			}
		})
	}
}

// testUpdateIncidentConcurrent: updates from many goroutines each read the
// result of the ones before; none is lost.
func testUpdateIncidentConcurrent(t *testing.T, open Factory) {
	s, _ := open(t)
	inc := &bot.Incident{Title: "busy", Status: bot.StatusInvestigating}
	create(t, s, inc)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := s.UpdateIncident(t.Context(), inc.ID, func(inc *bot.Incident) error {
				inc.Reminder.Missed++
				inc.Participants = append(inc.Participants, fmt.Sprint("U", i))
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := s.Incident(t.Context(), inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reminder.Missed != n || len(got.Participants) != n {
		t.Errorf("after %d concurrent updates: missed %d, %d participants; want %d each", n, got.Reminder.Missed, len(got.Participants), n)
	}
}

// testIncidentByChannel: the channel index follows the incident's
// ChannelID as it is set later and moved.
func testIncidentByChannel(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	a := &bot.Incident{Title: "a", Status: bot.StatusInvestigating}
	b := &bot.Incident{Title: "b", Status: bot.StatusInvestigating, ChannelID: "CB"}
	create(t, s, a, b)
	for _, ch := range []string{"C1", "C2"} {
		if _, err := s.UpdateIncident(ctx, a.ID, func(inc *bot.Incident) error {
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
		got, err := s.IncidentByChannel(ctx, tt.channel)
		switch {
		case tt.want == 0 && !errors.Is(err, bot.ErrNotFound):
			t.Errorf("IncidentByChannel(%q) = %+v, %v; want not found", tt.channel, got, err)
		case tt.want != 0 && (err != nil || got.ID != tt.want || got.ChannelID != tt.channel):
			t.Errorf("IncidentByChannel(%q) = %+v, %v; want incident %d", tt.channel, got, err, tt.want)
		}
	}
}

// testNotFound: each reader of something missing returns an error that
// matches bot.ErrNotFound and has its code.
func testNotFound(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	create(t, s, &bot.Incident{Title: "only", ChannelID: "C1"})
	appendAll(t, s, &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "a bot note", Bot: true})
	tests := []struct {
		name string
		call func() error
	}{
		{"Incident", func() error { _, err := s.Incident(ctx, 99); return err }},
		{"IncidentByChannel", func() error { _, err := s.IncidentByChannel(ctx, "C99"); return err }},
		{"UpdateIncident", func() error {
			_, err := s.UpdateIncident(ctx, 99, func(*bot.Incident) error {
				t.Error("fn called for a missing incident")
				return nil
			})
			return err
		}},
		{"Message", func() error { _, err := s.Message(ctx, 1, "m1"); return err }},
		{"LastMessage", func() error { _, err := s.LastMessage(ctx, 1); return err }},
		{"Postmortem", func() error { _, err := s.Postmortem(ctx, 1); return err }},
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
