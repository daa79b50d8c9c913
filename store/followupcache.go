package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// openCache keeps the unfinished follow-ups decoded in memory, so that
// /incident followups and the nudges do not decode 20,000 JSON values on
// every call. It is loaded from the followupsopen index on first use and
// kept in step by the transactions that write actions, once they commit;
// the bucket stays the source of truth. Finished actions (most of them)
// are not kept: --all reads the bucket.
type openCache struct {
	mu     sync.Mutex
	loaded bool
	open   map[int64]bot.FollowUp
}

// load reads the open index into the cache, if it is not loaded.
func (c *openCache) load(db *bolt.DB) error {
	if c.loaded {
		return nil
	}
	open := map[int64]bot.FollowUp{}
	err := db.View(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketFollowUps)
		return tx.Bucket(bucketFollowUpsOpen).ForEach(func(k, _ []byte) error {
			var fu bot.FollowUp
			v := all.Get(k)
			if v == nil {
				return fmt.Errorf("open follow-up A-%d is not in the index", keyID(k))
			}
			if err := json.Unmarshal(v, &fu); err != nil {
				return fmt.Errorf("decode follow-up A-%d: %w", keyID(k), err)
			}
			open[keyID(k)] = fu
			return nil
		})
	})
	if err != nil {
		return err
	}
	c.open, c.loaded = open, true
	return nil
}

// select returns the cached follow-ups of owner ("" for everyone's), by
// ascending global id.
func (c *openCache) selectOwner(owner string) []bot.FollowUp {
	out := make([]bot.FollowUp, 0, len(c.open))
	for _, f := range c.open {
		if owner == "" || f.Action.Owner == owner {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b bot.FollowUp) int { return cmp.Compare(a.Action.ID, b.Action.ID) })
	return out
}

// onCommit updates the cache with inc's actions once tx commits. The
// update sets values, so applying it to a cache loaded after the commit
// changes nothing.
func (c *openCache) onCommit(tx *bolt.Tx, inc *bot.Incident) {
	if len(inc.Actions) == 0 {
		return
	}
	fus := make([]bot.FollowUp, len(inc.Actions))
	for i, a := range inc.Actions {
		fus[i] = bot.NewFollowUp(inc, a)
	}
	tx.OnCommit(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if !c.loaded {
			return
		}
		for _, f := range fus {
			if f.Action.Finished() {
				delete(c.open, f.Action.ID)
			} else {
				c.open[f.Action.ID] = f
			}
		}
	})
}
