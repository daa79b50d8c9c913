// Package search finds past incidents like a new one, with bleve: an
// in-memory full-text index of every incident's words (title,
// description, summary, impact, whys, causes, affected services and action
// texts), built at start from the store and updated on writes. The store
// stays the source of truth; the index can always be rebuilt from it. It
// implements bot.Finder, and is the only package that imports bleve.
package search

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/warroom-dev/warroom/bot"
)

// Index is an in-memory index of incidents. It is safe for concurrent use.
//
// While Build runs (and from NewBuilding until Build returns), Similar
// answers from the incidents indexed so far, and Put queues its incident
// for Build's next batch instead of waiting for the build: the queued copy
// is newer than the one Build was given, so Build leaves that one out.
type Index struct {
	idx bleve.Index // safe for concurrent use itself

	mu       sync.Mutex // guards the fields below
	building bool
	queued   map[int64]doc  // Put while building, not yet in a batch
	fresh    map[int64]bool // Put while building: Build's copy is older
	indexed  int            // of Build's incidents, those indexed so far
	total    int            // Build's incidents
	maxID    int64          // the highest id given to Put or Build
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
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	// Scorch with no path keeps its segments in memory; it indexes and
	// searches far faster than the default in-memory (upsidedown) index.
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: new index: %w", err)
	}
	return &Index{idx: idx}, nil
}

// NewBuilding returns an empty index that is being built: the caller reads
// the incidents and then calls Build with them, while the engine already
// uses the index. Incidents Put from now on win over Build's copies, which
// may have been read before they changed.
func NewBuilding() (*Index, error) {
	x, err := New()
	if err != nil {
		return nil, err
	}
	x.startBuild()
	return x, nil
}

// startBuild enters the building state, unless the index is in it.
func (x *Index) startBuild() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.building {
		x.building, x.queued, x.fresh = true, map[int64]doc{}, map[int64]bool{}
	}
}

// Progress reports whether the index is being built, and how many of the
// incidents Build was given it has indexed (total is 0 until Build
// starts).
func (x *Index) Progress() (indexed, total int, building bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.indexed, x.total, x.building
}

// newMapping maps doc's fields and nothing else. Only what Similar asks
// for is built: no stored values, term vectors or doc values, and no _all
// field (bleve's default copy of every word, which doubled the work).
func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzer(m); err != nil {
		return nil, err
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	id := bleve.NewNumericFieldMapping()
	for _, f := range []*mapping.FieldMapping{text, id} {
		f.Store, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = false, false, false, false
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("title", text)
	dm.AddFieldMappingsAt("text", text)
	dm.AddFieldMappingsAt("id", id)
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}

// Words returns the text of an incident that similarity is found by.
func Words(inc *bot.Incident) string {
	parts := []string{inc.Title, inc.Description, inc.Summary, inc.Impact, inc.Resolution}
	for _, p := range inc.Phases {
		parts = append(parts, p.Text)
	}
	parts = append(parts, inc.Whys...)
	for _, c := range inc.Chains {
		parts = append(parts, c.Whys...)
	}
	parts = append(parts, inc.Services...)
	for _, c := range inc.Causes {
		parts = append(parts, c.Text)
	}
	for _, a := range inc.Actions {
		parts = append(parts, a.Text)
	}
	return strings.Join(parts, "\n")
}

func key(id int64) string { return strconv.FormatInt(id, 10) }

// docOf is what is indexed of inc.
func docOf(inc *bot.Incident) doc {
	return doc{Title: inc.Title, Text: Words(inc), ID: float64(inc.ID)}
}

// Put indexes inc, replacing what was indexed of it. While the index is
// being built it only queues inc, and an error indexing it is Build's.
func (x *Index) Put(inc *bot.Incident) error {
	d := docOf(inc)
	x.mu.Lock()
	x.maxID = max(x.maxID, inc.ID)
	if x.building {
		x.queued[inc.ID], x.fresh[inc.ID] = d, true
		x.mu.Unlock()
		return nil
	}
	x.mu.Unlock()
	if err := x.idx.Index(key(inc.ID), d); err != nil {
		return fmt.Errorf("search: index INC-%d: %w", inc.ID, err)
	}
	return nil
}

// buildBatch is how many incidents Build indexes at a time: each batch
// becomes searchable as it is done.
const buildBatch = 1000

// Build indexes incs, a batch at a time, with the incidents Put meanwhile
// (which win over their copies in incs), then leaves the building state:
// Put indexes directly again.
func (x *Index) Build(incs []*bot.Incident) (err error) {
	x.startBuild()
	x.mu.Lock()
	x.indexed, x.total = 0, len(incs)
	for _, inc := range incs {
		x.maxID = max(x.maxID, inc.ID)
	}
	x.mu.Unlock()
	defer func() {
		if ferr := x.finishBuild(); err == nil {
			err = ferr
		}
	}()
	docs := make([]doc, 0, buildBatch)
	for lo := 0; lo < len(incs); lo += buildBatch {
		part := incs[lo:min(lo+buildBatch, len(incs))]
		docs = docs[:0]
		for _, inc := range part {
			docs = append(docs, docOf(inc))
		}
		b := x.idx.NewBatch()
		x.mu.Lock()
		fresh := maps.Clone(x.fresh)
		x.mu.Unlock()
		for _, d := range docs {
			if fresh[int64(d.ID)] {
				continue
			}
			if err := b.Index(key(int64(d.ID)), d); err != nil {
				return fmt.Errorf("search: index INC-%d: %w", int64(d.ID), err)
			}
		}
		// The queue goes in after: an incident Put since the check above
		// is in both, and the later copy in a batch is the one indexed.
		if err := x.indexQueued(b); err != nil {
			return err
		}
		x.mu.Lock()
		x.indexed = lo + len(part)
		x.mu.Unlock()
	}
	return nil
}

// indexQueued adds the queued incidents to b, empties the queue and
// applies b.
func (x *Index) indexQueued(b *bleve.Batch) error {
	x.mu.Lock()
	q := x.queued
	x.queued = map[int64]doc{}
	x.mu.Unlock()
	for id, d := range q {
		if err := b.Index(key(id), d); err != nil {
			return fmt.Errorf("search: index INC-%d: %w", id, err)
		}
	}
	if b.Size() == 0 {
		return nil
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("search: build the index: %w", err)
	}
	return nil
}

// finishBuild indexes what is still queued and leaves the building state
// once the queue is empty: a Put after that is newer than every batch.
func (x *Index) finishBuild() error {
	var first error
	for {
		x.mu.Lock()
		if len(x.queued) == 0 {
			x.building, x.queued, x.fresh = false, nil, nil
			x.mu.Unlock()
			return first
		}
		x.mu.Unlock()
		if err := x.indexQueued(x.idx.NewBatch()); err != nil && first == nil {
			first = err
		}
	}
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
	var top query.Query = bleve.NewDisjunctionQuery(anyOf(terms, "text"), anyOf(terms, "title"))
	// Hits not wanted are left out after the search, which asks for as
	// many more as may be left out: the incident excluded, and one put
	// since maxID was read. Only when an incident declared later may
	// be indexed does the search itself keep to ids below q.Before; that
	// filter costs a fifth of the search, and at declare (q.Before is the
	// newest id, q.Exclude the same) it is not needed.
	if q.Before > 0 {
		x.mu.Lock()
		maxID := x.maxID
		x.mu.Unlock()
		if maxID > q.Before || (maxID == q.Before && q.Exclude != q.Before) {
			hi := float64(q.Before)
			inclusive := false
			r := bleve.NewNumericRangeInclusiveQuery(nil, &hi, nil, &inclusive)
			r.SetField("id")
			top = bleve.NewConjunctionQuery(top, r)
		}
	}
	req := bleve.NewSearchRequestOptions(top, q.Limit+2, 0, false)
	res, err := x.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: similar incidents: %w", err)
	}
	hits := make([]bot.Hit, 0, q.Limit)
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil || id == q.Exclude || (q.Before > 0 && id >= q.Before) {
			continue
		}
		if hits = append(hits, bot.Hit{IncidentID: id, Score: h.Score}); len(hits) == q.Limit {
			break
		}
	}
	return hits, nil
}

// minShared is how many distinct words an incident must share with the
// text to count as similar: one shared word ("errors", "service") is
// chance, not a repeat.
const minShared = 2

// terms returns the distinct terms of text as the index analyses it.
func (x *Index) terms(text string) []string {
	a := x.idx.Mapping().AnalyzerNamed(analyzerName)
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
