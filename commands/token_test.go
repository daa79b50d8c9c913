package commands

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  a  b\tc\n d ", []string{"a", "b", "c", "d"}},
		{`"a b" c`, []string{"a b", "c"}},
		{`'a b' c`, []string{"a b", "c"}},
		{"“a b” c", []string{"a b", "c"}},
		{"‘a b’ c", []string{"a b", "c"}},
		{"“a b“ c", []string{"a b", "c"}},
		{"„a b“ c", []string{"a b", "c"}},
		{"”a b” c", []string{"a b", "c"}},
		{"‚a b‘ c", []string{"a b", "c"}},
		{"“say \"hi\" now”", []string{`say "hi" now`}},
		{"\"say “hi” now\"", []string{"say “hi” now"}}, // as the Discord adapter quotes
		{"‘it’s’", []string{"it’s"}},
		{`"a 'b' c"`, []string{"a 'b' c"}},
		{`'say "hi"'`, []string{`say "hi"`}},
		{`"a \"b\" c"`, []string{`a "b" c`}},
		{`"a \\ b"`, []string{`a \ b`}},
		{`"C:\temp\new"`, []string{`C:\temp\new`}},
		{`"a \“b\” c"`, []string{`a \“b\” c`}}, // only closing quotes are escaped
		{"“a \\” b”", []string{"a ” b"}},
		{`don't`, []string{"don't"}},
		{`'don't'`, []string{"don't"}},
		{"it’s", []string{"it’s"}},
		{`"a",b`, []string{"a,b"}},
		{`x"y`, []string{`x"y`}},
		{`--desc="a b" c`, []string{"--desc=a b", "c"}},
		{`--desc=“a b” c`, []string{"--desc=a b", "c"}},
		{`a=“b c”`, []string{"a=“b", "c”"}}, // only a flag's = opens a quote
		{`""`, []string{""}},
		{"a\u00a0b", []string{"a", "b"}},
	}
	for _, tt := range tests {
		toks, err := tokenize(tt.in)
		if err != nil {
			t.Errorf("tokenize(%q): %v", tt.in, err)
			continue
		}
		var got []string
		for _, tok := range toks {
			got = append(got, tok.text)
			if tok.start < 0 || tok.start > tok.end || tok.end > len(tt.in) {
				t.Errorf("tokenize(%q): token %q spans [%d,%d)", tt.in, tok.text, tok.start, tok.end)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeQuotedFlag(t *testing.T) {
	toks, err := tokenize(`"--sev" --sev "--x",y`)
	if err != nil {
		t.Fatal(err)
	}
	if !toks[0].quoted || toks[1].quoted || !toks[2].quoted {
		t.Errorf("quoted = %v %v %v, want true false true", toks[0].quoted, toks[1].quoted, toks[2].quoted)
	}
}

func TestTokenizeUnterminated(t *testing.T) {
	for _, in := range []string{`"a`, `'a b`, "“a", "“a\"", `"a\"`, `--x="a`, `"a"b`, `"`, `'`} {
		if _, err := tokenize(in); err == nil || !strings.Contains(err.Error(), "unterminated quote") {
			t.Errorf("tokenize(%q) err = %v, want unterminated quote", in, err)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"", "a b", `say "hi"`, `back\slash`, "“curly” ‘single’ it's", `\`, `"`, "--sev", "trailing\\"} {
		toks, err := tokenize(Quote(s))
		if err != nil {
			t.Errorf("tokenize(Quote(%q)): %v", s, err)
			continue
		}
		if len(toks) != 1 || toks[0].text != s || !toks[0].quoted {
			t.Errorf("tokenize(Quote(%q)) = %+v", s, toks)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb", "a\nb"},
		{"a\rb", "a\nb"},
		{"a\x00b\x1bc\x7f", "abc"},
		{"a\vb\fc", "a b c"},
		{"\xff", "\uFFFD"},
		{"tab\there", "tab\there"},
		{"\u0085", ""}, // NEL is a C1 control
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
