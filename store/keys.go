package store

import (
	"encoding/binary"
	"math"
	"time"
)

// Key layout. Every number is 8 bytes big-endian, so keys sort the way they
// are read.
//
//	incidents   id                    -> JSON core fields of the incident
//	channels    channel id            -> incident id
//	roles       id                    -> JSON []bot.RoleChange
//	updates     id                    -> JSON []bot.Update
//	actions     id                    -> JSON []bot.Action
//	analysis    id                    -> JSON whys and causes
//	reminders   id                    -> JSON bot.Reminder
//	timeline    id + at + seq         -> JSON bot.Entry (incident id and seq come from the key)
//	entrykeys   id + entry key        -> timeline key (dedup of Append; never pruned)
//	messages    id + message id       -> timeline key of the latest message, edit or file
//	lastmessage id                    -> timeline key of the latest message or file by time
//	seen        event id              -> at (unix ns)
//	postmortems id                    -> the draft
//	meta        "schema"              -> schema version
const (
	idLen          = 8
	timelineKeyLen = 3 * 8
)

// idKey returns the 8-byte key of an incident id.
func idKey(id int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, idLen), uint64(id))
}

// keyID decodes an id key; it returns 0 for a key of the wrong length.
func keyID(k []byte) int64 {
	if len(k) < idLen {
		return 0
	}
	return int64(binary.BigEndian.Uint64(k))
}

// timelineKey returns incident id + at + seq. Times before 1970 sort as
// 1970 and times past 2262 (where nanoseconds overflow) as the end of time;
// the entry itself keeps its exact time.
func timelineKey(id int64, at time.Time, seq uint64) []byte {
	return orderedKey(id, timeOrder(at), seq)
}

// orderedKey returns a timeline key from its three parts.
func orderedKey(id int64, order, seq uint64) []byte {
	k := make([]byte, 0, timelineKeyLen)
	k = binary.BigEndian.AppendUint64(k, uint64(id))
	k = binary.BigEndian.AppendUint64(k, order)
	return binary.BigEndian.AppendUint64(k, seq)
}

// timelineSeq returns the sequence part of a timeline key.
func timelineSeq(k []byte) uint64 {
	if len(k) != timelineKeyLen {
		return 0
	}
	return binary.BigEndian.Uint64(k[16:])
}

var (
	minOrderTime = time.Unix(0, 0)
	maxOrderTime = time.Unix(0, math.MaxInt64)
)

// timeOrder maps t to nanoseconds since 1970, clamped to [0, MaxInt64].
func timeOrder(t time.Time) uint64 {
	switch {
	case t.Before(minOrderTime):
		return 0
	case t.After(maxOrderTime):
		return math.MaxInt64
	}
	return uint64(t.UnixNano())
}

// prefixKey returns the incident id followed by s, the layout of the
// entrykeys and messages buckets.
func prefixKey(id int64, s string) []byte {
	k := make([]byte, 0, idLen+len(s))
	k = binary.BigEndian.AppendUint64(k, uint64(id))
	return append(k, s...)
}

// timeValue and valueTime encode the time of a seen event.
func timeValue(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), timeOrder(t))
}

func valueTime(v []byte) time.Time {
	if len(v) != 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
}
