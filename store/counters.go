package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ReserveIDs reserves n numbers of the counter name and returns the first
// of them: first to first+n-1 are the caller's, and no later call, in this
// process or after a restart, returns any of them again. Counters start at
// 1. It is for ids an adapter makes up itself, like the console's message
// ids, which must not repeat across runs on one store (the timeline's
// duplicate check would drop the second message with an id).
func (db *DB) ReserveIDs(ctx context.Context, name string, n uint64) (uint64, error) {
	if err := alive(ctx); err != nil {
		return 0, err
	}
	if n == 0 || name == "" {
		return 0, fmt.Errorf("reserve ids: %d of counter %q: need a name and at least one", n, name)
	}
	var first uint64
	err := db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCounters)
		next := uint64(1)
		if v := b.Get([]byte(name)); len(v) == 8 {
			next = binary.BigEndian.Uint64(v)
		}
		first = next
		return b.Put([]byte(name), binary.BigEndian.AppendUint64(nil, next+n))
	})
	if err != nil {
		return 0, fmt.Errorf("reserve %d ids of counter %s: %w", n, name, err)
	}
	return first, nil
}
