package search

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// corpusIncident is an incident of the test corpus.
type corpusIncident struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Summary     string   `json:"summary"`
	Impact      string   `json:"impact"`
	Whys        []string `json:"whys"`
	Causes      []string `json:"causes"`
	Actions     []string `json:"actions"`
}

func (c corpusIncident) incident(id int64) *bot.Incident {
	inc := &bot.Incident{ID: id, Title: c.Title, Description: c.Description, Summary: c.Summary, Impact: c.Impact, Whys: c.Whys}
	for _, t := range c.Causes {
		inc.Causes = append(inc.Causes, bot.Cause{Category: bot.CauseTechnical, Text: t})
	}
	for i, t := range c.Actions {
		inc.Actions = append(inc.Actions, bot.Action{N: i + 1, Text: t})
	}
	return inc
}

// pair is a past incident, with its analysis, and a new one like it as it
// is declared (title and description).
type pair struct {
	Key  string         `json:"key"`
	Past corpusIncident `json:"past"`
	New  corpusIncident `json:"new"`
}

// loadCorpus reads testdata/corpus.json.
func loadCorpus(t testing.TB) []pair {
	t.Helper()
	raw, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var pairs []pair
	if err := json.Unmarshal(raw, &pairs); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// TestKnownPairs: the corpus's past incidents are indexed, then each new
// incident is declared in turn (and indexed, as the engine does); for each,
// its partner must be among the 3 similar incidents found.
func TestKnownPairs(t *testing.T) {
	pairs := loadCorpus(t)
	if 2*len(pairs) < 30 {
		t.Fatalf("the corpus has %d incidents, want at least 30", 2*len(pairs))
	}
	idx, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var past []*bot.Incident
	for i, p := range pairs {
		past = append(past, p.Past.incident(int64(i+1)))
	}
	if err := idx.Build(past); err != nil {
		t.Fatal(err)
	}
	for i, p := range pairs {
		id := int64(len(pairs) + i + 1)
		inc := p.New.incident(id)
		if err := idx.Put(inc); err != nil {
			t.Fatal(err)
		}
		hits, err := idx.Similar(bot.SimilarQuery{Text: inc.Title + "\n" + inc.Description, Exclude: id, Before: id, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range hits {
			ids = append(ids, h.IncidentID)
		}
		if !slices.Contains(ids, int64(i+1)) {
			t.Errorf("%s: %q found %v, not its partner INC-%d", p.Key, inc.Title, ids, i+1)
		}
		if slices.ContainsFunc(ids, func(x int64) bool { return x >= id }) {
			t.Errorf("%s: found %v, which includes incidents not declared before INC-%d", p.Key, ids, id)
		}
	}
}

// TestPutReplaces: re-indexing an incident replaces its words.
func TestPutReplaces(t *testing.T) {
	idx, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	inc := &bot.Incident{ID: 1, Title: "kafka consumer lag"}
	if err := idx.Put(inc); err != nil {
		t.Fatal(err)
	}
	inc.Title = "certificate expired"
	if err := idx.Put(inc); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want int
	}{{"kafka lag", 0}, {"expired certificate", 1}, {"", 0}} {
		hits, err := idx.Similar(bot.SimilarQuery{Text: tc.text, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != tc.want {
			t.Errorf("Similar(%q) = %v, want %d hits", tc.text, hits, tc.want)
		}
	}
}

// TestBuildPutWins: incidents Put while the index is built, before or
// during Build, keep their new words; Build's older copies do not come
// back. Run with -race: Put and Build run at once.
func TestBuildPutWins(t *testing.T) {
	idx, err := NewBuilding()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	const n, changed = 3 * buildBatch, 60
	oldText := func(i int) string { return fmt.Sprintf("oldword%d stalemark%d", i, i) }
	newText := func(i int) string { return fmt.Sprintf("newword%d freshmark%d", i, i) }
	var incs []*bot.Incident
	for i := 1; i <= n; i++ {
		incs = append(incs, &bot.Incident{ID: int64(i), Title: oldText(i)})
	}
	put := func(i int) {
		if err := idx.Put(&bot.Incident{ID: int64(i), Title: newText(i)}); err != nil {
			t.Error(err)
		}
	}
	put(1) // before Build starts: read from the store before it changed
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 2; i <= changed; i++ {
			put(i * (n / changed))
		}
	})
	if err := idx.Build(incs); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if indexed, total, building := idx.Progress(); building || indexed != n || total != n {
		t.Errorf("Progress after Build = %d, %d, %v; want %d, %d, false", indexed, total, building, n, n)
	}
	found := func(text string, id int) bool {
		hits, err := idx.Similar(bot.SimilarQuery{Text: text, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(hits, func(h bot.Hit) bool { return h.IncidentID == int64(id) })
	}
	ids := []int{1}
	for i := 2; i <= changed; i++ {
		ids = append(ids, i*(n/changed))
	}
	for _, id := range ids {
		if !found(newText(id), id) || found(oldText(id), id) {
			t.Errorf("INC-%d: found by its new words %v, by its old ones %v; want true, false", id, found(newText(id), id), found(oldText(id), id))
		}
	}
	if !found(oldText(2), 2) {
		t.Error("INC-2, never Put, is not found by Build's words")
	}
	put(n + 1) // after Build: indexed at once
	if !found(newText(n+1), n+1) {
		t.Errorf("INC-%d, Put after Build, is not found", n+1)
	}
}

// TestProgress: a building index says so, and answers from what it has
// indexed; Build ends it.
func TestProgress(t *testing.T) {
	idx, err := NewBuilding()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if indexed, total, building := idx.Progress(); !building || indexed != 0 || total != 0 {
		t.Errorf("Progress of a new building index = %d, %d, %v; want 0, 0, true", indexed, total, building)
	}
	if hits, err := idx.Similar(bot.SimilarQuery{Text: "kafka consumer lag", Limit: 3}); err != nil || len(hits) != 0 {
		t.Errorf("Similar while nothing is indexed = %v, %v", hits, err)
	}
	if err := idx.Build([]*bot.Incident{{ID: 1, Title: "kafka consumer lag"}}); err != nil {
		t.Fatal(err)
	}
	if indexed, total, building := idx.Progress(); building || indexed != 1 || total != 1 {
		t.Errorf("Progress after Build = %d, %d, %v; want 1, 1, false", indexed, total, building)
	}
	idx2, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer idx2.Close()
	if _, _, building := idx2.Progress(); building {
		t.Error("New index says it is building")
	}
}

// TestSimilarBefore: Before and Exclude leave out the incidents they say,
// whichever of them the search itself has to filter by.
func TestSimilarBefore(t *testing.T) {
	idx, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var incs []*bot.Incident
	for id := int64(1); id <= 3; id++ {
		incs = append(incs, &bot.Incident{ID: id, Title: "kafka consumer lag"})
	}
	if err := idx.Build(incs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		before, exclude int64
		want            []int64
	}{
		{0, 0, []int64{1, 2, 3}},
		{4, 0, []int64{1, 2, 3}},
		{3, 3, []int64{1, 2}},
		{3, 0, []int64{1, 2}},
		{3, 1, []int64{2}},
		{2, 0, []int64{1}},
		{2, 2, []int64{1}},
		{0, 2, []int64{1, 3}},
		{1, 0, nil},
	} {
		hits, err := idx.Similar(bot.SimilarQuery{Text: "kafka lag", Before: tc.before, Exclude: tc.exclude, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range hits {
			ids = append(ids, h.IncidentID)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, tc.want) {
			t.Errorf("Similar(before %d, exclude %d) = %v, want %v", tc.before, tc.exclude, ids, tc.want)
		}
	}
	hits, err := idx.Similar(bot.SimilarQuery{Text: "kafka lag", Limit: 2})
	if err != nil || len(hits) != 2 {
		t.Errorf("Similar with Limit 2 = %v, %v; want 2 hits", hits, err)
	}
	// Later incidents that match better than the earlier ones, more of
	// them than the hits asked for, do not crowd the earlier ones out.
	for id := int64(4); id <= 12; id++ {
		if err := idx.Put(&bot.Incident{ID: id, Title: "kafka lag", Description: "kafka consumer lag, kafka lag again"}); err != nil {
			t.Fatal(err)
		}
	}
	hits, err = idx.Similar(bot.SimilarQuery{Text: "kafka lag", Before: 3, Limit: 3})
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.IncidentID)
	}
	slices.Sort(ids)
	if err != nil || !slices.Equal(ids, []int64{1, 2}) {
		t.Errorf("Similar(before 3) among better later matches = %v, %v; want [1 2]", ids, err)
	}
}
