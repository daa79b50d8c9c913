package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestChannelName(t *testing.T) {
	tests := []struct {
		id    int64
		title string
		max   int
		want  string
	}{
		{1, "Checkout errors in EU", 80, "inc-1-checkout-errors-in-eu"},
		{42, "  DB -- down!!  ", 80, "inc-42-db-down"},
		{7, "🔥🔥🔥", 80, "inc-7"},
		{7, "", 80, "inc-7"},
		{3, "Überweisung fehlgeschlagen", 80, "inc-3-berweisung-fehlgeschlagen"},
		{12, "a very long title that goes on and on", 20, "inc-12-a-very-long"},
		{5, "x\x00y\n<@U123>", 80, "inc-5-x-y-u123"},
		{9, "same", 0, "inc-9-same"},
		// The adapters' own slugifiers were merged into this one: what
		// they were tested with.
		{42, "DB Down!!", 80, "inc-42-db-down"},
		{2, "Checkout Errors", 80, "inc-2-checkout-errors"},
		{3, "🔥fire!!", 80, "inc-3-fire"},
		{8, "éclair café", 80, "inc-8-clair-caf"},
		{7, "api_gateway", 80, "inc-7-api-gateway"},
		{4, "straße_ok", 80, "inc-4-stra-e-ok"},
		{1, strings.Repeat("a", 100), 80, "inc-1-" + strings.Repeat("a", 74)},
		{2, strings.Repeat("b", 73) + " c", 80, "inc-2-" + strings.Repeat("b", 73)},
	}
	for _, tt := range tests {
		if got := ChannelName(tt.id, tt.title, tt.max); got != tt.want {
			t.Errorf("ChannelName(%d, %q, %d) = %q, want %q", tt.id, tt.title, tt.max, got, tt.want)
		}
	}
}

func FuzzChannelName(f *testing.F) {
	for _, s := range []string{"Checkout errors", "🔥", "", "\xff\xfe", strings.Repeat("ab ", 100), "<!channel> @here"} {
		f.Add(int64(1), s, 80)
	}
	f.Fuzz(func(t *testing.T, id int64, title string, max int) {
		if id < 0 || max < 0 || max > 1000 {
			return
		}
		got := ChannelName(id, title, max)
		if !utf8.ValidString(got) {
			t.Fatalf("ChannelName(%d, %q, %d) = %q", id, title, max, got)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("ChannelName(%d, %q, %d) = %q has %q", id, title, max, got, r)
			}
		}
		if strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("ChannelName(%d, %q, %d) = %q has a stray dash", id, title, max, got)
		}
		if prefix := fmt.Sprintf("inc-%d", id); max >= len(prefix) && len(got) > max || !strings.HasPrefix(got, prefix) {
			t.Fatalf("ChannelName(%d, %q, %d) = %q: longer than %d or the id is cut", id, title, max, got, max)
		}
	})
}
