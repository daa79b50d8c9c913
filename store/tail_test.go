package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func TestTimelineTail(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Incident 2 has 10 entries, appended out of time order; 1 and 3 are
	// its neighbours in the key space and must not leak in; 4 has none.
	for _, id := range []int64{1, 2, 3} {
		for _, i := range []int{3, 0, 9, 1, 2, 8, 4, 7, 5, 6} {
			appendAll(t, db, &bot.Entry{IncidentID: id, Kind: bot.EntryNote,
				At: t0.Add(time.Duration(i) * time.Minute), Text: fmt.Sprint(id, ":", i)})
		}
	}
	tests := []struct {
		id    int64
		n     int
		want  []string
		total int
	}{
		{2, 3, []string{"2:7", "2:8", "2:9"}, 10},
		{2, 1, []string{"2:9"}, 10},
		{2, 0, nil, 10},
		{2, 50, []string{"2:0", "2:1", "2:2", "2:3", "2:4", "2:5", "2:6", "2:7", "2:8", "2:9"}, 10},
		{1, 2, []string{"1:8", "1:9"}, 10},
		{3, 2, []string{"3:8", "3:9"}, 10}, // the last incident: no key after it
		{4, 5, nil, 0},
		{0, 5, nil, 0},
	}
	for _, tt := range tests {
		got, total, err := db.TimelineTail(ctx, tt.id, tt.n)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, e := range got {
			texts = append(texts, e.Text)
		}
		if fmt.Sprint(texts) != fmt.Sprint(tt.want) || total != tt.total {
			t.Errorf("TimelineTail(%d, %d) = %v, %d; want %v, %d", tt.id, tt.n, texts, total, tt.want, tt.total)
		}
	}
}

// BenchmarkTimelineTail reads the last 5 of 100,000 entries, as
// `/incident timeline --last 5` does in a long incident.
func BenchmarkTimelineTail(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	const n = 100_000
	fillTimeline(b, db, n)
	b.ResetTimer()
	for b.Loop() {
		tail, total, err := db.TimelineTail(ctx, 1, 5)
		if err != nil || len(tail) != 5 || total != n {
			b.Fatal(len(tail), total, err)
		}
	}
}
