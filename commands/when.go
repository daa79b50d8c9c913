package commands

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// maxDays bounds day counts in durations and dates, far beyond any use and
// far below overflow.
const maxDays = 3660

// skew is how far in the future a time may be and still be taken as now:
// the clocks of the person typing and of the bot need not agree.
const skew = time.Minute

var (
	errFuture  = errors.New("in the future")
	errPast    = errors.New("in the past")
	errTooFar  = errors.New("too far")
	errBadForm = errors.New("bad form")
)

// parseDuration parses a Go duration ("30m", "1h30m", "90s") or a number of
// days, alone or followed by a Go duration ("1d", "2d12h"). Case does not
// matter.
func parseDuration(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	var d time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, errBadForm
		}
		if n > maxDays {
			return 0, errTooFar
		}
		d = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			if neg {
				d = -d
			}
			return d, nil
		}
	}
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, errBadForm
	}
	rest, err := time.ParseDuration(s)
	if err != nil {
		return 0, errBadForm
	}
	if rest > maxDays*24*time.Hour {
		return 0, errTooFar
	}
	d += rest
	if neg {
		d = -d
	}
	return d, nil
}

// parseTime parses a past moment, in UTC: RFC 3339; "2006-01-02 15:04"
// (seconds and a T separator allowed); "15:04" (today, or yesterday if that
// is still to come); "-15m" or "15m ago"; "now".
func parseTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	now = now.UTC()
	low := strings.ToLower(s)
	if low == "now" {
		return now, nil
	}
	if rel, ok := strings.CutSuffix(low, " ago"); ok {
		d, err := parseDuration(strings.TrimSpace(rel))
		if err != nil || d <= 0 {
			return time.Time{}, errBadForm
		}
		return now.Add(-d), nil
	}
	if strings.HasPrefix(low, "-") {
		d, err := parseDuration(low)
		if err != nil || d >= 0 {
			return time.Time{}, errBadForm
		}
		return now.Add(d), nil
	}
	for _, layout := range []string{"15:04", "15:04:05"} {
		if c, err := time.Parse(layout, s); err == nil {
			t := time.Date(now.Year(), now.Month(), now.Day(), c.Hour(), c.Minute(), c.Second(), 0, time.UTC)
			switch {
			case !t.After(now):
				return t, nil
			case !t.After(now.Add(skew)):
				return now, nil
			}
			return t.AddDate(0, 0, -1), nil
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = parseLayouts(s, "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05")
	}
	if err != nil {
		return time.Time{}, errBadForm
	}
	t = t.UTC()
	switch {
	case !t.After(now):
		return t, nil
	case !t.After(now.Add(skew)):
		return now, nil
	}
	return time.Time{}, errFuture
}

// parseDate parses a due date, today or later, as midnight UTC of that day
// (RFC 3339 is kept as given): "2006-01-02"; RFC 3339; "+3d", "3d", "+2w";
// "today", "tomorrow"; a weekday name or its first three letters, with or
// without "next", meaning the next such day after today. A date before
// today is returned with errPast.
func parseDate(s string, now time.Time) (time.Time, error) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	low := strings.ToLower(strings.TrimSpace(s))
	low = strings.TrimSpace(strings.TrimPrefix(low, "next "))
	switch low {
	case "today":
		return today, nil
	case "tomorrow":
		return today.AddDate(0, 0, 1), nil
	}
	if wd, ok := weekday(low); ok {
		n := (int(wd)-int(today.Weekday())+6)%7 + 1
		return today.AddDate(0, 0, n), nil
	}
	if rel := strings.TrimPrefix(low, "+"); len(rel) >= 2 {
		unit := rel[len(rel)-1]
		if unit == 'd' || unit == 'w' {
			if n, err := strconv.Atoi(rel[:len(rel)-1]); err == nil && n >= 0 && rel[0] != '+' && rel[0] != '-' {
				if unit == 'w' {
					n *= 7
				}
				if n > maxDays {
					return time.Time{}, errTooFar
				}
				return today.AddDate(0, 0, n), nil
			}
		}
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		t, err = parseLayouts(strings.TrimSpace(s), "2006-01-02")
	}
	if err != nil {
		return time.Time{}, errBadForm
	}
	t = t.UTC()
	if t.Before(today) {
		return t, errPast
	}
	return t, nil
}

func parseLayouts(s string, layouts ...string) (time.Time, error) {
	var err error
	for _, l := range layouts {
		var t time.Time
		if t, err = time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

func weekday(s string) (time.Weekday, bool) {
	if len(s) < 3 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, true
		}
	}
	return 0, false
}

// isClock reports whether w looks like the time half of "2006-01-02 15:04".
func isClock(w string) bool {
	_, err1 := time.Parse("15:04", w)
	_, err2 := time.Parse("15:04:05", w)
	return err1 == nil || err2 == nil
}

// isDate reports whether w is a "2006-01-02" date.
func isDate(w string) bool {
	_, err := time.Parse("2006-01-02", w)
	return err == nil
}
