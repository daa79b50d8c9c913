package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/search"
	bolt "go.etcd.io/bbolt"
)

// The learning benchmarks run on a store of 10,000 closed incidents with
// 10 actions each (100,000 actions: 7 verified, 1 dropped, 1 done, 1
// open), declared over the two years before benchNow, the channels of the
// last 10 due to be archived:
//
//	go test -run '^$' -bench 'Learning' -benchtime 20x ./store/
//
// Targets (issue 12): similar < 50 ms, stats < 200 ms, followups < 100 ms,
// start-up with the index build < 2 s.
const (
	benchIncidents = 10_000
	benchActions   = 10
	benchArchiving = 10
)

var benchNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// benchWords is the vocabulary incidents are written in.
var benchWords = strings.Fields(`checkout payments login search api gateway database replica primary pool connection
timeout latency error rate certificate expired dns resolution kafka consumer lag queue backlog memory leak oom disk
full cache stampede cdn origin deploy release rollback config push migration lock index retention webhook signature
sso saml token rate limit throttled partner billing cron invoice bgp route network packet loss load balancer health
check kubernetes pod crashloop node eviction autoscaler quota storage bucket permission iam secret rotation`)

func benchText(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = benchWords[r.IntN(len(benchWords))]
	}
	return strings.Join(w, " ")
}

// benchIncident returns the i-th incident of the benchmark store.
func benchIncident(r *rand.Rand, i int) *bot.Incident {
	declared := benchNow.Add(-time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
	inc := &bot.Incident{
		Title: benchText(r, 5), Description: benchText(r, 12), Severity: bot.Severity(r.IntN(4)), Status: bot.StatusClosed,
		ChannelID: fmt.Sprintf("C%07d", i), ChannelName: fmt.Sprintf("inc-%d", i), Summary: benchText(r, 20), Impact: benchText(r, 10),
		Whys: []string{benchText(r, 8), benchText(r, 8), benchText(r, 8)},
		Milestones: bot.Milestones{Started: declared.Add(-20 * time.Minute), Detected: declared.Add(-5 * time.Minute), Declared: declared,
			Acknowledged: declared.Add(3 * time.Minute), Mitigated: declared.Add(time.Duration(10+r.IntN(120)) * time.Minute),
			Resolved: declared.Add(time.Duration(30+r.IntN(600)) * time.Minute), Closed: declared.Add(24 * time.Hour)},
		Causes: []bot.Cause{{Category: bot.CauseTechnical, Text: benchText(r, 10)}},
	}
	for n := 1; n <= benchActions; n++ {
		a := bot.Action{N: n, Text: benchText(r, 6), Owner: fmt.Sprintf("U%03d", r.IntN(200)), Priority: bot.Severity(r.IntN(4)),
			Type: bot.ActionPrevent, At: declared.Add(time.Hour), Due: declared.Add(14 * 24 * time.Hour)}
		switch {
		case n <= 7:
			a.Done, a.DoneAt, a.VerifiedAt = true, declared.Add(48*time.Hour), declared.Add(72*time.Hour)
		case n == 8:
			a.DroppedAt, a.DropReason = declared.Add(48*time.Hour), "superseded"
		case n == 9:
			a.Done, a.DoneAt = true, declared.Add(48*time.Hour)
		}
		inc.Actions = append(inc.Actions, a)
	}
	if i >= benchIncidents-benchArchiving {
		inc.Archive = bot.Archive{Due: benchNow.Add(time.Hour)}
	}
	return inc
}

var (
	benchOnce sync.Once
	benchDir  string // removed by TestMain
	benchPath string
)

// TestMain removes the benchmark store once every benchmark has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchStore returns the path of the benchmark store, built once per run
// in a few transactions (as a long-lived bot would have written it over
// two years).
func benchStore(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "warroom-learning-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchDir, benchPath = dir, filepath.Join(dir, "learning.db")
		db, err := Open(benchPath, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		r := rand.New(rand.NewPCG(1, 2))
		for lo := 0; lo < benchIncidents; lo += 1000 {
			err := db.bolt.Update(func(tx *bolt.Tx) error {
				for i := lo; i < lo+1000; i++ {
					inc := benchIncident(r, i)
					seq, err := tx.Bucket(bucketIncidents).NextSequence()
					if err != nil {
						return err
					}
					inc.ID = int64(seq)
					if err := putIncident(tx, inc); err != nil {
						return err
					}
					if err := setChannel(tx, inc.ID, "", inc.ChannelID); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	return benchPath
}

// reportCPU reports the CPU time per op since start (cpuTime), as
// cpu-ms/op: with other work on the machine the wall time (ns/op) grows,
// the CPU time much less.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
}

// openBench opens the benchmark store for one benchmark.
func openBench(b *testing.B) *DB {
	db, err := Open(benchStore(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkLearningFollowUps is /incident followups: the actions not yet
// verified or dropped (20,000 of 100,000), sorted; and with --all.
func BenchmarkLearningFollowUps(b *testing.B) {
	db := openBench(b)
	for _, all := range []bool{false, true} {
		b.Run(fmt.Sprintf("all=%v", all), func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				fs, err := db.FollowUps(b.Context(), bot.FollowUpFilter{All: all})
				if err != nil {
					b.Fatal(err)
				}
				bot.SortFollowUps(fs, benchNow)
			}
		})
	}
	b.Run("mine", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for b.Loop() {
			if _, err := db.FollowUps(b.Context(), bot.FollowUpFilter{Owner: "U007"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLearningStats is /incident stats over 90 days: every incident
// read from the store (what trends need of it), then the figures computed.
func BenchmarkLearningStats(b *testing.B) {
	db := openBench(b)
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		incs, err := db.TrendIncidents(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		bot.ComputeStats(incs, bot.StatsQuery{}, benchNow)
	}
}

// BenchmarkLearningStartup is what start-up adds: opening the store,
// reading every incident's words and building the similar-incident index (as
// cmd/warroom's newFinder does). ns/op is the time until the index is
// complete; ready-ms is the part start-up waits for (opening the store and
// making the empty index), the rest runs in the background.
func BenchmarkLearningStartup(b *testing.B) {
	path := benchStore(b)
	var ready time.Duration
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		start := time.Now()
		db, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		idx, err := search.NewBuilding()
		if err != nil {
			b.Fatal(err)
		}
		ready += time.Since(start)
		incs, err := db.IncidentWords(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if err := idx.Build(incs); err != nil {
			b.Fatal(err)
		}
		idx.Close()
		db.Close()
	}
	b.ReportMetric(float64(ready.Milliseconds())/float64(b.N), "ready-ms/op")
}

// BenchmarkLearningSimilar is the lookup at declare: the index of 10,000
// incidents asked for the 3 most like a new title and description, and
// the hits read from the store.
func BenchmarkLearningSimilar(b *testing.B) {
	db := openBench(b)
	incs, err := db.Incidents(b.Context(), false)
	if err != nil {
		b.Fatal(err)
	}
	idx, err := search.New()
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Build(incs); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		hits, err := idx.Similar(bot.SimilarQuery{Text: benchText(r, 17), Before: benchIncidents + 1, Limit: 3})
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range hits {
			if _, err := db.Incident(b.Context(), h.IncidentID); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkArchiveSweep is what the archive sweep reads every minute to
// find the channels due: the incidents whose archiving is pending (10), and
// what a store without bot.ArchiveLister reads instead, every incident.
func BenchmarkArchiveSweep(b *testing.B) {
	db := openBench(b)
	for _, c := range []struct {
		name string
		read func() ([]*bot.Incident, error)
	}{
		{"pending", func() ([]*bot.Incident, error) { return db.ArchivesPending(b.Context()) }},
		{"incidents", func() ([]*bot.Incident, error) { return db.Incidents(b.Context(), false) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				incs, err := c.read()
				if err != nil {
					b.Fatal(err)
				}
				if c.name == "pending" && len(incs) != benchArchiving {
					b.Fatalf("%d incidents pending, want %d", len(incs), benchArchiving)
				}
			}
		})
	}
}
