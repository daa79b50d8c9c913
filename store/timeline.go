package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

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
	id := e.IncidentID
	if id <= 0 {
		return false, fmt.Errorf("append entry: incident id %d is not valid", id)
	}
	// Everything that does not need the transaction is done before it, so
	// the shared commit only does the lookups and puts.
	c := *e
	c.Seq = 0 // the key holds it
	val, err := json.Marshal(&c)
	if err != nil {
		return false, fmt.Errorf("append entry to incident %d: %w", id, err)
	}
	var dedupKey, msgKey, lastKey []byte
	if e.Key != "" {
		dedupKey = prefixKey(id, e.Key)
	}
	switch e.Kind {
	case bot.EntryMessage, bot.EntryFile:
		lastKey = idKey(id)
		fallthrough
	case bot.EntryEdit:
		if e.MessageID != "" {
			msgKey = prefixKey(id, e.MessageID)
		}
	}
	order := timeOrder(e.At)

	var (
		stored bool
		seq    uint64
	)
	// fn may run more than once (bolt reruns a batch when one of its calls
	// fails), so it sets stored and seq afresh each time.
	fn := func(tx *bolt.Tx) error {
		stored, seq = false, 0
		if dedupKey != nil {
			if tk := tx.Bucket(bucketEntryKeys).Get(dedupKey); tk != nil {
				seq = timelineSeq(tk)
				return nil
			}
		}
		tl := tx.Bucket(bucketTimeline)
		s, err := tl.NextSequence()
		if err != nil {
			return err
		}
		tk := orderedKey(id, order, s)
		if err := tl.Put(tk, val); err != nil {
			return err
		}
		if dedupKey != nil {
			if err := tx.Bucket(bucketEntryKeys).Put(dedupKey, tk); err != nil {
				return err
			}
		}
		if err := putIfLater(tx.Bucket(bucketMessages), msgKey, tk); err != nil {
			return err
		}
		if err := putIfLater(tx.Bucket(bucketLastMessage), lastKey, tk); err != nil {
			return err
		}
		stored, seq = true, s
		return nil
	}
	if err := db.batch(fn); err != nil {
		return false, fmt.Errorf("append entry to incident %d: %w", id, err)
	}
	e.Seq = seq
	return stored, nil
}

// putIfLater points k at timeline key tk unless it points at a later one
// already. A nil k is a no-op.
func putIfLater(b *bolt.Bucket, k, tk []byte) error {
	if k == nil {
		return nil
	}
	if old := b.Get(k); old != nil && bytes.Compare(old, tk) > 0 {
		return nil
	}
	return b.Put(k, tk)
}

// scanChunk is how many entries Timeline decodes per read transaction.
// The callback runs between transactions, so it may call the store.
const scanChunk = 1024

// Timeline calls fn for each entry of incident id in time order (entries
// with equal times in append order), stopping at the first error fn
// returns, which it returns unchanged. fn may keep the entry.
func (db *DB) Timeline(ctx context.Context, incidentID int64, fn func(*bot.Entry) error) error {
	prefix := idKey(incidentID)
	from := prefix
	chunk := make([]*bot.Entry, 0, scanChunk)
	for {
		if err := alive(ctx); err != nil {
			return err
		}
		chunk = chunk[:0]
		var last []byte
		err := db.bolt.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketTimeline).Cursor()
			k, v := c.Seek(from)
			if len(from) == timelineKeyLen && bytes.Equal(k, from) {
				k, v = c.Next()
			}
			for ; k != nil && bytes.HasPrefix(k, prefix) && len(chunk) < scanChunk; k, v = c.Next() {
				e := new(bot.Entry)
				if err := decodeEntry(k, v, e); err != nil {
					return err
				}
				chunk = append(chunk, e)
				last = k
			}
			if last != nil {
				last = bytes.Clone(last)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read timeline of incident %d: %w", incidentID, err)
		}
		for _, e := range chunk {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(chunk) < scanChunk {
			return nil
		}
		from = last
	}
}

// Message returns the latest entry (a message, its last edit, or a file)
// about platform message messageID in incident incidentID, or an error
// matching bot.ErrNotFound.
func (db *DB) Message(ctx context.Context, incidentID int64, messageID string) (*bot.Entry, error) {
	return db.indexed(ctx, bucketMessages, prefixKey(incidentID, messageID),
		"message %s in incident %d", messageID, incidentID)
}

// LastMessage returns the message or file entry of incident incidentID with
// the latest time, or an error matching bot.ErrNotFound.
func (db *DB) LastMessage(ctx context.Context, incidentID int64) (*bot.Entry, error) {
	return db.indexed(ctx, bucketLastMessage, idKey(incidentID),
		"last message in incident %d", incidentID)
}

// indexed returns the timeline entry that index bucket maps k to.
func (db *DB) indexed(ctx context.Context, index, k []byte, what string, args ...any) (*bot.Entry, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var e *bot.Entry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		tk := tx.Bucket(index).Get(k)
		if tk == nil {
			return notFound(what, args...)
		}
		v := tx.Bucket(bucketTimeline).Get(tk)
		if v == nil {
			return fmt.Errorf("%s: index points at a missing entry", fmt.Sprintf(what, args...))
		}
		e = new(bot.Entry)
		return decodeEntry(tk, v, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// decodeEntry decodes the timeline entry with key k and value v into e.
func decodeEntry(k, v []byte, e *bot.Entry) error {
	if err := json.Unmarshal(v, e); err != nil {
		return fmt.Errorf("decode timeline entry %x: %w", k, err)
	}
	e.IncidentID = keyID(k)
	e.Seq = timelineSeq(k)
	return nil
}
