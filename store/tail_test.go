package store

import (
	"context"
	"testing"
)

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
