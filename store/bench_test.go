package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// benchWriters are the concurrencies the append benchmarks run at.
var benchWriters = []int{50, 1000}

// benchEntry returns the i-th entry of a busy incident channel: a Slack
// message with its platform id as the dedup key.
func benchEntry(i int) *bot.Entry {
	id := fmt.Sprintf("1709647200.%06d", i)
	return &bot.Entry{
		IncidentID: 1,
		At:         t0.Add(time.Duration(i) * time.Millisecond),
		Kind:       bot.EntryMessage,
		Author:     "U012AB3CDE",
		AuthorName: "alice",
		MessageID:  id,
		Key:        "msg:" + id,
		Text:       "rolled back checkout-api to v2.41.3, error rate dropping, watching p99 latency on the dashboard",
	}
}

// runWriters calls fn for i in [0, b.N) from writers goroutines and reports
// the rate as entries/s.
func runWriters(b *testing.B, writers int, fn func(i int) error) {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				if err := fn(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "entries/s")
}

// BenchmarkAppend appends through DB.Append, with its dedup check and
// message indexes, fsync on.
func BenchmarkAppend(b *testing.B) {
	for _, writers := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			db, err := Open(filepath.Join(b.TempDir(), "warroom.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ctx := b.Context()
			runWriters(b, writers, func(i int) error {
				stored, err := db.Append(ctx, benchEntry(i))
				if err == nil && !stored {
					err = fmt.Errorf("entry %d not stored", i)
				}
				return err
			})
		})
	}
}

// BenchmarkRawBatch is the baseline for BenchmarkAppend: bare bbolt
// DB.Batch puts of the same JSON records under the same keys, opened with
// the same options, at the same concurrency.
func BenchmarkRawBatch(b *testing.B) {
	for _, writers := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			opt := (*Options)(nil).withDefaults()
			bdb, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), opt.Mode, boltOptions(opt))
			if err != nil {
				b.Fatal(err)
			}
			defer bdb.Close()
			bdb.MaxBatchSize, bdb.MaxBatchDelay = opt.MaxBatchSize, opt.MaxBatchDelay
			if err := bdb.Update(func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket(bucketTimeline)
				return err
			}); err != nil {
				b.Fatal(err)
			}
			runWriters(b, writers, func(i int) error {
				e := benchEntry(i)
				val, err := json.Marshal(e)
				if err != nil {
					return err
				}
				return bdb.Batch(func(tx *bolt.Tx) error {
					tl := tx.Bucket(bucketTimeline)
					seq, err := tl.NextSequence()
					if err != nil {
						return err
					}
					return tl.Put(timelineKey(e.IncidentID, e.At, seq), val)
				})
			})
		})
	}
}

// BenchmarkTimeline scans the timeline of an incident with 100,000
// entries, as drafting its postmortem does.
func BenchmarkTimeline(b *testing.B) {
	const n = 100_000
	db, err := Open(filepath.Join(b.TempDir(), "warroom.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := b.Context()
	fillTimeline(b, db, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		count := 0
		if err := db.Timeline(ctx, 1, func(*bot.Entry) error {
			count++
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if count != n {
			b.Fatalf("scanned %d entries, want %d", count, n)
		}
	}
}

// fillTimeline appends benchEntry(0..n-1) to incident 1 from 1,000
// writers, so that their commits are shared.
func fillTimeline(b *testing.B, db *DB, n int) {
	b.Helper()
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range 1000 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if _, err := db.Append(b.Context(), benchEntry(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
