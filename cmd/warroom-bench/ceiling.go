package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

// bboltCeiling writes entries as bare timeline records into a new bbolt
// file at path, from writers goroutines at once, and returns how long that
// took.
//
// It is the ceiling the benchmark measures the whole bot against: what
// bbolt itself sustains with the store's durability (fsync on every
// commit, the store's default batch size and delay, one DB.Batch per
// record) at the same concurrency, with none of the work the store, the
// engine and the adapter add: no dedup check, no message indexes, no
// incident lookup, no network. Each record is the entry's JSON under a
// key of the store's timeline layout (incident id, time, sequence: see
// store/keys.go). It lives here, not in the store: it is a measuring
// stick, not part of the store's API.
//
// The file must not exist; bboltCeiling leaves it for the caller to remove.
func bboltCeiling(ctx context.Context, path string, entries []*bot.Entry, writers int) (time.Duration, error) {
	if writers < 1 {
		writers = 1
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("ceiling: %s must be a new file", path)
	}
	bdb, err := bolt.Open(path, store.DefaultMode, &bolt.Options{Timeout: store.DefaultTimeout})
	if err != nil {
		return 0, fmt.Errorf("ceiling: open %s: %w", path, err)
	}
	defer bdb.Close()
	bdb.MaxBatchSize, bdb.MaxBatchDelay = store.DefaultMaxBatchSize, store.DefaultMaxBatchDelay
	timeline := []byte("timeline")
	if err := bdb.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket(timeline)
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
					tl := tx.Bucket(timeline)
					seq, err := tl.NextSequence()
					if err != nil {
						return err
					}
					k := binary.BigEndian.AppendUint64(make([]byte, 0, 24), uint64(c.IncidentID))
					k = binary.BigEndian.AppendUint64(k, uint64(c.At.UnixNano()))
					return tl.Put(binary.BigEndian.AppendUint64(k, seq), val)
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
