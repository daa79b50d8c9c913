package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// An incident is split across buckets on write and joined on read: the
// lists that grow during an incident live in their own buckets, so that an
// update which touches one of them rewrites only that one, and the
// incidents bucket holds every other field.

// analysis is the value of the analysis bucket.
type analysis struct {
	Whys   []string    `json:"whys,omitempty"`
	Causes []bot.Cause `json:"causes,omitempty"`
}

// part is one bucket's share of an incident. A nil value means the bucket
// holds nothing for the incident.
type part struct {
	bucket []byte
	value  []byte
}

// split encodes inc into its parts, the core first.
func split(inc *bot.Incident) ([]part, error) {
	core := *inc
	core.Roles, core.Updates, core.Actions = nil, nil, nil
	core.Whys, core.Causes = nil, nil
	core.Reminder = bot.Reminder{}

	parts := make([]part, 0, 6)
	add := func(bucket []byte, empty bool, v any) error {
		p := part{bucket: bucket}
		if !empty {
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("encode %s of incident %d: %w", bucket, inc.ID, err)
			}
			p.value = b
		}
		parts = append(parts, p)
		return nil
	}
	an := analysis{Whys: inc.Whys, Causes: inc.Causes}
	for _, err := range []error{
		add(bucketIncidents, false, &core),
		add(bucketRoles, len(inc.Roles) == 0, inc.Roles),
		add(bucketUpdates, len(inc.Updates) == 0, inc.Updates),
		add(bucketActions, len(inc.Actions) == 0, inc.Actions),
		add(bucketAnalysis, len(an.Whys) == 0 && len(an.Causes) == 0, &an),
		add(bucketReminders, inc.Reminder == bot.Reminder{}, &inc.Reminder),
	} {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// putIncident writes the parts of inc that differ from what is stored.
// It numbers new actions and keeps the follow-up index, the trend record
// and the pending archivings in step.
func putIncident(tx *bolt.Tx, inc *bot.Incident) error {
	if err := assignActionIDs(tx, inc); err != nil {
		return err
	}
	parts, err := split(inc)
	if err != nil {
		return err
	}
	k := idKey(inc.ID)
	for _, p := range parts {
		b := tx.Bucket(p.bucket)
		old := b.Get(k)
		switch {
		case p.value == nil && old == nil, bytes.Equal(p.value, old) && p.value != nil:
			continue
		case p.value == nil:
			err = b.Delete(k)
		default:
			err = b.Put(k, p.value)
		}
		if err != nil {
			return fmt.Errorf("write %s of incident %d: %w", p.bucket, inc.ID, err)
		}
	}
	if err := putTrend(tx, inc); err != nil {
		return err
	}
	if err := putArchive(tx, inc.ID, inc.Archive); err != nil {
		return err
	}
	return indexActions(tx, inc)
}

// getIncident joins the parts of incident id.
func getIncident(tx *bolt.Tx, id int64) (*bot.Incident, error) {
	k := idKey(id)
	v := tx.Bucket(bucketIncidents).Get(k)
	if v == nil {
		return nil, notFound("incident %d", id)
	}
	return joinIncident(tx, k, v)
}

// joinIncident decodes the core value v of the incident with key k and
// joins the other parts to it.
func joinIncident(tx *bolt.Tx, k, v []byte) (*bot.Incident, error) {
	return readParts(tx, k, v).decode()
}

// partBuckets are the buckets of an incident's parts besides its core, in
// the order of rawIncident.parts.
var partBuckets = [...][]byte{bucketRoles, bucketUpdates, bucketActions, bucketAnalysis, bucketReminders}

// rawIncident is an incident's stored values, not yet decoded; they are
// valid while the transaction they were read in is open.
type rawIncident struct {
	k, core []byte
	parts   [len(partBuckets)][]byte // nil where the bucket holds nothing
}

// readParts reads the parts of the incident with key k and core value v.
func readParts(tx *bolt.Tx, k, v []byte) rawIncident {
	r := rawIncident{k: k, core: v}
	for i, b := range partBuckets {
		r.parts[i] = tx.Bucket(b).Get(k)
	}
	return r
}

// decode decodes the incident. It touches no transaction, so raw
// incidents read in one can be decoded on several goroutines.
func (r rawIncident) decode() (*bot.Incident, error) {
	inc := new(bot.Incident)
	if err := json.Unmarshal(r.core, inc); err != nil {
		return nil, fmt.Errorf("decode incident %d: %w", keyID(r.k), err)
	}
	inc.ID = keyID(r.k)
	var an analysis
	for i, into := range [len(partBuckets)]any{&inc.Roles, &inc.Updates, &inc.Actions, &an, &inc.Reminder} {
		if r.parts[i] == nil {
			continue
		}
		if err := json.Unmarshal(r.parts[i], into); err != nil {
			return nil, fmt.Errorf("decode %s of incident %d: %w", partBuckets[i], inc.ID, err)
		}
	}
	inc.Whys, inc.Causes = an.Whys, an.Causes
	return inc, nil
}

// decodeAll decodes raws in order with decode, on up to GOMAXPROCS
// goroutines when there are enough of them to be worth it: reading every
// incident at start-up is mostly JSON decoding.
func decodeAll(raws []rawIncident, decode func(rawIncident) (*bot.Incident, error)) ([]*bot.Incident, error) {
	if len(raws) == 0 {
		return nil, nil
	}
	incs := make([]*bot.Incident, len(raws))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(raws)/256))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(raws); i += workers {
				inc, err := decode(raws[i])
				if err != nil {
					errs[w] = err
					return
				}
				incs[i] = inc
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return incs, nil
}

// setChannel points channel to incident id, and stops old pointing to it.
func setChannel(tx *bolt.Tx, id int64, old, channel string) error {
	if old == channel {
		return nil
	}
	b := tx.Bucket(bucketChannels)
	if old != "" && keyID(b.Get([]byte(old))) == id {
		if err := b.Delete([]byte(old)); err != nil {
			return fmt.Errorf("unmap channel %s of incident %d: %w", old, id, err)
		}
	}
	if channel == "" {
		return nil
	}
	if err := b.Put([]byte(channel), idKey(id)); err != nil {
		return fmt.Errorf("map channel %s to incident %d: %w", channel, id, err)
	}
	return nil
}

// CreateIncident assigns inc.ID from the incidents sequence and stores inc.
// inc.ID is set only if the incident was stored.
func (db *DB) CreateIncident(ctx context.Context, inc *bot.Incident) error {
	if err := alive(ctx); err != nil {
		return err
	}
	var id int64
	err := db.update(func(tx *bolt.Tx) error {
		seq, err := tx.Bucket(bucketIncidents).NextSequence()
		if err != nil {
			return err
		}
		c := *inc
		c.ID = int64(seq)
		if err := putIncident(tx, &c); err != nil {
			return err
		}
		db.followUps.onCommit(tx, &c)
		if err := setChannel(tx, c.ID, "", c.ChannelID); err != nil {
			return err
		}
		id = c.ID
		return nil
	})
	if err != nil {
		return fmt.Errorf("create incident: %w", err)
	}
	inc.ID = id
	return nil
}

// Incident returns incident id, or an error matching bot.ErrNotFound.
func (db *DB) Incident(ctx context.Context, id int64) (*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var inc *bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		inc, err = getIncident(tx, id)
		return err
	})
	return inc, err
}

// IncidentByChannel returns the incident whose channel is channelID, or an
// error matching bot.ErrNotFound. A channel that is no incident's costs
// one lookup.
func (db *DB) IncidentByChannel(ctx context.Context, channelID string) (*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var inc *bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketChannels).Get([]byte(channelID))
		if v == nil {
			return notFound("channel %s", channelID)
		}
		var err error
		inc, err = getIncident(tx, keyID(v))
		return err
	})
	return inc, err
}

// Incidents returns the incidents by ascending id; only those not closed
// if openOnly.
func (db *DB) Incidents(ctx context.Context, openOnly bool) ([]*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var incs []*bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var raws []rawIncident
		err := tx.Bucket(bucketIncidents).ForEach(func(k, v []byte) error {
			if openOnly {
				var s struct {
					Status bot.Status `json:"status"`
				}
				if err := json.Unmarshal(v, &s); err != nil {
					return fmt.Errorf("decode incident %d: %w", keyID(k), err)
				}
				if s.Status == bot.StatusClosed {
					return nil
				}
			}
			raws = append(raws, readParts(tx, k, v))
			return nil
		})
		if err != nil {
			return err
		}
		incs, err = decodeAll(raws, rawIncident.decode)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	return incs, nil
}

// UpdateIncident reads incident id, applies fn to it and stores the result,
// all in one transaction, and returns the stored incident. If fn returns an
// error nothing changes and UpdateIncident returns that error unchanged.
// fn cannot change the id, and must not call the store: the transaction
// holds the write lock while it runs.
func (db *DB) UpdateIncident(ctx context.Context, id int64, fn func(*bot.Incident) error) (*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var (
		inc   *bot.Incident
		fnErr error
	)
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if inc, err = getIncident(tx, id); err != nil {
			return err
		}
		old := inc.ChannelID
		if fnErr = fn(inc); fnErr != nil {
			return errRefused // UpdateIncident returns fnErr itself
		}
		inc.ID = id
		if err := putIncident(tx, inc); err != nil {
			return err
		}
		db.followUps.onCommit(tx, inc)
		return setChannel(tx, id, old, inc.ChannelID)
	})
	switch {
	case fnErr != nil:
		return nil, fnErr
	case err != nil:
		return nil, fmt.Errorf("update incident %d: %w", id, err)
	}
	return inc, nil
}
