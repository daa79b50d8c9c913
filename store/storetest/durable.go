package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

func testPostmortem(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	doc := []byte("# draft 1")
	if err := s.SavePostmortem(ctx, 1, doc); err != nil {
		t.Fatal(err)
	}
	doc[2] = 'X' // the store keeps its own copy
	steps := []struct {
		save []byte // nil: read only
		id   int64
		want string // "-" means not found
	}{
		{nil, 1, "# draft 1"},
		{[]byte("# draft 2"), 1, "# draft 2"},
		{nil, 2, "-"},
		{[]byte{}, 3, ""},
	}
	for i, st := range steps {
		if st.save != nil {
			if err := s.SavePostmortem(ctx, st.id, st.save); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Postmortem(ctx, st.id)
		switch {
		case st.want == "-" && !errors.Is(err, bot.ErrNotFound):
			t.Errorf("step %d: Postmortem(%d) = %q, %v; want not found", i, st.id, got, err)
		case st.want != "-" && (err != nil || string(got) != st.want):
			t.Errorf("step %d: Postmortem(%d) = %q, %v; want %q", i, st.id, got, err, st.want)
		}
	}
}

// testDurable: what a method that returned nil wrote is there after a
// reopen, and the sequences and dedup keys carry on where they were.
func testDurable(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	inc := fullIncident(t)
	create(t, s, inc)
	closed := &bot.Incident{Title: "closed", Status: bot.StatusClosed}
	create(t, s, closed)
	updated, err := s.UpdateIncident(ctx, inc.ID, func(inc *bot.Incident) error {
		inc.Title = "renamed"
		inc.ChannelID = "C-moved"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := &bot.Entry{IncidentID: inc.ID, At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Key: "k1", Text: "hello"}
	edit := &bot.Entry{IncidentID: inc.ID, At: at(2), Kind: bot.EntryEdit, MessageID: "m1", Key: "k2", Text: "hello, edited"}
	note := &bot.Entry{IncidentID: inc.ID, At: at(3), Kind: bot.EntryNote, Text: "note", Bot: true}
	appendAll(t, s, msg, edit, note)
	if err := s.SavePostmortem(ctx, inc.ID, []byte("# draft")); err != nil {
		t.Fatal(err)
	}

	s = reopen()

	if got, err := s.Incident(ctx, inc.ID); err != nil || !reflect.DeepEqual(got, updated) {
		t.Errorf("incident after reopen = %+v, %v; want %+v", got, err, updated)
	}
	if got, err := s.IncidentByChannel(ctx, "C-moved"); err != nil || got.ID != inc.ID {
		t.Errorf("IncidentByChannel after reopen = %+v, %v; want incident %d", got, err, inc.ID)
	}
	if open, err := s.Incidents(ctx, true); err != nil || len(open) != 1 || open[0].ID != inc.ID {
		t.Errorf("open incidents after reopen = %+v, %v; want incident %d only", open, err, inc.ID)
	}
	es := timeline(t, s, inc.ID)
	if want := []*bot.Entry{msg, edit, note}; !reflect.DeepEqual(es, want) {
		t.Errorf("timeline after reopen =\n%+v\nwant\n%+v", es, want)
	}
	if e, err := s.Message(ctx, inc.ID, "m1"); err != nil || e.Text != edit.Text {
		t.Errorf("Message after reopen = %+v, %v; want %q", e, err, edit.Text)
	}
	if e, err := s.LastMessage(ctx, inc.ID); err != nil || e.Text != msg.Text {
		t.Errorf("LastMessage after reopen = %+v, %v; want %q", e, err, msg.Text)
	}
	if doc, err := s.Postmortem(ctx, inc.ID); err != nil || string(doc) != "# draft" {
		t.Errorf("Postmortem after reopen = %q, %v", doc, err)
	}
	// A redelivery after the restart is still a duplicate.
	again := &bot.Entry{IncidentID: inc.ID, At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Key: "k1", Text: "redelivered"}
	if stored, err := s.Append(ctx, again); err != nil || stored || again.Seq != msg.Seq {
		t.Errorf("Append of a key stored before the reopen = %v, %v (seq %d); want false with seq %d", stored, err, again.Seq, msg.Seq)
	}
	// The sequences carry on: a new incident gets the next id, and a new
	// entry at an equal time sorts after the old ones.
	next := &bot.Incident{Title: "next"}
	if err := s.CreateIncident(ctx, next); err != nil || next.ID != closed.ID+1 {
		t.Errorf("next incident id = %d, %v; want %d", next.ID, err, closed.ID+1)
	}
	later := &bot.Entry{IncidentID: inc.ID, At: at(1), Kind: bot.EntryNote, Text: "same time, later"}
	appendAll(t, s, later)
	if later.Seq <= note.Seq {
		t.Errorf("entry appended after the reopen has seq %d, not after %d", later.Seq, note.Seq)
	}
	if got, want := texts(timeline(t, s, inc.ID)), []string{"hello", "same time, later", "hello, edited", "note"}; !reflect.DeepEqual(got, want) {
		t.Errorf("timeline = %q, want %q", got, want)
	}
}

// testCanceledContext: a method called with a done context fails with an
// error that matches the context's, and writes nothing.
func testCanceledContext(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	inc := &bot.Incident{Title: "never"}
	calls := []struct {
		name string
		call func() error
	}{
		{"CreateIncident", func() error { return s.CreateIncident(ctx, inc) }},
		{"Append", func() error {
			_, err := s.Append(ctx, &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "never"})
			return err
		}},
		{"SavePostmortem", func() error { return s.SavePostmortem(ctx, 1, []byte("never")) }},
	}
	for _, c := range calls {
		if err := c.call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a canceled context: err = %v, want context.Canceled", c.name, err)
		}
	}
	if incs, err := s.Incidents(t.Context(), false); err != nil || len(incs) != 0 {
		t.Errorf("Incidents = %d, %v; want none", len(incs), err)
	}
	if es := timeline(t, s, 1); len(es) != 0 {
		t.Errorf("timeline has %d entries, want none", len(es))
	}
	if _, err := s.Postmortem(t.Context(), 1); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Postmortem = %v, want not found", err)
	}
}
