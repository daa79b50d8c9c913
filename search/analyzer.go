package search

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// analyzerName is the analyzer of every text field: bleve's English one
// (unicode words, possessives, lower case, English stop words, Porter
// stems), with the stems remembered and ASCII split into words without
// the general Unicode machinery. Incidents are written in a small
// vocabulary, so most words are stemmed once per index rather than each
// time they occur: stemming was a fifth of building the index.
const analyzerName = "warroom_en"

// stemName is the token filter that stems with a memory, tokenizerName
// the tokenizer that reads ASCII itself (tokenizer.go).
const (
	stemName      = "warroom_stem"
	tokenizerName = "warroom_words"
)

// maxStems bounds the words a stemmer remembers; past it, it stems
// without remembering.
const maxStems = 1 << 16

var (
	registerOnce sync.Once
	registerErr  error
)

// addAnalyzer defines analyzerName in m, registering the stem filter
// with bleve the first time.
func addAnalyzer(m *mapping.IndexMappingImpl) error {
	registerOnce.Do(func() {
		registerErr = errors.Join(
			registry.RegisterTokenFilter(stemName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
				return &stemmer{stems: map[string][]byte{}}, nil
			}),
			registry.RegisterTokenizer(tokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
				return asciiTokenizer{unicode: unicode.NewUnicodeTokenizer()}, nil
			}))
	})
	if registerErr != nil {
		return fmt.Errorf("search: register the analyzer: %w", registerErr)
	}
	return m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     tokenizerName,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, stemName},
	})
}

// stemmer is bleve's Porter stemmer filter with a memory of the stems it
// made. It is safe for concurrent use: bleve analyses documents on several
// goroutines.
type stemmer struct {
	mu    sync.RWMutex
	stems map[string][]byte // word: stem; never changed once stored
}

// Filter implements analysis.TokenFilter.
func (s *stemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		s.mu.RLock()
		stem, ok := s.stems[string(tok.Term)]
		s.mu.RUnlock()
		if !ok {
			stem = analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(tok.Term)))
			s.mu.Lock()
			if len(s.stems) < maxStems {
				s.stems[string(tok.Term)] = stem
			}
			s.mu.Unlock()
		}
		tok.Term = stem[:len(stem):len(stem)] // shared: an append copies
	}
	return input
}
