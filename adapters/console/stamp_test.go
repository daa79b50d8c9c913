package console

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func TestParseStamp(t *testing.T) {
	day := time.Date(2017, 1, 31, 23, 27, 0, 0, time.UTC)
	at := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	for _, c := range []struct {
		line  string
		day   time.Time
		want  time.Time
		rest  string
		err   string // part of the error; "" for none
		plain bool   // no timestamp at all
	}{
		{line: "[2017-01-31 23:27] alice: text", want: at(2017, 1, 31, 23, 27, 0), rest: "alice: text"},
		{line: "[2017-01-31 23:27:05] #db alice: text", want: at(2017, 1, 31, 23, 27, 5), rest: "#db alice: text"},
		{line: "[2017-01-31T23:27] alice: x", want: at(2017, 1, 31, 23, 27, 0), rest: "alice: x"},
		{line: "[ 2017-02-01 00:10 ]alice: x", day: day, want: at(2017, 2, 1, 0, 10, 0), rest: "alice: x"},
		{line: "[23:40] bob: x", day: day, want: at(2017, 1, 31, 23, 40, 0), rest: "bob: x"},
		{line: "[23:40:30] bob: x", day: day, want: at(2017, 1, 31, 23, 40, 30), rest: "bob: x"},
		{line: "[9:05] bob: x", day: day, want: at(2017, 1, 31, 9, 5, 0), rest: "bob: x"},
		{line: "[2017-01-31 23:27]", want: at(2017, 1, 31, 23, 27, 0), rest: ""},
		{line: "[2017-01-31 23:27 UTC] alice: x", want: at(2017, 1, 31, 23, 27, 0), rest: "alice: x"},
		{line: "[2017-01-31T23:27:05Z] alice: x", want: at(2017, 1, 31, 23, 27, 5), rest: "alice: x"},
		{line: "[23:40UTC] bob: x", day: day, want: at(2017, 1, 31, 23, 40, 0), rest: "bob: x"},
		{line: "[2017-01-31 23:27 CET] bob: x", err: "bad timestamp [2017-01-31 23:27 CET]"},
		{line: "[UTC] bob: x", day: day, err: "bad timestamp [UTC]"},
		{line: "alice: [23:27] is not a timestamp here", plain: true, rest: "alice: [23:27] is not a timestamp here"},
		{line: "[23:40] bob: x", err: "the first timestamp needs its day"},
		{line: "[25:99] bob: x", day: day, err: "bad timestamp [25:99]"},
		{line: "[23:60] bob: x", day: day, err: "bad timestamp"},
		{line: "[2017-02-30 10:00] bob: x", err: "bad timestamp"},
		{line: "[2017-01-31] bob: x", err: "bad timestamp"},
		{line: "[yesterday 10:00] bob: x", day: day, err: "bad timestamp"},
		{line: "[10:00 pm] bob: x", day: day, err: "bad timestamp"},
		{line: "[2017-01-31 23:27+01:00] bob: x", err: "bad timestamp"},
		{line: "[] bob: x", day: day, err: "bad timestamp"},
		{line: "[23:27 bob: x", day: day, err: "no closing ]"},
	} {
		stamp, rest, ok, err := cutStamp(c.line)
		var got time.Time
		if err == nil && ok {
			got, err = parseStamp(stamp, c.day)
		}
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want one saying %q", c.line, err, c.err)
			}
		case err != nil:
			t.Errorf("%q: %v", c.line, err)
		case ok == c.plain || !got.Equal(c.want) || rest != c.rest:
			t.Errorf("%q = %v %q (stamped %v), want %v %q", c.line, got, rest, ok, c.want, c.rest)
		}
	}
}

// sweeper is a handler that is also a Sweeper, and notes the clock's time
// at each sweep.
type sweeper struct {
	handler
	clock  bot.Clock
	sweeps []time.Time
}

func (s *sweeper) Sweep(context.Context) error {
	s.sweeps = append(s.sweeps, s.clock.Now())
	return nil
}

// TestTimestampedLines: a timestamp sets the clock the events carry, the
// clock stays there for lines without one, a time alone takes the day of
// the timestamp before, and the sweeps walk the minutes between.
func TestTimestampedLines(t *testing.T) {
	wall := bot.NewManualClock(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	clock := bot.NewReplayClock(wall)
	var out bytes.Buffer
	a := New(Options{Out: &out, Clock: clock, Wall: wall, Files: t.TempDir()})
	h := &sweeper{clock: clock}
	ctx := context.Background()
	for _, l := range []string{
		"\ufeff[2017-01-31 23:57] alice: the db is slow\r",
		"bob: same here",
		"[23:59:30] #db bob: restarting the primary",
		"[2017-02-01 00:02] // a timestamp alone moves the clock",
		"[2017-02-01 00:02] alice: back",
		"[00:03] alice: /incident declare db --started 23:55",
	} {
		if err := a.Exec(ctx, h, l); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
	}
	at := func(d, h, m, s int) time.Time { return time.Date(2017, 1, d, h, m, s, 0, time.UTC) } // day 32 is February 1
	want := []time.Time{at(31, 23, 57, 0), at(31, 23, 57, 0), at(31, 23, 59, 30), at(32, 0, 2, 0)}
	if len(h.events) != len(want) {
		t.Fatalf("%d events, want %d", len(h.events), len(want))
	}
	for i, w := range want {
		if !h.events[i].At.Equal(w) {
			t.Errorf("event %d (%q) at %v, want %v", i, h.events[i].Text, h.events[i].At, w)
		}
	}
	if h.events[2].ChannelID != "db" || len(h.reqs) != 1 || h.reqs[0].Text != "declare db --started 23:55" {
		t.Errorf("channel %q, requests %+v", h.events[2].ChannelID, h.reqs)
	}
	if got := clock.Now(); !got.Equal(at(32, 0, 3, 0)) {
		t.Errorf("clock at %v after the last line, want 00:03", got)
	}
	for _, want := range []string{"*** Tuesday 2017-01-31 (times are UTC)\n[#general 23:57] alice: the db is slow\n", "[#general 23:57] bob: same here",
		"[#db 23:59:30] bob: restarting the primary", "*** Wednesday 2017-02-01 (times are UTC)\n[#db 00:02] alice: back"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the replay's output lacks %q:\n%s", want, out.String())
		}
	}
	if n := strings.Count(out.String(), "***"); n != 2 {
		t.Errorf("%d day lines, want 2:\n%s", n, out.String())
	}
	var sweeps []string
	for _, s := range h.sweeps {
		sweeps = append(sweeps, s.Format("15:04:05"))
	}
	if got, want := strings.Join(sweeps, " "), "23:57:00 23:58:00 23:59:00 23:59:30 00:00:30 00:01:30 00:02:00 00:02:00 00:03:00"; got != want {
		t.Errorf("swept at %s, want %s", got, want)
	}
}

// TestBadTimestampChangesNothing: a timestamp that cannot be read, goes
// back, is still to come or needs a day it does not have is refused with
// an answer naming the times, and the line records nothing, moves no
// clock and switches no channel.
func TestBadTimestampChangesNothing(t *testing.T) {
	wall := bot.NewManualClock(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for _, c := range []struct {
		before []string
		line   string
		want   string
		not    string // what the answer must not say
	}{
		{line: "[23:27] #db alice: x", want: "the first timestamp needs its day"},
		{line: "[25:99] #db alice: x", want: "bad timestamp [25:99]"},
		{line: "[2017-01-31 23:27 #db alice: x", want: "no closing ]"},
		{line: "[2017-01-31 23:27] #db no colon", want: "a line is"},
		{line: "[2027-01-01 00:00] #db alice: x", want: "2027-01-01 00:00 UTC, still to come (it is 2026-12-01 23:00 UTC)"},
		{before: []string{"[2017-01-31 23:50] bob: x"}, line: "[23:40] #db alice: x",
			want: "[23:40] is 2017-01-31 23:40 UTC, before the line before it at 2017-01-31 23:50 UTC"},
		{before: []string{"[2017-01-31 23:50] bob: x"}, line: "[00:10] #db alice: x", want: "for the next day write [2017-02-01 00:10]"},
		{before: []string{"[2017-01-31 23:50] bob: x"}, line: "[23:49] #db alice: x", want: "lines go in the order they happened", not: "next day"},
		{before: []string{"[2017-01-31 23:50] bob: x"}, line: "[2017-01-30 23:55] #db alice: x", want: "before the line before it at 2017-01-31 23:50 UTC"},
		{before: []string{"bob: said on the wall clock"}, line: "[2017-01-31 23:50] #db alice: x", want: "before the line before it at 2026-12-01 23:00 UTC"},
	} {
		clock := bot.NewReplayClock(wall)
		a := New(Options{Out: &bytes.Buffer{}, Clock: clock, Wall: wall, Files: t.TempDir()})
		h := &sweeper{clock: clock}
		for _, l := range c.before {
			if err := a.Exec(ctx, h, l); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
		}
		events, sweeps, now := len(h.events), len(h.sweeps), clock.Now()
		err := a.Exec(ctx, h, c.line)
		if err == nil || !strings.Contains(err.Error(), c.want) || c.not != "" && strings.Contains(err.Error(), c.not) {
			t.Errorf("%q: error %v, want one saying %q (and not %q)", c.line, err, c.want, c.not)
		}
		if len(h.events) != events || len(h.sweeps) != sweeps || !clock.Now().Equal(now) || a.Current() != "general" {
			t.Errorf("%q changed something: %d events, %d sweeps, clock %v, channel %s", c.line, len(h.events)-events, len(h.sweeps)-sweeps, clock.Now(), a.Current())
		}
	}
	a := New(Options{Out: &bytes.Buffer{}, Files: t.TempDir()})
	if err := a.Exec(ctx, &handler{}, "[2017-01-31 23:27] alice: x"); err == nil || !strings.Contains(err.Error(), "cannot be set") {
		t.Errorf("a timestamp on the wall clock: %v", err)
	}
}
