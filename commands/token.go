package commands

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one word of a command: a run of non-space characters, or a
// quoted string. start and end are byte offsets into the cleaned text.
type token struct {
	text   string
	quoted bool // the whole token was quoted: never a flag, never an owner
	start  int
	end    int
}

// Quote families. An opening quote is closed by any quote of its family, so
// that “...", ‘...’ and "..." all work whatever the keyboard substituted.
const (
	doubleQuotes = "\"“”„"
	singleQuotes = "'‘’"
)

// quoteFamily returns the family of r, or "" if r is not a quote.
func quoteFamily(r rune) string {
	switch {
	case strings.ContainsRune(doubleQuotes, r):
		return doubleQuotes
	case strings.ContainsRune(singleQuotes, r):
		return singleQuotes
	}
	return ""
}

// clean makes text safe to tokenize and store: invalid UTF-8 becomes U+FFFD,
// line ends become \n, and control characters other than tab and newline
// are dropped (vertical tab and form feed become spaces).
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n':
			return r
		case '\r':
			return '\n'
		case '\v', '\f':
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// tokenize splits s into tokens. A quote opens a quoted string only at the
// start of a word (or right after the = of a --flag=), so apostrophes inside
// words ("don't", "team’s") are ordinary characters. A quote closes the
// string only when it is not followed by a letter or digit, so 'don't' is
// one string. Inside quotes a backslash escapes a quote or a backslash; any
// other backslash is kept. Text right after a closing quote belongs to the
// same word. An unterminated quote is an error.
func tokenize(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		t := token{start: i}
		var b strings.Builder
		if fam := quoteFamily(r); fam != "" {
			t.quoted = true
			n, err := readQuoted(s, i, &b)
			if err != nil {
				return nil, err
			}
			i = n
		}
		// The rest of the word, unquoted.
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			if t.quoted {
				// Text glued to a closing quote makes the word a plain
				// word, so "x"y is not taken for a quoted string.
				t.quoted = false
			}
			b.WriteRune(r)
			i += size
			if r == '=' && isFlag(b.String()) && strings.Count(b.String(), "=") == 1 && i < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[i:]); quoteFamily(r2) != "" {
					n, err := readQuoted(s, i, &b)
					if err != nil {
						return nil, err
					}
					i = n
				}
			}
		}
		t.text = b.String()
		t.end = i
		toks = append(toks, t)
	}
	return toks, nil
}

// readQuoted reads the quoted string whose opening quote is at s[i], writes
// its contents to b and returns the offset just after the closing quote.
func readQuoted(s string, i int, b *strings.Builder) (int, error) {
	open, size := utf8.DecodeRuneInString(s[i:])
	fam := quoteFamily(open)
	i += size
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\\' && i < len(s) {
			if next, nsize := utf8.DecodeRuneInString(s[i:]); next == '\\' || quoteFamily(next) != "" {
				b.WriteRune(next)
				i += nsize
				continue
			}
		}
		if strings.ContainsRune(fam, r) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			if i >= len(s) || !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
				return i, nil
			}
		}
		b.WriteRune(r)
	}
	return 0, &quoteError{open: open}
}

// quoteError is an unterminated quoted string.
type quoteError struct{ open rune }

func (e *quoteError) Error() string {
	return fmt.Sprintf("unterminated quote: close the %c you opened", e.open)
}

// isFlag reports whether an unquoted word is a flag: --name, or —name as
// macOS and Slack turn -- into an em or en dash. A bare "--" ends flags and
// is not itself a flag.
func isFlag(w string) bool {
	n := flagPrefix(w)
	return n > 0 && n < len(w)
}

// isEndOfFlags reports whether w is "--" (or a lone em or en dash).
func isEndOfFlags(w string) bool {
	return w == "--" || w == "—" || w == "–"
}

// flagPrefix returns the length of the dashes that start a flag word, or 0.
func flagPrefix(w string) int {
	switch {
	case strings.HasPrefix(w, "--"):
		return 2
	case strings.HasPrefix(w, "—"):
		return len("—")
	case strings.HasPrefix(w, "–"):
		return len("–")
	}
	return 0
}

// Quote returns s as one quoted word that Parse reads back as s: in double
// quotes, with backslashes and quote characters escaped.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '\\' || quoteFamily(r) != "" {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
