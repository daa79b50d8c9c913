package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// asciiTokenizer splits text into words as bleve's unicode tokenizer does
// (Unicode word boundaries, UAX #29), but reads plain ASCII text itself,
// several times faster; text with any other byte goes to the unicode
// tokenizer. Incidents are mostly written in ASCII, and tokenizing was a
// third of analysing them.
type asciiTokenizer struct{ unicode *unicode.UnicodeTokenizer }

// Word-break classes of the ASCII bytes that take part in words.
const (
	wbOther       = iota // a boundary on both sides
	wbLetter             // ALetter: A-Z, a-z
	wbNumeric            // Numeric: 0-9
	wbExtend             // ExtendNumLet: _
	wbMidLetter          // MidLetter: between letters, ":"
	wbMidNum             // MidNum: between digits, "," and ";"
	wbMidNumLet          // MidNumLet: between letters or between digits, "."
	wbSingleQuote        // Single_Quote: as MidNumLet, "'"
)

var wbClass = func() (c [128]byte) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = wbLetter, wbLetter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = wbNumeric
	}
	c['_'], c[':'], c[','], c[';'], c['.'], c['\''] = wbExtend, wbMidLetter, wbMidNum, wbMidNum, wbMidNumLet, wbSingleQuote
	return c
}()

// Tokenize implements analysis.Tokenizer.
func (t asciiTokenizer) Tokenize(input []byte) analysis.TokenStream {
	for _, b := range input {
		if b >= 0x80 {
			return t.unicode.Tokenize(input)
		}
	}
	class := func(i int) byte {
		if i < 0 || i >= len(input) {
			return wbOther
		}
		return wbClass[input[i]]
	}
	inWord := func(c byte) bool { return c == wbLetter || c == wbNumeric || c == wbExtend }
	// Tokens are allocated a slab at a time, by a guess of how many
	// words are left (English words and the space after them average
	// about six bytes).
	guess := func(left int) int { return max(8, left/6) }
	rv := make(analysis.TokenStream, 0, guess(len(input)))
	var slab []analysis.Token
	pos := 1
	for i := 0; i < len(input); {
		if !inWord(class(i)) {
			i++
			continue
		}
		start, letters, digits := i, false, false
		for {
			c := class(i)
			letters, digits = letters || c == wbLetter, digits || c == wbNumeric
			next := class(i + 1)
			if inWord(next) {
				i++
				continue
			}
			// A middle character joins two letters (WB6, WB7) or two
			// digits (WB11, WB12) around it.
			after := class(i + 2)
			if c == wbLetter && after == wbLetter && (next == wbMidLetter || next == wbMidNumLet || next == wbSingleQuote) ||
				c == wbNumeric && after == wbNumeric && (next == wbMidNum || next == wbMidNumLet || next == wbSingleQuote) {
				i += 2
				continue
			}
			break
		}
		i++
		typ := analysis.AlphaNumeric // as bleve types them: numeric has digits, no letters
		if digits && !letters {
			typ = analysis.Numeric
		}
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, guess(len(input)-start))
		}
		slab = append(slab, analysis.Token{Term: input[start:i], Start: start, End: i, Position: pos, Type: typ})
		rv = append(rv, &slab[len(slab)-1])
		pos++
	}
	return rv
}
