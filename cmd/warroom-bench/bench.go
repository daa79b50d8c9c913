package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackadapter "github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/config"
	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/metrics"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// users post the benchmark's messages, in turn.
var users = []struct{ id, name, real string }{
	{"U1", "alice", "Alice Archer"}, {"U2", "bob", "Bob Baker"}, {"U3", "carol", "Carol Cole"},
	{"U4", "dan", "Dan Dale"}, {"U5", "erin", "Erin East"},
}

// text is a typical message of a busy incident channel.
const text = "rolled back checkout-api to v2.41.3, error rate dropping, watching p99 latency on the dashboard"

// rig is the bot wired as `warroom run` wires it, against the fake.
type rig struct {
	s    *fakeslack.Server
	db   *store.DB
	e    *bot.Engine
	ops  string // the channel incidents are declared from
	obs  *tee
	stop func() error
}

// startRig starts the fake and the bot on a new store file in dir.
func startRig(ctx context.Context, p params, dir string) (*rig, error) {
	s := fakeslack.New()
	ids := make([]string, len(users))
	for i, u := range users {
		s.AddUser(u.id, u.name, u.real)
		ids[i] = u.id
	}
	ops := s.AddChannel("ops", ids...)

	env := map[string]string{
		"WARROOM_PLATFORM":  "slack",
		"WARROOM_DB":        filepath.Join(dir, "warroom.db"),
		"WARROOM_LOG_LEVEL": p.LogLevel,
		"SLACK_APP_TOKEN":   fakeslack.AppToken,
		"SLACK_BOT_TOKEN":   fakeslack.BotToken,
		"SLACK_API_URL":     s.URL(),
	}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		s.Close()
		return nil, err
	}
	log := cfg.Logger(io.Discard)
	db, err := store.Open(cfg.DB, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	m := &tee{Metrics: metrics.New(func() float64 {
		incs, err := db.Incidents(context.Background(), true)
		if err != nil {
			return -1
		}
		return float64(len(incs))
	})}
	a, err := slackadapter.New(slackadapter.Options{
		AppToken: cfg.Slack.AppToken.Reveal(), BotToken: cfg.Slack.BotToken.Reveal(),
		APIURL: cfg.Slack.APIURL, Command: cfg.Slack.Command, PrivateChannels: cfg.Slack.PrivateChannels,
		Log: log.With().Str("platform", "slack").Logger(), Observer: m,
	})
	if err != nil {
		db.Close()
		s.Close()
		return nil, err
	}
	e := bot.New(bot.Options{
		Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: bot.WallClock{},
		Config: cfg.Engine(), Log: log, Observer: m,
	})
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	runErr := make(chan error, 1)
	wg.Go(func() { runErr <- a.Run(ctx, e) })
	wg.Go(func() { _ = e.Run(ctx, cfg.Sweep()) })
	r := &rig{s: s, db: db, e: e, ops: ops, obs: m}
	r.stop = func() error {
		cancel()
		wg.Wait()
		err := <-runErr
		s.Close()
		return errors.Join(err, db.Close())
	}
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := s.WaitConnected(wctx, 1); err != nil {
		r.stop()
		return nil, fmt.Errorf("the bot did not connect to the fake: %w", err)
	}
	return r, nil
}

// declare declares an incident from #ops and returns it, once its channel
// exists and its intro is posted.
func (r *rig) declare(ctx context.Context, title string) (*bot.Incident, error) {
	before := len(r.s.Ephemerals())
	if _, err := r.s.SendSlashCommand(r.ops, "U1", "declare "+title+" --sev P1").Wait(ctx); err != nil {
		return nil, fmt.Errorf("declare not acked: %w", err)
	}
	if err := r.s.Wait(ctx, func() bool { return len(r.s.Ephemerals()) > before }); err != nil {
		return nil, fmt.Errorf("declare not answered: %w", err)
	}
	if a := r.s.Ephemerals()[before].Text; !strings.HasPrefix(a, "Declared INC-") {
		return nil, fmt.Errorf("declare answered %q", a)
	}
	incs, err := r.db.Incidents(ctx, true)
	if err != nil {
		return nil, err
	}
	return incs[len(incs)-1], nil
}

// runChild runs the benchmark once and prints its result as JSON, after a
// table for people on stderr.
func runChild(p params, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir := p.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "warroom-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var res result
	r, err := startRig(ctx, p, dir)
	if err != nil {
		return err
	}
	stopped := false
	defer func() {
		if !stopped {
			r.stop()
		}
	}()
	inc, err := r.declare(ctx, "load drill")
	if err != nil {
		return err
	}
	time.Sleep(p.IdleSettle)
	res.IdleRSS = procStatus("VmRSS")

	if err := burst(ctx, r, inc.ChannelID, p, &res); err != nil {
		return err
	}
	if err := paced(ctx, r, inc.ChannelID, p, &res); err != nil {
		return err
	}
	if err := slash(ctx, r, inc.ChannelID, p, &res); err != nil {
		return err
	}
	res.LoadPeakRSS = procStatus("VmHWM")

	if err := ceiling(ctx, dir, p, &res); err != nil {
		return err
	}
	if err := draftAtScale(ctx, r, p, &res); err != nil {
		return err
	}
	if err := catchUp(ctx, dir, p, &res); err != nil {
		return err
	}
	res.PeakRSS = procStatus("VmHWM")
	stopped = true
	if err := r.stop(); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	return json.NewEncoder(stdout).Encode(res)
}

// burst sends p.Messages message events into the incident channel, at most
// p.Window unacknowledged at a time, and measures the rate at which they are
// recorded and acknowledged.
func burst(ctx context.Context, r *rig, channel string, p params, res *result) error {
	if p.CPUProfile != "" {
		f, err := os.Create(p.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	r.obs.take()
	lat := make([]time.Duration, p.Messages)
	sem := make(chan struct{}, p.Window)
	var (
		wg     sync.WaitGroup
		failed atomic.Int64
	)
	begin := time.Now()
	for i := range p.Messages {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		env := r.s.SendMessage(channel, users[i%len(users)].id, fmt.Sprintf("%s (burst %d)", text, i))
		wg.Go(func() {
			defer func() { <-sem }()
			ack, err := env.Wait(ctx)
			if err != nil {
				failed.Add(1)
				return
			}
			lat[i] = ack.Latency
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("burst: %d of %d messages not acknowledged", n, p.Messages)
	}
	res.Messages, res.Window = p.Messages, p.Window
	res.BurstRate = float64(p.Messages) / elapsed.Seconds()
	res.BurstAckP50, res.BurstAckP99 = percentile(lat, 50), percentile(lat, 99)
	in := r.obs.take()
	res.BurstBotP50, res.BurstBotP99 = percentile(in, 50), percentile(in, 99)
	return nil
}

// paced sends message events at p.Rate a second for p.Paced, on schedule
// whatever the acks do, and measures their ack latency.
func paced(ctx context.Context, r *rig, channel string, p params, res *result) error {
	n := int(p.Paced.Seconds() * float64(p.Rate))
	every := time.Second / time.Duration(p.Rate)
	envs := make([]*fakeslack.Envelope, 0, n)
	r.obs.take()
	begin := time.Now()
	for i := range n {
		if d := time.Until(begin.Add(time.Duration(i) * every)); d > 0 {
			time.Sleep(d)
		}
		envs = append(envs, r.s.SendMessage(channel, users[i%len(users)].id, fmt.Sprintf("%s (paced %d)", text, i)))
	}
	lat := make([]time.Duration, 0, n)
	for _, e := range envs {
		ack, err := e.Wait(ctx)
		if err != nil {
			return fmt.Errorf("paced: message not acknowledged: %w", err)
		}
		lat = append(lat, ack.Latency)
	}
	res.PacedRate, res.PacedSent = p.Rate, n
	res.PacedAckP50, res.PacedAckP99 = percentile(lat, 50), percentile(lat, 99)
	in := r.obs.take()
	res.PacedBotP50, res.PacedBotP99 = percentile(in, 50), percentile(in, 99)
	return nil
}

// slash sends p.Commands `/incident <p.Command>` in the incident channel, at most p.InFlight unacknowledged at a time, and measures their
// ack latency and how fast they are answered.
func slash(ctx context.Context, r *rig, channel string, p params, res *result) error {
	before := len(r.s.Ephemerals())
	lat := make([]time.Duration, p.Commands)
	sem := make(chan struct{}, p.InFlight)
	var (
		wg     sync.WaitGroup
		failed atomic.Int64
	)
	begin := time.Now()
	for i := range p.Commands {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		env := r.s.SendSlashCommand(channel, users[i%len(users)].id, p.Command)
		wg.Go(func() {
			defer func() { <-sem }()
			ack, err := env.Wait(ctx)
			if err != nil {
				failed.Add(1)
				return
			}
			lat[i] = ack.Latency
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("slash: %d of %d commands not acknowledged", n, p.Commands)
	}
	if err := r.s.Wait(ctx, func() bool { return len(r.s.Ephemerals()) >= before+p.Commands }); err != nil {
		return fmt.Errorf("slash: %d of %d commands answered", len(r.s.Ephemerals())-before, p.Commands)
	}
	elapsed := time.Since(begin)
	for _, e := range r.s.Ephemerals()[before:] {
		if strings.HasPrefix(p.Command, "timeline") && !strings.HasPrefix(e.Text, "Timeline of INC-") {
			return fmt.Errorf("slash: /incident %s answered %q", p.Command, e.Text)
		}
	}
	res.Commands, res.Command, res.InFlight = p.Commands, p.Command, p.InFlight
	res.SlashAckP50, res.SlashAckP99 = percentile(lat, 50), percentile(lat, 99)
	res.SlashAnswered = float64(p.Commands) / elapsed.Seconds()
	return nil
}

// ceilingEntries returns n timeline entries like the messages the bot
// records, for the bbolt ceiling to write; label tells them apart.
func ceilingEntries(n int, label string) []*bot.Entry {
	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	entries := make([]*bot.Entry, n)
	for i := range entries {
		u := users[i%len(users)]
		id := fakeslack.FormatTS(t0.UnixMicro() + int64(i))
		entries[i] = &bot.Entry{
			IncidentID: 1, At: t0.Add(time.Duration(i) * time.Microsecond), Kind: bot.EntryMessage,
			Author: u.id, AuthorName: u.real, MessageID: id, Key: "m:" + id,
			Text: fmt.Sprintf("%s (%s %d)", text, label, i),
		}
	}
	return entries
}

// ceiling writes as many records as the burst recorded straight into a new
// bbolt file, at the burst's concurrency, and sets the ratio.
func ceiling(ctx context.Context, dir string, p params, res *result) error {
	entries := ceilingEntries(p.Messages, "burst")
	path := filepath.Join(dir, "ceiling.db")
	elapsed, err := bboltCeiling(ctx, path, entries, p.Window)
	if err != nil {
		return err
	}
	os.Remove(path)
	res.CeilingRate = float64(p.Messages) / elapsed.Seconds()
	res.Ratio = res.BurstRate / res.CeilingRate

	// The same entries through the store's Append alone (its dedup check
	// and indexes), at the same concurrency: where between the ceiling and
	// the whole bot the time goes.
	path = filepath.Join(dir, "append.db")
	db, err := store.Open(path, nil)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	defer db.Close()
	begin := time.Now()
	if err := appendAll(ctx, db, len(entries), p.Window, func(i int) *bot.Entry { return entries[i] }); err != nil {
		return fmt.Errorf("store append: %w", err)
	}
	res.AppendRate = float64(p.Messages) / time.Since(begin).Seconds()
	return nil
}

// draftAtScale declares an incident, gives it p.Entries timeline entries
// straight through the store (the Slack path is measured above), and drafts
// its postmortem, as closing it would.
func draftAtScale(ctx context.Context, r *rig, p params, res *result) error {
	inc, err := r.declare(ctx, "postmortem at scale")
	if err != nil {
		return err
	}
	t0 := inc.Milestones.Declared
	err = appendAll(ctx, r.db, p.Entries, 1000, func(i int) *bot.Entry {
		u := users[i%len(users)]
		id := fakeslack.FormatTS(t0.UnixMicro() + int64(i)*1000)
		return &bot.Entry{
			IncidentID: inc.ID, At: t0.Add(time.Duration(i) * time.Millisecond), Kind: bot.EntryMessage,
			Author: u.id, AuthorName: u.name, MessageID: id, Key: "m:" + id,
			Text: fmt.Sprintf("%s (entry %d)", text, i),
		}
	})
	if err != nil {
		return fmt.Errorf("postmortem: append: %w", err)
	}
	inc, err = r.db.Incident(ctx, inc.ID)
	if err != nil {
		return err
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	begin := time.Now()
	doc, err := r.e.Postmortem(ctx, inc)
	elapsed := time.Since(begin)
	runtime.ReadMemStats(&after)
	if err != nil {
		return err
	}
	if n := strings.Count(string(doc), "(entry "); n != p.Entries {
		return fmt.Errorf("postmortem: %d of %d entries in the draft", n, p.Entries)
	}
	res.Entries = p.Entries
	res.PostmortemMs = float64(elapsed) / float64(time.Millisecond)
	res.PostmortemMiB = float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
	res.PostmortemKiB = float64(len(doc)) / 1024
	return nil
}

// procStatus reads a memory figure of this process from /proc/self/status
// (VmRSS, VmHWM), in MiB; 0 where there is none.
func procStatus(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(l, ":")
		if !ok || name != field {
			continue
		}
		var kb float64
		if _, err := fmt.Sscanf(strings.TrimSpace(v), "%f kB", &kb); err == nil {
			return kb / 1024
		}
	}
	return 0
}

// tee is the metrics Observer that also keeps the adapter's own ack
// latencies (from receipt to acknowledgement) of message events, so that
// the time spent in the bot can be told from the time on the wire.
type tee struct {
	*metrics.Metrics
	mu  sync.Mutex
	lat []time.Duration
}

// EventAcked implements bot.Observer.
func (t *tee) EventAcked(platform, kind string, latency time.Duration) {
	t.Metrics.EventAcked(platform, kind, latency)
	if kind == "message" {
		t.mu.Lock()
		t.lat = append(t.lat, latency)
		t.mu.Unlock()
	}
}

// take returns the latencies kept since the last take.
func (t *tee) take() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.lat
	t.lat = nil
	return l
}

// appendAll appends entry(0) .. entry(n-1) to db from writers goroutines
// and returns the first error.
func appendAll(ctx context.Context, db *store.DB, n, writers int, entry func(int) *bot.Entry) error {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs = make(chan error, 1)
	)
	for range writers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if _, err := db.Append(ctx, entry(i)); err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
