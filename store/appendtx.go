package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// appendTx is what the appends sharing one write transaction look up once
// instead of each: the buckets they write, and the last message of each
// incident they touched. It lives as long as its transaction; only code
// running inside that transaction (which bolt runs one at a time) uses it.
type appendTx struct {
	tx                             *bolt.Tx
	timeline, keys, messages, last *bolt.Bucket
	keysCursor                     *bolt.Cursor     // reused: a cursor keeps its stack
	lastRef                        map[int64][]byte // the lastmessage value of an incident
}

// appendFill is how full the timeline and its indexes fill a page before
// they split it. Their keys mostly grow (time, platform message ids), so a
// split page is rarely written to again and bbolt's default of half full
// would waste half of every page.
const appendFill = 0.9

// appendState returns the appendTx of tx, starting it if tx has none yet.
func (db *DB) appendState(tx *bolt.Tx) *appendTx {
	if s := db.appending.Load(); s != nil && s.tx == tx {
		return s
	}
	s := &appendTx{
		tx:       tx,
		timeline: tx.Bucket(bucketTimeline),
		keys:     tx.Bucket(bucketEntryKeys),
		messages: tx.Bucket(bucketMessages),
		last:     tx.Bucket(bucketLastMessage),
		lastRef:  map[int64][]byte{},
	}
	s.keysCursor = s.keys.Cursor()
	s.timeline.FillPercent = appendFill
	s.keys.FillPercent = appendFill
	s.messages.FillPercent = appendFill
	db.appending.Store(s)
	// Let go of the transaction's memory once it is done. (A rolled back
	// one is let go of when the next transaction starts.)
	tx.OnCommit(func() { db.appending.CompareAndSwap(s, nil) })
	return s
}

// seen returns the value of dedup key k, or nil if it is new. It is
// keys.Get through a cursor that lives as long as the transaction, which
// saves allocating one per lookup.
func (s *appendTx) seen(k []byte) []byte {
	if key, v := s.keysCursor.Seek(k); bytes.Equal(key, k) {
		return v
	}
	return nil
}

// setLast points incident id's lastmessage record (key k) at entry ref,
// unless it points at a later entry already.
func (s *appendTx) setLast(id int64, k, ref []byte) error {
	old, ok := s.lastRef[id]
	if !ok {
		old = s.last.Get(k)
	}
	if old != nil && bytes.Compare(old, ref) > 0 {
		s.lastRef[id] = old
		return nil
	}
	if err := s.last.Put(k, ref); err != nil {
		return err
	}
	s.lastRef[id] = ref
	return nil
}
