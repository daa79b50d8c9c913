package search

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// sameTokens reports whether a and b are the same tokens.
func sameTokens(a, b analysis.TokenStream) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if string(x.Term) != string(y.Term) || x.Start != y.Start || x.End != y.End || x.Position != y.Position || x.Type != y.Type {
			return false
		}
	}
	return true
}

// TestASCIITokenizer: on ASCII text the tokenizer gives exactly the tokens
// bleve's unicode tokenizer gives, on random strings of the characters
// word boundaries turn on and on the test corpus; other text goes to the
// unicode tokenizer.
func TestASCIITokenizer(t *testing.T) {
	u := unicode.NewUnicodeTokenizer()
	a := asciiTokenizer{unicode: u}
	check := func(s string) {
		t.Helper()
		if got, want := a.Tokenize([]byte(s)), u.Tokenize([]byte(s)); !sameTokens(got, want) {
			t.Fatalf("Tokenize(%q) =\n%v\nwant\n%v", s, got, want)
		}
	}
	for _, s := range []string{"", " ", "Checkout p99 latency: 2.5s, e.g. customer's API_KEY v1.2.3 -- 5xx!", "naïve café", "3,000;4 a:b a'b 1'2 a.1 1.a __ _a a_ 1_2"} {
		check(s)
	}
	const alphabet = "aZ1_.':,;- \n\r!x9\t\"/(@#%&+=?"
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		check(string(b))
	}
	corpus, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	check(string(corpus))
}
