package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom-dev/warroom/bot"
)

// catchUpJSON is a bot.Cursor as the catchups bucket holds it.
type catchUpJSON struct {
	ChannelID string    `json:"channel"`
	MessageID string    `json:"message,omitempty"`
	At        time.Time `json:"at"`
}

// SaveCatchUp keeps c as how far catching up on incident c.IncidentID has
// come, replacing what was kept before.
func (db *DB) SaveCatchUp(ctx context.Context, c bot.Cursor) error {
	if err := alive(ctx); err != nil {
		return err
	}
	v, err := json.Marshal(catchUpJSON{ChannelID: c.ChannelID, MessageID: c.MessageID, At: c.At.UTC()})
	if err != nil {
		return fmt.Errorf("encode catch-up of incident %d: %w", c.IncidentID, err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCatchUps).Put(idKey(c.IncidentID), v)
	})
	if err != nil {
		return fmt.Errorf("save catch-up of incident %d: %w", c.IncidentID, err)
	}
	return nil
}

// CatchUps returns the catch-ups kept and not ended, by ascending
// incident id.
func (db *DB) CatchUps(ctx context.Context) ([]bot.Cursor, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var cs []bot.Cursor
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCatchUps).ForEach(func(k, v []byte) error {
			var c catchUpJSON
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode catch-up of incident %d: %w", keyID(k), err)
			}
			cs = append(cs, bot.Cursor{IncidentID: keyID(k), ChannelID: c.ChannelID, MessageID: c.MessageID, At: c.At})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list catch-ups: %w", err)
	}
	return cs, nil
}

// EndCatchUp forgets the catch-up of incident incidentID, if one is kept.
func (db *DB) EndCatchUp(ctx context.Context, incidentID int64) error {
	if err := alive(ctx); err != nil {
		return err
	}
	err := db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCatchUps).Delete(idKey(incidentID))
	})
	if err != nil {
		return fmt.Errorf("end catch-up of incident %d: %w", incidentID, err)
	}
	return nil
}
