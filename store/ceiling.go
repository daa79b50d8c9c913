package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// Ceiling writes entries as bare timeline records into a new bbolt file at
// path, from writers goroutines at once, and returns how long that took.
//
// It is the ceiling the load benchmark (cmd/warroom-bench) measures the
// whole bot against: what bbolt itself sustains with the store's
// durability (fsync on every commit, Open's batch size and delay, one
// DB.Batch per record) at the same concurrency, with none of the work the
// store, the engine and the adapter add: no dedup check, no message
// indexes, no incident lookup, no network. Each record is the entry's JSON
// under its timeline key, as Append writes it.
//
// The file must not exist; Ceiling leaves it for the caller to remove.
func Ceiling(ctx context.Context, path string, entries []*bot.Entry, writers int) (time.Duration, error) {
	if writers < 1 {
		writers = 1
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("ceiling: %s must be a new file", path)
	}
	opt := (*Options)(nil).withDefaults()
	bdb, err := bolt.Open(path, opt.Mode, boltOptions(opt))
	if err != nil {
		return 0, fmt.Errorf("ceiling: open %s: %w", path, err)
	}
	defer bdb.Close()
	bdb.MaxBatchSize, bdb.MaxBatchDelay = opt.MaxBatchSize, opt.MaxBatchDelay
	if err := bdb.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket(bucketTimeline)
		return err
	}); err != nil {
		return 0, fmt.Errorf("ceiling: create bucket in %s: %w", path, err)
	}

	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	fail := func(err error) { errOnce.Do(func() { first = err }) }
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(entries) || ctx.Err() != nil {
					return
				}
				c := *entries[i]
				c.Seq = 0
				val, err := json.Marshal(&c)
				if err != nil {
					fail(fmt.Errorf("ceiling: entry %d: %w", i, err))
					return
				}
				err = bdb.Batch(func(tx *bolt.Tx) error {
					tl := tx.Bucket(bucketTimeline)
					seq, err := tl.NextSequence()
					if err != nil {
						return err
					}
					return tl.Put(timelineKey(c.IncidentID, c.At, seq), val)
				})
				if err != nil {
					fail(fmt.Errorf("ceiling: write entry %d: %w", i, err))
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first == nil {
		first = ctx.Err()
	}
	return elapsed, first
}
