package storetest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// testScheduleRuns: a run is claimed once, not again for an earlier or
// equal time, finished, and kept across a reopen; jobs are apart.
func testScheduleRuns(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	if r, err := s.LastRun(ctx, "digest"); err != nil || r != (bot.ScheduleRun{}) {
		t.Fatalf("LastRun of a job that never ran = %+v, %v; want the zero run", r, err)
	}
	steps := []struct {
		claim bool // else finish
		at    time.Time
		want  bool // claimed
		last  bot.ScheduleRun
	}{
		{true, at(60), true, bot.ScheduleRun{At: at(60)}},
		{true, at(60), false, bot.ScheduleRun{At: at(60)}},
		{true, at(30), false, bot.ScheduleRun{At: at(60)}},
		{false, at(60), false, bot.ScheduleRun{At: at(60), Finished: true}},
		{true, at(120), true, bot.ScheduleRun{At: at(120)}},
		{false, at(60), false, bot.ScheduleRun{At: at(120)}}, // a later run is left alone
	}
	for i, st := range steps {
		if st.claim {
			got, err := s.ClaimRun(ctx, "digest", st.at)
			if err != nil || got != st.want {
				t.Errorf("step %d: ClaimRun(%v) = %v, %v; want %v", i, st.at, got, err, st.want)
			}
		} else if err := s.FinishRun(ctx, "digest", st.at); err != nil {
			t.Errorf("step %d: FinishRun: %v", i, err)
		}
		if r, err := s.LastRun(ctx, "digest"); err != nil || !r.At.Equal(st.last.At) || r.Finished != st.last.Finished {
			t.Errorf("step %d: LastRun = %+v, %v; want %+v", i, r, err, st.last)
		}
	}
	if r, err := s.LastRun(ctx, "other"); err != nil || !r.At.IsZero() {
		t.Errorf("LastRun of another job = %+v, %v; want the zero run", r, err)
	}
	s = reopen()
	if r, err := s.LastRun(ctx, "digest"); err != nil || !r.At.Equal(at(120)) || r.Finished {
		t.Errorf("LastRun after reopen = %+v, %v; want the unfinished run at %v", r, err, at(120))
	}
	if got, err := s.ClaimRun(ctx, "digest", at(120)); err != nil || got {
		t.Errorf("ClaimRun after reopen of the run claimed before = %v, %v; want false", got, err)
	}
}

// testClaimRunConcurrent: of many claims of one run at once, one wins.
func testClaimRunConcurrent(t *testing.T, open Factory) {
	s, _ := open(t)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := s.ClaimRun(t.Context(), "digest", at(60))
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d of 20 concurrent claims won, want 1", n)
	}
}

// testClaimNudge: a nudge is claimed once per run and owner, also when
// claimed at once from many goroutines, and after a reopen.
func testClaimNudge(t *testing.T, open Factory) {
	s, reopen := open(t)
	ctx := t.Context()
	nudge := func(run time.Time, owner string) bot.Nudge {
		return bot.Nudge{Run: run, Owner: owner, At: run.Add(time.Second), Actions: []int64{1, 2}}
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := s.ClaimNudge(ctx, nudge(at(60), "U1"))
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d of 20 concurrent claims of one nudge won, want 1", n)
	}
	s = reopen()
	for i, tt := range []struct {
		n    bot.Nudge
		want bool
	}{
		{nudge(at(60), "U1"), false}, // claimed before the reopen
		{nudge(at(60), "U2"), true},  // another owner
		{nudge(at(120), "U1"), true}, // another run
		{nudge(at(120), "U1"), false},
	} {
		if got, err := s.ClaimNudge(ctx, tt.n); err != nil || got != tt.want {
			t.Errorf("%d: ClaimNudge(%s, %s) = %v, %v; want %v", i, tt.n.Run.Format(time.Kitchen), tt.n.Owner, got, err, tt.want)
		}
	}
}
