package bot_test

import (
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

func TestThreadName(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"the pool is exhausted", `"the pool is exhausted"`},
		{"  the  pool\nis exhausted ", `"the pool is exhausted"`},
		{"one two three four five six seven", `"one two three four five six…"`},
		{"supercalifragilisticexpialidocious-and-then-some-more-words", `"supercalifragilisticexpialidocious-and-t…"`},
		{"", ""},
		{" \n ", ""},
	} {
		if got := bot.ThreadName(tc.text); got != tc.want {
			t.Errorf("ThreadName(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
