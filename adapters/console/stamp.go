package console

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A console line may begin with a timestamp saying when it was said, so
// that an incident handled on a call can be written up afterwards, or a
// transcript replayed, with the times it happened (times are UTC):
//
//	[2017-01-31 23:27] alice: text        the day and the time (seconds optional)
//	[23:27] #db bob: text                 the day of the timestamp before
//
// The console's clock, which the engine shares, is set to that time before
// the line is carried out, so the events, the entries and the relative
// times inside commands (--at 23:10, -15m) follow the line.

// stampForms says what a timestamp may be, for error messages.
const stampForms = "[2006-01-02 15:04] or, on the day of the timestamp before, [15:04] (UTC; seconds optional)"

// errNoDay refuses a timestamp without its day when no timestamp before it
// gave one.
var errNoDay = errors.New("the first timestamp needs its day, as [2006-01-02 15:04]: a time alone, [15:04], takes the day of the timestamp before")

// cutStamp splits a leading "[...]" off line: the text inside the
// brackets, and the rest of the line. ok is false for a line that does not
// begin with "[".
func cutStamp(line string) (stamp, rest string, ok bool, err error) {
	if !strings.HasPrefix(line, "[") {
		return "", line, false, nil
	}
	stamp, rest, closed := strings.Cut(line[1:], "]")
	if !closed {
		return "", "", true, fmt.Errorf("bad timestamp: %q has no closing ]; use %s", line, stampForms)
	}
	return strings.TrimSpace(stamp), strings.TrimSpace(rest), true, nil
}

// parseStamp reads the text of a timestamp, in UTC: "2006-01-02 15:04"
// (seconds and a T separator allowed), or "15:04" (seconds allowed) on the
// day of day, which is the zero time when no timestamp before gave one;
// either may end in "UTC" or "Z".
func parseStamp(s string, day time.Time) (time.Time, error) {
	in := s
	// Saying UTC is allowed, as it is what every time is anyway.
	if rest, ok := strings.CutSuffix(s, "UTC"); ok {
		s = strings.TrimSpace(rest)
	} else if rest, ok := strings.CutSuffix(s, "Z"); ok {
		s = rest
	}
	for _, layout := range []string{"15:04", "15:04:05"} {
		c, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if day.IsZero() {
			return time.Time{}, errNoDay
		}
		return time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), c.Second(), 0, time.UTC), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad timestamp [%s]: use %s", in, stampForms)
}

// stampLayout shows a line's time in messages about timestamps.
func stampLayout(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// clockTime shows a line's time of day in a replay's output.
func clockTime(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}
