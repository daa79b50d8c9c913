package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// TimelineTail returns the last n entries of incident incidentID in time
// order, and how many entries the timeline holds in all. It reads the
// entries backwards from the end and only counts the rest, key by key,
// without decoding them: `timeline --last 5` on a timeline of 100,000
// entries stays a few milliseconds.
func (db *DB) TimelineTail(ctx context.Context, incidentID int64, n int) ([]*bot.Entry, int, error) {
	if err := alive(ctx); err != nil {
		return nil, 0, err
	}
	prefix := idKey(incidentID)
	var (
		tail  []*bot.Entry
		total int
	)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTimeline).Cursor()
		var d entryDecoder
		k, v := seekLast(c, prefix)
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(tail) < n; k, v = c.Prev() {
			e := new(bot.Entry)
			if err := d.decode(k, v, e); err != nil {
				return err
			}
			tail = append(tail, e)
		}
		total = len(tail)
		for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
			total++
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read the end of the timeline of incident %d: %w", incidentID, err)
	}
	slices.Reverse(tail)
	return tail, total, nil
}

// seekLast positions c on the last key with prefix, or on a key before
// them (or nil) when there is none: the caller checks the prefix.
func seekLast(c *bolt.Cursor, prefix []byte) ([]byte, []byte) {
	next := idKey(keyID(prefix) + 1)
	if k, _ := c.Seek(next); k == nil {
		return c.Last()
	}
	return c.Prev()
}
