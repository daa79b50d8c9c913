package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// testArchivesPending: a store that implements bot.ArchiveLister returns,
// in full and by ascending id, the incidents whose archiving is pending
// (due set, not done), claimed or not, and no others, kept in step with
// updates, across a reopen. A store without it is not held to anything
// here.
func testArchivesPending(t *testing.T, open Factory) {
	s, reopen := open(t)
	if _, ok := s.(bot.ArchiveLister); !ok {
		t.Skip("the store does not implement bot.ArchiveLister")
	}
	ctx := t.Context()
	closed := func(title string, a bot.Archive) *bot.Incident {
		return &bot.Incident{Title: title, Status: bot.StatusClosed, ChannelID: "C-" + title, Archive: a}
	}
	var (
		pending     = closed("pending", bot.Archive{Due: at(60)})
		never       = closed("never", bot.Archive{})
		done        = closed("done", bot.Archive{Due: at(60), Done: at(61)})
		becomesDone = closed("becomes-done", bot.Archive{Due: at(60)})
		reopened    = closed("reopened", bot.Archive{Due: at(60), Failures: 2})
		becomesDue  = closed("becomes-due", bot.Archive{})
		claimed     = closed("claimed", bot.Archive{Due: at(60), Claimed: at(62)})
		opened      = &bot.Incident{Title: "open", Status: bot.StatusInvestigating, ChannelID: "C-open"}
	)
	create(t, s, pending, never, done, becomesDone, reopened, becomesDue, claimed, opened)
	update := func(s bot.Store, id int64, fn func(*bot.Incident)) {
		t.Helper()
		if _, err := s.UpdateIncident(ctx, id, func(inc *bot.Incident) error { fn(inc); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	update(s, becomesDone.ID, func(inc *bot.Incident) { inc.Archive.Done = at(70) })
	update(s, reopened.ID, func(inc *bot.Incident) { inc.Status, inc.Archive = bot.StatusInvestigating, bot.Archive{} })
	update(s, becomesDue.ID, func(inc *bot.Incident) { inc.Archive.Due = at(80) })
	update(s, pending.ID, func(inc *bot.Incident) { inc.Summary = "an update that leaves the archiving be" })

	check := func(s bot.Store, when string, want ...int64) {
		t.Helper()
		got, err := s.(bot.ArchiveLister).ArchivesPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, inc := range got {
			ids = append(ids, inc.ID)
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("%s: ArchivesPending = incidents %v, want %v", when, ids, want)
		}
		for _, inc := range got {
			full, err := s.Incident(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(inc, full) {
				t.Errorf("%s: ArchivesPending gave incident %d as\n%+v\nwant the full record\n%+v", when, inc.ID, inc, full)
			}
		}
	}
	check(s, "after updates", pending.ID, becomesDue.ID, claimed.ID)
	s = reopen()
	check(s, "after reopen", pending.ID, becomesDue.ID, claimed.ID)
	update(s, claimed.ID, func(inc *bot.Incident) {
		inc.Archive.Claimed, inc.Archive.Failures, inc.Archive.Due = time.Time{}, 1, at(90)
	})
	update(s, pending.ID, func(inc *bot.Incident) { inc.Archive.Done = at(91) })
	update(s, never.ID, func(inc *bot.Incident) { inc.Archive.Due = at(92) })
	check(s, "after updates since the reopen", never.ID, becomesDue.ID, claimed.ID)
}
