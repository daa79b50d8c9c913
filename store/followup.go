package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// The follow-up index lets /incident followups read action items across
// incidents without joining every incident: the followups bucket holds each
// action with what a list shows of its incident, keyed by the action's
// global id (from the bucket's sequence), and followupsopen the ids of the
// actions not yet verified or dropped. putIncident keeps both in step with
// the actions bucket, in the same transaction.

// assignActionIDs gives the actions of inc that have no global id one.
func assignActionIDs(tx *bolt.Tx, inc *bot.Incident) error {
	b := tx.Bucket(bucketFollowUps)
	for i := range inc.Actions {
		if inc.Actions[i].ID != 0 {
			continue
		}
		seq, err := b.NextSequence()
		if err != nil {
			return fmt.Errorf("number action #%d of incident %d: %w", inc.Actions[i].N, inc.ID, err)
		}
		inc.Actions[i].ID = int64(seq)
	}
	return nil
}

// indexActions writes the follow-up index entries of inc's actions that
// differ from what is stored.
func indexActions(tx *bolt.Tx, inc *bot.Incident) error {
	all, open := tx.Bucket(bucketFollowUps), tx.Bucket(bucketFollowUpsOpen)
	for _, act := range inc.Actions {
		k := idKey(act.ID)
		v, err := json.Marshal(bot.NewFollowUp(inc, act))
		if err != nil {
			return fmt.Errorf("encode follow-up A-%d: %w", act.ID, err)
		}
		if !bytes.Equal(all.Get(k), v) {
			if err := all.Put(k, v); err != nil {
				return fmt.Errorf("index follow-up A-%d: %w", act.ID, err)
			}
		}
		switch finished, indexed := act.Finished(), open.Get(k) != nil; {
		case finished && indexed:
			err = open.Delete(k)
		case !finished && !indexed:
			err = open.Put(k, nil)
		}
		if err != nil {
			return fmt.Errorf("index open follow-up A-%d: %w", act.ID, err)
		}
	}
	return nil
}

// FollowUps returns the action items f selects, by ascending global id:
// those not verified or dropped, or all with f.All; only f.Owner's if set.
func (db *DB) FollowUps(ctx context.Context, f bot.FollowUpFilter) ([]bot.FollowUp, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	if !f.All {
		db.followUps.mu.Lock()
		defer db.followUps.mu.Unlock()
		if err := db.followUps.load(db.bolt); err != nil {
			return nil, fmt.Errorf("list follow-ups: %w", err)
		}
		return db.followUps.selectOwner(f.Owner), nil
	}
	var fs []bot.FollowUp
	keep := func(k, v []byte) error {
		var fu bot.FollowUp
		if err := json.Unmarshal(v, &fu); err != nil {
			return fmt.Errorf("decode follow-up A-%d: %w", keyID(k), err)
		}
		if f.Owner == "" || fu.Action.Owner == f.Owner {
			fs = append(fs, fu)
		}
		return nil
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketFollowUps)
		if f.All {
			return all.ForEach(keep)
		}
		return tx.Bucket(bucketFollowUpsOpen).ForEach(func(k, _ []byte) error {
			v := all.Get(k)
			if v == nil {
				return fmt.Errorf("open follow-up A-%d is not in the index", keyID(k))
			}
			return keep(k, v)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	return fs, nil
}

// FollowUp returns the action item whose global id is id, with what a
// list shows of its incident, or an error matching bot.ErrNotFound.
func (db *DB) FollowUp(ctx context.Context, id int64) (bot.FollowUp, error) {
	if err := alive(ctx); err != nil {
		return bot.FollowUp{}, err
	}
	var fu bot.FollowUp
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketFollowUps).Get(idKey(id))
		if v == nil {
			return notFound("action A-%d", id)
		}
		if err := json.Unmarshal(v, &fu); err != nil {
			return fmt.Errorf("decode follow-up A-%d: %w", id, err)
		}
		return nil
	})
	return fu, err
}

// migrateFollowUps builds the follow-up index of a version 1 file: it
// numbers every action and indexes it.
func migrateFollowUps(tx *bolt.Tx) error {
	return tx.Bucket(bucketIncidents).ForEach(func(k, v []byte) error {
		inc, err := joinIncident(tx, k, v)
		if err != nil {
			return err
		}
		if len(inc.Actions) == 0 {
			return nil
		}
		return putIncident(tx, inc)
	})
}
