package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// The trends bucket holds, for each incident, only what trends are
// computed from (severity, void, the incidents found similar, milestones,
// and its actions' numbers, times and states) in a small binary record,
// so that /incident stats reads 10,000 incidents without decoding their
// JSON. putIncident writes it in the same transaction as the incident.

// trendVersion is the first byte of a trend record: the layout below.
const trendVersion = 1

// appendTrend appends the trend record of inc to b:
//
//	version, severity (varint), void (uvarint length + bytes),
//	similar-to (uvarint count + varints), the 7 milestones, then the
//	actions (uvarint count; each: n and id as varints, done as a byte,
//	at, due, done, verified and dropped times)
//
// where a time is 0 if it is zero, else 1, seconds since 1970 (varint)
// and nanoseconds (uvarint). The location is not kept: trends compare
// instants and read them back in UTC.
func appendTrend(b []byte, inc *bot.Incident) []byte {
	b = append(b, trendVersion)
	b = binary.AppendVarint(b, int64(inc.Severity))
	b = binary.AppendUvarint(b, uint64(len(inc.Void)))
	b = append(b, inc.Void...)
	b = binary.AppendUvarint(b, uint64(len(inc.SimilarTo)))
	for _, id := range inc.SimilarTo {
		b = binary.AppendVarint(b, id)
	}
	m := &inc.Milestones
	for _, t := range []time.Time{m.Started, m.Detected, m.Declared, m.Acknowledged, m.Mitigated, m.Resolved, m.Closed} {
		b = appendTime(b, t)
	}
	b = binary.AppendUvarint(b, uint64(len(inc.Actions)))
	for i := range inc.Actions {
		a := &inc.Actions[i]
		b = binary.AppendVarint(b, int64(a.N))
		b = binary.AppendVarint(b, a.ID)
		done := byte(0)
		if a.Done {
			done = 1
		}
		b = append(b, done)
		for _, t := range []time.Time{a.At, a.Due, a.DoneAt, a.VerifiedAt, a.DroppedAt} {
			b = appendTime(b, t)
		}
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// errTrend is a trend record that ends early or has bad values.
var errTrend = errors.New("malformed trend record")

// trendDecoder reads a trend record; the first error sticks.
type trendDecoder struct {
	b   []byte
	err error
}

func (d *trendDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *trendDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *trendDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// count reads a list length, which cannot exceed the bytes left.
func (d *trendDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *trendDecoder) time() time.Time {
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
		sec, ns := d.varint(), d.uvarint()
		if ns >= 1e9 {
			d.fail()
			return time.Time{}
		}
		return time.Unix(sec, int64(ns)).UTC()
	}
	d.fail()
	return time.Time{}
}

func (d *trendDecoder) fail() {
	if d.err == nil {
		d.err = errTrend
	}
	d.b = nil
}

// decodeTrendRecord decodes the trend record v of incident id.
func decodeTrendRecord(id int64, v []byte) (*bot.Incident, error) {
	d := trendDecoder{b: v}
	if d.byte() != trendVersion {
		return nil, fmt.Errorf("decode trends of incident %d: unknown record version", id)
	}
	inc := &bot.Incident{ID: id, Severity: bot.Severity(d.varint())}
	if n := d.count(); n > 0 {
		inc.Void, d.b = string(d.b[:n]), d.b[n:]
	}
	if n := d.count(); n > 0 {
		inc.SimilarTo = make([]int64, n)
		for i := range inc.SimilarTo {
			inc.SimilarTo[i] = d.varint()
		}
	}
	m := &inc.Milestones
	for _, t := range []*time.Time{&m.Started, &m.Detected, &m.Declared, &m.Acknowledged, &m.Mitigated, &m.Resolved, &m.Closed} {
		*t = d.time()
	}
	if n := d.count(); n > 0 {
		inc.Actions = make([]bot.Action, n)
		for i := range inc.Actions {
			a := &inc.Actions[i]
			a.N, a.ID, a.Done = int(d.varint()), d.varint(), d.byte() == 1
			for _, t := range []*time.Time{&a.At, &a.Due, &a.DoneAt, &a.VerifiedAt, &a.DroppedAt} {
				*t = d.time()
			}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errTrend
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode trends of incident %d: %w", id, d.err)
	}
	return inc, nil
}

// putTrend writes the trend record of inc, unless it is unchanged.
func putTrend(tx *bolt.Tx, inc *bot.Incident) error {
	b := tx.Bucket(bucketTrends)
	k := idKey(inc.ID)
	v := appendTrend(nil, inc)
	if old := b.Get(k); old != nil && string(old) == string(v) {
		return nil
	}
	if err := b.Put(k, v); err != nil {
		return fmt.Errorf("write trends of incident %d: %w", inc.ID, err)
	}
	return nil
}

// TrendIncidents implements bot.TrendReader: every incident, by ascending
// id, with only what trends are computed from, read from the trends
// bucket (times in UTC).
func (db *DB) TrendIncidents(ctx context.Context) ([]*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var incs []*bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTrends)
		incs = make([]*bot.Incident, 0, tx.Bucket(bucketIncidents).Sequence()) // ids are 1..sequence
		return b.ForEach(func(k, v []byte) error {
			inc, err := decodeTrendRecord(keyID(k), v)
			if err != nil {
				return err
			}
			incs = append(incs, inc)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read incidents for trends: %w", err)
	}
	return incs, nil
}

var _ bot.TrendReader = (*DB)(nil)

// trendCore is what trends read of an incident's core record.
type trendCore struct {
	Severity   bot.Severity   `json:"severity"`
	Void       string         `json:"void"`
	SimilarTo  []int64        `json:"similar_to"`
	Milestones bot.Milestones `json:"milestones"`
}

// trendAction is what trends read of an action.
type trendAction struct {
	N          int       `json:"n"`
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Due        time.Time `json:"due"`
	Done       bool      `json:"done"`
	DoneAt     time.Time `json:"done_at"`
	VerifiedAt time.Time `json:"verified_at"`
	DroppedAt  time.Time `json:"dropped_at"`
}

// migrateTrends writes the trends bucket of a file from before version 3,
// from each incident's core and actions records.
func migrateTrends(tx *bolt.Tx) error {
	actions := tx.Bucket(bucketActions)
	return tx.Bucket(bucketIncidents).ForEach(func(k, v []byte) error {
		var c trendCore
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("decode incident %d: %w", keyID(k), err)
		}
		inc := &bot.Incident{ID: keyID(k), Severity: c.Severity, Void: c.Void, SimilarTo: c.SimilarTo, Milestones: c.Milestones}
		if av := actions.Get(k); av != nil {
			var as []trendAction
			if err := json.Unmarshal(av, &as); err != nil {
				return fmt.Errorf("decode actions of incident %d: %w", inc.ID, err)
			}
			inc.Actions = make([]bot.Action, len(as))
			for i, a := range as {
				inc.Actions[i] = bot.Action{N: a.N, ID: a.ID, At: a.At, Due: a.Due, Done: a.Done, DoneAt: a.DoneAt, VerifiedAt: a.VerifiedAt, DroppedAt: a.DroppedAt}
			}
		}
		return putTrend(tx, inc)
	})
}
