package store

import (
	"bytes"
	"context"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// scanChunk is how many entries Timeline decodes per read transaction.
// The callback runs between transactions, so it may call the store.
const scanChunk = 1024

// Timeline calls fn for each entry of incident id in time order (entries
// with equal times in append order), stopping at the first error fn
// returns, which it returns unchanged. The entry fn gets is reused for a
// later one once fn returns: fn copies what it keeps (*e is a copy).
func (db *DB) Timeline(ctx context.Context, incidentID int64, fn func(*bot.Entry) error) error {
	var (
		prefix = idKey(incidentID)
		from   = prefix
		chunk  = make([]bot.Entry, scanChunk)
		d      entryDecoder
	)
	for {
		if err := alive(ctx); err != nil {
			return err
		}
		n := 0
		err := db.bolt.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketTimeline).Cursor()
			k, v := c.Seek(from)
			if len(from) == timelineKeyLen && bytes.Equal(k, from) {
				k, v = c.Next()
			}
			var last []byte
			for ; k != nil && bytes.HasPrefix(k, prefix) && n < scanChunk; k, v = c.Next() {
				if err := d.decode(k, v, &chunk[n]); err != nil {
					return err
				}
				n++
				last = k
			}
			if last != nil {
				from = bytes.Clone(last) // bolt's memory is valid only in the transaction
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read timeline of incident %d: %w", incidentID, err)
		}
		for i := range n {
			if err := fn(&chunk[i]); err != nil {
				return err
			}
		}
		if n < scanChunk {
			return nil
		}
	}
}

// Message returns the latest entry (a message, its last edit, or a file)
// about platform message messageID in incident incidentID, or an error
// matching bot.ErrNotFound.
func (db *DB) Message(ctx context.Context, incidentID int64, messageID string) (*bot.Entry, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	prefix := appendMessagePrefix(nil, incidentID, messageID)
	var e *bot.Entry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		// The versions of a message sort by time; the last is the latest.
		var ref []byte
		c := tx.Bucket(bucketMessages).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) == len(prefix)+timelineKeyLen-idLen {
				ref = k[len(prefix):]
			}
		}
		if ref == nil {
			return notFound("message %s in incident %d", messageID, incidentID)
		}
		var err error
		e, err = entryAt(tx, incidentID, ref)
		return err
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// LastMessage returns the message or file entry of incident incidentID with
// the latest time, or an error matching bot.ErrNotFound.
func (db *DB) LastMessage(ctx context.Context, incidentID int64) (*bot.Entry, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var e *bot.Entry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		ref := tx.Bucket(bucketLastMessage).Get(idKey(incidentID))
		if ref == nil {
			return notFound("last message in incident %d", incidentID)
		}
		var err error
		e, err = entryAt(tx, incidentID, ref)
		return err
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// entryAt returns the timeline entry of incident id that an index refers
// to with ref (its time and sequence number).
func entryAt(tx *bolt.Tx, id int64, ref []byte) (*bot.Entry, error) {
	tk := refKey(id, ref)
	v := tx.Bucket(bucketTimeline).Get(tk)
	if v == nil {
		return nil, fmt.Errorf("timeline entry %x of incident %d is indexed but missing", ref, id)
	}
	var d entryDecoder
	e := new(bot.Entry)
	if err := d.decode(tk, v, e); err != nil {
		return nil, err
	}
	return e, nil
}
