package search

import (
	"encoding/json"
	"os"
	"slices"
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
