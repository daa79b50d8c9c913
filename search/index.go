// Package search finds past incidents like a new one, with bleve: an
// in-memory full-text index of every incident's words (title,
// description, summary, impact, whys, causes, affected services and action
// texts), built at start from the store and updated on writes. The store
// stays the source of truth; the index can always be rebuilt from it. It
// implements bot.Finder, and is the only package that imports bleve.
package search

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/warroom-dev/warroom/bot"
)

// Index is an in-memory index of incidents. It is safe for concurrent use.
type Index struct {
	mu  sync.RWMutex // bleve's in-memory index is safe; mu orders Put and Build
	idx bleve.Index
}

var _ bot.Finder = (*Index)(nil)

// doc is what is indexed of an incident: its words in one English-analysed
// field, the title again so that it weighs more, and the id to filter on.
type doc struct {
	Title string  `json:"title"`
	Text  string  `json:"text"`
	ID    float64 `json:"id"`
}

// New returns an empty in-memory index.
func New() (*Index, error) {
	// Scorch with no path keeps its segments in memory; it indexes and
	// searches far faster than the default in-memory (upsidedown) index.
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: new index: %w", err)
	}
	return &Index{idx: idx}, nil
}

func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName // stems and drops stop words
	text.Store = false
	text.IncludeTermVectors = false
	id := bleve.NewNumericFieldMapping()
	id.Store = false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("title", text)
	dm.AddFieldMappingsAt("text", text)
	dm.AddFieldMappingsAt("id", id)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = dm
	m.DefaultAnalyzer = en.AnalyzerName
	return m
}

// Words returns the text of an incident that similarity is found by.
func Words(inc *bot.Incident) string {
	parts := []string{inc.Title, inc.Description, inc.Summary, inc.Impact, inc.Resolution}
	parts = append(parts, inc.Whys...)
	for _, c := range inc.Causes {
		parts = append(parts, c.Text)
	}
	for _, a := range inc.Actions {
		parts = append(parts, a.Text)
	}
	return strings.Join(parts, "\n")
}

func key(id int64) string { return strconv.FormatInt(id, 10) }

// Put indexes inc, replacing what was indexed of it.
func (x *Index) Put(inc *bot.Incident) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if err := x.idx.Index(key(inc.ID), doc{Title: inc.Title, Text: Words(inc), ID: float64(inc.ID)}); err != nil {
		return fmt.Errorf("search: index INC-%d: %w", inc.ID, err)
	}
	return nil
}

// Build indexes every incident in one batch.
func (x *Index) Build(incs []*bot.Incident) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	const batchSize = 1000
	b := x.idx.NewBatch()
	for i, inc := range incs {
		if err := b.Index(key(inc.ID), doc{Title: inc.Title, Text: Words(inc), ID: float64(inc.ID)}); err != nil {
			return fmt.Errorf("search: index INC-%d: %w", inc.ID, err)
		}
		if (i+1)%batchSize == 0 {
			if err := x.idx.Batch(b); err != nil {
				return fmt.Errorf("search: build the index: %w", err)
			}
			b = x.idx.NewBatch()
		}
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("search: build the index: %w", err)
	}
	return nil
}

// Similar returns up to q.Limit incidents whose words are most like
// q.Text, best first, leaving out q.Exclude and, if q.Before is set, every
// incident whose id is not below it.
func (x *Index) Similar(q bot.SimilarQuery) ([]bot.Hit, error) {
	if strings.TrimSpace(q.Text) == "" || q.Limit <= 0 {
		return nil, nil
	}
	terms := x.terms(q.Text)
	if len(terms) == 0 {
		return nil, nil
	}
	var must query.Query = bleve.NewDisjunctionQuery(anyOf(terms, "text"), anyOf(terms, "title"))
	if q.Before > 0 {
		hi := float64(q.Before)
		inclusive := false
		r := bleve.NewNumericRangeInclusiveQuery(nil, &hi, nil, &inclusive)
		r.SetField("id")
		must = bleve.NewConjunctionQuery(must, r)
	}
	var top query.Query = must
	if q.Exclude > 0 {
		b := bleve.NewBooleanQuery()
		b.AddMust(must)
		b.AddMustNot(bleve.NewDocIDQuery([]string{key(q.Exclude)}))
		top = b
	}
	req := bleve.NewSearchRequestOptions(top, q.Limit, 0, false)
	x.mu.RLock()
	res, err := x.idx.Search(req)
	x.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("search: similar incidents: %w", err)
	}
	hits := make([]bot.Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			continue
		}
		hits = append(hits, bot.Hit{IncidentID: id, Score: h.Score})
	}
	return hits, nil
}

// minShared is how many distinct words an incident must share with the
// text to count as similar: one shared word ("errors", "service") is
// chance, not a repeat.
const minShared = 2

// terms returns the distinct terms of text as the index analyses it.
func (x *Index) terms(text string) []string {
	a := x.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// anyOf matches documents whose field holds at least minShared of terms
// (all of them if there are fewer).
func anyOf(terms []string, field string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetMin(float64(min(minShared, len(terms))))
	return d
}

// Close releases the index.
func (x *Index) Close() error {
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}
