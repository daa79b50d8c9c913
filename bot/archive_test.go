package bot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// closeIncident declares, resolves and closes an incident and returns it.
func closeIncident(t *testing.T, h *harness) *bot.Incident {
	t.Helper()
	inc := h.declare("api down")
	h.cmd("alice", inc.ChannelID, "resolve fixed")
	h.cmd("alice", inc.ChannelID, "close")
	return h.incident(inc.ID)
}

func (h *harness) sweep() {
	h.t.Helper()
	if err := h.e.Sweep(h.ctx); err != nil {
		h.t.Errorf("sweep: %v", err)
	}
}

// plainStore is a store with only bot.Store's methods: no ArchiveLister,
// so the sweep reads every incident.
type plainStore struct{ bot.Store }

// TestArchiveAfterClose: a closed incident's channel is archived
// WARROOM_ARCHIVE_AFTER after the close, across a restart, once; reopening
// brings it back. So with a store that lists the pending archivings and
// with one the sweep reads every incident of.
func TestArchiveAfterClose(t *testing.T) {
	for _, tt := range []struct {
		name   string
		store  func(bot.Store) bot.Store
		lister bool
	}{
		{"ArchiveLister", nil, true},
		{"Incidents", func(s bot.Store) bot.Store { return plainStore{s} }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.store = tt.store
			h.restart()
			var s bot.Store = h.db
			if h.store != nil {
				s = h.store(s)
			}
			if _, ok := s.(bot.ArchiveLister); ok != tt.lister {
				t.Fatalf("the store implements ArchiveLister: %v, want %v", ok, tt.lister)
			}
			testArchiveAfterClose(t, h)
		})
	}
}

func testArchiveAfterClose(t *testing.T, h *harness) {
	inc := closeIncident(t, h)
	ch := inc.ChannelID
	if want := t0.Add(bot.DefaultArchiveAfter); !inc.Archive.Due.Equal(want) {
		t.Fatalf("archive due %v, want %v (24h after the close)", inc.Archive.Due, want)
	}
	h.clock.Advance(23 * time.Hour)
	h.sweep()
	if h.chat.isArchived(ch) {
		t.Fatal("archived before it was due")
	}
	h.restart()
	h.clock.Advance(time.Hour)
	h.sweep()
	h.sweep()
	if !h.chat.isArchived(ch) || h.chat.archives != 1 {
		t.Fatalf("archived %v after %d calls, want archived once", h.chat.isArchived(ch), h.chat.archives)
	}
	if got := h.incident(inc.ID).Archive; got.Done.IsZero() || !got.Claimed.IsZero() {
		t.Errorf("archive state %+v, want done and unclaimed", got)
	}

	h.cmd("alice", ch, "reopen")
	if h.chat.isArchived(ch) {
		t.Error("reopened incident's channel is still archived")
	}
	if got := h.incident(inc.ID).Archive; got != (bot.Archive{}) {
		t.Errorf("archive state after reopen %+v, want none", got)
	}
	h.clock.Advance(48 * time.Hour)
	h.sweep()
	if h.chat.isArchived(ch) {
		t.Error("an open incident's channel was archived")
	}
}

// TestArchiveSetting: 0 archives at the close, ArchiveNever never.
func TestArchiveSetting(t *testing.T) {
	for _, tt := range []struct {
		name     string
		after    time.Duration
		archived bool
	}{
		{"at once", 0, true},
		{"never", bot.ArchiveNever, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.config = func(c *bot.Config) { c.ArchiveAfter = tt.after }
			h.restart()
			inc := closeIncident(t, h)
			if got := h.chat.isArchived(inc.ChannelID); got != tt.archived {
				t.Errorf("archived at the close = %v, want %v", got, tt.archived)
			}
			h.clock.Advance(30 * 24 * time.Hour)
			h.sweep()
			if got := h.chat.isArchived(inc.ChannelID); got != tt.archived {
				t.Errorf("archived a month on = %v, want %v", got, tt.archived)
			}
		})
	}
}

// TestArchiveRetried: a failed archiving is tried again later, not lost.
func TestArchiveRetried(t *testing.T) {
	h := newHarness(t)
	inc := closeIncident(t, h)
	h.chat.archiveErr = errors.New("discord: HTTP 500")
	h.clock.Advance(bot.DefaultArchiveAfter)
	if err := h.e.Sweep(h.ctx); err == nil {
		t.Error("sweep hid the failed archiving")
	}
	got := h.incident(inc.ID).Archive
	if got.Failures != 1 || !got.Done.IsZero() || !got.Due.After(h.clock.Now()) {
		t.Fatalf("after a failure: %+v, want due again later", got)
	}
	h.chat.archiveErr = nil
	h.sweep()
	if h.chat.isArchived(inc.ChannelID) {
		t.Fatal("tried again at once")
	}
	h.clock.Advance(time.Hour)
	h.sweep()
	if !h.chat.isArchived(inc.ChannelID) {
		t.Error("not archived once the platform recovered")
	}
}
