package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// testCatchUps: a kept catch-up survives a reopen, is replaced by the next
// save of its incident, is listed by incident id, and is gone once ended;
// ending one twice, or one never kept, is no error.
func testCatchUps(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	c2 := bot.Cursor{IncidentID: 2, ChannelID: "C2", At: t0}
	c1 := bot.Cursor{IncidentID: 1, ChannelID: "C1", MessageID: "1700000000.000100", At: t0}
	if got, err := s.CatchUps(ctx); err != nil || len(got) != 0 {
		t.Errorf("CatchUps of a new store = %+v, %v; want none", got, err)
	}
	for _, c := range []bot.Cursor{c2, {IncidentID: 1, ChannelID: "C1", At: t0.Add(-time.Hour)}, c1} {
		if err := s.SaveCatchUp(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	s = reopen()
	got, err := s.CatchUps(ctx)
	if want := []bot.Cursor{c1, c2}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("CatchUps after a reopen = %+v, %v; want %+v", got, err, want)
	}
	for _, id := range []int64{1, 1, 3} {
		if err := s.EndCatchUp(ctx, id); err != nil {
			t.Errorf("EndCatchUp(%d): %v", id, err)
		}
	}
	got, err = s.CatchUps(ctx)
	if want := []bot.Cursor{c2}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after ending INC-1: %+v, %v; want %+v", got, err, want)
	}
}
