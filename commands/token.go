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
	quoted bool // the token began with a quote: never a flag, never an owner
	start  int
	end    int
}

// closers returns the quotes that close a string opened by r, or "" if r
// does not open one. Straight quotes pair with themselves; typographic ones
// pair as English, German and Swedish write them, which is what Slack and
// macOS substitute for straight quotes.
func closers(r rune) string {
	switch r {
	case '"':
		return `"`
	case '\'':
		return "'"
	case '“':
		return "”“"
	case '„':
		return "“”"
	case '”':
		return "”"
	case '‘':
		return "’"
	case '‚':
		return "‘’"
	case '’':
		return "’"
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
// words ("don't", "team’s") are ordinary characters. A closing quote (see
// closers) ends the string only when it is not followed by a letter or
// digit, so 'don't' is one string. Inside quotes a backslash escapes a
// backslash or a closing quote; any other backslash is kept. Text right after a closing quote belongs to the
// same word. An unterminated quote is an error.
func tokenize(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		t := token{start: i}
		var err error
		if closers(r) != "" {
			t.quoted = true
			t.text, i, err = readQuoted(s, i, "")
		} else {
			end := wordEnd(s, i)
			w := s[i:end]
			if eq := strings.IndexByte(w, '='); eq >= 0 && isFlag(w[:eq+1]) && startsWithQuote(w[eq+1:]) {
				t.text, i, err = readQuoted(s, i+eq+1, w[:eq+1])
			} else {
				t.text, i = w, end
			}
		}
		if err != nil {
			return nil, err
		}
		t.end = i
		toks = append(toks, t)
	}
	return toks, nil
}

// wordEnd returns the offset of the first space at or after i, or len(s).
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

func startsWithQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return closers(r) != ""
}

// readQuoted reads the quoted string whose opening quote is at s[i] and the
// rest of its word. It returns prefix, the string's contents and the rest of
// the word, and the offset where the word ends.
func readQuoted(s string, i int, prefix string) (string, int, error) {
	var b strings.Builder
	b.WriteString(prefix)
	open, size := utf8.DecodeRuneInString(s[i:])
	close := closers(open)
	for i += size; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\\' && i < len(s) {
			if next, nsize := utf8.DecodeRuneInString(s[i:]); next == '\\' || strings.ContainsRune(close, next) {
				b.WriteRune(next)
				i += nsize
				continue
			}
		}
		if strings.ContainsRune(close, r) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			if i >= len(s) || !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
				end := wordEnd(s, i)
				b.WriteString(s[i:end])
				return b.String(), end, nil
			}
		}
		b.WriteRune(r)
	}
	return "", 0, &quoteError{open: open}
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

// Quote returns s as one word that Parse reads back as s: in straight
// double quotes, with backslashes and double quotes escaped by a backslash.
func Quote(s string) string {
	return `"` + quoter.Replace(s) + `"`
}

var quoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
