package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// LastRun returns the latest run of job, or the zero bot.ScheduleRun.
func (db *DB) LastRun(ctx context.Context, job string) (bot.ScheduleRun, error) {
	if err := alive(ctx); err != nil {
		return bot.ScheduleRun{}, err
	}
	var r bot.ScheduleRun
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		r, err = getRun(tx, job)
		return err
	})
	return r, err
}

func getRun(tx *bolt.Tx, job string) (bot.ScheduleRun, error) {
	var r bot.ScheduleRun
	v := tx.Bucket(bucketRuns).Get([]byte(job))
	if v == nil {
		return r, nil
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("decode the last run of %s: %w", job, err)
	}
	return r, nil
}

func putRun(tx *bolt.Tx, job string, r bot.ScheduleRun) error {
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode the run of %s: %w", job, err)
	}
	if err := tx.Bucket(bucketRuns).Put([]byte(job), v); err != nil {
		return fmt.Errorf("record the run of %s: %w", job, err)
	}
	return nil
}

// ClaimRun records that job's run at at has started, unless one at or
// after at was recorded; it reports whether it recorded it.
func (db *DB) ClaimRun(ctx context.Context, job string, at time.Time) (bool, error) {
	if err := alive(ctx); err != nil {
		return false, err
	}
	claimed := false
	err := db.update(func(tx *bolt.Tx) error {
		r, err := getRun(tx, job)
		if err != nil || !r.At.Before(at) {
			return err
		}
		claimed = true
		return putRun(tx, job, bot.ScheduleRun{At: at.UTC()})
	})
	if err != nil {
		return false, fmt.Errorf("claim the run of %s: %w", job, err)
	}
	return claimed, nil
}

// FinishRun records that job's run at at is finished. A later run claimed
// meanwhile is left alone.
func (db *DB) FinishRun(ctx context.Context, job string, at time.Time) error {
	if err := alive(ctx); err != nil {
		return err
	}
	err := db.update(func(tx *bolt.Tx) error {
		r, err := getRun(tx, job)
		if err != nil || r.At.After(at) {
			return err
		}
		return putRun(tx, job, bot.ScheduleRun{At: at.UTC(), Finished: true})
	})
	if err != nil {
		return fmt.Errorf("finish the run of %s: %w", job, err)
	}
	return nil
}

// nudgeKey returns run + owner.
func nudgeKey(run time.Time, owner string) []byte {
	return append(binary.BigEndian.AppendUint64(nil, timeOrder(run)), owner...)
}

// ClaimNudge records n unless a nudge of the same run and owner was
// recorded; it reports whether it recorded it.
func (db *DB) ClaimNudge(ctx context.Context, n bot.Nudge) (bool, error) {
	if err := alive(ctx); err != nil {
		return false, err
	}
	v, err := json.Marshal(n)
	if err != nil {
		return false, fmt.Errorf("encode the nudge of %s: %w", n.Owner, err)
	}
	claimed := false
	k := nudgeKey(n.Run, n.Owner)
	err = db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNudges)
		if b.Get(k) != nil {
			return nil
		}
		claimed = true
		return b.Put(k, v)
	})
	if err != nil {
		return false, fmt.Errorf("claim the nudge of %s: %w", n.Owner, err)
	}
	return claimed, nil
}
