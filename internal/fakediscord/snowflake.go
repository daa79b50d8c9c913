package fakediscord

import (
	"strconv"
	"time"
)

// discordEpoch is the first millisecond of 2015, where snowflakes count from.
const discordEpoch = 1420070400000

// snowflakes hands out increasing ids that encode a time, like Discord's.
type snowflakes struct {
	last uint64
}

// next returns a snowflake for t, greater than every one returned before.
func (s *snowflakes) next(t time.Time) string {
	ms := uint64(t.UnixMilli() - discordEpoch)
	id := ms << 22
	if id <= s.last {
		id = s.last + 1
	}
	s.last = id
	return strconv.FormatUint(id, 10)
}

// SnowflakeTime returns the time encoded in a snowflake id.
func SnowflakeTime(id string) (time.Time, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(n>>22) + discordEpoch).UTC(), true
}

// idLess orders snowflakes numerically.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// timestamp formats t the way Discord does (RFC 3339 with microseconds).
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}
