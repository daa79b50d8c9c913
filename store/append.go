package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// Append adds e to its incident's timeline and sets e.Seq. It returns only
// after the entry is committed; concurrent appends share a commit. If e.Key
// is not empty and an entry with that key was appended to the incident
// before, nothing is stored, e.Seq is set to the earlier entry's and Append
// returns false. Append does not check that the incident exists.
func (db *DB) Append(ctx context.Context, e *bot.Entry) (bool, error) {
	if err := alive(ctx); err != nil {
		return false, err
	}
	if e.IncidentID <= 0 {
		return false, fmt.Errorf("append entry: incident id %d is not valid", e.IncidentID)
	}
	op := appendOps.Get().(*appendOp)
	defer op.release()
	// Everything that does not need the transaction is done before it, so
	// the shared commit only does the lookups and puts.
	if err := op.prepare(db, e); err != nil {
		return false, fmt.Errorf("append entry to incident %d: %w", e.IncidentID, err)
	}
	if err := db.batch(op.fn); err != nil {
		return false, fmt.Errorf("append entry to incident %d: %w", e.IncidentID, err)
	}
	e.Seq = op.seq
	return op.stored, nil
}

// appendOp is one Append: the entry encoded and its keys, made before the
// commit, and the outcome. Ops are pooled, so that a busy channel's appends
// do not each allocate them (garbage collection is a good part of the cost
// of a thousand concurrent appends).
type appendOp struct {
	db     *DB
	buf    []byte // backs val and the keys
	val    []byte
	k      appendKeys
	id     int64
	stored bool
	seq    uint64
	fn     func(*bolt.Tx) error // op.run, bound once
}

var appendOps = sync.Pool{New: func() any {
	op := new(appendOp)
	op.fn = op.run
	return op
}}

// maxPooledBuf is the largest buffer an op keeps when it goes back to the
// pool; a rare huge entry should not pin its memory.
const maxPooledBuf = 16 << 10

func (op *appendOp) prepare(db *DB, e *bot.Entry) error {
	op.db, op.id = db, e.IncidentID
	op.k, op.buf = newAppendKeys(op.buf[:0], e)
	start := len(op.buf)
	var err error
	// The value may outgrow buf and move; the keys stay where they are.
	if op.buf, err = appendEntry(op.buf, e); err != nil {
		return err
	}
	op.val = op.buf[start:]
	return nil
}

// release returns op to the pool. bolt holds on to values and keys only
// until the commit, which is over when db.batch returns.
func (op *appendOp) release() {
	buf := op.buf
	if cap(buf) > maxPooledBuf {
		buf = nil
	}
	*op = appendOp{buf: buf[:0], fn: op.fn}
	appendOps.Put(op)
}

// run is the part of an append inside the shared transaction. It may run
// more than once (bolt reruns a batch when one of its calls fails), so it
// sets the outcome afresh each time.
func (op *appendOp) run(tx *bolt.Tx) error {
	op.stored, op.seq = false, 0
	at, k := op.db.appendState(tx), &op.k
	if k.dedup != nil {
		if v := at.seen(k.dedup); v != nil {
			op.seq = valueSeq(v)
			return nil
		}
	}
	seq, err := at.timeline.NextSequence()
	if err != nil {
		return err
	}
	k.setSeq(seq)
	if err := at.timeline.Put(k.timeline, op.val); err != nil {
		return err
	}
	if k.dedup != nil {
		if err := at.keys.Put(k.dedup, k.seqValue()); err != nil {
			return err
		}
	}
	if k.message != nil {
		if err := at.messages.Put(k.message, nil); err != nil {
			return err
		}
	}
	if k.last != nil {
		if err := at.setLast(op.id, k.last, entryRef(k.timeline)); err != nil {
			return err
		}
	}
	op.stored, op.seq = true, seq
	return nil
}
