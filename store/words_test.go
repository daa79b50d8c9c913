package store

import (
	"testing"

	"github.com/warroom-dev/warroom/search"
)

// TestIncidentWordsCoverWords: the words read gives the index every text it
// reads (search.Words), so a field that starts to count for similarity
// must be read too.
func TestIncidentWordsCoverWords(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if err := db.CreateIncident(ctx, fullIncident(t)); err != nil {
		t.Fatal(err)
	}
	full, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	light, err := db.IncidentWords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := search.Words(light[0]), search.Words(full[0]); got != want {
		t.Errorf("words from IncidentWords =\n%q\nwant\n%q", got, want)
	}
	if light[0].Title != full[0].Title {
		t.Errorf("title %q, want %q", light[0].Title, full[0].Title)
	}
}
