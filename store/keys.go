package store

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Key layout. Numbers are 8 bytes big-endian, so keys sort the way they
// are read; an incident's records share the id as a prefix.
//
//	bucket       key                                value
//	incidents    id                                 JSON core fields of the incident
//	channels     channel id                         incident id
//	roles        id                                 JSON []bot.RoleChange
//	updates      id                                 JSON []bot.Update
//	actions      id                                 JSON []bot.Action
//	analysis     id                                 JSON whys and causes
//	reminders    id                                 JSON bot.Reminder
//	timeline     id + at + seq                      JSON bot.Entry (id and seq: see the key)
//	entrykeys    id + entry key                     seq (dedup of Append; never pruned)
//	messages     id + uvarint len + msg id + at + seq  empty: one key per message,
//	                                                edit or file; the latest sorts last
//	lastmessage  id                                 at + seq of the latest message or file
//	postmortems  id                                 the draft
//	followups    action global id                   JSON bot.FollowUp (the action and
//	                                                its incident's id, title, sev, channel,
//	                                                close time); sequence numbers actions
//	followupsopen action global id                  empty: actions not verified or dropped
//	trends       id                                 binary trend record (trends.go): severity,
//	                                                void, similar-to, milestones, action
//	                                                numbers, times and states
//	archives     id                                 empty: incidents whose archiving is
//	                                                pending (Archive.Due set, Done zero)
//	runs         job name                           JSON bot.ScheduleRun: its latest run
//	nudges       run (unix ns) + owner              JSON bot.Nudge (claimed before it is sent)
//	catchups     id                                 JSON catch-up cursor (catchup.go), until it ends
//	counters     counter name                       the next number ReserveIDs hands out
//	meta         "schema"                           schema version
//	             "checked"                          time of the last Check (check.go)
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
	k := make([]byte, 0, timelineKeyLen)
	k = binary.BigEndian.AppendUint64(k, uint64(id))
	k = binary.BigEndian.AppendUint64(k, timeOrder(at))
	return binary.BigEndian.AppendUint64(k, seq)
}

// appendKeys are the keys one Append writes, built before the transaction
// in one allocation; the transaction fills in only the sequence number.
type appendKeys struct {
	timeline []byte // id + at + seq
	dedup    []byte // id + entry key; nil for an entry without a key
	message  []byte // id + len + message id + at + seq; nil if not indexed
	last     []byte // id; nil for entries that are not people's messages
}

// newAppendKeys returns the keys of e, with the sequence number zero, in
// buf's spare capacity (or a new buffer if it has too little), and buf
// extended over them.
func newAppendKeys(buf []byte, e *bot.Entry) (appendKeys, []byte) {
	var (
		k        appendKeys
		id       = uint64(e.IncidentID)
		order    = timeOrder(e.At)
		indexed  = e.MessageID != "" && (e.Kind == bot.EntryMessage || e.Kind == bot.EntryEdit || e.Kind == bot.EntryFile)
		lastSeen = e.Kind == bot.EntryMessage || e.Kind == bot.EntryFile
		size     = timelineKeyLen
	)
	if e.Key != "" {
		size += idLen + len(e.Key)
	}
	if indexed {
		size += idLen + binary.MaxVarintLen64 + len(e.MessageID) + 16
	}
	if lastSeen {
		size += idLen
	}
	if cap(buf)-len(buf) < size {
		buf = make([]byte, 0, size)
	}
	cut := func(n int) []byte { // the next n bytes of buf, appended to
		b := buf[len(buf) : len(buf) : len(buf)+n]
		buf = buf[:len(buf)+n]
		return b
	}
	k.timeline = binary.BigEndian.AppendUint64(cut(timelineKeyLen), id)
	k.timeline = binary.BigEndian.AppendUint64(k.timeline, order)
	k.timeline = binary.BigEndian.AppendUint64(k.timeline, 0)
	if e.Key != "" {
		k.dedup = append(binary.BigEndian.AppendUint64(cut(idLen+len(e.Key)), id), e.Key...)
	}
	if indexed {
		k.message = appendMessagePrefix(cut(idLen+binary.MaxVarintLen64+len(e.MessageID)+16), e.IncidentID, e.MessageID)
		k.message = append(k.message, k.timeline[idLen:]...)
	}
	if lastSeen {
		k.last = binary.BigEndian.AppendUint64(cut(idLen), id)
	}
	return k, buf
}

// setSeq sets the sequence number in the keys that hold it.
func (k *appendKeys) setSeq(seq uint64) {
	binary.BigEndian.PutUint64(k.timeline[16:], seq)
	if k.message != nil {
		binary.BigEndian.PutUint64(k.message[len(k.message)-8:], seq)
	}
}

// seqValue is the value of the dedup index: the sequence number, which the
// timeline key holds too.
func (k *appendKeys) seqValue() []byte { return k.timeline[16:] }

// appendMessagePrefix appends the messages index prefix of a platform
// message id to b: incident id, the id's length as a uvarint (so that no
// id's prefix is a prefix of another's), and the id.
func appendMessagePrefix(b []byte, id int64, messageID string) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(id))
	b = binary.AppendUvarint(b, uint64(len(messageID)))
	return append(b, messageID...)
}

// entryRef returns the part of timeline key tk after the incident id: the
// index buckets, whose keys start with the id, keep only that.
func entryRef(tk []byte) []byte { return tk[idLen:] }

// refKey returns the timeline key of ref in incident id.
func refKey(id int64, ref []byte) []byte {
	return append(idKey(id), ref...)
}

// timelineSeq returns the sequence part of a timeline key.
func timelineSeq(k []byte) uint64 {
	if len(k) != timelineKeyLen {
		return 0
	}
	return binary.BigEndian.Uint64(k[16:])
}

// valueSeq decodes the value of the dedup index.
func valueSeq(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
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
