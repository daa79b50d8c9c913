package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/search"
	"github.com/warroom-dev/warroom/store"
)

// unreadable is a store whose incidents cannot be listed.
type unreadable struct{ bot.Store }

func (unreadable) Incidents(context.Context, bool) ([]*bot.Incident, error) {
	return nil, errors.New("disk on fire")
}

// found reports whether idx finds incident id by text.
func found(t *testing.T, idx *search.Index, text string, id int64) bool {
	t.Helper()
	hits, err := idx.Similar(bot.SimilarQuery{Text: text, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.IncidentID == id {
			return true
		}
	}
	return false
}

// TestFinderBuildsInBackground: newFinder returns at once with an index
// that is filled from the store; once built it finds the stored incidents.
func TestFinderBuildsInBackground(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateIncident(t.Context(), &bot.Incident{Title: "kafka consumer lag"}); err != nil {
		t.Fatal(err)
	}
	idx, indexed, err := newFinder(t.Context(), db, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	indexed()
	if _, _, building := idx.Progress(); building {
		t.Error("the index is still building once newFinder's wait returned")
	}
	if !found(t, idx, "kafka lag", 1) {
		t.Error("the stored incident is not found once the index is built")
	}
}

// TestBuildIndexUnreadable: when the incidents cannot be read the build
// still ends, so an incident put meanwhile is indexed, and Put works again.
func TestBuildIndexUnreadable(t *testing.T) {
	idx, err := search.NewBuilding()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Put(&bot.Incident{ID: 7, Title: "certificate expired"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := buildIndex(t.Context(), idx, unreadable{}); err == nil {
		t.Error("buildIndex of an unreadable store did not fail")
	}
	if _, _, building := idx.Progress(); building {
		t.Error("the index is still building after the read failed")
	}
	if !found(t, idx, "expired certificate", 7) {
		t.Error("the incident put while building is not indexed")
	}
}
